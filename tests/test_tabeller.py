"""The kansli's own tables and figures in running text (checks/tabeller.py): years in
headers, netto and avvikelse columns, signs, kvinnor + män = totalt, shares in words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import check

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def folder(mini_folder: Path) -> Path:
    return mini_folder


def with_block(folder: Path, block: str) -> Path:
    """The mini 2023.yaml with one section holding *block* (YAML, indented for innehall)."""
    path = folder / "2023.yaml"
    text = path.read_text(encoding="utf-8")
    section = "  avsnitt:\n    - rubrik: Egen tabell\n      innehall:\n" + block
    path.write_text(text.replace("arsredovisning:\n", "arsredovisning:\n" + section, 1),
                    encoding="utf-8")
    return path


def found(path: Path, name: str) -> list:
    return [p for p in check(path).problems if p.check == name]


def table(columns: list[str], rows: list[str], fmt: str = "kr") -> str:
    cols = "".join(f"              - {{rubrik: '{c}', format: {'text' if n == 0 else fmt}}}\n"
                   for n, c in enumerate(columns))
    return ("        - tabell:\n            kolumner:\n" + cols
            + "            rader:\n" + "".join(f"              - {r}\n" for r in rows))


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# ---------------------------------------------------------------------------- years

def test_tabell_ar_table_carried_over(folder: Path) -> None:
    path = with_block(folder, table(["Post", "Budget 2022", "Utfall 2022"], ["[Kansli, 1, 2]"]))
    [p] = found(path, "tabell_ar")
    assert p.severity == "varning"
    assert p.message == ("tabellens rubriker nämner bara tidigare år (2022), inte "
                         "årsredovisningens år 2023: är tabellen kvar från förra året?")
    assert p.field == "arsredovisning.avsnitt[0].innehall[0].tabell.kolumner[1]"
    assert p.location is not None and p.location.line == line_of(path, "Budget 2022")


def test_tabell_ar_year_after_report_year(folder: Path) -> None:
    path = with_block(folder, table(["Post", "Utfall {ar}", "Budget 2024"], ["[Kansli, 1, 2]"]))
    [p] = found(path, "tabell_ar")
    assert p.message == "rubriken 'Budget 2024' nämner 2024, ett år efter årsredovisningens år 2023"


def test_tabell_ar_quiet_with_report_and_prior_year(folder: Path) -> None:
    path = with_block(folder, table(["Post", "2023", "{foregaende_ar}", "2021"],
                                    ["[Kansli, 1, 2, 3]"]))
    assert found(path, "tabell_ar") == []


# ---------------------------------------------------------------------------- netto

def test_tabell_netto(folder: Path) -> None:
    path = with_block(folder, table(["Insats", "Intäkter", "Kostnader", "Netto"],
                                    ["[Steget, 1000, 400, 600]", "[Kraft, 500, -200, 300]",
                                     "[Vägen, 100, 300, 200]", "[Bron, 100, 300, -190]"]))
    flipped, wrong = found(path, "tabell_netto")
    assert flipped.severity == "fel"
    assert flipped.message == ("raden 'Vägen': kolumnen 'Netto' ska vara intäkter − kostnader "
                               "och har omvänt tecken: 200 står i filen, men beräknat värde är "
                               "−200 (skillnad 400)")
    assert flipped.location is not None and flipped.location.line == line_of(path, "Vägen")
    assert wrong.field == "arsredovisning.avsnitt[0].innehall[0].tabell.rader[3]"


def test_tabell_netto_nettokostnad(folder: Path) -> None:
    path = with_block(folder, table(["Insats", "Intäkter", "Kostnader", "Nettokostnad"],
                                    ["[Steget, 1000, 1400, 400]"]))
    assert found(path, "tabell_netto") == []


# ---------------------------------------------------------------------------- avvikelse

DRIFT = ["[Personal och verksamhet, 2979472, 2235892, 743580]",
         "[Insatser, 10014078, 11110918, -1096840]",
         "[Verksamhetens intäkter, 12492000, 12516104, 24104]",
         "[Finansiella intäkter och kostnader, 0, 251520, 251520]"]


def test_tabell_avvikelse_sign_flipped_row(folder: Path) -> None:
    """Skåne Nordost slip 7 in a table of the kansli's own: the income row's avvikelse
    printed −24 104 where the rest of the column is 'positive when better'."""
    rows = [r.replace("24104]", "-24104]") for r in DRIFT]
    path = with_block(folder, table(["Rad", "Budget", "Utfall", "Avvikelse"], rows))
    [p] = found(path, "tabell_avvikelse")
    assert p.severity == "varning"
    assert p.message == ("raden 'Verksamhetens intäkter': avvikelsen −24\u00a0104 har omvänt "
                         "tecken mot resten av kolumnen 'Avvikelse' (positiv när utfallet är "
                         "bättre än budget)")
    assert p.field == "arsredovisning.avsnitt[0].innehall[0].tabell.rader[2].celler[3]"
    assert p.location is not None and p.location.line == line_of(path, "Verksamhetens intäkter")


def test_tabell_avvikelse_right_is_quiet_and_other_rules_too(folder: Path) -> None:
    path = with_block(folder, table(["Rad", "Budget", "Utfall", "Avvikelse"], DRIFT))
    assert found(path, "tabell_avvikelse") == []
    # utfall − budget throughout is a rule too
    shutil.rmtree(folder)
    shutil.copytree(MINI, folder)
    rows = [DRIFT[0].replace("743580", "-743580"), DRIFT[1].replace("-1096840", "1096840"),
            *DRIFT[2:]]
    path = with_block(folder, table(["Rad", "Budget", "Utfall", "Differens"], rows))
    assert found(path, "tabell_avvikelse") == []


def test_tabell_avvikelse_not_the_difference(folder: Path) -> None:
    rows = [DRIFT[0].replace("743580", "743508"), *DRIFT[1:]]
    path = with_block(folder, table(["Rad", "Budget", "Utfall", "Avvikelse"], rows))
    [p] = found(path, "tabell_avvikelse")
    assert p.severity == "fel"
    assert p.message.startswith("raden 'Personal och verksamhet': avvikelsen är inte "
                                "skillnaden mellan utfall 2\u00a0235\u00a0892 och budget")


# ---------------------------------------------------------------------------- signs

def test_tabell_tecken(folder: Path) -> None:
    path = with_block(folder, table(["Post", "Kostnader {ar}"],
                                    ["[Personal, -1716855]", "[Lokaler, -120000]",
                                     "[Insatser, 11110918]", "[Övrigt, -399037]"]))
    [p] = found(path, "tabell_tecken")
    assert p.severity == "varning"
    assert p.message == ("raden 'Insatser': 11\u00a0110\u00a0918 i kolumnen 'Kostnader 2023' "
                         "har omvänt tecken mot kolumnens 3 andra belopp")


# ---------------------------------------------------------------------------- kön

def test_tabell_kon_columns(folder: Path) -> None:
    """Östra Södertörn slip 16 as a table: 84 kvinnor + 75 män is not 162."""
    path = with_block(folder, table(["Insats", "Kvinnor", "Män", "Totalt"],
                                    ["[Lumena, 84, 75, 162]", "[Conecto, 372, 67, 439]"],
                                    fmt="antal"))
    [p] = found(path, "tabell_kon")
    assert p.severity == "fel"
    assert p.message == ("raden 'Lumena': kvinnor + män ska bli 'Totalt': 162 står i filen, "
                         "men beräknat värde är 159 (skillnad 3)")
    edit = path.read_text(encoding="utf-8").replace(
        "{rubrik: 'Män', format: antal}",
        "{rubrik: 'Män', format: antal}\n              - {rubrik: 'Ej uppgett', format: antal}"
    ).replace("[Lumena, 84, 75, 162]", "[Lumena, 84, 75, 3, 162]").replace(
        "[Conecto, 372, 67, 439]", "[Conecto, 372, 67, 0, 439]")
    path.write_text(edit, encoding="utf-8")
    assert found(path, "tabell_kon") == []


def test_tabell_kon_rows(folder: Path) -> None:
    path = with_block(folder, table(["Kön", "{foregaende_ar}", "{ar}"],
                                    ["[Kvinnor, 25, 16]", "[Män, 24, 8]", "[Totalt, 49, 25]"],
                                    fmt="antal"))
    [p] = found(path, "tabell_kon")
    assert p.message == ("kolumnen '2023': kvinnor + män ska bli raden 'Totalt': 25 står i "
                         "filen, men beräknat värde är 24 (skillnad 1)")


# ---------------------------------------------------------------------------- text

def text(folder: Path, sentence: str) -> Path:
    path = folder / "2023.yaml"
    body = path.read_text(encoding="utf-8")
    path.write_text(body.replace("    kansli: Kansliet har två medarbetare.",
                                 f"    kansli: {sentence}"), encoding="utf-8")
    return path


def test_text_andel(folder: Path) -> None:
    path = text(folder, "Av deltagarna gick 72 av 92, 72 procent, till arbete eller studier.")
    [p] = found(path, "text_andel")
    assert p.severity == "varning"
    assert p.message == "texten skriver '72 procent' men 72 av 92 är 78 %"
    assert p.field == "arsredovisning.texter.kansli"
    assert p.location is not None and p.location.line == line_of(path, "72 av 92")


def test_text_andel_rounded_or_truncated_is_quiet(folder: Path) -> None:
    path = text(folder, "Av de avslutade gick 36 av 113 (32 %) och 2 av 3 (66 %) vidare.")
    assert found(path, "text_andel") == []


def test_text_andel_soliditet(folder: Path) -> None:
    # 8 689 972 / 11 531 759 = 75,4 %
    path = text(folder, "Soliditeten var 57 procent vid årets slut.")
    [p] = found(path, "text_andel")
    assert p.message.startswith("texten skriver soliditeten '57 procent' men den är beräknad "
                                "till 75 %")
    path.write_text(path.read_text(encoding="utf-8").replace("57 procent", "75 procent"),
                    encoding="utf-8")
    assert found(path, "text_andel") == []


def test_text_kon(folder: Path) -> None:
    path = text(folder, "Under året fick 162 personer en insats, varav 84 kvinnor och 75 män.")
    [p] = found(path, "text_kon")
    assert p.severity == "varning"
    assert p.message == "texten skriver 162 personer men 84 kvinnor + 75 män = 159"


def test_text_kon_rest_named_is_quiet(folder: Path) -> None:
    path = text(folder, "Under året fick 162 personer en insats, varav 84 kvinnor och 75 män "
                        "och 3 som inte uppgett kön.")
    assert found(path, "text_kon") == []

def test_text_kon_unique_participants_is_quiet(folder: Path) -> None:
    path = text(folder, "Projektet hade 439 unika deltagare, därav 372 är kvinnor och 67 är män.")
    assert found(path, "text_kon") == []


def test_text_andel_beside_a_share_figure(folder: Path) -> None:
    # soliditet 2023: 75 %; 2022 (mini 2022.yaml) is the other year that may be written
    path = text(folder, "Soliditeten är {{soliditet}}, jämfört med 57 procent året innan.")
    [p] = found(path, "text_andel")
    assert p.message.startswith("texten skriver '57 procent' bredvid {{foregaende_soliditet}} = ")
    assert "{{soliditet}} = 75 %" in p.message
    path.write_text(path.read_text(encoding="utf-8").replace("57 procent", "92 procent"),
                    encoding="utf-8")
    assert found(path, "text_andel") == []


def test_tabell_kon_chart(folder: Path) -> None:
    path = with_block(folder, "        - diagram:\n            typ: stapel\n"
                      "            rubrik: Deltagare {ar}\n"
                      "            alt: Deltagare per kön, kvinnor och män och totalt.\n"
                      "            kategorier: [Kvinnor, Män, Totalt]\n"
                      "            varden: [372, 67, 440]\n")
    [p] = found(path, "tabell_kon")
    assert p.severity == "fel"
    assert p.message == ("diagrammet 'Deltagare 2023', serien 'Deltagare 2023': kvinnor + män "
                         "ska bli 'Totalt': 440 står i filen, men beräknat värde är 439 "
                         "(skillnad 1)")
    assert p.location is not None and p.location.line == line_of(path, "- diagram:")


def test_tabell_kon_leaves_a_chart_of_shares_alone(folder: Path) -> None:
    """Shares of each group (procent) do not add up to the total's share."""
    path = with_block(folder, "        - diagram:\n            typ: stapel\n"
                      "            rubrik: Till arbete eller studier {ar}\n"
                      "            alt: Andel till arbete eller studier per kön och totalt.\n"
                      "            enhet: procent\n"
                      "            kategorier: [Kvinnor, Män, Totalt]\n"
                      "            varden: [40, 50, 45]\n")
    assert found(path, "tabell_kon") == []
