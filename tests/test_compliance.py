"""Compliance: every example annual report, built to PDF and read back, has the parts and
lines LKBR (2018:597) requires, in the law's order (issue 12).

A line the law lists is asserted where the example's data has it; where a seed lacks a line
the law requires, ``reportgen check`` must warn naming the part and the paragraph (the
engine never invents a figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from reportgen.build import Result, build, check

ROOT = Path(__file__).resolve().parent.parent

EXAMPLES = {
    "skane-nordost-2023": "data/skane-nordost/2023.yaml",
    "ostra-sodertorn-2023": "data/ostra-sodertorn/2023.yaml",
    "exempel-2024": "data/exempel/2024.yaml",
}

SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")

RESULTATRAKNING = [
    # LKBR 5 kap. 1 § for a förbund (no skatteintäkter, generella statsbidrag)
    "Verksamhetens intäkter",
    "Verksamhetens kostnader",
    "Avskrivningar",
    "Verksamhetens nettokostnader",
    "Verksamhetens resultat",
    "Finansiella intäkter",
    "Finansiella kostnader",
    "Resultat efter finansiella poster",
    "Extraordinära poster",
    "Årets resultat",
]

BALANSRAKNING = [
    # LKBR 6 kap. 1 §; (line, required)
    ("Tillgångar", True),
    ("Anläggningstillgångar", False),
    ("Immateriella anläggningstillgångar", False),
    ("Materiella anläggningstillgångar", False),
    ("Mark, byggnader och tekniska anläggningar", False),
    ("Maskiner och inventarier", False),
    ("Finansiella anläggningstillgångar", False),
    ("Omsättningstillgångar", True),
    ("Förråd m.m.", False),
    ("Fordringar", False),
    ("Kortfristiga placeringar", False),
    ("Kassa och bank", True),
    ("Summa tillgångar", True),
    ("Eget kapital, avsättningar och skulder", True),
    ("Eget kapital", True),
    ("Årets resultat", True),
    ("Resultatutjämningsreserv", False),
    ("Övrigt eget kapital", True),
    ("Summa eget kapital", True),
    ("Avsättningar", False),
    ("Avsättningar för pensioner och liknande förpliktelser", False),
    ("Andra avsättningar", False),
    ("Skulder", True),
    ("Långfristiga skulder", False),
    ("Kortfristiga skulder", True),
    ("Summa skulder", True),
    ("Summa eget kapital, avsättningar och skulder", True),
    ("Panter och ansvarsförbindelser", False),
    ("Pensionsförpliktelser som inte har tagits upp bland skulderna eller avsättningarna",
     False),
    ("Övriga ansvarsförbindelser", False),
]


def norm(text: str) -> str:
    return SPACES.sub(" ", text).strip()


@dataclass
class Built:
    result: Result
    pages: list[str]

    def page_with(self, *needles: str) -> str:
        """The first page holding every needle, or two facing pages together (a table may
        split across a page break, its header repeated)."""
        for i, page in enumerate(self.pages):
            if all(n in page for n in needles):
                return page
            spread = page + "\n" + (self.pages[i + 1] if i + 1 < len(self.pages) else "")
            if needles[0] in page and all(n in spread for n in needles):
                return spread
        raise AssertionError(f"ingen sida innehåller alla av {needles}")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("compliance")
    cache: dict[str, Built] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        for name, path in EXAMPLES.items():
            result = check(Path(path))
            assert result.rapport is not None and not result.errors, result.errors
            written, _ = build(Path(path), formats=("pdf",), out=out / name)
            pdf = next(p for p in written if p.suffix == ".pdf")
            pages = [norm(p.extract_text()) for p in pypdf.PdfReader(pdf).pages]
            cache[name] = Built(result, pages)
    return cache


def assert_in_order(page: str, lines: list[str], what: str) -> None:
    """Each of *lines* occurs in *page*, each after the one before it."""
    at = 0
    page = page.casefold()  # headings are set in capitals by the stylesheet
    for line in lines:
        found = re.search(rf"(?<![\w]){re.escape(line.casefold())}(?![\w,])", page[at:])
        assert found, f"{what}: '{line}' saknas eller står i fel ordning"
        at += found.end()


def _rows(result: Result, which: str) -> list[str]:
    rakning = getattr(result.rapport, which)
    return [r.text for r in rakning.rader]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_resultatrakning_lines_in_the_laws_order(built, name) -> None:
    b = built[name]
    page = b.page_with("Verksamhetens nettokostnader", "Resultat efter finansiella poster")
    page = page[page.index("Verksamhetens intäkter"):]
    lines = RESULTATRAKNING
    if "finansnetto" in [r.id for r in b.result.rapport.resultatrakning.rader]:
        # the data asks for one net line (resultatrakning.finansnetto)
        i = lines.index("Finansiella intäkter")
        lines = [*lines[:i], "Finansiella intäkter och kostnader", *lines[i + 2:]]
        assert b.result.indata.arsfil.resultatrakning.finansnetto is not None
    assert_in_order(page, lines, f"{name}: resultaträkningen")
    assert "Verksamhetens nettokostnad " not in page + " "


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_balansrakning_lines_in_the_laws_order(built, name) -> None:
    b = built[name]
    has = set(_rows(b.result, "balansrakning"))
    for line, required in BALANSRAKNING:
        assert not required or line in has, f"{name}: balansräkningen saknar '{line}'"
    lines = [line for line, _ in BALANSRAKNING if line in has]
    page = b.page_with("Summa tillgångar", "Summa eget kapital, avsättningar och skulder")
    page = page[page.casefold().index("tillgångar"):]
    assert_in_order(page, lines, f"{name}: balansräkningen")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_panter_och_ansvarsforbindelser_or_a_warning(built, name) -> None:
    """The pension obligations outside the balance sheet are printed, or check warns."""
    b = built[name]
    line = "Pensionsförpliktelser som inte har tagits upp bland skulderna eller avsättningarna"
    if line in _rows(b.result, "balansrakning"):
        assert "panter och ansvarsförbindelser" in " ".join(b.pages).casefold()
    else:
        warned = [p for p in b.result.problems if p.check == "pensionsforpliktelser_anges"]
        assert warned and "LKBR 6 kap. 1 §" in warned[0].message


KASSAFLODESANALYS = [
    # LKBR 8 kap. 1 §, RKR R13: three sections, each with its lines and its total
    "Den löpande verksamheten",
    "Årets resultat",
    "Justering för ej likviditetspåverkande poster",
    "Avskrivningar",
    "Medel från verksamheten före förändring av rörelsekapital",
    "Kassaflöde från den löpande verksamheten",
    "Investeringsverksamheten",
    "Kassaflöde från investeringsverksamheten",
    "Finansieringsverksamheten",
    "Kassaflöde från finansieringsverksamheten",
    "Årets kassaflöde",
    "Likvida medel vid årets början",
    "Likvida medel vid årets slut",
]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_kassaflodesanalys_sections_in_the_laws_order(built, name) -> None:
    b = built[name]
    page = b.page_with("Kassaflöde från investeringsverksamheten",
                       "Kassaflöde från finansieringsverksamheten")
    page = page[page.index("Den löpande verksamheten"):]
    assert_in_order(page, KASSAFLODESANALYS, f"{name}: kassaflödesanalysen")
    kf = b.result.rapport.arsfigurer.cur.kf
    itemised = "forvarv_materiella" in kf
    warned = [p for p in b.result.problems if p.check == "kassaflode_specificeras"]
    assert itemised or warned, f"{name}: investeringarna varken specificeras eller varnas"


def test_ostra_sodertorn_investments_line_by_line(built) -> None:
    page = built["ostra-sodertorn-2023"].page_with("Kassaflöde från investeringsverksamheten")
    assert "Investering i materiella anläggningstillgångar −38 896" in page


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_investeringsredovisning_shown_or_warned(built, name) -> None:
    """LKBR 10 kap. 2 §: a year with investments shows budget, utfall and avvikelse per
    investment; a seed that lacks a part or a budget gets a warning naming the paragraph."""
    b = built[name]
    vy = b.result.rapport.investeringsredovisning
    warned = [p for p in b.result.problems if p.check == "investeringsredovisning_komplett"]
    kf = b.result.rapport.arsfigurer.cur.kf
    if vy is None:
        invested = kf is not None and kf["investeringsverksamheten"] < 0
        assert not invested or warned, f"{name}: investeringar utan investeringsredovisning"
        return
    page = b.page_with("Summa investeringar")
    assert_in_order(page, ["Budget", "Utfall", "Avvikelse",
                           *[r.namn for r in vy.rader]], f"{name}: investeringsredovisningen")
    if any(r.budget is None for r in vy.rader):
        assert warned and "LKBR 10 kap. 2 §" in warned[0].message


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_driftredovisning_columns_and_tie_to_the_rr(built, name) -> None:
    """LKBR 10 kap. 1 §: budget, utfall, avvikelse per row, the result agreeing with the RR."""
    b = built[name]
    vy = b.result.rapport.driftredovisning
    if vy is None:
        pytest.skip(f"{name} har ingen driftredovisning")
    page = b.page_with("Driftredovisning", "Avvikelse anges som positiv")
    columns = ["Budget", *(["Budgetändringar", "Budget efter ändringar"]
                           if vy.visa_andringar else []), "Utfall", "Avvikelse"]
    assert_in_order(page[page.index("Driftredovisning"):],
                    [*columns, *[r.namn for r in vy.rader]], f"{name}: driftredovisningen")
    assert not [p for p in b.result.problems if p.check == "driftredovisning_stammer"]


NOTER = {
    # The note headings as each example's annual report has them (LKBR 9 kap.), in order.
    "skane-nordost-2023": ["Not 1 Redovisnings- och värderingsprinciper",
                           "Not 2 Verksamhetens intäkter", "Not 3 Verksamhetens kostnader",
                           "Not 4 Maskiner och inventarier", "Not 5 Eget kapital"],
    "ostra-sodertorn-2023": ["Not 1 Redovisningsprinciper", "Not 2 Verksamhetens intäkter",
                             "Not 3 Verksamhetens kostnader", "Not 4 Räkenskapsrevision",
                             "Not 5 Anläggningstillgångar", "Not 6 Fordringar",
                             "Not 7 Kortfristiga skulder och förutbetalda intäkter"],
    "exempel-2024": ["Not 1 Redovisnings- och värderingsprinciper",
                     "Not 2 Verksamhetens intäkter", "Not 3 Verksamhetens kostnader",
                     "Not 4 Eget kapital", "Not 5 Pensionsförpliktelser",
                     "Not 6 Leasing- och hyresavtal"],
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_note_headings_in_order(built, name) -> None:
    b = built[name]
    first = next(i for i, p in enumerate(b.pages) if NOTER[name][0] in p)
    assert_in_order("\n".join(b.pages[first:]), NOTER[name], f"{name}: noterna")


def test_note_kinds_computed_in_the_pdf(built) -> None:
    """The standard kinds print their computed rows: Östra Södertörn's specifications sum to
    their balance-sheet lines, exempel's pension note computes särskild löneskatt and its
    leasing note the total of the maturities (both invented figures)."""
    os_ = built["ostra-sodertorn-2023"]
    assert "Upplupna intäkter 3 172 701 1 701 773 Summa 4 971 262 2 309 099" in \
        os_.page_with("Not 6 Fordringar")
    ex = built["exempel-2024"]
    assert_in_order(ex.page_with("Not 5 Pensionsförpliktelser"), [
        "Pensionsförpliktelser 80 000", "Särskild löneskatt (24,26 %) 19 408",
        "Summa pensionsförpliktelser inklusive särskild löneskatt 99 408"], "exempel: Not 5")
    assert_in_order(ex.page_with("Not 6 Leasing- och hyresavtal"), [
        "Hyresavtal för lokaler", "Förfaller till betalning inom ett år 96 000",
        "Förfaller till betalning senare än ett år men inom fem år 192 000",
        "Summa framtida minimileaseavgifter 288 000"], "exempel: Not 6")
    assert "Förbundet följer Rådet för kommunal redovisnings rekommendationer utan " \
           "avvikelser." in ex.page_with("Not 1 Redovisnings")
    bal = ex.page_with("Pensionsförpliktelser som inte har tagits upp")
    assert "avsättningarna 5 99 408" in bal  # the line, its note and the figure


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_required_notes_present_or_warned(built, name) -> None:
    """The revision cost note and Not 1's statement on RKR's recommendations: in the data,
    or check warns naming the part and the chapter (a seed's figure is never invented)."""
    b = built[name]
    kinds = {n.typ for n in b.result.rapport.noter}
    warned = {p.check: p.message for p in b.result.problems}
    if "revision" not in kinds:
        assert "LKBR 9 kap." in warned["revisionsnot_anges"]
    not_1 = next(n for n in b.result.rapport.noter if n.nr == 1)
    if not_1.avvikelser_rkr is None:
        assert "Rådet för kommunal redovisning" in warned["rkr_avvikelser_anges"]
    assert not {"notspecifikation_stammer", "pensionsnot_stammer", "leasing_stammer"} & set(warned)


# ------------------------------------------------ förvaltningsberättelsen, LKBR 11 kap., R15

def _body(b: Built) -> str:
    """The report's text after the table of contents (whose lines have dot leaders)."""
    return " ".join(p for p in b.pages if "....." not in p)


def in_order(text: str, parts: list[str], what: str) -> None:
    """Each of *parts* occurs in *text* after the one before it (a heading's number may be
    glued to its words in the extracted text, so no word boundaries here)."""
    at, text = 0, text.casefold()
    for part in parts:
        found = text.find(part.casefold(), at)
        assert found >= 0, f"{what}: '{part}' saknas eller står i fel ordning"
        at = found + len(part)


def _warned(b: Built, check_name: str) -> list:
    return [p for p in b.result.problems if p.check == check_name]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_handelser_efter_balansdagen_its_own_part_or_warned(built, name) -> None:
    """Händelser efter balansdagen: its own part, after the year's händelser and before the
    förväntad utveckling, with the events or 'inga' in words; else check warns."""
    b = built[name]
    given = b.result.indata.arsfil.arsredovisning.handelser_efter_balansdagen
    body = _body(b)
    if given is None:
        (p,) = _warned(b, "handelser_efter_balansdagen_anges")
        assert "LKBR 11 kap." in p.message and "Händelser efter balansdagen" in p.message
        assert "Händelser efter balansdagen" not in body  # nothing invented
        return
    shown = ("Inga väsentliga händelser har inträffat efter balansdagen." if given.inga
             else norm(given.text or "").split(".")[0])
    # the extracted text may put a page's headings after its paragraphs: the headings are
    # asserted in order among themselves, the part's text on its own
    in_order(body, ["Händelser av väsentlig betydelse", "Händelser efter balansdagen",
                    "Förväntad utveckling"], f"{name}: förvaltningsberättelsen")
    assert norm(shown) in body


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_god_ekonomisk_hushallning_goals_assessed_and_concluded(built, name) -> None:
    """Every goal with the year's bedömning in words (or a warning naming it), and the
    styrelse's samlad bedömning (or a warning) before the goals."""
    b = built[name]
    rapport = b.result.rapport
    if not rapport.malvyer:
        assert not _warned(b, "samlad_bedomning_anges")
        pytest.skip(f"{name} har inga mål")
    body = _body(b)
    # the PDF's text has the symbol beside the word (it is hidden only from screen readers,
    # in the HTML); the word must be there without it
    words = norm(re.sub("[✓✗◐…]", " ", body))
    warned = {p.field for p in _warned(b, "mal_bedomda")}
    for i, v in enumerate(rapport.malvyer):
        if v.arsbedomd:
            in_order(words, [v.mal.rubrik, f"Bedömning: {v.status}"], name)
        else:
            assert f"mal[{i}].bedomning" in warned, f"{name}: {v.mal.rubrik} varken bedöms "
    if rapport.samlad_bedomning:
        in_order(body, ["Styrelsens samlade bedömning",
                               norm(rapport.samlad_bedomning).split(".")[0],
                               rapport.malvyer[0].mal.rubrik], name)
    else:
        assert _warned(b, "samlad_bedomning_anges")


def test_skane_nordost_goals_are_the_seeds_without_invented_verdicts(built) -> None:
    """The seed concludes on the goals together but assesses none of them one by one."""
    b = built["skane-nordost-2023"]
    assert not any(v.arsbedomd for v in b.result.rapport.malvyer)
    assert len(_warned(b, "mal_bedomda")) == len(b.result.rapport.malvyer)
    assert "målen har i all väsentlighet uppnåtts" in _body(b)
    assert b.result.rapport.utkast


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_flerarsoversikt_rows_defined_under_the_table(built, name) -> None:
    b = built[name]
    f = b.result.rapport.flerarsoversikt
    body = _body(b)
    if not f or not f.ar or "Definitioner" not in body:
        pytest.skip(f"{name} visar ingen flerårsöversikt")
    rows = [r for r in f.rader]
    in_order(body, ["Flerårsöversikt", *[r.text for r in rows], "Definitioner",
                           *[r.definition for r in rows]], f"{name}: flerårsöversikten")
    for text in f.fotnoter:
        assert norm(text) in body


def test_exempel_earlier_year_on_another_basis_has_a_footnote(built) -> None:
    f = built["exempel-2024"].result.rapport.flerarsoversikt
    kostnader = next(r for r in f.rader if r.text == "Verksamhetens kostnader")
    assert kostnader.fotnoter[f.ar.index(2022)] == 1
    assert f.fotnoter[0].startswith("Inklusive avskrivningar")
