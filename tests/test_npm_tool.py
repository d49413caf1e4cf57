"""The browser and editor tests skip, saying why, when their npm tools cannot be had."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import npm_tool


def test_no_npm_is_a_skip_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/finns-inte")
    with pytest.raises(pytest.skip.Exception, match="npm finns inte: kan inte installera"):
        npm_tool("paket-som-inte-finns/index.js")


def test_npm_that_cannot_install_is_a_skip(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    npm = tmp_path / "npm"
    npm.write_text("#!/bin/sh\necho 'npm error network request failed' >&2\nexit 1\n",
                   encoding="utf-8")
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.skip.Exception, match="network request failed"):
        npm_tool("paket-som-inte-finns/index.js")
