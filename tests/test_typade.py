"""Figures and dates typed in the year file that used to be ignored (checks/typade.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import check

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def folder(mini_folder: Path) -> Path:
    return mini_folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def only(folder: Path, name: str):
    problems = [p for p in check(folder / "2023.yaml").problems if p.check == name]
    assert problems, name
    return problems


def test_notsumma_typad(folder: Path) -> None:
    path = folder / "2023.yaml"
    edit(path, "{namn: Summa verksamhetens intäkter, summa: true}",
         "{namn: Summa verksamhetens intäkter, summa: true, belopp: 12516105}")
    [p] = only(folder, "notsumma_typad")
    assert p.severity == "fel"
    assert p.message == ("not intakter, summaraden 'Summa verksamhetens intäkter': "
                         "12\u00a0516\u00a0105 står i filen, men beräknat värde är "
                         "12\u00a0516\u00a0104 (skillnad 1)")
    assert p.field == "noter[1].tabeller[0].rader[4].belopp"
    assert p.location is not None
    assert p.location.line == line_of(path, "Summa verksamhetens intäkter")


def test_notsumma_typad_right_is_quiet(folder: Path) -> None:
    edit(folder / "2023.yaml", "{namn: Summa verksamhetens intäkter, summa: true}",
         "{namn: Summa verksamhetens intäkter, summa: true, belopp: 12516104}")
    assert check(folder / "2023.yaml").problems == []


def test_beslutad_sent(folder: Path) -> None:
    path = folder / "2023.yaml"
    edit(path, "arsredovisning:\n", "arsredovisning:\n  beslutad: 2024-04-02\n")
    [p] = only(folder, "beslutad_sent")
    assert (p.severity, p.fullstandighet) == ("varning", False)  # a remark, also when final
    assert p.message == ("årsredovisningen beslutades 2024-04-02, mer än tre månader efter "
                         "årets slut (2024-03-31)")
    assert p.location is not None and p.location.line == line_of(path, "beslutad:")
    assert [x.severity for x in check(path, slutlig=True).problems] == ["varning"]


def test_beslutad_in_time_is_quiet(folder: Path) -> None:
    edit(folder / "2023.yaml", "arsredovisning:\n", "arsredovisning:\n  beslutad: 2024-03-31\n")
    assert check(folder / "2023.yaml").problems == []


PRIOR = """foregaende_ar:
  resultatrakning:
    verksamhetens_intakter: 12570000
    verksamhetens_kostnader: -5563277
    finansiella_kostnader: -23
  balansrakning:
    omsattningstillgangar: {fordringar: 262294, kassa_och_bank: 9792928}
    eget_kapital: {ingaende: 2262458}
    skulder: {kortfristiga: 786064}
  ingaende_balansrakning:
    omsattningstillgangar: {fordringar: 450420, kassa_och_bank: 2759820}
    eget_kapital: {ingaende: 2262458}
    skulder: {kortfristiga: 947782}
  kassaflodesanalys:
    likvida_medel_utgaende: LIKVIDA
"""


def test_foregaende_kassaflode_typad(folder: Path) -> None:
    """The prior year's cash flow from foregaende_ar: its typed control totals count."""
    (folder / "2022.yaml").unlink()
    path = folder / "2023.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write(PRIOR.replace("LIKVIDA", "9792929"))
    [p] = only(folder, "foregaende_kassaflode_typad")
    assert p.message == ("kassaflödesanalysen 2022, likvida medel vid årets slut (räknat ur "
                         "balansräkningarna): 9\u00a0792\u00a0929 står i filen, men beräknat "
                         "värde är 9\u00a0792\u00a0928 (skillnad 1)")
    assert p.field == "foregaende_ar.kassaflodesanalys.likvida_medel_utgaende"
    assert p.location is not None and p.location.line == line_of(path, "likvida_medel_utgaende")
    path.write_text(path.read_text(encoding="utf-8").replace("9792929", "9792928"),
                    encoding="utf-8")
    assert not [p for p in check(path).problems if p.check == "foregaende_kassaflode_typad"]


HISTORIK = "  - {ar: 2021, eget_kapital: 2262458, summa_tillgangar: 3210240, antal_anstallda: 2}\n"


def test_historik_stammer_equity_rolls(folder: Path) -> None:
    """2021 typed in historik must roll into 2022 (computed from 2022.yaml) by its result,
    and 2020 into 2021."""
    forbund = folder / "forbund.yaml"
    edit(forbund, HISTORIK, HISTORIK.replace("eget_kapital: 2262458",
                                             "arets_resultat: 5, eget_kapital: 2262457")
         + "  - {ar: 2020, eget_kapital: 2262452}\n")
    [p] = only(folder, "historik_stammer")
    assert p.message.startswith("eget kapital 2022 rullar inte från 2021 (2\u00a0262\u00a0457 "
                                "+ årets resultat ")
    assert p.message.endswith("(skillnad 1)")
    assert p.field == "historik[0].eget_kapital"
    assert p.location is not None and p.location.file.endswith("forbund.yaml")
    assert p.location.line == line_of(forbund, "eget_kapital: 2262457")
    edit(forbund, "eget_kapital: 2262457", "eget_kapital: 2262458")
    edit(forbund, "eget_kapital: 2262452", "eget_kapital: 2262453")
    assert check(folder / "2023.yaml").problems == []


def test_historik_stammer_result_is_income_minus_costs(folder: Path) -> None:
    forbund = folder / "forbund.yaml"
    edit(forbund, HISTORIK, HISTORIK + "  - {ar: 2020, verksamhetens_intakter: 1000, "
         "verksamhetens_kostnader: 900, arets_resultat: 90}\n")
    [p] = only(folder, "historik_stammer")
    assert p.severity == "varning"
    assert p.message == ("flerårsöversiktens årets resultat 2020 är 90, men intäkter − "
                         "kostnader är 100")
    assert p.location is not None and p.location.line == line_of(forbund, "arets_resultat: 90")


def test_perioder_i_ordning(folder: Path) -> None:
    path = folder / "2023.yaml"
    edit(path, "ar: 2023\n", "ar: 2023\ninsatser:\n  - id: steget\n    namn: Steget\n"
         "    perioder:\n      - {start: 2023-09-01, slut: 2023-02-28}\n")
    edit(path, "{namn: David Falk, utsedd_av: af}",
         "{namn: David Falk, utsedd_av: af, fom: 2023-06-01, tom: 2023-05-01}")
    insats, ledamot = only(folder, "perioder_i_ordning")
    assert insats.message == ("insatsen Steget: perioden börjar 2023-09-01 men slutar tidigare, "
                              "2023-02-28")
    assert insats.field == "insatser[0].perioder[0]"
    assert insats.location is not None and insats.location.line == line_of(path, "start: 2023-09")
    assert ledamot.message == ("David Falk: uppdraget börjar 2023-06-01 men slutar tidigare, "
                               "2023-05-01")
    assert ledamot.location is not None and ledamot.location.line == line_of(path, "David Falk")


def test_foregaende_arets_resultat(folder: Path) -> None:
    """Årets resultat typed in foregaende_ar's balansräkning is compared with the prior
    year's resultaträkning (12 570 000 − 5 563 277 − 23 = 7 006 700)."""
    (folder / "2022.yaml").unlink()
    path = folder / "2023.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write(PRIOR.replace("LIKVIDA", "9792928").replace(
            "    eget_kapital: {ingaende: 2262458}\n    skulder: {kortfristiga: 786064}",
            "    eget_kapital: {ingaende: 2262458, arets_resultat: 7006070}\n"
            "    skulder: {kortfristiga: 786064}"))
    [p] = only(folder, "foregaende_arets_resultat")
    assert p.severity == "fel"
    assert p.message == ("årets resultat 2022 i balansräkningen skiljer sig från "
                         "resultaträkningen 2022: balansräkningen 7\u00a0006\u00a0070, "
                         "resultaträkningen 7\u00a0006\u00a0700 (skillnad −630)")
    assert p.field == "foregaende_ar.balansrakning.eget_kapital.arets_resultat"
    assert p.location is not None
    assert p.location.line == line_of(path, "arets_resultat: 7006070")
    edit(path, "arets_resultat: 7006070", "arets_resultat: 7006700")
    assert not [p for p in check(path).problems if p.check == "foregaende_arets_resultat"]


BUDGETTABELL = Path(__file__).parent / "fixtures" / "budgettabell"


def test_budgettabell_resultat(tmp_path: Path) -> None:
    """A budget table's typed result row is compared with its rows (income − costs)."""
    folder = tmp_path / "testbygden"
    shutil.copytree(BUDGETTABELL, folder)
    path = folder / "2023.yaml"
    assert check(path).problems == []
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("budget: 0, utfall: 251520", "budget: 8000, utfall: 251520",
                                 1), encoding="utf-8")
    found = [p for p in check(path).problems if p.check == "budgettabell_resultat"]
    assert [(p.severity, p.field.rsplit(".", 1)[-1]) for p in found] == [
        ("fel", "resultat_budget"), ("fel", "resultat_differens")]
    assert found[0].message == (
        "budgettabellens resultat, kolumnen budget (intäkter minus kostnader): −501\u00a0550 "
        "står i filen, men beräknat värde är −493\u00a0550 (skillnad −8\u00a0000)")
    assert found[0].field == ("arsredovisning.avsnitt[0].innehall[0].budgettabell."
                              "resultat_budget")
    assert found[0].location is not None
    assert found[0].location.line == line_of(path, "resultat_budget: -501550")
