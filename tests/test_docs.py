"""The developer docs name only files that exist, and the package imports without cycles."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "templates" / "README.md"]
PATH = re.compile(r"`(reportgen/[^`\s<>*]+)`")
"""A path of the engine in backticks; the docs' data/ paths are examples of a user's files."""


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_named_path_exists(doc: Path) -> None:
    missing = [m.group(1) for m in PATH.finditer(doc.read_text(encoding="utf-8"))
               if not (ROOT / m.group(1).split("#")[0].rstrip(".,:;)")).exists()]
    assert not missing, f"{doc.name} nämner filer som inte finns: {missing}"


def test_no_import_cycle_at_module_level() -> None:
    """Every module imports on its own, in a fresh interpreter, whatever was imported first.

    A cycle shows as an ImportError ('partially initialized module') for some entry point.
    """
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts)
                     for p in (ROOT / "reportgen").rglob("*.py") if p.name != "__main__.py")
    modules = [m.removesuffix(".__init__") for m in modules]
    code = ("import importlib, sys\n"
            "for name in sys.argv[1:]:\n"
            "    for loaded in [m for m in sys.modules if m.startswith('reportgen')]:\n"
            "        del sys.modules[loaded]\n"
            "    importlib.import_module(name)\n")
    # The timeout only guards against a hang: ~35 s idle, minutes on a loaded machine.
    done = subprocess.run([sys.executable, "-c", code, *modules], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]


def test_render_does_not_load_the_loader_or_the_validator() -> None:
    code = ("import sys, reportgen.render\n"
            "print(sorted(m for m in ('reportgen.load', 'reportgen.model.validate', "
            "'reportgen.sources') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
