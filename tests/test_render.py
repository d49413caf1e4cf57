"""Rendering: the view model through the templates to HTML.

The fixture is a small förbund typed here (figures from Skåne Nordost 2023), run through
the real ``compute`` so the templates see what a build gives them.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import get_args

import jinja2
import pytest

from reportgen import markdown
from reportgen.compute import compute_arsredovisning as compute
from reportgen.compute.vy import Rapport
from reportgen.errors import ReportFileError
from reportgen.model import Arsfil, Forbund
from reportgen.model.dokument import StandardBlock
from reportgen.render import (
    builtin_templates_dir,
    make_env,
    render_html,
    template_search_paths,
)

NBSP = "\u00a0"
REPO = Path(__file__).resolve().parent.parent

FORBUND = {
    "namn": "Samordningsförbundet Testa Nordost",
    "orgnr": "222000-2790",
    "sate": "Kristianstad",
    "motto": "Tillsammans vågar vi finna nya vägar!",
    "medlemmar": [
        {"id": "bromolla", "namn": "Bromölla kommun", "typ": "kommun"},
        {"id": "kristianstad", "namn": "Kristianstads kommun", "typ": "kommun"},
        {"id": "region", "namn": "Region Skåne", "typ": "region"},
        {"id": "forsakringskassan", "namn": "Försäkringskassan", "typ": "stat"},
    ],
}

ARSFIL = {
    "ar": 2023,
    "arsredovisning": {
        "beslutad": "2024-04-08",
        "texter": {
            "om_forbundet": (
                "Eget kapital vid årets slut var {{eget_kapital}} kr "
                "({{eget_kapital:tkr}} tkr).\n\n"
                "<script>alert('x')</script> och [klicka](javascript:alert(1)) men "
                "[webbplatsen](https://example.se)."
            ),
            "handelser": "Inget att rapportera.",
        },
    },
    "organisation": {
        "styrelse": {
            "ledamoter": [
                {"namn": "Richard Berggren", "utsedd_av": "kristianstad", "roll": "ordförande"},
                {"namn": "David Stenergard", "utsedd_av": "kristianstad", "tom": "mars"},
                {"namn": "Susanne Bäckman", "utsedd_av": "region", "roll": "1:e vice ordförande"},
                {"namn": "Jenny Önnevik", "utsedd_av": "bromolla"},
                {"namn": "Katarina Olander", "utsedd_av": "forsakringskassan"},
            ],
            "ersattare": [{"namn": "Filip Persson", "utsedd_av": "bromolla"}],
            "antal_moten": 7,
        },
        "beredningsgrupp": [
            {"namn": "Anna-Marie Nilsson", "utsedd_av": "bromolla"},
            {"namn": "Peter Södergren", "utsedd_av": "region", "enhet": "vuxenpsykiatri"},
        ],
        "kansli": [
            {"namn": "Åsa Linné", "roll": "förbundschef", "omfattning": 100},
            {"namn": "Emma Lindeberg", "roll": "processtödande medarbetare", "omfattning": 100},
        ],
    },
    "personal": {"antal_anstallda": 2, "sjukdagar": 30},
    "mal": [{
        "id": "akademi", "nummer": 1, "rubrik": "Akademi SFSNO",
        "malsattningar": ["Minst 6 kompetenshöjande aktiviteter ska erbjudas under året"],
        "indikatorer": [{"id": "aktiviteter", "namn": "Aktiviteter", "malvarde": 6}],
        "uppfoljning": {"T3": {"text": "Aktiviteter och utvärdering har skett enligt plan.",
                               "utfall": {"aktiviteter": 8}}},
    }],
    "insatser": [{
        "id": "maria", "namn": "Maria Mödrahälsovård", "typ": "projekt",
        "projektagare": "Kristianstads kommun",
        "perioder": [{"start": "2016-09-01", "slut": "2024-12-31",
                      "anmarkning": "avslutad 2023-05-31"}],
        "budget": [{"total": 7287857, "ar": 210000, "anmarkning": "efter ändringsansökan"}],
        "utfall": 151660, "deltagare": 6,
        "ur_ansokan": "Projektarbetet kommer att genomföras i tätt samarbete med socialtjänsten.",
        "malgrupp": "Gravida kvinnor med riskbruks- eller missbruksproblematik.",
        "mal": "Att vägen till självförsörjning kan förkortas.",
        "beskrivning": "Projektet arbetade under 2023 med sex individer.",
    }],
    "resultatrakning": {
        "verksamhetens_intakter": {"belopp": 12516104, "not": "intakter"},
        "verksamhetens_kostnader": {"belopp": -13346810, "not": "kostnader"},
        "finansiella_intakter": 251520,
    },
    "balansrakning": {
        "omsattningstillgangar": {"fordringar": 431331, "kassa_och_bank": 11100428},
        "eget_kapital": {"ingaende": {"belopp": 9269158}},
        "skulder": {"kortfristiga": 2841787},
    },
    "driftredovisning": {"rader": [
        {"namn": "Personal och verksamhetskostnader", "typ": "kostnad",
         "budget": 2979472, "utfall": 2235892},
        {"namn": "Finansiering av insatser", "typ": "kostnad",
         "budget": 10014078, "utfall": 11110918},
        {"namn": "Verksamhetens intäkter", "typ": "intakt", "budget": 12492000, "utfall": 12516104},
        {"namn": "Finansiella intäkter", "typ": "intakt", "budget": 0, "utfall": 251520},
    ]},
    "noter": [
        {"id": "principer", "typ": "redovisningsprinciper", "rubrik": "Redovisningsprinciper",
         "text": "Årsredovisningen har upprättats enligt lagen om kommunal redovisning."},
        {"id": "intakter", "rubrik": "Verksamhetens intäkter", "tabeller": [{
            "avser": "resultatrakning.verksamhetens_intakter",
            "rader": [
                {"namn": "Erhållna medel regionen", "belopp": 3123000, "foregaende": 3142500},
                {"namn": "Erhållna statliga medel", "belopp": 6246000, "foregaende": 6285000},
                {"namn": "Erhållna kommunala bidrag", "belopp": 3123000, "foregaende": 3142500},
                {"namn": "Övriga intäkter", "belopp": 24104, "foregaende": 0},
                {"namn": "Summa verksamhetens intäkter", "summa": True},
            ]}]},
        {"id": "kostnader", "rubrik": "Verksamhetens kostnader", "tabeller": [{
            "rader": [
                {"namn": "Projektkostnader", "belopp": 11110918, "foregaende": 3065991},
                {"namn": "Personalkostnader", "belopp": 1716855, "foregaende": 2074686},
                {"namn": "Övriga verksamhetskostnader", "belopp": 519037, "foregaende": 422600},
                {"namn": "Summa verksamhetens kostnader", "summa": True},
            ]}]},
        {"id": "eget-kapital", "typ": "eget_kapital", "rubrik": "Eget kapital"},
    ],
    "underskrifter": {
        "ort": "Kristianstad",
        "datum": "2024-04-08",
        "revisorer": [
            {"namn": "Esbjörn Svensson", "utsedd_av": "kommunerna"},
            {"namn": "Jesper Sturesson", "titel": "Auktoriserad revisor", "utsedd_av": "staten"},
        ],
    },
    "foregaende_ar": {
        "resultatrakning": {
            "verksamhetens_intakter": 12570000,
            "verksamhetens_kostnader": -5563277,
            "finansiella_kostnader": -23,
        },
        "balansrakning": {
            "omsattningstillgangar": {"fordringar": 262294, "kassa_och_bank": 9792928},
            "eget_kapital": {"ingaende": 2262458},
            "skulder": {"kortfristiga": 786064},
        },
    },
}


def make_rapport(arsfil: dict | None = None, forbund: dict | None = None) -> Rapport:
    """The fixture report, computed by the real pipeline (without YAML files)."""
    indata = SimpleNamespace(
        forbund=Forbund.model_validate(forbund or FORBUND),
        arsfil=Arsfil.model_validate(arsfil or ARSFIL),
        foregaende=None,
    )
    return compute(indata)


@pytest.fixture(scope="module")
def rapport() -> Rapport:
    return make_rapport()


@pytest.fixture(scope="module")
def html(rapport: Rapport) -> str:
    return render_html(rapport, search_paths=[builtin_templates_dir()])


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.headings: list[str] = []
        self._in_heading = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self._in_heading += 1
            self._text = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._in_heading:
            self._in_heading -= 1
            self.headings.append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._in_heading:
            self._text.append(data)


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


# ---------------------------------------------------------------------------- content

def test_document_is_swedish_and_titled(html: str) -> None:
    assert '<html lang="sv">' in html
    assert "<title>Årsredovisning 2023 – Samordningsförbundet Testa Nordost</title>" in html
    assert 'class="hoppa" href="#huvudinnehall"' in html
    assert '<main id="huvudinnehall">' in html


def test_headings(html: str) -> None:
    headings = parse(html).headings
    for expected in ("Årsredovisning 2023", "Innehåll", "1 Förvaltningsberättelse",
                     "1.2.1 Styrelse", "Not 1 Redovisningsprinciper",
                     "Not 2 Verksamhetens intäkter", "Styrelsens underskrifter"):
        assert expected in headings, (expected, headings)
    for numbered in ("Resultaträkning", "Balansräkning", "Kassaflödesanalys", "Noter",
                     "Maria Mödrahälsovård"):
        assert any(re.fullmatch(rf"[\d.]+ {numbered}", h) for h in headings), numbered


def test_swedish_figures(html: str) -> None:
    assert f"12{NBSP}516{NBSP}104" in html
    assert f"−579{NBSP}186" in html            # årets resultat, real minus sign
    assert f"11{NBSP}531{NBSP}759" in html     # summa tillgångar
    assert "-579" not in html                   # never a hyphen-minus in a figure


def test_figure_placeholders_are_resolved(html: str) -> None:
    assert f"Eget kapital vid årets slut var 8{NBSP}689{NBSP}972 kr (8{NBSP}690 tkr)." in html
    assert "{{" not in html


def test_note_links_and_anchors(html: str) -> None:
    c = parse(html)
    assert '<a href="#not-intakter" aria-label="Not 2">2</a>' in html
    assert '<a href="#not-kostnader" aria-label="Not 3">3</a>' in html
    for href in ("#not-intakter", "#not-kostnader"):
        assert href[1:] in c.ids


def test_table_of_contents_links_every_section(rapport: Rapport, html: str) -> None:
    c = parse(html)
    nav = html.split('<nav class="innehallsforteckning"', 1)[1].split("</nav>", 1)[0]
    for avsnitt in rapport.alla_avsnitt():
        assert avsnitt.anchor in c.ids
    for avsnitt in rapport.avsnitt:
        if avsnitt.i_innehall:
            assert f'href="#{avsnitt.anchor}"' in nav
    internal = [h for h in c.hrefs if h.startswith("#")]
    missing = [h for h in internal if h[1:] not in c.ids]
    assert not missing


def test_ids_are_unique(html: str) -> None:
    ids = parse(html).ids
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_tables_are_accessible(html: str) -> None:
    tables = html.count("<table")
    assert tables == html.count("<caption")
    assert '<th scope="col"' in html and '<th scope="row"' in html


def test_driftredovisning_states_sign_rule(html: str) -> None:
    assert ("Avvikelse anges som positiv när utfallet är bättre än budget, "
            "för både intäkter och kostnader.") in html
    assert f"−77{NBSP}636" in html   # resultat: utfall −579 186 against budget −501 550


def test_cover(html: str) -> None:
    cover = html.split('<header class="omslag">', 1)[1].split("</header>", 1)[0]
    for text in ("Samordningsförbundet Testa Nordost", "Årsredovisning 2023",
                 "Tillsammans vågar vi finna nya vägar!", "222000-2790",
                 "Beslutad av styrelsen", "2024-04-08"):
        assert text in cover


def test_insats_card(html: str) -> None:
    card = html.split('id="insats-maria"', 1)[1].split("</section>", 1)[0]
    for text in ("Projektägare", "Kristianstads kommun", "2016-09-01",
                 'avslutad <span class="datum">2023-05-31</span>',
                 f"7{NBSP}287{NBSP}857&nbsp;kr", f"210{NBSP}000&nbsp;kr", f"151{NBSP}660&nbsp;kr",
                 "Kostnad per deltagare", f"25{NBSP}277&nbsp;kr", "Målgrupp", "<blockquote>"):
        assert text in card, text


def test_signatures(html: str) -> None:
    block = html.split('<div class="underskrifter">', 1)[1]
    assert 'Kristianstad <span class="datum">2024-04-08</span>' in block
    for name, role in (("Richard Berggren", "Ordförande"),
                       ("Susanne Bäckman", "1:e vice ordförande"), ("Jenny Önnevik", "Ledamot")):
        assert f'<span class="namn">{name}</span> <span class="roll">{role}</span>' in block
    assert "David Stenergard" not in block       # left during the year
    assert "Vår revisionsberättelse har lämnats" in block
    assert "Utsedd av kommunerna" in block
    assert "Auktoriserad revisor, utsedd av staten" in block


def test_organisation_blocks(html: str) -> None:
    assert "Ordinarie ledamöter i styrelsen under 2023" in html
    assert "(t.o.m. mars)" in html
    assert "Region Skåne (vuxenpsykiatri)" in html
    assert "100&nbsp;%" in html


def test_theme_defaults_and_colours(rapport: Rapport) -> None:
    html = render_html(rapport, search_paths=[builtin_templates_dir()])
    assert "--farg: #1f3a56;" in html
    themed = make_rapport(forbund={**FORBUND, "tema": {"farg": "#7a1f3d", "justerare": True}})
    html = render_html(themed, search_paths=[builtin_templates_dir()])
    assert "--farg: #7a1f3d;" in html
    assert "Signering av justerare" in html and "element(justerare)" in html


# ---------------------------------------------------------------------------- safety

def test_raw_html_in_text_is_escaped(html: str) -> None:
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html or \
        "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "javascript:" not in html.replace("[klicka](javascript:alert(1))", "")
    assert '<a href="https://example.se">webbplatsen</a>' in html


@pytest.mark.parametrize("text", [
    '<img src=x onerror="alert(1)">',
    "<a href='#' onclick='alert(1)'>x</a>",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
])
def test_markdown_never_emits_markup_from_data(text: str) -> None:
    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Tags()
    parser.feed(markdown.render_block(text))
    assert [tag for tag, _ in parser.found] == ["p"]   # no a, img, script from the data
    assert all(not k.startswith("on") for _, attrs in parser.found for k in attrs)


@pytest.mark.parametrize("text", [
    '[x]{lang=en onclick="alert(1)"}',
    '[x]{#id .klass lang=en style="color:red"}',
    '[x](https://example.se){onclick="alert(1)" lang=en}',
    '*x*{lang=en onmouseover="alert(1)"}',
])
def test_a_language_span_carries_nothing_but_lang(text: str) -> None:
    """[text]{lang=en} marks a language (WCAG 3.1.2); no other attribute gets through."""
    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Tags()
    parser.feed(markdown.render_block(text))
    attrs = {k for _, a in parser.found for k in a}
    assert attrs <= {"lang", "href"}, parser.found
    assert all(a.get("lang") in (None, "en") for _, a in parser.found)


def test_language_span_in_running_text() -> None:
    out = markdown.render_block("Metoden [Supported Employment]{lang=en} används.")
    assert out == '<p>Metoden <span lang="en">Supported Employment</span> används.</p>\n'


def test_unknown_figure_is_a_clear_catchable_error(rapport: Rapport) -> None:
    with pytest.raises(markdown.UnknownFigure) as info:
        markdown.resolve("Resultat {{arets_resultatt}} kr", rapport.figurer)
    assert isinstance(info.value, KeyError)
    assert info.value.name == "arets_resultatt"
    assert "{{arets_resultatt}}" in str(info.value) and "{{arets_resultat}}" in str(info.value)
    with pytest.raises(markdown.BadPlaceholder):
        markdown.resolve("{{eget_kapital:euro}}", rapport.figurer)
    with pytest.raises(markdown.BadPlaceholder):
        markdown.figure_names("{{Eget kapital}}")
    assert markdown.figure_names("{{a}} {{ b:tkr }} {{a}}") == ["a", "b"]


def test_unknown_figure_in_a_text_stops_rendering() -> None:
    arsfil = {**ARSFIL, "arsredovisning": {"texter": {"om_forbundet": "{{finns_inte}}"}}}
    with pytest.raises(markdown.UnknownFigure):
        render_html(make_rapport(arsfil), search_paths=[builtin_templates_dir()])


def test_headings_inside_text_go_below_the_section() -> None:
    assert markdown.render_block("# Rubrik", niva=2).startswith("<h3>")
    assert markdown.render_block("### Rubrik", niva=5).startswith("<h6>")


# ---------------------------------------------------------------------------- templates

def test_every_standard_block_has_a_template() -> None:
    names = get_args(StandardBlock)
    folder = builtin_templates_dir() / "block"
    assert sorted(p.stem for p in folder.glob("*.html")) == sorted(names)


def test_builtin_templates_are_the_repo_folder() -> None:
    assert builtin_templates_dir() == REPO / "templates"


def test_search_path_order(tmp_path: Path) -> None:
    forbund_dir = tmp_path / "data" / "x"
    (forbund_dir / "templates").mkdir(parents=True)
    docs = tmp_path / "docs"
    (docs / "templates").mkdir(parents=True)
    paths = template_search_paths(forbund_dir, cwd=docs)
    assert paths == [forbund_dir / "templates", docs / "templates", builtin_templates_dir()]
    # In a checkout of reportgen itself the built-in folder is not listed twice.
    assert template_search_paths(None, cwd=REPO) == [builtin_templates_dir()]
    # Folders that do not exist are left out.
    assert template_search_paths(tmp_path / "saknas", cwd=tmp_path) == [builtin_templates_dir()]


def test_forbund_template_overrides_builtin_block(rapport: Rapport, tmp_path: Path) -> None:
    forbund_dir = tmp_path / "forbund"
    (forbund_dir / "templates" / "block").mkdir(parents=True)
    (forbund_dir / "templates" / "block" / "styrelse.html").write_text(
        '<p class="egen">Vår egen styrelselista</p>\n'
        '{% include "inbyggd/block/styrelse.html" %}\n', encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "templates" / "block").mkdir(parents=True)
    (docs / "templates" / "block" / "styrelse.html").write_text("DOCS", encoding="utf-8")
    (docs / "templates" / "block" / "kansli.html").write_text(
        '<p class="docs">Kansliet enligt docs</p>', encoding="utf-8")

    html = render_html(rapport, search_paths=template_search_paths(forbund_dir, cwd=docs))
    assert "Vår egen styrelselista" in html          # förbund folder wins …
    assert "Ordinarie ledamöter i styrelsen" in html  # … and can wrap the built-in one
    assert "DOCS" not in html
    assert "Kansliet enligt docs" in html             # docs repo beats built-in
    assert "Kansliet under 2023" not in html


def test_broken_override_says_where(rapport: Rapport, tmp_path: Path) -> None:
    (tmp_path / "templates" / "block").mkdir(parents=True)
    (tmp_path / "templates" / "block" / "kansli.html").write_text(
        "ok\n{{ rapport.finns_inte }}\n", encoding="utf-8")
    with pytest.raises(ReportFileError, match=r"kansli\.html:2: fel i mallen"):
        render_html(rapport, search_paths=template_search_paths(tmp_path, cwd=tmp_path))


def test_env_is_strict_and_escapes() -> None:
    env = make_env([builtin_templates_dir()])
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ saknas }}").render()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    for name in ("kr", "tkr", "procent", "datum", "datum_text", "md", "md_inline", "tal"):
        assert name in env.filters


def test_forbund_number_settings_apply(tmp_path: Path) -> None:
    forbund = {**FORBUND, "format": {"minustecken": "-"}}
    html = render_html(make_rapport(forbund=forbund), search_paths=[builtin_templates_dir()])
    assert f"-579{NBSP}186" in html and f"−579{NBSP}186" not in html


def test_real_example_data_renders_if_present() -> None:
    year = REPO / "data" / "skane-nordost" / "2023.yaml"
    if not year.exists():
        pytest.skip("exempeldata saknas")
    from reportgen.sources import read

    indata = read(year)
    html = render_html(compute(indata), search_paths=template_search_paths(indata.folder),
                       data_dir=indata.folder)
    assert "Resultaträkning" in html and f"12{NBSP}516{NBSP}104" in html
    assert dt.date(2024, 1, 1)  # rendering needs no clock; nothing else to assert here
