"""Each cross-check, proven on a small consistent fixture and on a broken copy of it.

The fixture in tests/fixtures/mini/ holds two consistent years. Every test breaks one
figure the way the seeds' slips did and asserts the check's message and its line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import check


@pytest.fixture
def case(mini_check):
    """Edit the mini copy and check it (conftest.mini_check)."""
    return mini_check


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def only(result, check_name: str):
    found = [p for p in result.problems if p.check == check_name]
    assert found, f"{check_name} rapporterade inget; fick {[str(p) for p in result.problems]}"
    return found


def test_consistent_fixture_has_no_problems(case) -> None:
    result = case()
    assert [str(p) for p in result.problems] == []


def test_consistent_prior_year_has_no_problems(case) -> None:
    """2022 is the fixture's first year: consistent, but a draft without its 2021
    comparatives, its texts and its signatures (completeness problems, test_fardig.py)."""
    result = check(case.folder / "2022.yaml")
    assert not result.errors, [str(p) for p in result.errors]
    assert {p.check for p in result.problems} == {
        "jamforelse_saknas", "avsnitt_tomt", "underskrifter_kompletta",
        "handelser_efter_balansdagen_anges"}
    assert all(p.fullstandighet for p in result.problems)


def test_balance_sheet_off_by_a_krona(case) -> None:
    result = case("kortfristiga: 2841787", "kortfristiga: 2841786")
    (p,) = only(result, "balansrakning_balanserar")
    assert "balanserar inte" in p.message
    assert "11\xa0531\xa0758" in p.message and "11\xa0531\xa0759" in p.message
    assert p.location.line == line_of(case.folder / "2023.yaml", "balansrakning:")


def test_prior_year_balance_sheet_is_checked_too(case) -> None:
    result = case("kassa_och_bank: 9792928", "kassa_och_bank: 9792929", file="2022.yaml")
    problems = only(result, "balansrakning_balanserar")
    assert any("2022" in p.message and p.location.file.endswith("2022.yaml") for p in problems)


def test_typed_result_differs(case) -> None:
    result = case("arets_resultat: -579186", "arets_resultat: -579168")
    (p,) = only(result, "typad_summa")
    assert p.field == "resultatrakning.arets_resultat"
    assert p.location.line == line_of(case.folder / "2023.yaml", "arets_resultat: -579168")


def test_typed_total_assets_differs(case) -> None:
    result = case("summa_tillgangar: 11531759", "summa_tillgangar: 11531758")
    (p,) = only(result, "typad_summa")
    assert "11\xa0531\xa0758 står i filen" in p.message


def test_drift_result_missing_financial_row(case) -> None:
    result = case("    - {id: finansiellt, namn: Finansiella intäkter och kostnader, typ: intakt, "
                  "budget: 0, utfall: 251520}\n", "")
    (p,) = only(result, "driftredovisning_stammer")
    assert "driftredovisning" in p.message
    assert p.hint and "finansiella" in p.hint


def test_equity_does_not_roll_forward(case) -> None:
    result = case("ingaende: {belopp: 9269158", "ingaende: {belopp: 9269159")
    problems = only(result, "eget_kapital_rullar")
    assert "ingående eget kapital 2023" in problems[0].message
    assert problems[0].location.line == line_of(case.folder / "2023.yaml", "9269159")


def test_equity_of_prior_year_rolls_from_the_year_before(case) -> None:
    result = case("ingaende: {belopp: 2262458", "ingaende: {belopp: 2262459", file="2022.yaml")
    problems = only(result, "eget_kapital_rullar")
    assert any("2022" in p.message and p.location.file.endswith("2022.yaml") for p in problems)


def test_cash_flow_change_in_liabilities_typed_as_printed(case) -> None:
    result = case("forandring_skulder: 2055723", "forandring_skulder: 2055724")
    (p,) = only(result, "kassaflode_stammer")
    assert p.field == "kassaflodesanalys.forandring_skulder"


def test_cash_flow_closing_cash_follows_balance_sheet(case) -> None:
    result = case("kassa_och_bank: 11100428", "kassa_och_bank: 11100429")
    problems = only(result, "kassaflode_stammer")
    assert any("likvida medel" in p.message for p in problems)


def test_note_total_differs_from_statement_line(case) -> None:
    result = case("          - {namn: Övriga intäkter, belopp: 24104}\n", "")
    (p,) = only(result, "not_stammer")
    assert "Not 2 Verksamhetens intäkter" in p.message
    assert "12\xa0492\xa0000" in p.message and "12\xa0516\xa0104" in p.message


def test_note_with_reversed_sign_as_printed(case) -> None:
    result = case("{namn: Statliga medel, belopp: 6246000}",
                  "{namn: Statliga medel, belopp: -6246000}")
    assert only(result, "not_stammer")


def test_unknown_note_reference(case) -> None:
    result = case("not: intakter}", "not: intakt}")
    (p,) = only(result, "not_finns")
    assert "noten 'intakt' finns inte" in p.message


def test_prior_year_typed_here_differs_from_prior_file(case) -> None:
    result = case("ar: 2023\n", "ar: 2023\nforegaende_ar:\n  resultatrakning:\n"
                  "    verksamhetens_intakter: 12570001\n    verksamhetens_kostnader: -5563277\n")
    (p,) = only(result, "foregaende_ar_stammer")
    assert "2022.yaml" in p.message


def test_history_typed_for_a_computed_year(case) -> None:
    path = case.folder / "forbund.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "  - {ar: 2023, eget_kapital: 8689973}\n", encoding="utf-8")
    result = case()
    (p,) = only(result, "flerars_stammer")
    assert p.location.file.endswith("forbund.yaml")


def test_near_miss_number_in_running_text(case) -> None:
    result = case("det egna kapitalet {{eget_kapital}} kr", "det egna kapitalet 8 689 973 kr")
    (p,) = only(result, "text_figur")
    assert "8\xa0689\xa0973" in p.message and "eget_kapital" in p.message
    assert "{{eget_kapital}}" in p.hint


def test_unknown_figure_name_in_text(case) -> None:
    result = case("{{eget_kapital}}", "{{eget_kaptal}}")
    (p,) = only(result, "text_figur")
    assert "menade du {{eget_kapital}}" in p.hint


def test_unknown_member(case) -> None:
    result = case("utsedd_av: region, roll", "utsedd_av: regionen, roll")
    (p,) = only(result, "medlem_finns")
    assert p.hint == "menade du 'region'?"


def test_accepted_difference_becomes_a_warning(case) -> None:
    path = case.folder / "2023.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "godkanda_avvikelser:\n"
                    "  - {kontroll: balansrakning_balanserar, belopp: 1, "
                    "skal: Öresavrundning i bokslutet}\n"
                    "  - {kontroll: kassaflode_stammer, belopp: 1, "
                    "skal: Öresavrundning i bokslutet}\n",
                    encoding="utf-8")
    result = case("kortfristiga: 2841787", "kortfristiga: 2841786")
    balance = [p for p in result.problems if p.check == "balansrakning_balanserar"]
    assert balance and all(p.severity == "varning" for p in balance)
    assert "Öresavrundning" in balance[0].message


def test_annual_report_goal_status_is_computed_from_t3(case) -> None:
    """The annual report's goal section draws on the goals' T3 follow-up (issue 4)."""
    from reportgen.render import render_html

    path = case.folder / "2023.yaml"
    path.write_text(path.read_text(encoding="utf-8") + """mal:
  - id: hemsida
    rubrik: Aktiv hemsida
    malsattningar: [Minst 1 000 unika besökare under året]
    indikatorer:
      - {id: besok, namn: Unika besökare, malvarde: 1000, per: ar}
    uppfoljning:
      T3: {text: Hemsidan hade 3 350 unika besökare., utfall: {besok: 3350}}
""", encoding="utf-8")
    result = case()
    assert result.errors == []
    html = render_html(result.rapport, data_dir=case.folder)
    assert "Aktiv hemsida" in html and "Hemsidan hade 3 350 unika besökare." in html
    assert "✓</span> uppfyllt" in html and "beräknad ur indikatorerna" in html


# ------------------------------------------------------------------ checks of other leaves

def test_typed_sum_of_a_generic_table(case) -> None:
    """tabell_summa: a total typed on a table's sum row is compared with the rows."""
    path = case.folder / "2023.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("arsredovisning:\n", """\
arsredovisning:
  avsnitt:
    - rubrik: Insatser
      innehall:
        - tabell:
            kolumner: [{rubrik: Insats, format: text}, {rubrik: Kostnad}]
            rader:
              - [Steget, 100]
              - [Nästa steg, 250]
              - {celler: [Summa, 360], summa: true}
""", 1), encoding="utf-8")
    [problem] = only(case(), "tabell_summa")
    assert problem.location.line == line_of(path, "[Summa, 360]")
    assert "360 står i filen" in problem.message and "350" in problem.message


NNV = Path(__file__).parents[1] / "data" / "nnv-skane"


@pytest.fixture
def plan(tmp_path: Path):
    """A copy of the NNV Skåne plan; returns a function that edits and checks it."""
    folder = tmp_path / "nnv"
    shutil.copytree(NNV, folder)

    def run(old: str, new: str):
        path = folder / "2020.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return check(path, "verksamhetsplan"), path

    return run


def test_typed_budget_total_differs_from_its_rows(plan) -> None:
    """budget_typad_summa: the plan's summa kostnader as printed must equal its rows."""
    result, path = plan("summa_kostnader: 8361170", "summa_kostnader: 8361710")
    [problem] = only(result, "budget_typad_summa")
    assert problem.location.line == line_of(path, "summa_kostnader: 8361710")
    assert "8\xa0361\xa0710 står i filen" in problem.message
    assert "8\xa0361\xa0170" in problem.message


def test_budget_row_id_twice_in_a_year(plan) -> None:
    """budget_insats_id: an id may stand once per budget year."""
    result, path = plan("{id: forsta-steget-orkelljunga, text: Första steget Örkelljunga, "
                        "belopp: 740000}",
                        "{id: klientsupport-bastad, text: Första steget Örkelljunga, "
                        "belopp: 740000}")
    [problem] = only(result, "budget_insats_id")
    assert "två gånger" in problem.message
    assert problem.location.line == line_of(path, "id: klientsupport-bastad, text: Första")


def test_goal_without_follow_up_in_the_tertial_report(tmp_path: Path) -> None:
    """tertial_saknar_uppfoljning: a goal with nothing reported for the period warns."""
    folder = tmp_path / "sn"
    shutil.copytree(Path(__file__).parents[1] / "data" / "skane-nordost", folder)
    path = folder / "2022.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("    uppfoljning:")
    second = text.index("    uppfoljning:", first + 1)
    # The second goal's follow-up becomes a T2 one: T1 has nothing for it.
    path.write_text(text[:second] + text[second:].replace("      T1:", "      T2:", 1),
                    encoding="utf-8")
    result = check(path, "tertialrapport", "T1")
    [problem] = only(result, "tertial_saknar_uppfoljning")
    assert problem.severity == "varning" and "saknar uppföljning för T1" in problem.message
    assert problem.location.line == line_of(path, "- id: akademi")


def test_arets_resultat_in_the_cash_flow_differs(case) -> None:
    result = case("kassaflodesanalys:\n", "kassaflodesanalys:\n  arets_resultat: 1\n")
    found = only(result, "arets_resultat_samma")
    assert "kassaflödesanalysen" in found[0].message
    assert found[0].location.line == line_of(case.folder / "2023.yaml", "  arets_resultat: 1")
