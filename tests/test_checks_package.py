"""The checks package is composed from its leaves, and nothing can be forgotten silently.

Each guard here fails when a step of adding a check, a control total, a standard section
or a report kind is left out (the steps that used to fail silently with every test green).
"""

from __future__ import annotations

import copy
import inspect
import pkgutil
import re
from pathlib import Path
from typing import get_args

import pytest
import yaml

from reportgen import checks
from reportgen.build import REPORTS, check_all
from reportgen.compute.dokument import STANDARD_RUBRIK
from reportgen.model import Arsfil
from reportgen.model.base import kontrollsummor
from reportgen.model.dokument import StandardBlock
from reportgen.render import builtin_templates_dir

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini"


def test_every_leaf_module_is_composed() -> None:
    leaves = {m.name for m in pkgutil.iter_modules(checks.__path__)} - {"kontext"}
    assert leaves == {leaf.__name__.rsplit(".", 1)[-1] for leaf in checks.LEAVES}


def test_every_check_function_of_a_leaf_is_listed_and_run() -> None:
    for leaf in checks.LEAVES:
        functions = {name for name, f in inspect.getmembers(leaf, inspect.isfunction)
                     if f.__module__ == leaf.__name__ and not name.startswith("_")
                     and list(inspect.signature(f).parameters) == ["ctx"]}
        listed = {f.__name__ for f in leaf.CHECKS}
        assert functions == listed, f"{leaf.__name__}: {functions ^ listed}"
    assert [f for leaf in checks.LEAVES for f in leaf.CHECKS] == checks.CHECKS


def test_check_names_are_unique() -> None:
    names = [f.__name__ for f in checks.CHECKS]
    assert len(names) == len(set(names))


def test_every_check_is_named_in_a_test() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py")
                     if p.name != Path(__file__).name)
    missing = [f.__name__ for f in checks.CHECKS if f.__name__ not in text]
    assert not missing, f"kontroller som inget test nämner: {missing}"


# ---------------------------------------------------------------------------- control totals

def _set(data, path: tuple[str, ...], value) -> bool:
    """Set *path* ('*' = the first list item that has the rest); False if none has it."""
    key, rest = path[0], path[1:]
    if key == "*":
        return isinstance(data, list) and any(_set(item, rest, value) for item in data)
    if not rest:
        if isinstance(data, dict):
            data[key] = value
            return True
        return False
    return isinstance(data, dict) and key in data and _set(data[key], rest, value)


CONTROL_TOTALS = [p for p, _ in kontrollsummor(Arsfil) if p[0] != "foregaende_ar"]


PERIODER = TESTS / "fixtures" / "delar" / "kontroll"
"""Every control total under ``tertial:`` (period statements, prognos, comparative, year
budget) has its place in this fixture; the rest in the mini fixture."""

BUDGETTABELL = TESTS / "fixtures" / "budgettabell"
"""The mini fixture with budget tables in both section trees: the places of a budget
table's control totals."""


@pytest.mark.parametrize("path", CONTROL_TOTALS, ids=[".".join(p) for p in CONTROL_TOTALS])
def test_every_control_total_is_compared(path: tuple[str, ...], tmp_path: Path) -> None:
    """A wrong figure typed in any field the model marks Kontrollsumma is reported."""
    source, name = (PERIODER, "2024.yaml") if path[0] == "tertial" else (MINI, "2023.yaml")
    if "budgettabell" in path:
        source = BUDGETTABELL
    folder = tmp_path / "testbygden"
    folder.mkdir()
    for f in source.glob("*.yaml"):
        (folder / f.name).write_bytes(f.read_bytes())
    data = yaml.safe_load((source / name).read_text(encoding="utf-8"))
    if source == MINI:
        data.setdefault("balanskrav", {})
        data["noter"].append({"id": "inventarier", "typ": "anlaggningstillgangar",
                              "rubrik": "Maskiner och inventarier",
                              "anlaggning": {"ingaende_anskaffningsvarde": 0,
                                             "ingaende_avskrivningar": 0}})
    baseline = copy.deepcopy(data)
    assert _set(data, path, 123), f"fixturen saknar en plats för {'.'.join(path)}"
    (folder / name).write_text(yaml.safe_dump(baseline, allow_unicode=True), encoding="utf-8")
    before = {str(p) for p in check_all(folder / name)}
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = [p for p in check_all(folder / name) if str(p) not in before]
    assert after, f"en fel kontrollsumma i {'.'.join(path)} rapporterades inte"
    assert all(p.location is not None and p.location.line for p in after)


# ---------------------------------------------------------------------------- sections, reports

def test_standard_blocks_have_a_heading_and_a_template() -> None:
    names = set(get_args(StandardBlock))
    assert names == set(STANDARD_RUBRIK)
    templates = {p.stem for p in (builtin_templates_dir() / "block").glob("*.html")}
    assert names == templates


def test_every_report_kind_has_its_template() -> None:
    for kind in REPORTS.values():
        assert (builtin_templates_dir() / kind.template).is_file(), kind.name


def test_templates_read_only_the_view() -> None:
    """No template reads the raw year file or the deprecated extra mapping."""
    found = [f"{p}: {m.group(0)}" for p in builtin_templates_dir().rglob("*.html")
             for m in re.finditer(r"rapport\.(arsfil|extra)\b", p.read_text(encoding="utf-8"))]
    assert not found
