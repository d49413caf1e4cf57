"""reportgen new: next year's file from this year's, and a template for a new förbund."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import build
from reportgen.cli import main
from reportgen.load import load_yaml
from reportgen.new import MARKER, markers

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with one förbund (the mini fixture) that has 2022 and 2023."""
    folder = tmp_path / "data" / "testbygden"
    shutil.copytree(FIXTURES / "mini", folder)
    text = (folder / "2023.yaml").read_text(encoding="utf-8")
    text = text.replace("resultatrakning:\n",
                        "# Resultaträkning: intäkter positiva, kostnader negativa.\n"
                        "resultatrakning:\n", 1)
    (folder / "2023.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "data"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result


def check_json(path: Path) -> tuple[int, list[dict]]:
    result = run("check", "--format", "json", str(path))
    return result.exit_code, json.loads(result.output)


def test_next_year_from_this_year(data: Path) -> None:
    result = run("new", "testbygden", "2024", "--data", str(data))
    assert result.exit_code == 0, result.output
    new = data / "testbygden" / "2024.yaml"
    assert f"Skrev {new}" in result.output
    text = new.read_text(encoding="utf-8")
    loaded = load_yaml(new).data

    assert loaded["ar"] == 2024
    # Comments are kept.
    assert "# Resultaträkning: intäkter positiva, kostnader negativa." in text
    # Ingående eget kapital is last year's computed utgående.
    prior = build.check(data / "testbygden" / "2023.yaml")
    assert not prior.errors
    ingaende = loaded["balansrakning"]["eget_kapital"]["ingaende"]
    ingaende = ingaende["belopp"] if isinstance(ingaende, dict) else ingaende
    assert Decimal(ingaende) == prior.rapport.figurer["eget_kapital"]
    # The year's figures are to be filled in; control sums and last year's follow-up are gone.
    assert loaded["resultatrakning"]["verksamhetens_intakter"]["belopp"] == MARKER
    assert loaded["balansrakning"]["omsattningstillgangar"]["kassa_och_bank"] == MARKER
    assert "arets_resultat" not in loaded["resultatrakning"]
    assert "summa_tillgangar" not in loaded["balansrakning"]
    assert all(r["budget"] == MARKER and r["utfall"] == MARKER
               for r in loaded["driftredovisning"]["rader"])
    # Last year's events after its balance date are gone (check asks for the new year's).
    assert "handelser_efter_balansdagen" not in loaded["arsredovisning"]
    # Narrative text, organisation and goals carry over as drafts.
    assert loaded["arsredovisning"]["texter"] == load_yaml(
        data / "testbygden" / "2023.yaml").data["arsredovisning"]["texter"]
    assert loaded["organisation"]["styrelse"]["ledamoter"]
    # The decision date is commented out.
    assert "# datum: ÅÅÅÅ-MM-DD" in text


def test_check_lists_every_marker_with_its_line(data: Path) -> None:
    run("new", "testbygden", "2024", "--data", str(data))
    new = data / "testbygden" / "2024.yaml"
    code, problems = check_json(new)
    assert code == 1
    marked = {line for _, line, _ in markers(new)}
    assert marked
    assert {p["rad"] for p in problems} == marked
    for p in problems:
        assert "FYLL I" in p["meddelande"], p
        # Every problem says where and what (the shape CI and editors read).
        assert set(p) >= {"fil", "rad", "kolumn", "falt", "meddelande", "tips"}
        assert p["fil"].endswith("2024.yaml") and p["kolumn"] and p["falt"]


def test_filled_in_file_validates(data: Path) -> None:
    """Replacing the markers with amounts leaves a file that passes the schema."""
    run("new", "testbygden", "2024", "--data", str(data))
    new = data / "testbygden" / "2024.yaml"
    new.write_text(new.read_text(encoding="utf-8").replace(f'"{MARKER}"', "0"), encoding="utf-8")
    _, problems = check_json(new)
    assert not [p for p in problems if p["kontroll"] is None], problems


def test_refuses_to_overwrite(data: Path) -> None:
    result = run("new", "testbygden", "2023", "--data", str(data))
    assert result.exit_code == 1
    assert "finns redan" in result.output
    assert "Traceback" not in result.output


def test_gap_in_years_is_explained(data: Path) -> None:
    result = run("new", "testbygden", "2026", "--data", str(data))
    assert result.exit_code == 1
    assert "2025.yaml saknas" in result.output


def test_brand_new_forbund_validates_and_builds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run("new", "nya-bygden", "2025", "--data", str(data))
    assert result.exit_code == 0, result.output
    year = data / "nya-bygden" / "2025.yaml"
    assert (data / "nya-bygden" / "forbund.yaml").exists()
    # The places to fill in are listed, with file and line.
    assert f"{year}:" in result.output and "# FYLL I" in result.output
    assert markers(year) and markers(data / "nya-bygden" / "forbund.yaml")

    # A draft: no errors, but not ready to sign (tests/test_fardig.py: --slutlig fails).
    checked = run("check", str(year))
    assert checked.exit_code == 0, checked.output
    assert "0 fel," in checked.output and "--slutlig" in checked.output

    built = run("build", str(year), "--format", "html", "--out", str(tmp_path / "ut"), "-q")
    assert built.exit_code == 0, built.output
    html = (tmp_path / "ut" / "nya-bygden" / "2025" / "arsredovisning.html").read_text("utf-8")
    assert "Nya Bygden" in html


def test_existing_forbund_without_year_files_uses_its_members(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "testbygden"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "mini" / "forbund.yaml", folder / "forbund.yaml")
    result = run("new", "testbygden", "2024", "--data", str(tmp_path / "data"))
    assert result.exit_code == 0, result.output
    text = (folder / "2024.yaml").read_text(encoding="utf-8")
    assert "utsedd_av: testby" in text and "utsedd_av: fk" in text
    assert run("check", str(folder / "2024.yaml")).exit_code == 0


def test_bad_name_is_refused(tmp_path: Path) -> None:
    result = run("new", "Skåne Nordost", "2024", "--data", str(tmp_path))
    assert result.exit_code == 1
    assert "mappnamn" in result.output


def test_a_verksamhetsplan_moves_its_budget_years_forward(tmp_path: Path) -> None:
    """nnv-skane 2020 plans 2020 (budget), 2021 and 2022 (prognoses); the 2021 plan
    plans 2021 (budget, last plan's prognosis as the draft), 2022 and a new 2023."""
    folder = tmp_path / "data" / "nnv-skane"
    shutil.copytree(Path(__file__).parent.parent / "data" / "nnv-skane", folder)
    result = run("new", "nnv-skane", "2021", "--data", str(tmp_path / "data"))
    assert result.exit_code == 0, result.output
    assert "budgeten flyttad ett år: 2021–2023" in result.output
    new_file = folder / "2021.yaml"
    data = load_yaml(new_file).data
    years = data["budget"]["ar"]
    assert [(y["ar"], y["typ"]) for y in years] == [
        (2021, "budget"), (2022, "prognos"), (2023, "prognos")]
    # The new plan year opens with the old plan's closing capital for 2020 (2 507 034 kr,
    # the corrected figure in the file's own header) and is marked to be checked.
    assert years[0]["ingaende_kapital"] == 2507034
    assert years[2]["kostnader"] == years[1]["kostnader"]  # the new year is a draft copy
    sections = data["verksamhetsplan"]["avsnitt"]
    refs = json.dumps(sections)
    assert '"budget": 2020' not in refs and '"budget": 2023' in refs
    marked = [text for _, _, text in markers(new_file)]
    assert any(t.startswith("ingaende_kapital: 2507034  # FYLL I") for t in marked)
    assert any("medelstilldelning: 6502000  # FYLL I" in t for t in marked)
    assert any("belopp: 757000}  # FYLL I" in t for t in marked)
    assert f"{len(marked)} ställen att fylla i" in result.output
    # The draft is valid and builds as it is.
    checked = build.check(new_file, "verksamhetsplan")
    assert not checked.errors, [str(p) for p in checked.errors]


def test_last_years_assessments_do_not_carry_over(data: Path) -> None:
    """A goal's bedömning and the samlad bedömning are last year's verdicts: the goal
    carries over, its verdict does not, and check asks for the new year's."""
    path = data / "testbygden" / "2023.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "arsredovisning:\n", "arsredovisning:\n  samlad_bedomning: Målen är nådda.\n", 1)
    text += "mal:\n  - id: a\n    rubrik: Aktiv hemsida\n    bedomning: uppfyllt\n"
    path.write_text(text, encoding="utf-8")
    result = run("new", "testbygden", "2024", "--data", str(data))
    assert result.exit_code == 0, result.output
    loaded = load_yaml(data / "testbygden" / "2024.yaml").data
    assert loaded["mal"] == [{"id": "a", "rubrik": "Aktiv hemsida"}]
    assert "samlad_bedomning" not in loaded["arsredovisning"]
