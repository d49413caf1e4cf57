"""Fixtures shared by the test modules.

Keep this small; helpers used by one module belong in that module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
