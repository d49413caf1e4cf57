"""The checkout's Makefile: the Python check before .venv is made, and make -j2."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make finns inte")

FAKE = """#!/bin/sh
# A stand-in for python{version}: answers --version and -c, and makes a venv of itself.
case "$1" in
  --version) echo "Python {version}" ;;
  -c) exit {code} ;;
  -m) mkdir -p "$3/bin"; cp "$0" "$3/bin/python"
      printf '#!/bin/sh\\nexit 0\\n' > "$3/bin/pip"; chmod +x "$3/bin/pip" ;;
esac
"""


def fake_python(folder: Path, version: str) -> Path:
    path = folder / f"python{version}"
    new_enough = tuple(map(int, version.split(".")[:2])) >= (3, 11)
    path.write_text(FAKE.format(version=version, code=0 if new_enough else 1),
                    encoding="utf-8")
    path.chmod(0o755)
    return path


def make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (folder / "pyproject.toml").touch()
    return subprocess.run(["make", "-f", str(REPO / "Makefile"), "-C", str(folder), *args],
                          capture_output=True, text=True, timeout=120)


def test_old_python_is_refused_in_swedish_before_the_venv(tmp_path: Path) -> None:
    old = fake_python(tmp_path, "3.9.18")
    done = make(tmp_path, ".venv/.installed", f"PYTHON={old}")
    assert done.returncode != 0
    assert "reportgen behöver Python 3.11 eller nyare" in done.stderr
    assert "3.9.18" in done.stderr and "PYTHON=python3.12" in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_missing_python_is_a_swedish_line(tmp_path: Path) -> None:
    done = make(tmp_path, ".venv/.installed", "PYTHON=python-som-inte-finns")
    assert done.returncode != 0
    assert "hittar inte python-som-inte-finns" in done.stderr


def test_venv_of_a_wrong_python_is_replaced(tmp_path: Path) -> None:
    old = fake_python(tmp_path, "3.9.18")
    new = fake_python(tmp_path, "3.12.1")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(old, tmp_path / ".venv" / "bin" / "python")
    (tmp_path / ".venv" / "gammal").touch()
    done = make(tmp_path, ".venv/.installed", f"PYTHON={new}")
    assert done.returncode == 0, done.stderr
    assert "skapar den på nytt" in done.stderr
    assert not (tmp_path / ".venv" / "gammal").exists()
    assert (tmp_path / ".venv" / ".installed").exists()
    # A good venv is kept.
    (tmp_path / ".venv" / ".installed").unlink()
    (tmp_path / ".venv" / "ny").touch()
    again = make(tmp_path, ".venv/.installed", f"PYTHON={new}")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / ".venv" / "ny").exists()


def test_schema_rule_runs_once_under_make_j() -> None:
    """Both schema files come from one rule whose target is one file."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "SCHEMA     := schema/arsfil.schema.json\n" in text
    dry = subprocess.run(["make", "-n", "-j2", "-B", "-C", str(REPO), "schema/arsfil.schema.json",
                          "VENV=/nonexistent-venv"], capture_output=True, text=True, timeout=60)
    assert dry.stdout.count("reportgen schema --out schema") == 1, dry.stdout
