"""The seeds' slips, entered as printed into a copy of the example data, are reported.

data/skane-nordost/ holds the correct figures; each test puts one printed (wrong) value
back and asserts the check that names it. The list of slips and why each printed value is
wrong is in tests/fixtures/slips/README.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import check

DATA = Path(__file__).parent.parent / "data" / "skane-nordost"


def _enter_as_printed(folder: Path):
    """A function that enters one slip as the seed printed it (a replacement that must
    match exactly once) and returns the problems of checking the 2023 file."""
    def enter_as_printed(file: str, old: str, new: str) -> list:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} ska stå exakt en gång i {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return check(folder / "2023.yaml").problems

    return enter_as_printed


@pytest.fixture
def skane_nordost(tmp_path: Path):
    folder = tmp_path / "skane-nordost"
    shutil.copytree(DATA, folder)

    return _enter_as_printed(folder)


def checks_of(problems) -> set[str]:
    return {p.check for p in problems if p.severity == "fel"}


def test_example_data_is_clean() -> None:
    # Two remarks: decided 2024-04-08, more than three months after the year, and what the
    # seed lacks of the law (issue 12): Panter och ansvarsförbindelser (LKBR 6 kap. 1 §),
    # a note on the revision cost and Not 1's statement on RKR's recommendations
    # (LKBR 9 kap.), händelser efter balansdagen and a bedömning of each of its eight goals
    # (LKBR 11 kap., RKR R15; it concludes on them together, arsredovisning.samlad_bedomning);
    # and one part the seed lacks: it prints "Vår revisionsberättelse har lämnats" without
    # the date.
    # Slip 16 is kept as printed, so the styrelse lists give two remarks: Sven Lundh's
    # ersättare seat and Meta Jarl's ledamot seat carry no fom/tom, read as the whole year.
    assert [(p.check, p.field) for p in check(DATA / "2023.yaml", slutlig=True).problems] == [
        ("beslutad_sent", "arsredovisning.beslutad"),
        ("styrelse_dubbel_roll", "organisation.styrelse.ersattare[1]"),
        ("styrelse_dubbel_roll", "organisation.styrelse.ersattare[2]"),
        ("pensionsforpliktelser_anges", "balansrakning.pensionsforpliktelser"),
        ("handelser_efter_balansdagen_anges", "arsredovisning.handelser_efter_balansdagen"),
        *[("mal_bedomda", f"mal[{i}].bedomning") for i in range(8)],
        ("revisorer_kompletta", "underskrifter.revisionsberattelse_datum"),
        ("revisionsnot_anges", "noter"),
        ("rkr_avvikelser_anges", "noter[0].avvikelser_rkr")]
    # 2022 is taken from the 2023 report's comparative column: the seeds have no 2021
    # figures (the report says so in words, arsredovisning.jamforelse_saknas) and no 2022
    # annual report (its texts, its signatures), so 2022 is a draft for exactly that reason.
    problems = check(DATA / "2022.yaml").problems
    assert not [str(p) for p in problems if p.severity == "fel"]
    # (and, as an annual report, its förvaltningsberättelse's parts of LKBR 11 kap.: the
    # tertial seed gives the goals' T1 status only, no year's bedömning)
    assert [(p.check, p.field) for p in problems if p.check != "avsnitt_tomt"] == [
        ("pensionsforpliktelser_anges", "balansrakning.pensionsforpliktelser"),
        ("handelser_efter_balansdagen_anges", "arsredovisning.handelser_efter_balansdagen"),
        *[("mal_bedomda", f"mal[{i}].bedomning") for i in range(10)],
        ("samlad_bedomning_anges", "arsredovisning.samlad_bedomning"),
        ("underskrifter_kompletta", "underskrifter"), ("revisionsnot_anges", "noter"),
        ("rkr_avvikelser_anges", "noter[0].avvikelser_rkr")]
    assert {p.field for p in problems if p.check == "avsnitt_tomt"} == {
        f"arsredovisning.texter.{t}" for t in (
            "om_forbundet", "styrelse", "beredningsgrupp", "kansli",
            "handelser_efter_balansdagen", "styrning", "forvantad_utveckling", "insatser",
            "underskrifter")} | {"noter[0]"}
    # noter[0]: Not 1 has neither text nor avvikelser_rkr (no 2022 report to take it from)


def test_slip_1_short_term_liabilities_off_by_a_krona(skane_nordost) -> None:
    problems = skane_nordost("2023.yaml", "kortfristiga: 2841787", "kortfristiga: 2841786")
    assert {"balansrakning_balanserar", "kassaflode_stammer"} <= checks_of(problems)
    balance = next(p for p in problems if p.check == "balansrakning_balanserar")
    assert balance.location.file.endswith("2023.yaml") and balance.location.line


def test_slip_2_equity_in_running_text(skane_nordost) -> None:
    problems = skane_nordost("2023.yaml", "egna kapitalet {{eget_kapital}} kr",
                             "egna kapitalet 8 689 973 kr")
    (p,) = [p for p in problems if p.check == "text_figur"]
    assert "8\xa0689\xa0973" in p.message and "8\xa0689\xa0972" in p.message


def test_slip_3_opening_equity_2022(skane_nordost) -> None:
    problems = skane_nordost("2022.yaml", "      belopp: 2262458\n      not: eget-kapital",
                             "      belopp: 2262459\n      not: eget-kapital")
    assert {"balansrakning_balanserar", "eget_kapital_rullar"} <= checks_of(problems)


def test_slip_4_note_2_printed_negative_without_other_income(skane_nordost, tmp_path) -> None:
    problems = skane_nordost("2023.yaml", "          - namn: Övriga intäkter\n"
                             "            belopp: 24104\n", "")
    (p,) = [p for p in problems if p.check == "not_stammer"]
    assert "12\xa0492\xa0000" in p.message and "12\xa0516\xa0104" in p.message


def test_slip_5_drift_table_without_financial_row(skane_nordost) -> None:
    problems = skane_nordost("2023.yaml", "      utfall: 251520\n", "      utfall: 0\n")
    assert {"driftredovisning_stammer", "typad_summa"} <= checks_of(problems)


def test_slip_7_to_9_avvikelse_sign_is_computed() -> None:
    rapport = check(DATA / "2023.yaml").rapport
    rows = {r.namn: r for r in rapport.driftredovisning.rader}
    assert rows["Verksamhetens intäkter"].avvikelse == 24104
    assert rows["Resultat"].avvikelse == -77636
    assert rows["Resultat"].fg_avvikelse == 7070769


def test_slip_16_ledamot_and_ersattare_at_once_as_printed() -> None:
    # Kept as printed: Meta Jarl ledamot (no fom/tom: the whole year) and ersättare t.o.m.
    # maj. The overlap rests on the undated seat, so it is a warning, pointing at the line.
    problems = [p for p in check(DATA / "2023.yaml").problems
                if p.check == "styrelse_dubbel_roll"]
    meta = next(p for p in problems if "Meta Jarl" in p.message)
    assert meta.severity == "varning" and meta.location.file.endswith("2023.yaml")
    lines = (DATA / "2023.yaml").read_text(encoding="utf-8").splitlines()
    ersattare = [n for n, line in enumerate(lines, start=1) if line == "      - namn: Meta Jarl"]
    assert meta.location.line == ersattare[-1]  # her ersättare seat, the second listing
    assert "t.o.m. maj" in meta.message and "2023-01-01 – 2023-05-31" in meta.message


def test_slip_16_dated_overlap_is_an_error(skane_nordost) -> None:
    # As the slip reads the seed: Meta Jarl took Sven Lundh's seat in April (he sat t.o.m.
    # mars) but is still listed as ersättare t.o.m. maj. Both seats dated: an error.
    problems = skane_nordost("2023.yaml", "      - namn: Meta Jarl\n        utsedd_av: hassleholm\n"
                             "      - namn: Sven Lundh",
                             "      - namn: Meta Jarl\n        utsedd_av: hassleholm\n"
                             "        fom: april\n      - namn: Sven Lundh")
    (p,) = [p for p in problems if p.check == "styrelse_dubbel_roll" and "Meta" in p.message]
    assert p.severity == "fel" and p.field == "organisation.styrelse.ersattare[2]"
    assert "fr.o.m. april" in p.message and "2023-04-01 – 2023-05-31" in p.message
    assert "ledamoter[1]" in (p.hint or "")


def test_slip_16_corrected_seats_do_not_overlap(skane_nordost) -> None:
    skane_nordost("2023.yaml", "      - namn: Meta Jarl\n        utsedd_av: hassleholm\n"
                  "      - namn: Sven Lundh",
                  "      - namn: Meta Jarl\n        utsedd_av: hassleholm\n"
                  "        fom: april\n      - namn: Sven Lundh")
    problems = skane_nordost("2023.yaml", "        utsedd_av: hassleholm\n        tom: maj\n",
                             "        utsedd_av: hassleholm\n        tom: mars\n")
    assert [p.message for p in problems if p.check == "styrelse_dubbel_roll"] == [
        p.message for p in check(DATA / "2023.yaml").problems
        if p.check == "styrelse_dubbel_roll" and "Sven Lundh" in p.message]


def test_slip_15_start_month_in_text(skane_nordost) -> None:
    # Slip 15 itself (an end month in a sentence that does not name the insats) cannot be
    # checked (see the slips README); a start month against the insats's period can.
    problems = skane_nordost("2023.yaml", "                - Förstudie Digitalisering undersöker",
                             "                - Förstudie Digitalisering startade i september "
                             "och undersöker")
    (p,) = [p for p in problems if p.check == "text_startmanad"]
    assert p.severity == "varning" and "2023-08-15" in p.message
    assert p.location.file.endswith("2023.yaml") and p.location.line
    # In an insats's own text, "Projektet" is that insats; the right day is no problem.
    problems = skane_nordost("2023.yaml", "Projektarbetet kommer att genomföras i tätt",
                             "Projektet startade i oktober 2016. Projektarbetet kommer att "
                             "genomföras i tätt")
    (p,) = [p for p in problems if p.check == "text_startmanad" and "2016" in p.message]
    assert "Maria Mödrahälsovård" in p.message and "2016-09-01" in p.message
    problems = skane_nordost("2023.yaml", "startade i september och",
                             "startade den 15 augusti och")
    assert [p.message for p in problems if p.check == "text_startmanad"] == [p.message]


OSTRA = Path(__file__).parent.parent / "data" / "ostra-sodertorn"


@pytest.fixture
def ostra_sodertorn(tmp_path: Path):
    folder = tmp_path / "ostra-sodertorn"
    shutil.copytree(OSTRA, folder)

    return _enter_as_printed(folder)


def test_ostra_slip_7_equity_2019_does_not_roll(ostra_sodertorn) -> None:
    problems = ostra_sodertorn("forbund.yaml", "eget_kapital: 5373159", "eget_kapital: 5373160")
    (p,) = [p for p in problems if p.check == "historik_stammer"]
    # Reported at the year that does not roll (2020), naming 2019's figure.
    assert p.severity == "fel" and p.field == "historik[1].eget_kapital"
    assert p.message.startswith("eget kapital 2020 rullar inte från 2019 "
                                "(5\u00a0373\u00a0160 + årets resultat")
    assert p.location.file.endswith("forbund.yaml") and p.location.line


def test_ostra_slip_8_result_2021_digits_swapped(ostra_sodertorn) -> None:
    problems = ostra_sodertorn("forbund.yaml", "arets_resultat: 264497", "arets_resultat: 264479")
    found = [p for p in problems if p.check == "historik_stammer"]
    assert {(p.severity, p.field) for p in found} == {
        ("varning", "historik[0].arets_resultat"), ("fel", "historik[0].eget_kapital")}
    assert any("intäkter − kostnader är 264\u00a0497" in p.message for p in found)


def test_ostra_slip_10_budget_table_financial_row_sign(ostra_sodertorn) -> None:
    # The printed result row (−2 252 231 / 3 148 905) is typed as control totals; with the
    # printed +8 000 the rows give −2 236 231.
    problems = ostra_sodertorn("2023.yaml", "budget: -8000, utfall: 219763",
                               "budget: 8000, utfall: 219763")
    found = [p for p in problems if p.check == "budgettabell_resultat"]
    assert {p.field.rsplit(".", 1)[-1] for p in found} == {"resultat_budget",
                                                           "resultat_differens"}
    assert all(p.severity == "fel" and p.location.line for p in found)
    assert "−2\u00a0236\u00a0231" in found[0].message


def test_ostra_slip_3_note_2022_column(ostra_sodertorn) -> None:
    problems = ostra_sodertorn("2023.yaml", "ingaende_avskrivningar: -63227",
                               "ingaende_avskrivningar: -63226")
    (p,) = [p for p in problems if p.check == "not_stammer"]
    assert "(2022)" in p.message and "263\u00a0001" in p.message


def test_ostra_slip_6_equity_2021_in_historik(ostra_sodertorn) -> None:
    problems = ostra_sodertorn("forbund.yaml", "eget_kapital: 2752183", "eget_kapital: 2752184")
    found = [p for p in problems if p.check == "historik_stammer"]
    assert {p.message.split(" rullar")[0] for p in found} == {"eget kapital 2021",
                                                               "eget kapital 2022"}


def test_ostra_slip_13_survey_percentages_truncated(ostra_sodertorn) -> None:
    problems = ostra_sodertorn("2023.yaml", "svar: [11, 22, 67, 56]", "svar: [11, 22, 66, 55]")
    (p,) = [p for p in problems if p.check == "enkat_avrundning"]
    assert p.severity == "varning"
    assert p.message == "fråga 1: 66 %, 55 % kan inte vara en avrundad andel av 9 svar"
    assert p.location.line


def test_ostra_slip_19_inflow_by_gender_in_text(ostra_sodertorn) -> None:
    # Kept verbatim in the data (156 + 146 = 302, not 305): a warning, with a comment there.
    problems = ostra_sodertorn("2023.yaml", "# Texten står som i källan",
                               "# Texten står som i källan")
    (p,) = [p for p in problems if p.check == "text_kon"]
    assert p.message == "texten skriver 305 personer men 156 kvinnor + 146 män = 302"


def test_ostra_slip_12_total_budget_deviation_in_text(ostra_sodertorn) -> None:
    problems = ostra_sodertorn("2023.yaml", "Total budgetavvikelse var 3 148 905 kronor",
                               "Total budgetavvikelse var 1 749 108 kronor")
    (p,) = [p for p in problems if p.check == "text_budgetavvikelse"]
    assert p.severity == "varning"
    assert p.message == ("texten skriver den totala budgetavvikelsen 1\u00a0749\u00a0108, men "
                         "resultatets avvikelse mot budget är 3\u00a0148\u00a0905")
    assert p.location.line
