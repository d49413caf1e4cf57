"""Issue #17: the delårsrapport and the economy in every tertialrapport.

The invented förbund in tests/fixtures/delar/delby/ has consistent T1 and T2 figures and a
prior year whose januari–augusti is the comparative. The tests check the computed views,
the period selection (--period, --per), the rendered PDF's text, and make every check of
reportgen/checks/delar.py fail on a broken copy, asserting its message and its line.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from reportgen.build import REPORTS, build, check, reports_in
from reportgen.cli import main
from reportgen.compute.delar import compute_delarsrapport
from reportgen.compute.tertial import compute_tertial
from reportgen.compute.vy import Delarsrapport
from reportgen.errors import InputError
from reportgen.sources import read

FIXTURE = Path(__file__).parent / "fixtures" / "delar" / "delby"
ROOT = Path(__file__).resolve().parent.parent


def norm(text: str) -> str:
    return " ".join(text.replace("\u2212", "-").replace("\xa0", " ").replace("\u202f", " ")
                    .split())


@pytest.fixture
def case(tmp_path: Path):
    """Copy the fixture; return a function that edits one of its files and checks a report."""
    folder = tmp_path / "delby"
    shutil.copytree(FIXTURE, folder)

    def run(old: str | None = None, new: str | None = None, file: str = "2024.yaml",
            report: str = "delarsrapport", period: str | None = "T2"):
        path = folder / file
        if old is not None:
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{old!r} ska finnas en gång i {file}"
            path.write_text(text.replace(old, new or "", 1), encoding="utf-8")
        return check(folder / "2024.yaml", report, period)

    run.folder = folder  # type: ignore[attr-defined]
    return run


def line_of(path: Path, needle: str, *after: str) -> int:
    """The first line holding *needle* after the lines holding each of *after*, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    for anchor in after:
        start = next(i for i in range(start, len(lines)) if anchor in lines[i]) + 1
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    raise AssertionError(needle)


def only(result, name: str):
    found = [p for p in result.problems if p.check == name]
    assert found, f"{name} rapporterade inget; fick {[str(p) for p in result.problems]}"
    return found


def delar() -> Delarsrapport:
    return compute_delarsrapport(read(FIXTURE / "2024.yaml"), "T2")


# ------------------------------------------------------------------------- the views

def test_fixture_is_consistent_for_every_report() -> None:
    for report, period in reports_in(FIXTURE / "2024.yaml"):
        result = check(FIXTURE / "2024.yaml", report, period)
        assert [str(p) for p in result.problems] == [], (report, period)


def test_reports_in_lists_the_delarsrapport_for_t2_only() -> None:
    assert reports_in(FIXTURE / "2024.yaml") == [
        ("tertialrapport", "T1"), ("tertialrapport", "T2"), ("delarsrapport", "T2")]
    assert REPORTS["delarsrapport"].filename("T2") == "delarsrapport-T2"


def test_resultatrakning_has_period_comparative_prognos_and_budget() -> None:
    rr = delar().resultatrakning
    assert rr is not None
    assert rr.kolumner == ["2024-01-01\xa0– 2024-08-31", "2023-01-01\xa0– 2023-08-31",
                           "Prognos 2024", "Budget 2024"]
    intakter = rr.rad("verksamhetens_intakter")
    assert (intakter.belopp, intakter.foregaende, intakter.fler) == (
        Decimal(8000000), Decimal(8000000), [Decimal(12000000), Decimal(12000000)])
    res = rr.rad("arets_resultat")
    assert res.text == "Periodens resultat"
    # period 8 000 000 − 7 680 000; prior period incl. 3 000 finansiella intäkter;
    # prognos 12 000 000 − 11 580 000; budget from the driftredovisning 12 000 000 − 11 700 000
    assert (res.belopp, res.foregaende, res.fler) == (
        Decimal(320000), Decimal(603000), [Decimal(420000), Decimal(300000)])


def test_balansrakning_at_period_end_beside_prior_closing_balance() -> None:
    br = delar().balansrakning
    assert br is not None
    assert br.kolumner == ["2024-08-31", "2023-12-31"]
    assert br.rad("summa_tillgangar").belopp == Decimal(4425000)
    assert br.rad("summa_tillgangar").foregaende == Decimal(4300000)
    assert br.rad("eget_kapital").belopp == Decimal(3825000)  # 3 505 000 + 320 000


def test_kassaflode_of_the_period() -> None:
    kf = delar().kassaflodesanalys
    assert kf is not None
    assert kf.rad("lopande_verksamheten").belopp == Decimal(200000)
    assert kf.rad("likvida_medel_utgaende").text == "Likvida medel vid periodens slut"
    assert kf.rad("likvida_medel_utgaende").belopp == Decimal(4200000)


def test_balanskrav_is_computed_on_the_prognos() -> None:
    rapport = delar()
    assert rapport.balanskrav is not None
    assert rapport.balanskrav.rad("balanskravsresultat").belopp == Decimal(420000)
    prognos = rapport.tertial.prognos
    assert prognos is not None
    assert (prognos.arets_resultat, prognos.budgeterat_resultat, prognos.avvikelse,
            prognos.balanskravsresultat, prognos.kalla) == (
        Decimal(420000), Decimal(300000), Decimal(120000), Decimal(420000), "resultatrakning")


def test_prognos_adjustments_change_the_balanskravsresultat(case) -> None:
    result = case("""        verksamhetens_kostnader: -11580000
""", """        verksamhetens_kostnader: -11580000
      balanskrav:
        reservering_rur: 100000
""")
    assert not result.errors
    assert result.rapport.balanskrav.rad("balanskravsresultat").belopp == Decimal(320000)


def test_tertialrapport_t1_prognos_from_the_budget_rows() -> None:
    rapport = compute_tertial(read(FIXTURE / "2024.yaml"), "T1")
    prognos = rapport.tertial.prognos
    assert prognos is not None and prognos.kalla == "budgetrader"
    assert prognos.arets_resultat == Decimal(12000000 - 2650000 - 8800000)


def test_tertialrapport_insatser_with_participants_by_kon() -> None:
    vy = compute_tertial(read(FIXTURE / "2024.yaml"), "T2").tertial
    assert vy.insatser is not None
    steget, vagen, total = vy.insatser.rader
    assert (steget.budget_hittills, steget.utfall, steget.avvikelse) == (
        Decimal(3333333), Decimal(3300000), Decimal(33333))
    assert vagen.deltagare == 41  # kvinnor + män, deltagare not typed
    assert (total.namn, total.utfall, total.deltagare, total.kvinnor, total.man) == (
        "Summa insatser", Decimal(5900000), 103, 55, 48)
    assert vy.insatser.har_kon


def test_t1_total_by_kon_sums_the_insatser_that_report_kon() -> None:
    # Vägen in reports no kön in T1: the total by kön is Steget's, and the note says so
    # (before, the total was blank as soon as one insats lacked a value).
    vy = compute_tertial(read(FIXTURE / "2024.yaml"), "T1").tertial
    assert vy.insatser is not None
    total = vy.insatser.rader[-1]
    assert (total.deltagare, total.kvinnor, total.man) == (65, 22, 18)
    assert isinstance(total.kvinnor, int) and isinstance(total.budget_ar, Decimal)
    assert vy.insatser.delsummor == ["kvinnor", "man"]


def test_complete_totals_are_not_flagged_as_partial() -> None:
    vy = compute_tertial(read(FIXTURE / "2024.yaml"), "T2").tertial
    assert vy.insatser is not None and vy.insatser.delsummor == []


def test_text_quotes_period_figures() -> None:
    rapport = delar()
    assert rapport.figurer["period_arets_resultat"] == Decimal(320000)
    assert rapport.figurer["prognos_arets_resultat"] == Decimal(420000)


# ------------------------------------------------------------------------- the period

@pytest.mark.parametrize("text", ["T2", "t2", "2024-08-31"])
def test_period_by_name_or_date(text: str) -> None:
    assert delar().tertial.period == compute_delarsrapport(
        read(FIXTURE / "2024.yaml"), text).tertial.period == "T2"


def test_date_outside_the_year_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        compute_delarsrapport(read(FIXTURE / "2024.yaml"), "2023-08-31")
    (p,) = exc.value.problems
    assert p.message == "perioden per 2023-08-31 ligger inte i rapportåret 2024"
    assert p.location is not None and p.location.file.endswith("2024.yaml")


def test_date_not_at_a_period_end_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        compute_delarsrapport(read(FIXTURE / "2024.yaml"), "2024-06-30")
    (p,) = exc.value.problems
    assert "är inte slutet av en period" in p.message
    assert "2024-08-31 (T2)" in (p.hint or "")


def test_period_without_resultatrakning_is_refused(case) -> None:
    result = case(report="delarsrapport", period="T3")
    assert result.rapport is None
    assert any("ingen uppföljning för T3" in p.message or "T3" in p.message
               for p in result.problems)


def test_cli_build_per_date_writes_html_and_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "delby"
    shutil.copytree(FIXTURE, folder)
    out = tmp_path / "build"
    res = CliRunner().invoke(main, ["build", str(folder / "2024.yaml"), "--report",
                                    "delarsrapport", "--per", "2024-08-31", "--out", str(out),
                                    "-q"])
    assert res.exit_code == 0, res.output
    target = out / "delby" / "2024"
    assert sorted(p.name for p in target.iterdir()) == ["delarsrapport-T2.html",
                                                       "delarsrapport-T2.pdf"]


def test_cli_per_and_period_together_is_a_usage_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["build", str(FIXTURE / "2024.yaml"), "--report",
                                    "delarsrapport", "--per", "2024-08-31", "--period", "T2",
                                    "--out", str(tmp_path)])
    assert res.exit_code != 0
    assert "--per" in res.output


# ------------------------------------------------------------------------- the PDFs

@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("delar-pdf")
    texts: dict[str, list[str]] = {}
    for report, period in (("delarsrapport", "T2"), ("tertialrapport", "T1"),
                           ("tertialrapport", "T2")):
        written, _ = build(FIXTURE / "2024.yaml", report, formats=("pdf",), out=out,
                           period=period)
        reader = pypdf.PdfReader(written[0])
        texts[f"{report}-{period}"] = [norm(page.extract_text()) for page in reader.pages]
    return texts


def test_delarsrapport_pdf_has_the_parts_rkr_r17_asks_for(pdfs) -> None:
    text = " ".join(pdfs["delarsrapport-T2"])
    for heading in ("Delårsrapport 2024", "Förenklad förvaltningsberättelse",
                    "Väsentliga händelser", "Mål och god ekonomisk hushållning",
                    "Balanskravsresultat enligt prognos", "Förväntad utveckling",
                    "Resultaträkning", "Balansräkning", "Kassaflödesanalys",
                    "Not 1 Redovisningsprinciper"):
        assert heading in text, heading
    assert "Periodens resultat 320 000 603 000 420 000 300 000" in text
    assert "Summa tillgångar 4 425 000 4 300 000" in text
    assert "= Balanskravsresultat 420 000" in text
    assert "Periodens resultat är 320 000 kr" in text  # {{period_arets_resultat}}


def test_delarsrapport_statements_start_on_their_own_page(pdfs) -> None:
    pages = pdfs["delarsrapport-T2"]
    rr = next(i for i, p in enumerate(pages) if "Resultaträkning Belopp i kr" in p)
    assert "Förväntad utveckling" not in pages[rr]


def test_tertialrapport_pdfs_have_the_economic_follow_up(pdfs) -> None:
    t1 = " ".join(pdfs["tertialrapport-T1"])
    assert "Insatser januari – april 2024" in t1
    assert "Prognos för årets resultat 2024 550 000 kr" in t1
    assert "Prognosen är summan av budgetradernas prognoser" in t1
    t2 = " ".join(pdfs["tertialrapport-T2"])
    assert "Summa insatser 9 000 000 6 000 000 5 900 000 100 000 8 900 000 103 55 48" in t2
    assert "Balanskravsresultat enligt prognosen 420 000 kr" in t2


# ------------------------------------------------------------------------- the checks

def test_period_balance_sheet_does_not_balance(case) -> None:
    result = case("        kassa_och_bank: 4200000", "        kassa_och_bank: 4200001")
    (p,) = only(result, "delar_balanserar")
    assert p.message.startswith("balansräkningen per 2024-08-31 (T2) balanserar inte")
    assert "4\xa0425\xa0001" in p.message
    assert p.location.line == line_of(case.folder / "2024.yaml", "balansrakning:", "tertial:",
                                                "  T2:")
    assert p.location.file.endswith("2024.yaml")


def test_period_result_differs_from_budget_rows(case) -> None:
    result = case("{id: personal, utfall: 1780000, prognos: 2680000}",
                  "{id: personal, utfall: 1790000, prognos: 2680000}")
    problems = only(result, "delar_resultat_samma")
    assert any("periodens resultat T2 i budgetuppföljningen" in p.message for p in problems)
    assert problems[0].location.line == line_of(case.folder / "2024.yaml", "budget:",
                                                "tertial:", "  T2:")


def test_period_result_typed_in_the_balance_sheet_differs(case) -> None:
    result = case("        ingaende: 3505000\n",
                  "        ingaende: 3505000\n        arets_resultat: 302000\n")
    problems = only(result, "delar_resultat_samma")
    assert "i balansräkningen skiljer sig" in problems[0].message
    assert problems[0].location.line == line_of(case.folder / "2024.yaml",
                                                "arets_resultat: 302000")


def test_typed_prognos_total_is_checked(case) -> None:
    result = case("        verksamhetens_kostnader: -11580000\n",
                  "        verksamhetens_kostnader: -11580000\n        arets_resultat: 402000\n")
    (p,) = only(result, "delar_typad_summa")
    assert p.message.startswith("T2: prognosen, arets resultat: 402\xa0000 står i filen")
    assert p.location.line == line_of(case.folder / "2024.yaml", "arets_resultat: 402000")


def test_prognos_rows_must_sum_to_the_prognos(case) -> None:
    result = case("{id: insatser, utfall: 5900000, prognos: 8900000}",
                  "{id: insatser, utfall: 5900000, prognos: 8800000}")
    problems = only(result, "delar_prognos_summerar")
    assert problems[0].message.startswith(
        "prognosen T2 för årets resultat skiljer sig från summan av budgetradernas prognoser")
    assert problems[0].location.line == line_of(case.folder / "2024.yaml", "resultatrakning:",
                                                "tertial:", "  T2:", "    prognos:")


def test_opening_equity_must_be_prior_closing_equity(case) -> None:
    result = case("        ingaende: 3505000", "        ingaende: 3500000")
    problems = only(result, "delar_eget_kapital_rullar")
    assert problems[0].message.startswith("ingående eget kapital T2 ska vara utgående eget "
                                          "kapital 2023")
    assert problems[0].location.line == line_of(case.folder / "2024.yaml",
                                                "ingaende: 3500000")


def test_period_cash_flow_must_reach_the_balance_sheet(case) -> None:
    # A financed purchase typed without its asset: the cash flow no longer ends at the bank.
    result = case("    prognos:\n      resultatrakning:",
                  "    kassaflodesanalys:\n      investeringsverksamheten: -50000\n"
                  "    prognos:\n      resultatrakning:")
    (p,) = only(result, "delar_kassaflode")
    assert "likvida medel vid periodens slut (T2) stämmer inte" in p.message
    assert p.location.line == line_of(case.folder / "2024.yaml", "kassa_och_bank: 4200000")


def test_delarsrapport_for_four_months_is_refused(case) -> None:
    result = case(period="T1")
    (p,) = only(result, "delar_period")
    assert "minst hälften och högst två tredjedelar" in p.message and "4 månader" in p.message
    assert p.location.line == line_of(case.folder / "2024.yaml", "T1:", "tertial:")


def test_comparative_period_must_be_as_long(case) -> None:
    (case.folder / "2023.yaml").unlink()
    result = case("    delarsrapport:\n", "    jamforelse:\n      fran: 2023-01-01\n"
                  "      till: 2023-06-30\n      resultatrakning:\n"
                  "        verksamhetens_intakter: 6000000\n"
                  "        verksamhetens_kostnader: -5500000\n    delarsrapport:\n")
    (p,) = only(result, "delar_jamforelse")
    assert p.message == ("jämförelseperioden 2023-01-01 – 2023-06-30 är 6 månader, men "
                         "perioden T2 är 8 månader")
    assert p.location.line == line_of(case.folder / "2024.yaml", "till: 2023-06-30")


def test_comparative_period_must_be_in_the_prior_year(case) -> None:
    (case.folder / "2023.yaml").unlink()
    result = case("    delarsrapport:\n", "    jamforelse:\n      fran: 2024-01-01\n"
                  "      till: 2024-08-31\n      resultatrakning:\n"
                  "        verksamhetens_intakter: 6000000\n"
                  "        verksamhetens_kostnader: -5500000\n    delarsrapport:\n")
    problems = only(result, "delar_jamforelse")
    assert problems[0].message == ("jämförelseperioden T2 ska ligga i föregående år 2023, "
                                   "men fran: 2024-01-01")
    assert problems[0].location.line == line_of(case.folder / "2024.yaml", "fran: 2024-01-01")


def test_typed_comparative_is_used_without_the_prior_file(case) -> None:
    (case.folder / "2023.yaml").unlink()
    result = case("    delarsrapport:\n", "    jamforelse:\n      fran: 2023-01-01\n"
                  "      till: 2023-08-31\n      resultatrakning:\n"
                  "        verksamhetens_intakter: 6000000\n"
                  "        verksamhetens_kostnader: -5500000\n    delarsrapport:\n")
    assert not result.errors, [str(p) for p in result.errors]
    assert result.rapport.resultatrakning.rad("arets_resultat").foregaende == Decimal(500000)


def test_missing_comparative_warns(case) -> None:
    (case.folder / "2023.yaml").unlink()
    result = case()
    (p,) = only(result, "delar_jamforelse_saknas")
    assert p.severity == "varning"
    assert p.message == "delårsrapporten saknar jämförelsesiffror för samma period 2023"
    assert p.location.line == line_of(case.folder / "2024.yaml", "resultatrakning:",
                                      "tertial:", "  T2:")


def test_unknown_insats_and_too_many_by_kon(case) -> None:
    result = case("{id: steget, utfall: 3300000, prognos: 4950000, deltagare: 62, kvinnor: 35",
                  "{id: stegett, utfall: 3300000, prognos: 4950000, deltagare: 60, kvinnor: 35",
                  report="tertialrapport")
    problems = only(result, "delar_insatser")
    messages = [p.message for p in problems]
    assert "insatsen 'stegett' finns inte bland insatser:" in messages
    assert "insatsen 'stegett' T2: kvinnor och män är 62, fler än deltagarna (60)" in messages
    line = line_of(case.folder / "2024.yaml", "id: stegett")
    assert all(p.location.line == line for p in problems)


def test_tertialrapport_without_figures_warns(case) -> None:
    text = (case.folder / "2024.yaml").read_text(encoding="utf-8")
    start = text.index("    budget:\n      - {id: personal, utfall: 850000")
    end = text.index("  T2:\n", start)
    (case.folder / "2024.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    result = case(report="tertialrapport", period="T1")
    (p,) = only(result, "tertial_ekonomi_saknas")
    assert p.severity == "varning"
    assert p.message.startswith("tertialrapporten T1 har ingen ekonomisk uppföljning i siffror")
    assert p.location.line == line_of(case.folder / "2024.yaml", "T1:", "tertial:")


def test_seed_example_warns_that_its_t1_has_no_figures() -> None:
    """Skåne Nordost's T1 report (the seed) has no budget figures: check says so."""
    result = check(ROOT / "data" / "skane-nordost" / "2022.yaml", "tertialrapport", "T1")
    assert [p.check for p in result.problems] == ["tertial_ekonomi_saknas"]


# ------------------------------------------------------------------------- from the books

EXEMPEL = ROOT / "data" / "exempel" / "2024.yaml"


def test_exempel_period_figures_come_from_the_sie_period_balances() -> None:
    """data/exempel's T1 and T2 resultaträkning and year budget are #PSALDO/#PBUDGET sums."""
    indata = read(EXEMPEL)
    t1 = indata.arsfil.tertial.T1
    t2 = indata.arsfil.tertial.T2
    assert t1 is not None and t1.resultatrakning is not None
    assert t2 is not None and t2.resultatrakning is not None
    assert t1.resultatrakning.verksamhetens_intakter.belopp == Decimal(2000000)
    assert t2.resultatrakning.verksamhetens_intakter.belopp == Decimal(3000000)
    assert t2.resultatrakning.verksamhetens_kostnader.belopp == Decimal(-2480000)
    budget = indata.arsfil.tertial.arsbudget
    assert budget is not None and budget.verksamhetens_intakter.belopp == Decimal("3999996")


def test_typed_period_figure_is_compared_with_the_books(tmp_path: Path) -> None:
    folder = tmp_path / "exempel"
    shutil.copytree(EXEMPEL.parent, folder)
    path = folder / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  T1:\n    ekonomi: |\n"
    path.write_text(text.replace(old, "  T1:\n    resultatrakning:\n"
                                      "      verksamhetens_intakter: 2000100\n"
                                      "      verksamhetens_kostnader: -1160000\n"
                                      "    ekonomi: |\n", 1), encoding="utf-8")
    result = check(path, "tertialrapport", "T1")
    found = [p for p in result.problems if "2\xa0000\xa0100" in p.message]
    assert found, [str(p) for p in result.problems]
    assert "bokföringen ger 2\xa0000\xa0000" in found[0].message
    assert found[0].location.line == line_of(path, "verksamhetens_intakter: 2000100")


@pytest.fixture(scope="module")
def exempel_pdfs(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("exempel-pdf")
    texts: dict[str, str] = {}
    for report, period in (("tertialrapport", "T1"), ("tertialrapport", "T2"),
                           ("tertialrapport", "T3"), ("delarsrapport", "T2")):
        written, _ = build(EXEMPEL, report, formats=("pdf",), out=out, period=period)
        reader = pypdf.PdfReader(written[0])
        texts[f"{report}-{period}"] = norm(" ".join(p.extract_text() for p in reader.pages))
    return texts


def test_exempel_delarsrapport_pdf(exempel_pdfs) -> None:
    text = exempel_pdfs["delarsrapport-T2"]
    assert "Delårsrapport 2024" in text
    # period (books), januari–augusti 2023 (books, #PSALDO -1), prognos (typed), budget
    assert "Periodens resultat 520 000 -86 672 150 000 129 996" in text
    assert "Summa tillgångar 3 320 000 3 000 000" in text  # #IB + movements; 2023's #UB
    assert "Likvida medel vid periodens slut 3 320 000" in text
    assert "= Balanskravsresultat 150 000" in text
    assert "Summa insatser" in text
    # Budget helår, deltagare, kvinnor and män: summed over the insatser that have a value
    # (one insats has no annual budget, one reports participants), said in the note.
    assert "Summa insatser 1 884 000 1 816 000 1 760 000 56 000 40 22 18" in text
    assert ("I summaraden räknas budget helår, deltagare, kvinnor och män bara för de "
            "insatser som redovisar ett värde.") in text


def test_exempel_tertial_insats_totals_are_summed(exempel_pdfs) -> None:
    t1 = exempel_pdfs["tertialrapport-T1"]
    assert "Summa insatser 1 884 000 908 000 800 000 108 000 22 12 10" in t1
    t3 = exempel_pdfs["tertialrapport-T3"]
    assert "Summa insatser 1 884 000 2 724 000 2 400 000 324 000 2 400 000" in t3
    assert "I summaraden räknas budget helår bara för de insatser som redovisar ett värde." in t3


def test_exempel_balance_sheet_and_comparative_come_from_the_books() -> None:
    t2 = read(EXEMPEL).arsfil.tertial.T2
    assert t2 is not None and t2.balansrakning is not None and t2.jamforelse is not None
    assert t2.balansrakning.omsattningstillgangar.kassa_och_bank.belopp == Decimal(3320000)
    assert t2.balansrakning.skulder.kortfristiga.belopp == Decimal(0)
    assert t2.balansrakning.eget_kapital.ingaende.belopp == Decimal(2800000)
    assert (t2.jamforelse.fran.isoformat(), t2.jamforelse.till.isoformat()) == (
        "2023-01-01", "2023-08-31")
    # 2023's result accounts month by month: 8/12 of #RES -1 in whole kronor per month
    assert t2.jamforelse.resultatrakning.verksamhetens_intakter.belopp == Decimal(
        8 * 158333 + 8 * 79166 + 8 * 79166)


def test_exempel_insatser_so_far_come_from_the_objects() -> None:
    vy = compute_tertial(read(EXEMPEL), "T2").tertial
    assert vy.insatser is not None and vy.insatser.har_periodbudget
    rows = {r.id: r for r in vy.insatser.rader}
    arbetstraning = rows["arbetstraning"]
    assert (arbetstraning.utfall, arbetstraning.budget_hittills, arbetstraning.deltagare,
            arbetstraning.kvinnor) == (Decimal(8 * 150000), Decimal(8 * 145000), 31, 17)
    assert rows["natverk"].utfall == Decimal(8 * 10000) and rows["natverk"].deltagare is None


@pytest.mark.parametrize("period,result", [("T1", "840 000"), ("T2", "520 000")])
def test_exempel_tertial_pdfs_quote_the_books(exempel_pdfs, period, result) -> None:
    text = exempel_pdfs[f"tertialrapport-{period}"]
    assert "Tertialrapport Samordningsförbundet Exempel 2024" in text
    assert "Ekonomisk hushållning och budgetuppföljning" in text
    if period == "T2":
        assert f"Periodens resultat är {result} kr" in text


def test_exempel_t3_prognos_is_the_years_outcome(exempel_pdfs) -> None:
    rapport = compute_tertial(read(EXEMPEL), "T3")
    assert rapport.tertial.prognos is not None
    assert rapport.tertial.prognos.arets_resultat == rapport.arsfigurer.cur.rr["arets_resultat"]
    assert "Årets resultat 2024" in exempel_pdfs["tertialrapport-T3"]
    assert "För helåret är det årets utfall enligt resultaträkningen" in exempel_pdfs[
        "tertialrapport-T3"]


def test_typed_insats_figure_is_compared_with_the_books(tmp_path: Path) -> None:
    folder = tmp_path / "exempel"
    shutil.copytree(EXEMPEL.parent, folder)
    path = folder / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - {id: arbetstraning, deltagare: 31, kvinnor: 17, man: 14}"
    assert old in text
    path.write_text(text.replace(old, "      - {id: arbetstraning, utfall: 1250000, "
                                      "deltagare: 31, kvinnor: 17, man: 14}"), encoding="utf-8")
    result = check(path, "tertialrapport", "T2")
    (p,) = [p for p in result.problems if "arbetstraning" in p.message]
    assert p.message == ("årsfilen anger 1\xa0250\xa0000 kr, men bokföringen ger "
                         "1\xa0200\xa0000 kr för utfallet T2 för insatsen arbetstraning "
                         "(skillnad 50\xa0000 kr)")
    assert p.location.line == line_of(path, "utfall: 1250000")


def test_note_on_a_period_line_warns_that_it_is_not_shown(case) -> None:
    result = case("      verksamhetens_intakter: 8000000\n      verksamhetens_kostnader: -7680000",
                  "      verksamhetens_intakter: {belopp: 8000000, not: intakter}\n"
                  "      verksamhetens_kostnader: -7680000")
    problems = only(result, "delar_not")
    assert problems[0].severity == "varning"
    assert problems[0].message.startswith("delårsrapporten visar inga noter till periodens rader")
    assert problems[0].location.line == line_of(case.folder / "2024.yaml", "not: intakter")



def test_tertialrapport_result_against_the_budget_so_far() -> None:
    """Delby T2: the year's budget (from the driftredovisning) ×8/12 per line."""
    r = compute_tertial(read(FIXTURE / "2024.yaml"), "T2").tertial.resultat
    assert r is not None and r.periodbudget_kalla == "jamn"
    rows = {x.id: x for x in r.rader}
    assert list(rows) == ["verksamhetens_intakter", "verksamhetens_kostnader", "arets_resultat"]
    res = rows["arets_resultat"]
    assert (res.budget_ar, res.budget_period, res.utfall, res.avvikelse, res.prognos) == (
        Decimal(300000), Decimal(200000), Decimal(320000), Decimal(120000), Decimal(420000))
    assert rows["verksamhetens_kostnader"].avvikelse == Decimal(120000)  # −7 680 000 vs −7 800 000


def test_exempel_budget_so_far_comes_from_the_books() -> None:
    r = compute_tertial(read(EXEMPEL), "T1").tertial.resultat
    assert r is not None and r.periodbudget_kalla == "typad"
    rows = {x.id: x for x in r.rader}
    assert rows["verksamhetens_intakter"].budget_period == Decimal(4 * 333333)
    monthly_costs = 230000 + 62000 + 22500 + 8000
    assert rows["verksamhetens_kostnader"].budget_period == Decimal(-4 * monthly_costs)
    assert rows["arets_resultat"].utfall == Decimal(840000)



def test_t3_without_period_figures_is_the_years_own_statements() -> None:
    """Skåne Nordost 2023 (its seed is the annual report): the T3 tertialrapport's economy is
    the year's resultaträkning and driftredovisning budget, nothing typed for T3."""
    path = ROOT / "data" / "skane-nordost" / "2023.yaml"
    result = check(path, "tertialrapport", "T3")
    assert "tertial_ekonomi_saknas" not in [p.check for p in result.problems]
    vy = result.rapport.tertial
    rows = {x.id: x for x in vy.resultat.rader}
    assert rows["arets_resultat"].utfall == result.rapport.arsfigurer.cur.rr["arets_resultat"]
    assert rows["arets_resultat"].utfall == Decimal(-579186)
    assert not vy.resultat.har_prognos  # the outcome is the prognos in T3
    assert vy.prognos.kalla == "utfall"
    assert vy.prognos.balanskravsresultat == result.rapport.arsfigurer.cur.bk[
        "balanskravsresultat"]
    # The annual figures are checked by the annual checks, not once more as a period.
    assert not any(p.check and p.check.startswith("delar_") for p in result.problems)
