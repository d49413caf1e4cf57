"""Content blocks beyond text: diagram, nyckeltal, enkat, budgettabell, bilagor, tables."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen import build
from reportgen.compute import innehall
from reportgen.compute.dokument import Numrering, tabell
from reportgen.model import Avsnitt
from reportgen.model.dokument import Block, Tabell

NBSP = "\u00a0"

FORBUND = """\
namn: Samordningsförbundet Testbygden
orgnr: 222000-0000
sate: Testby
medlemmar:
  - {id: testby, namn: Testby kommun, typ: kommun}
  - {id: fk, namn: Försäkringskassan, typ: stat}
"""


def year_file(avsnitt: str) -> str:
    return "ar: 2023\narsredovisning:\n  avsnitt:\n" + textwrap.indent(
        textwrap.dedent(avsnitt), "    ")


def check(write_file, avsnitt: str):
    write_file(FORBUND, "d/forbund.yaml")
    path = write_file(year_file(avsnitt), "d/2023.yaml")
    return build.check(path)


def tree(avsnitt: list[dict]):
    model = [Avsnitt.model_validate(a) for a in avsnitt]
    return Numrering(lambda s: s.replace("{ar}", "2023"), {}, [], True).build(model)


# ---------------------------------------------------------------------------- nyckeltal


def test_nyckeltal_share_is_computed_half_up():
    b = Block.model_validate({"nyckeltal": {"poster": [
        {"text": "avslutade till arbete eller studier", "antal": 36, "av": 113,
         "kvinnor": 16, "man": 20},
        {"text": "Totalt har {antal} personer fått stöd", "antal": 362},
        {"text": "{andel} ({antal} av {av}) svarade", "antal": 1, "av": 8},
    ]}})
    vy = innehall.nyckeltal(b.nyckeltal)
    first, second, third = vy.poster
    assert first.andel == Decimal("0.32")
    assert [(d.typ, d.varde) for d in first.delar] == [
        ("antal", 36), ("text", " av "), ("antal", 113), ("text", " ("),
        ("procent", Decimal("0.32")), ("text", ")"),
        ("text", " avslutade till arbete eller studier")]
    assert first.fordelning == [(16, "kvinnor"), (20, "män")]
    assert [d.typ for d in second.delar] == ["text", "antal", "text"]
    assert third.andel == Decimal("0.13")  # 12.5 % rounds half up


def test_nyckeltal_gender_sum_checked_with_line(write_file):
    result = check(write_file, """\
        - rubrik: Resultat
          innehall:
            - nyckeltal:
                poster:
                  - text: personer fick en insats
                    antal: 162
                    kvinnor: 84
                    man: 75
                  - text: avslutade
                    antal: 120
                    av: 113
        """)
    problems = [p for p in result.problems if p.check == "andelar_stammer"]
    assert len(problems) == 2
    gender, part = problems
    assert "könsfördelningen blir 159 (84 kvinnor + 75 män) men antal är 162" in gender.message
    assert gender.hint == "ange ej_uppgett: 3 om resten inte uppgett kön"
    assert gender.location.file.endswith("2023.yaml") and gender.location.line == 8
    assert "antal (120) är större än av (113)" in part.message
    assert part.location.line == 13


# ---------------------------------------------------------------------------- enkat


ENKAT_PROCENT = {"enkat": {
    "rubrik": "Personal Lumena {ar}", "tillfragade": 14, "svar": 9, "angivet_som": "procent",
    "fragor": [
        {"fraga": "Får stödet ta den tid som behövs?", "svar": [11, 22, 66, 55]},
        {"fraga": "Finns det en planering?", "svar": [0, 25, 75, 38]},
    ]}}


def test_enkat_response_rate_and_percent_shares():
    b = Block.model_validate(ENKAT_PROCENT)
    vy = innehall.enkat(b.enkat, 2023, lambda s: s.replace("{ar}", "2023"))
    assert vy.svarsfrekvens == Decimal("0.64")  # 9 / 14 = 64.3 %
    assert vy.rubrik == "Personal Lumena 2023"
    r = vy.rader[0]
    assert (r.negativt.andel, r.positivt.andel, r.klart_positivt.andel) == (
        Decimal("0.11"), Decimal("0.66"), Decimal("0.55"))


def test_enkat_counts_two_years():
    b = Block.model_validate({"enkat": {
        "rubrik": "Styrelsen", "tillfragade": 11, "svar": 7, "angivet_som": "antal",
        "jamforelse": {"ar": 2022, "svar": 4},
        "fragor": [{"fraga": "Har ni strukturer?", "svar": [0, 2, 5, 4],
                    "foregaende": {"negativt": 0, "varken_eller": 0, "positivt": 4,
                                   "klart_positivt": 3}}]}})
    vy = innehall.enkat(b.enkat, 2023)
    assert [(r.ar, r.forsta) for r in vy.rader] == [(2023, True), (2022, False)]
    assert vy.rader[0].positivt.antal == 5
    assert vy.rader[0].positivt.andel == Decimal("0.71")  # 5 / 7
    assert vy.rader[1].klart_positivt.andel == Decimal("0.75")  # 3 / 4
    assert vy.visa == "antal" and vy.flera_ar


def test_enkat_sums_checked(write_file):
    result = check(write_file, """\
        - rubrik: Enkäter
          innehall:
            - enkat:
                rubrik: Chefsgrupper
                tillfragade: 14
                svar: 4
                angivet_som: antal
                fragor:
                  - fraga: Medverkar individer?
                    svar: [1, 1, 0]
            - enkat:
                rubrik: Personal
                tillfragade: 14
                svar: 9
                angivet_som: procent
                fragor:
                  - fraga: Lyssnar de?
                    svar: [14, 43, 40]
        """)
    problems = [p for p in result.problems if p.check == "enkat_stammer"]
    assert [p.severity for p in problems] == ["varning", "fel"]
    assert "svaren blir 2 personer men 4 svarade på enkäten" in problems[0].message
    assert problems[0].location.line == 13
    assert "blir 97 % men ska bli 100 % (±1 för avrundning)" in problems[1].message
    assert problems[1].location.line == 21


def test_enkat_bad_input_says_what(write_file):
    result = check(write_file, """\
        - rubrik: Enkäter
          innehall:
            - enkat:
                rubrik: Styrelsen
                tillfragade: 4
                svar: 7
                angivet_som: antal
                fragor:
                  - fraga: Fråga?
                    svar: [1, 2]
        """)
    messages = [str(p) for p in result.problems]
    assert any("skriv [negativt, varken eller, positivt]" in m and ":13:" in m for m in messages)
    assert result.rapport is None


# ---------------------------------------------------------------------------- budgettabell


BUDGET = {"budgettabell": {
    "forsta_kolumn": "Insatser",
    "grupper": [
        {"summa": "Summa insatser", "rader": [
            {"namn": "Resursråden", "budget": 1393712, "utfall": 1227385},
            {"namn": "Satsa", "budget": 0, "utfall": 2073888}]},
        {"summa": "Summa kansli och styrelse", "rader": [
            {"namn": "Kansli", "budget": 6959733, "utfall": 7555465},
            {"namn": "Styrelse", "budget": 170000, "utfall": 169056}]},
        {"typ": "intakt", "rader": [
            {"namn": "Medlemsavgifter", "budget": 16278000, "utfall": 16278000},
            {"namn": "Finansiella intäkter", "budget": 8000, "utfall": 219763}]},
    ],
    "totalt": "Totalt inkl. avskrivningar",
}}


def test_budgettabell_differences_sums_and_result():
    b = Block.model_validate(BUDGET)
    vy = innehall.budgettabell(b.budgettabell, lambda s: s.replace("{ar}", "2023"))
    assert vy.kolumner == ["Budget 2023", "Utfall 2023", "Differens"]
    assert vy.rad("Resursråden").differens == 166327
    assert vy.rad("Satsa").differens == -2073888
    assert vy.rad("Summa insatser").differens == 166327 - 2073888
    assert vy.rad("Summa kansli och styrelse").budget == 7129733
    total = vy.rad("Totalt inkl. avskrivningar")
    assert (total.budget, total.utfall, total.typ) == (8523445, 11025794, "totalsumma")
    assert vy.rad("Finansiella intäkter").differens == 211763  # income: more is better
    result = vy.rad("Resultat")
    assert result.budget == 16286000 - 8523445
    assert result.utfall == 16497763 - 11025794
    assert result.differens == result.utfall - result.budget
    assert [r.namn for r in vy.rader].index("Totalt inkl. avskrivningar") == 6


# ---------------------------------------------------------------------------- bilagor


def test_bilagor_have_their_own_counter():
    vy = tree([
        {"rubrik": "Förvaltningsberättelse", "delar": [{"rubrik": "Inflöde"}]},
        {"rubrik": "Insatser, mål- och resultatredovisning", "bilaga": True,
         "delar": [{"rubrik": "Lumena"}]},
        {"rubrik": "Ekonomi"},
        {"rubrik": "Indikatorenkäter", "bilaga": True},
    ])
    assert [a.nummer for a in vy] == ["1", "Bilaga 1", "2", "Bilaga 2"]
    assert vy[1].titel == "Bilaga 1 \u2013 Insatser, mål- och resultatredovisning"
    assert vy[1].ny_sida and vy[3].ny_sida and vy[1].i_innehall
    assert vy[1].delar[0].nummer is None
    assert vy[0].delar[0].titel == "1.1 Inflöde"


# ---------------------------------------------------------------------------- tables


def test_generic_table_formats_and_sums():
    t = Tabell.model_validate({
        "kolumner": [{"rubrik": "Insats", "format": "text"}, {"rubrik": "Kostnad"},
                     {"rubrik": "tkr", "format": "tkr"}, {"rubrik": "Deltagare", "format": "antal"},
                     {"rubrik": "Andel", "format": "procent"}],
        "rader": [["Lumena", "6 786 721", 6786721, 162, "64 %"],
                  ["Satsa", 2073888, 2073888, 19, Decimal("12.5")],
                  {"summa": True}]})
    vy = tabell(t)
    assert vy.rader[0][1] == Decimal("6786721")
    assert vy.rader[0][4] == Decimal("0.64") and vy.rader[1][4] == Decimal("0.125")
    assert vy.rader[2] == ["Summa", Decimal("8860609"), Decimal("8860609"), Decimal("181"), None]


def test_generic_table_bad_number_names_row_and_column():
    with pytest.raises(ValueError, match=r"rad 1, kolumn 'Kostnad' \(kr\): 'många' är inget tal"):
        Tabell.model_validate({"kolumner": [{"rubrik": "Insats", "format": "text"},
                                            {"rubrik": "Kostnad"}],
                               "rader": [["Lumena", "många"]]})


def test_block_needs_exactly_one_kind(write_file):
    result = check(write_file, """\
        - rubrik: X
          innehall:
            - text: Hej
              nyckeltal: {poster: [{text: personer, antal: 3}]}
        """)
    (p,) = result.problems
    assert "ska ha exakt ett av text, block, tabell, diagram, nyckeltal, enkat eller " \
           "budgettabell; fick text, nyckeltal" in p.message
    assert p.location.line == 6


# ---------------------------------------------------------------------------- diagram


DIAGRAM = {"diagram": {
    "typ": "stapel", "rubrik": "Antal aktiva deltagare i Lumena-projektet {ar} per månad",
    "alt": "Antalet aktiva deltagare ökade från 12 i maj till 1 180 i december.",
    "kategorier": ["maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "varden": [12, 80, 150, 300, 520, 800, 1000, 1180], "axeltext": "Antal deltagare"}}


def _glyph_count(svg: str) -> int:
    return svg.count("<use ")


def test_diagram_svg_is_deterministic_accessible_and_swedish():
    b = Block.model_validate(DIAGRAM)
    d1 = innehall.diagram(b.diagram, "diagram-1", lambda s: s.replace("{ar}", "2023"))
    d2 = innehall.diagram(b.diagram, "diagram-1", lambda s: s.replace("{ar}", "2023"))
    svg1, svg2 = str(d1.svg("#1f3a56", "#4d7391")), str(d2.svg("#1f3a56", "#4d7391"))
    assert svg1 == svg2
    assert svg1.startswith("<svg") and 'role="img"' in svg1
    assert ('aria-label="Antalet aktiva deltagare ökade från 12 i maj till 1 180 i december."'
            in svg1)
    assert "<title" in svg1 and "<?xml" not in svg1 and "<style" not in svg1
    assert "<text" not in svg1  # glyphs are paths: the PDF looks the same everywhere
    assert 'id="diagram-1-' in svg1 and 'id="p' not in svg1
    assert d1.rubrik.endswith("2023 per månad")



def _chart_fonts(svg: str) -> set[str]:
    """The fonts of a chart's glyphs: matplotlib names each glyph path '<font>-<glyph>'."""
    return {m.group(1) for m in re.finditer(r'id="diagram-\d+-([A-Za-z][\w.-]*?)-[0-9a-f]+"',
                                             svg) if not m.group(1).startswith(("patch",
                                                                                 "text"))}


def _legend_charts() -> list[str]:
    grouped = Block.model_validate({"diagram": {
        "typ": "stapel", "rubrik": "Deltagare", "alt": "Fler kvinnor än män varje år.",
        "kategorier": ["2022", "2023"], "axeltext": "Antal",
        "serier": [{"namn": "Kvinnor", "varden": [310, 372]},
                   {"namn": "Män", "varden": [60, 67]}]}})
    ring = Block.model_validate({"diagram": {
        "typ": "ring", "rubrik": "Kön", "alt": "85 procent av deltagarna är kvinnor.",
        "kategorier": ["Kvinnor", "Män"], "varden": [372, 67]}})
    return [str(innehall.diagram(grouped.diagram, "diagram-1").svg()),
            str(innehall.diagram(ring.diagram, "diagram-2").svg())]


def test_chart_labels_and_legends_are_drawn_in_the_bundled_inter():
    """Text is drawn as paths (svg.fonttype 'path'), so the font is fixed in the SVG; every
    glyph, axis and bar labels and the legend alike, comes from reportgen/fonts/Inter."""
    for svg in _legend_charts():
        assert "<text" not in svg and "legend_1" in svg  # paths; the legend is drawn
        assert _chart_fonts(svg) == {"Inter-Regular"}, _chart_fonts(svg)


def test_chart_font_check_fails_without_the_bundled_font(tmp_path, monkeypatch):
    from reportgen import charts

    monkeypatch.setattr(charts, "FONT_DIR", tmp_path)  # no Inter-*.otf: matplotlib's default
    assert all("Inter-Regular" not in _chart_fonts(svg) and _chart_fonts(svg)
               for svg in _legend_charts())

def test_diagram_labels_use_swedish_number_format():
    from reportgen import charts

    assert charts.label(Decimal(1180), "antal") == f"1{NBSP}180"
    assert charts.label(Decimal("71.5"), "procent") == f"71,5{NBSP}%"
    assert charts.label(Decimal(-2073888), "kr") == f"\u22122{NBSP}073{NBSP}888"
    assert charts._axis_label(1200.0, "antal") == f"1{NBSP}200"


def test_pie_shares_computed_and_errors():
    b = Block.model_validate({"diagram": {
        "typ": "ring", "rubrik": "Könsfördelning", "alt": "85 procent av deltagarna är kvinnor.",
        "kategorier": ["Kvinnor", "Män"], "varden": [372, 67]}})
    d = innehall.diagram(b.diagram, "diagram-2")
    assert d.andelar == [Decimal("0.85"), Decimal("0.15")]
    svg = str(d.svg())
    assert svg.count("<path") > 2
    with pytest.raises(ValueError, match="serien 'X' har 1 värden men det finns 2 kategorier"):
        Block.model_validate({"diagram": {"typ": "stapel", "rubrik": "X", "alt": "x" * 12,
                                          "kategorier": ["a", "b"], "varden": [1]}})


def test_diagram_in_report_html(write_file):
    result = check(write_file, """\
        - rubrik: Resultat
          innehall:
            - diagram:
                typ: cirkel
                rubrik: Organisationer som deltagarna kommer ifrån {ar}
                alt: De flesta deltagarna arbetar i en kommun.
                kategorier: [Kommun, Arbetsförmedlingen, Region]
                varden: [300, 40, 99]
                visa_tabell: true
        - rubrik: Indikatorenkäter
          bilaga: true
        """)
    assert not result.errors, result.problems
    from reportgen import render

    html = render.render_html(result.rapport, "arsredovisning.html")
    assert '<figure class="diagram diagram-cirkel" role="group"' in html
    assert "<figcaption" in html and "Organisationer som deltagarna kommer ifrån 2023" in html
    assert 'aria-label="De flesta deltagarna arbetar i en kommun."' in html
    assert f"68{NBSP}%" in html  # 300 / 439 in the data table
    assert "Bilaga 1 \u2013 Indikatorenkäter" in html
    assert html == render.render_html(result.rapport, "arsredovisning.html")


def test_cli_import_does_not_load_matplotlib():
    code = "import reportgen.cli, sys; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)
