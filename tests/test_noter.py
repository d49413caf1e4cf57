"""The standard note kinds (issue 12, part 6; LKBR 9 kap., 4 kap. 6 §, RKR R5): computed sums,
each checked against its line, and the checks of reportgen/checks/noter.py with a broken
fixture each (the message names both figures and the note's line)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.build import build, check
from reportgen.compute.noter import sarskild_loneskatt
from reportgen.model.ekonomi import SARSKILD_LONESKATT

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path):
    """Copy the consistent fixture; return a function that edits 2023.yaml and checks it."""
    folder = tmp_path / "testbygden"
    shutil.copytree(MINI, folder)

    def run(old: str | None = None, new: str = "", append: str = ""):
        """Each call edits the fixture as it is in tests/fixtures/mini."""
        path = folder / "2023.yaml"
        text = (MINI / "2023.yaml").read_text(encoding="utf-8")
        if old is not None:
            assert old in text, f"{old!r} finns inte i fixturen"
            text = text.replace(old, new, 1)
        path.write_text(text + append, encoding="utf-8")
        return check(path)

    run.folder = folder
    return run


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(needle):
            return i
    raise AssertionError(needle)


def _note(result, note_id: str):
    return next(n for n in result.rapport.noter if n.id == note_id)


def _txt(problem) -> str:
    return problem.message.replace("\xa0", " ")


def _problems(result, name: str):
    return [p for p in result.problems if p.check == name]


# The mini fixture's balansräkning: fordringar 431 331, kortfristiga skulder 2 841 787.
FORDRINGAR = """\
  - id: fordringar
    typ: fordringar
    rubrik: Fordringar
    tabeller:
      - kolumner: datum
        rader:
          - {namn: Kundfordringar, belopp: 231331}
          - {namn: Upplupna intäkter, belopp: 200000}
"""


def test_specification_gets_a_computed_sum_and_agrees(mini) -> None:
    result = mini(append=FORDRINGAR)
    assert not _problems(result, "notspecifikation_stammer")
    (table,) = _note(result, "fordringar").tabeller
    assert [(r.text, r.belopp, r.typ) for r in table.rader][-1] == (
        "Summa", Decimal(431331), "summa")
    assert table.avser == "balansrakning.omsattningstillgangar.fordringar"


def test_specification_that_does_not_sum_to_its_line_is_an_error(mini) -> None:
    result = mini(append=FORDRINGAR.replace("200000", "200001"))
    (p,) = _problems(result, "notspecifikation_stammer")
    assert p.severity == "fel"
    assert "431 332" in _txt(p) and "431 331" in _txt(p)
    assert "balansräkningens rad 'Fordringar'" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "- id: fordringar")
    assert str(p).startswith(f"{p.location.file}:{p.location.line}:")


def test_specification_is_checked_for_the_prior_year_too(mini) -> None:
    """The prior year's column (foregaende:) sums to the prior balance sheet (262 294)."""
    note = FORDRINGAR.replace("belopp: 231331}", "belopp: 231331, foregaende: 62294}")
    ok = note.replace("belopp: 200000}", "belopp: 200000, foregaende: 200000}")
    assert not _problems(mini(append=ok), "notspecifikation_stammer")
    wrong = note.replace("belopp: 200000}", "belopp: 200000, foregaende: 200010}")
    (p,) = _problems(mini(append=wrong), "notspecifikation_stammer")
    assert "(2022)" in _txt(p) and "262 304" in _txt(p) and "262 294" in _txt(p)


def test_a_row_only_last_year_had_keeps_its_prior_figure(mini) -> None:
    """Last year's file (2022.yaml) specifies a kind of fordran this year lacks: the row is
    printed with last year's figure, and the prior column still sums to its line."""
    prior = mini.folder / "2022.yaml"
    note = FORDRINGAR.replace("231331", "200000").replace(
        "{namn: Upplupna intäkter, belopp: 200000}", "{namn: Momsfordran, belopp: 62294}")
    text = prior.read_text(encoding="utf-8")
    assert "\nnoter:\n" in text
    prior.write_text(text.replace("\nnoter:\n", "\nnoter:\n" + note, 1), encoding="utf-8")
    result = mini(append=FORDRINGAR)
    assert not _problems(result, "notspecifikation_stammer"), _problems(
        result, "notspecifikation_stammer")
    (table,) = _note(result, "fordringar").tabeller
    assert [(r.text, r.belopp, r.foregaende) for r in table.rader] == [
        ("Kundfordringar", Decimal(231331), Decimal(200000)),
        ("Upplupna intäkter", Decimal(200000), None),
        ("Momsfordran", None, Decimal(62294)),
        ("Summa", Decimal(431331), Decimal(262294))]


@pytest.mark.parametrize("typ, line, belopp", [
    ("kortfristiga_skulder", "Kortfristiga skulder", "2841787"),
    ("langfristiga_skulder", "Långfristiga skulder", "0"),
    ("avsattningar", "Summa avsättningar", "0"),
    ("ansvarsforbindelser", "Övriga ansvarsförbindelser", "0"),
])
def test_each_specifying_kind_is_checked_against_its_line(mini, typ, line, belopp) -> None:
    note = (f"  - id: spec\n    typ: {typ}\n    rubrik: Specifikation\n    tabeller:\n"
            f"      - rader:\n          - {{namn: En rad, belopp: {belopp}}}\n")
    assert not _problems(mini(append=note), "notspecifikation_stammer")
    wrong = note.replace(f"belopp: {belopp}}}", f"belopp: {int(belopp) + 5}}}")
    (p,) = _problems(mini(append=wrong), "notspecifikation_stammer")
    assert f"balansräkningens rad '{line}'" in _txt(p) and "skillnad 5" in _txt(p)


# -------------------------------------------------------------------------- pensions

PENSION = """\
  - id: pension
    typ: pensionsforpliktelser
    rubrik: Pensionsförpliktelser
    pension:
      pensionsforpliktelse: 80000
"""


def test_loneskatt_rate_is_stated_once() -> None:
    assert Decimal("0.2426") == SARSKILD_LONESKATT
    assert sarskild_loneskatt(Decimal(80000)) == Decimal(19408)
    found = [p for p in (ROOT / "reportgen").rglob("*.py")
             if "0.2426" in p.read_text(encoding="utf-8")]
    assert found == [ROOT / "reportgen" / "model" / "ekonomi.py"]


def test_pension_note_computes_loneskatt_and_agrees_with_the_line(mini) -> None:
    result = mini("  pensionsforpliktelser: 0\n",
                  "  pensionsforpliktelser: {belopp: 99408, not: pension}\n", PENSION)
    assert not _problems(result, "pensionsnot_stammer")
    (table,) = _note(result, "pension").tabeller
    assert [(r.text, r.belopp) for r in table.rader] == [
        ("Pensionsförpliktelser", Decimal(80000)),
        ("Särskild löneskatt (24,26\xa0%)", Decimal(19408)),
        ("Summa pensionsförpliktelser inklusive särskild löneskatt", Decimal(99408))]
    rows = {r.id: r for r in result.rapport.balansrakning.rader}
    assert rows["pensionsforpliktelser"].not_nr == _note(result, "pension").nr


def test_pension_note_against_the_balance_sheet_line(mini) -> None:
    result = mini("  pensionsforpliktelser: 0\n", "  pensionsforpliktelser: 80000\n", PENSION)
    (p,) = _problems(result, "pensionsnot_stammer")
    assert "99 408" in _txt(p) and "80 000" in _txt(p)
    assert "Pensionsförpliktelser som inte har tagits upp" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "- id: pension")


def test_typed_loneskatt_is_checked(mini) -> None:
    result = mini("  pensionsforpliktelser: 0\n", "  pensionsforpliktelser: 99408\n",
                  PENSION + "      sarskild_loneskatt: 19000\n")
    (p,) = _problems(result, "pensionsnot_stammer")
    assert "19 000" in _txt(p) and "19 408" in _txt(p) and "24,26" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "sarskild_loneskatt:")


def test_pension_line_without_its_note_warns(mini) -> None:
    result = mini("  pensionsforpliktelser: 0\n", "  pensionsforpliktelser: 99408\n")
    (p,) = _problems(result, "ansvarsforbindelse_har_not")
    assert p.severity == "varning" and "99 408" in _txt(p) and "LKBR 6 kap. 1 §" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "pensionsforpliktelser:")
    quiet = mini("  pensionsforpliktelser: 0\n", "  pensionsforpliktelser: 99408\n", PENSION)
    assert not _problems(quiet, "ansvarsforbindelse_har_not")


# --------------------------------------------------------------------------- leasing

LEASING = """\
  - id: leasing
    typ: leasing
    rubrik: Leasing- och hyresavtal
    leasing:
      - rubrik: Hyresavtal för lokaler
        inom_ett_ar: 96000
        mellan_ett_och_fem_ar: 192000
        senare_an_fem_ar: 0
"""


def test_leasing_note_sums_the_maturities(mini) -> None:
    result = mini(append=LEASING)
    assert not _problems(result, "leasing_stammer")
    (table,) = _note(result, "leasing").tabeller
    assert table.rubrik == "Hyresavtal för lokaler"
    assert [(r.text, r.belopp) for r in table.rader][-1] == (
        "Summa framtida minimileaseavgifter", Decimal(288000))


def test_leasing_negative_amount_is_an_error(mini) -> None:
    result = mini(append=LEASING.replace("inom_ett_ar: 96000", "inom_ett_ar: -96000"))
    (p,) = _problems(result, "leasing_stammer")
    assert "positiva" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "inom_ett_ar:")


def test_leasing_typed_summa_is_checked(mini) -> None:
    result = mini(append=LEASING + "        summa: 290000\n")
    (p,) = _problems(result, "leasing_stammer")
    assert "290 000" in _txt(p) and "288 000" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "summa: 290000")


# -------------------------------------------------------------------------- revision

def test_revision_note_has_a_computed_total(mini) -> None:
    """The fixture's note: a row per kind of service, the total computed."""
    result = mini("          - {namn: Räkenskapsrevision, belopp: 40000}\n",
                  "          - {namn: Räkenskapsrevision, belopp: 40000}\n"
                  "          - {namn: Övriga tjänster från revisorerna, belopp: 5000}\n")
    assert not _problems(result, "revisionsnot_anges")
    (table,) = _note(result, "revision").tabeller
    assert [(r.text, r.belopp, r.typ) for r in table.rader] == [
        ("Räkenskapsrevision", Decimal(40000), "post"),
        ("Övriga tjänster från revisorerna", Decimal(5000), "post"),
        ("Summa", Decimal(45000), "summa")]


def test_missing_revision_note_warns_naming_the_part(mini) -> None:
    result = mini("    typ: revision\n", "")
    (p,) = _problems(result, "revisionsnot_anges")
    assert p.severity == "varning" and "räkenskapsrevision" in _txt(p)
    assert "LKBR 9 kap." in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "noter:")


# ------------------------------------------------------------------------- Not 1, RKR

def test_not_1_without_a_statement_on_rkr_warns(mini) -> None:
    (p,) = _problems(mini(",\n     avvikelser_rkr: []}", "}"), "rkr_avvikelser_anges")
    assert p.severity == "varning" and "Rådet för kommunal redovisning" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "- {id: principer")


def _not_1_html(mini, avvikelser: str, tmp_path: Path) -> str:
    result = mini("avvikelser_rkr: []}", f"avvikelser_rkr: {avvikelser}}}")
    assert not _problems(result, "rkr_avvikelser_anges")
    written, _ = build(mini.folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    start = html.index('id="not-principer"')
    return html[start:html.index("</section>", start)]


def test_not_1_without_departures_says_so_from_data(mini, tmp_path) -> None:
    html = _not_1_html(mini, "[]", tmp_path)
    assert "Förbundet följer Rådet för kommunal redovisnings rekommendationer utan " \
           "avvikelser." in html


def test_not_1_lists_each_departure_with_its_reason(mini, tmp_path) -> None:
    html = _not_1_html(mini, "[{rekommendation: R5, avvikelse: Leasingavtal redovisas som "
                             "operationella, skal: Avtalen är av mindre värde}]", tmp_path)
    assert "Förbundet avviker från följande" in html
    for text in ("<th scope=\"col\" class=\"text\">Skäl</th>", ">R5</th>",
                 "Leasingavtal redovisas som operationella", "Avtalen är av mindre värde"):
        assert text in html


# ------------------------------------------------------- the law's word, SIE beside YAML

def test_verksamhetens_nettokostnader_is_accepted_and_checked(mini) -> None:
    assert not mini("resultatrakning:\n",
                    "resultatrakning:\n  verksamhetens_nettokostnader: -830706\n").errors
    result = mini("resultatrakning:\n", "resultatrakning:\n  verksamhetens_nettokostnader: 1\n")
    (p,) = [p for p in result.problems if p.check == "typad_summa"]
    assert "verksamhetens nettokostnad" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml",
                                       "verksamhetens_nettokostnader:")


def test_nettokostnad_under_both_names_is_refused(mini) -> None:
    result = mini("resultatrakning:\n", "resultatrakning:\n  verksamhetens_nettokostnader: 1\n"
                                       "  verksamhetens_nettokostnad: 1\n")
    assert result.rapport is None
    (p,) = result.errors
    assert "inte båda" in _txt(p)
    assert p.location.line == _line_of(mini.folder / "2023.yaml",
                                       "verksamhetens_nettokostnader:")


def test_exempel_types_its_pension_line_beside_the_books(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = check(Path("data/exempel/2024.yaml"))
    assert not result.errors
    rows = {r.id: r for r in result.rapport.balansrakning.rader}
    assert rows["pensionsforpliktelser"].belopp == Decimal(99408)
    assert rows["kassa_och_bank"].belopp == Decimal(3240000)  # from the SIE file
    note = _note(result, "pension")
    assert rows["pensionsforpliktelser"].not_nr == note.nr
    assert not _problems(result, "pensionsnot_stammer")


def test_seed_notes_are_of_their_kind(monkeypatch) -> None:
    """Östra Södertörn's notes on fordringar, kortfristiga skulder and räkenskapsrevision
    are the standard kinds, computed and checked; Skåne Nordost's report lacks a revision
    note and check says so."""
    monkeypatch.chdir(ROOT)
    result = check(Path("data/ostra-sodertorn/2023.yaml"))
    kinds = {n.id: n.typ for n in result.rapport.noter}
    assert kinds["fordringar"] == "fordringar"
    assert kinds["skulder"] == "kortfristiga_skulder"
    assert kinds["revision"] == "revision"
    assert not _problems(result, "notspecifikation_stammer")
    assert not _problems(result, "revisionsnot_anges")
    sn = check(Path("data/skane-nordost/2023.yaml"))
    assert _problems(sn, "revisionsnot_anges")


def test_schema_lets_a_file_with_books_type_only_the_pension_line() -> None:
    import json

    import jsonschema

    schema = json.loads((ROOT / "schema" / "arsfil.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)

    def errors(data: dict) -> list[str]:
        return [".".join(map(str, e.path)) or e.message for e in validator.iter_errors(data)
                if list(e.path)[:1] == ["balansrakning"] or "balansrakning" in e.message]

    only_pension = {"balansrakning": {"pensionsforpliktelser": {"belopp": 1, "not": "p"}}}
    assert errors({**only_pension, "bokforing": {"sie": "2024.se"}}) == []
    assert errors(only_pension)  # without books the balance sheet is whole
    assert errors({"bokforing": {"sie": "2024.se"}, "balansrakning": {"okand_rad": 1}})
