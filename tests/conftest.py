"""Fixtures shared by the test modules.

Keep this small; helpers used by one module belong in that module.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def write_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write text (UTF-8) or bytes to a file in a fresh working directory.

    Returns the path relative to that directory, so messages name it as ``x.yaml``.
    """
    monkeypatch.chdir(tmp_path)

    def write(content: str | bytes, name: str = "x.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return Path(name)

    return write


ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def mini_folder(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/mini (the consistent förbund Testbygden, 2023 and
    2022) to edit: ``tmp_path/testbygden``."""
    target = tmp_path / "testbygden"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mini_check(mini_folder: Path) -> Callable[..., Any]:
    """A function that makes one replacement in a file of the mini copy (2023.yaml unless
    *file* says otherwise) and returns ``check`` of its 2023.yaml; ``.folder`` is the copy."""
    from reportgen.build import check

    def run(old: str | None = None, new: str = "", file: str = "2023.yaml") -> Any:
        path = mini_folder / file
        if old is not None:
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} finns inte i {file}"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return check(mini_folder / "2023.yaml")

    run.folder = mini_folder  # type: ignore[attr-defined]
    return run


def npm_tool(path: str) -> Path:
    """*path* under node_modules/ (say ``axe-core/axe.min.js``), installed from
    package-lock.json with ``npm ci`` when missing.

    Skips the calling test, saying why, when npm is not installed or cannot install the
    pinned packages (no network, a registry that is down): the tool cannot be had then,
    which is no failure of reportgen.
    """
    import shutil
    import subprocess

    target = ROOT / "node_modules" / path
    if target.exists():
        return target
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"npm finns inte: kan inte installera {path.split('/')[0]} (package.json)")
    try:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("npm ci blev inte klart på 5 minuter (nätverket?)")
    if done.returncode != 0 or not target.exists():
        tail = " ".join((done.stderr or done.stdout).split()[-30:])
        pytest.skip(f"npm ci kunde inte installera {path.split('/')[0]}: {tail}")
    return target
