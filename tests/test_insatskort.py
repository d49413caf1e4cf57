"""The insats card: fields typed once, totals and shares computed, the förbund's choice of
fields, labels and layout, the summary table, and the checks of typed totals."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.build import build, check
from reportgen.compute.insatser import andel

MINI = Path(__file__).parent / "fixtures" / "mini"

INSATSER = """\
insatser:
  - id: steget
    namn: Steget
    typ: projekt
    budget: [{total: 900000, ar: 300000}]
    utfall: 250000
    syfte: Att fler unga går vidare till arbete eller studier.
    deltagare_kon: {kvinnor: 12, man: 9, ej_uppgett: 1}
    avslutade:
      kon: {kvinnor: 5, man: 3}
      utfall:
        - {etikett: arbete eller studier, antal: 3}
    kvantitativa_mal:
      - {mal: Deltagare som påbörjat insatsen, malvarde: 40, utfall: 22}
      - {mal: Deltagare till arbete, malvarde: 10}
    jamstalldhetsanalys: Fler kvinnor än män sökte sig till insatsen.
    resultat: Tre deltagare gick vidare.
    falt:
      finansiering: Finsam och kommunen delar kostnaden.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "testbygden"
    shutil.copytree(MINI, target)
    path = target / "2023.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    insatser: Förbundet finansierade inga insatser under året.\n", "")
    path.write_text(text + INSATSER, encoding="utf-8")
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def html_of(folder: Path, tmp_path: Path) -> str:
    written, _ = build(folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    return re.sub(r"\s+", " ", written[0].read_text(encoding="utf-8"))


def test_card_computes_totals_and_shares(folder: Path, tmp_path: Path) -> None:
    page = html_of(folder, tmp_path)
    card = page[page.index('class="insatskort"'):]
    card = card[:card.index("</section>")]
    # 12 + 9 + 1 = 22 deltagare; 250 000 / 22 = 11 363,6… → 11 364 kr (half up)
    assert "<dt>Deltagare 2023</dt><dd><span class=\"tal\">22</span>" in card
    assert re.search(r"Kostnad per deltagare</dt><dd><span class=\"tal\">11.364&nbsp;kr", card)
    assert "avrundat till hela kronor, 5 uppåt" in card
    assert "Syfte" in card and "Att fler unga går vidare" in card
    # kön: 12 of 22 = 54,5 %; avslutade 3 of 8 = 37,5 %; mål 22 of 40 = 55,0 %
    assert "54,5" in card and "37,5" in card and "55,0" in card
    assert '<span class="sr-only">ej mätt</span>' in card
    assert "Jämställdhetsanalys" in card and "Tre deltagare gick vidare." in card
    # the förbund's own field is shown only when forbund.yaml declares it
    assert "Finsam och kommunen delar kostnaden." not in card


def test_forbund_chooses_fields_labels_and_layout(folder: Path, tmp_path: Path) -> None:
    with (folder / "forbund.yaml").open("a", encoding="utf-8") as f:
        f.write("""\
insatskort:
  layout: tabell
  falt:
    - falt: utfall
    - falt: avvikelse_budget
    - falt: deltagare
      etikett: Antal deltagare {ar}
    - falt: finansiering
      etikett: Finansiering
      faktum: true
    - falt: resultat
""")
    page = html_of(folder, tmp_path)
    card = page[page.index('class="insatskort"'):]
    card = card[:card.index("</section>")]
    assert '<table class="fakta fakta-tabell">' in card
    labels = re.findall(r'<th scope="row">([^<]+)</th>', card)
    assert labels[:4] == ["Utfall 2023", "Avvikelse mot budget 2023", "Antal deltagare 2023",
                          "Finansiering"]
    assert re.search(r"Avvikelse mot budget 2023</th><td><span class=\"tal\">50.000&nbsp;kr", card)
    assert "Finsam och kommunen delar kostnaden." in card
    assert "Syfte" not in card and "Jämställdhetsanalys" not in card


def test_rounding_is_one_setting() -> None:
    from decimal import Decimal
    assert andel(1, 8, "half_up") == Decimal("0.125")
    assert andel(1, 16, "half_up") == Decimal("0.063")
    assert andel(1, 16, "half_even") == Decimal("0.062")


def test_typed_total_that_differs_is_caught(folder: Path) -> None:
    """insats_summa: a typed deltagare that is not the sum by kön."""
    path = folder / "2023.yaml"
    edit(path, "    deltagare_kon: {kvinnor: 12, man: 9, ej_uppgett: 1}\n",
         "    deltagare: 23\n    deltagare_kon: {kvinnor: 12, man: 9, ej_uppgett: 1}\n")
    result = check(path)
    [p] = [p for p in result.problems if p.check == "insats_summa"]
    assert p.message == ("insatsen 'steget': deltagare är 23 i filen, men könsfördelningen ger "
                         "22 (12 kvinnor + 9 män + 1 ej uppgett)")
    assert p.location.line == path.read_text(encoding="utf-8").splitlines().index(
        "    deltagare: 23") + 1
    assert p.severity == "fel"


def test_outcome_larger_than_avslutade_is_caught(folder: Path) -> None:
    """insats_summa: more avslutade to an outcome than avslutade."""
    path = folder / "2023.yaml"
    edit(path, "studier, antal: 3}", "studier, antal: 9}")
    [p] = [p for p in check(path).problems if p.check == "insats_summa"]
    assert "9 avslutade till 'arbete eller studier' är fler än de 8 avslutade" in p.message
    assert p.location.line == next(n for n, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), 1) if "antal: 9" in line)


def test_own_field_not_declared_warns(folder: Path) -> None:
    """insats_egna_falt: an insats's own field that forbund.yaml does not show."""
    path = folder / "2023.yaml"
    [p] = [p for p in check(path).problems if p.check == "insats_egna_falt"]
    assert p.message == ("insatsen 'steget' har det egna fältet 'finansiering', men forbund.yaml "
                         "visar det inte")
    assert p.severity == "varning"
    assert p.location.line == next(n for n, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), 1) if "finansiering:" in line)


def test_summary_table_is_summed_from_the_cards(folder: Path, tmp_path: Path) -> None:
    path = folder / "2023.yaml"
    edit(path, "arsredovisning:\n", """\
arsredovisning:
  avsnitt:
    - rubrik: Insatser {ar}
      innehall:
        - block: insatser_summering
        - block: insatser
""")
    with path.open("a", encoding="utf-8") as f:
        f.write("""\
  - id: nasta
    namn: Nästa steg
    budget: [{ar: 100000}]
    utfall: 120000
    deltagare_kon: {kvinnor: 3, man: 4}
""")
    page = html_of(folder, tmp_path)
    table = page[page.index('class="tabell insatssummering"'):]
    table = table[:table.index("</table>")]
    cells = [re.sub(r"<[^>]+>", "", c).replace("\u202f", " ").replace("\xa0", " ")
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table)]
    summa = cells[cells.index("Summa"):]
    # budget 300 000 + 100 000; utfall 250 000 + 120 000; avvikelse 50 000 − 20 000;
    # kvinnor 12 + 3, män 9 + 4, deltagare 22 + 7
    assert summa == ["Summa", "400 000", "370 000", "30 000", "15", "13", "29"]
    nasta = cells[cells.index("Nästa steg"):][:7]
    assert nasta[3] in ("−20 000", "-20 000")
