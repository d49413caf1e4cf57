"""The JSON Schema for editors: generated from the model, committed in schema/, and every
example file validates against it (as an editor with the yaml-language-server would check)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main, schema_texts
from reportgen.load import load_yaml

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
EXAMPLES = sorted(ROOT.glob("data/*/forbund.yaml")) + sorted(ROOT.glob("data/*/[0-9]*.yaml"))


def as_json(value):
    """YAML data as the editor sees it: Decimal → int (whole) or str, date → ISO text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_committed_schema_is_up_to_date():
    """schema/ is what 'reportgen schema --out schema' writes; regenerate with 'make schema'."""
    for name, text in schema_texts().items():
        path = SCHEMA_DIR / name
        assert path.exists(), f"{path} saknas: kör 'make schema'"
        assert path.read_text(encoding="utf-8") == text, \
            f"{path} är inaktuell mot modellen: kör 'make schema' och checka in resultatet"


def test_schema_command_writes_the_files(tmp_path):
    result = CliRunner().invoke(main, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name, text in schema_texts().items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    # A second run changes nothing (so make's timestamps stay put).
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    CliRunner().invoke(main, ["schema", "--out", str(tmp_path)])
    assert before == {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}


def _properties(node, where="#"):
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            yield f"{where}/{key}", value
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


@pytest.mark.parametrize("name", ["arsfil.schema.json", "forbund.schema.json"])
def test_every_field_has_a_swedish_title(name):
    data = json.loads(schema_texts()[name])
    assert data["title"] and data["description"]
    found = list(_properties(data))
    assert found
    for where, prop in found:
        title = prop.get("title", "")
        assert title and title[0].isupper(), f"{where} saknar titel"
        # The words the kansli reads are spelt with å, ä, ö.
        assert not re.search(r"\b(intakter|tillgangar|arets|foregaende|rakning)\b",
                             title.lower()), f"{where}: {title}"


def test_class_docstrings_stay_out_of_the_schema():
    """Class docstrings are developer notes in English; only the Swedish field texts show."""
    data = json.loads(schema_texts()["arsfil.schema.json"])
    for name, definition in data["$defs"].items():
        assert "description" not in definition, name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_files_validate_against_the_schema(path):
    name = "forbund.schema.json" if path.name == "forbund.yaml" else "arsfil.schema.json"
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(as_json(load_yaml(path).data)), key=lambda e: e.path)
    assert not errors, "\n".join(f"{'.'.join(map(str, e.path))}: {e.message[:200]}" for e in errors)


def test_example_files_point_at_the_schema():
    """The modeline in each example resolves to a file in schema/."""
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.match(r"# yaml-language-server: \$schema=(\S+)", first)
        if match is None:
            continue
        assert (path.parent / match.group(1)).resolve().is_file(), f"{path}: {match.group(1)}"


def test_shorthand_statement_line_is_allowed():
    schema = json.loads(schema_texts()["arsfil.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    data = {"ar": 2023, "resultatrakning": {"verksamhetens_intakter": 100,
                                            "verksamhetens_kostnader": {"belopp": -100}}}
    assert not list(validator.iter_errors(data))
    bad = {"ar": 2023, "resultatrakning": {"verksamhetens_intakter": [1]}}
    assert list(validator.iter_errors(bad))
