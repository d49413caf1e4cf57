"""make's view of a build: the dependency file lists every file read, and the stamp is
dated from what the build read, so nothing saved during a build is stamped as built."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportgen import build, stamps
from reportgen.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A docs repository with skane-nordost's two years and a logo."""
    folder = tmp_path / "repo" / "data" / "sn"
    shutil.copytree(REPO / "data" / "skane-nordost", folder)
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" '
                                     'height="10"><rect width="10" height="10"/></svg>',
                                     encoding="utf-8")
    text = (folder / "forbund.yaml").read_text(encoding="utf-8")
    assert "tema:" not in text
    (folder / "forbund.yaml").write_text(text + "\ntema:\n  logotyp: logo.svg\n",
                                         encoding="utf-8")
    return tmp_path / "repo"


def _build(year: Path) -> build.Built:
    return build.build_all_report(year, formats=("html",), out=year.parents[2] / "build")


def test_read_files_are_everything_the_build_read(docs: Path) -> None:
    built = _build(docs / "data" / "sn" / "2023.yaml")
    read = [p.relative_to(docs.resolve()).as_posix() for p in built.read_files
            if p.is_relative_to(docs.resolve())]
    assert read[:3] == ["data/sn/2023.yaml", "data/sn/forbund.yaml", "data/sn/2022.yaml"]
    assert "data/sn/logo.svg" in read
    assert "data/sn/2024.yaml" not in read  # the next year is no input of this one
    builtin = {p.name for p in built.read_files}
    assert {"arsredovisning.html", "build.py", "render.py"} <= builtin


def test_deps_file_names_the_stamp_and_absent_candidates(docs: Path) -> None:
    built = _build(docs / "data" / "sn" / "2022.yaml")
    text = stamps.deps_text(Path("build/.stamps/sn/2022.stamp"), built, cwd=docs)
    first = text.splitlines()[1]
    assert first == "build/.stamps/sn/2022.stamp: \\"
    assert "  data/sn/2022.yaml \\" in text
    assert "  data/sn/forbund.yaml \\" in text
    assert "data/sn/2023.yaml" not in text
    # A prior year's file or an override folder that appears later rebuilds the report.
    assert "$(wildcard data/sn/2021.yaml data/sn/templates templates)" in text
    assert "\ndata/sn/forbund.yaml:\n" in text  # a removed file is no make error


def test_stamp_is_dated_from_what_was_read(docs: Path) -> None:
    year = docs / "data" / "sn" / "2023.yaml"
    built = _build(year)
    stamp = docs / "build" / ".stamps" / "sn" / "2023.stamp"
    assert stamps.write_stamp(stamp, built) == []
    newest = max(st[0] for st in built.seen.values() if st is not None)
    assert stamp.stat().st_mtime_ns == newest
    assert year.stat().st_mtime_ns <= stamp.stat().st_mtime_ns


def test_file_saved_during_the_build_is_not_stamped(docs: Path) -> None:
    year = docs / "data" / "sn" / "2023.yaml"
    stamp = docs / "build" / ".stamps" / "sn" / "2023.stamp"
    stamp.parent.mkdir(parents=True)
    stamp.touch()
    built = _build(year)
    # The kansli saves the file while the PDF is being set: new content, new mtime.
    later = year.stat().st_mtime_ns + 5_000_000_000
    year.write_text(year.read_text(encoding="utf-8") + "\n# sparad under bygget\n",
                    encoding="utf-8")
    os.utime(year, ns=(later, later))
    assert stamps.write_stamp(stamp, built) == [year.absolute()]
    assert not stamp.exists()  # the old stamp is gone too: make builds it again


def test_cli_writes_deps_and_stamp(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    monkeypatch.chdir(docs)
    result = CliRunner().invoke(main, [
        "build", "data/sn/2023.yaml", "--report", "alla", "--format", "html", "-q",
        "--stamp", "build/.stamps/sn/2023.stamp", "--deps", "build/.deps/sn/2023.d"])
    assert result.exit_code == 0, result.output
    assert (docs / "build/.stamps/sn/2023.stamp").exists()
    deps = (docs / "build/.deps/sn/2023.d").read_text(encoding="utf-8")
    assert deps.splitlines()[1] == "build/.stamps/sn/2023.stamp: \\"
    assert (docs / "build/sn/2023/arsredovisning.html").exists()
    refused = CliRunner().invoke(main, ["build", "data/sn/2023.yaml", "--deps", "x.d"])
    assert refused.exit_code == 2 and "--deps behöver --stamp" in refused.output


def test_books_are_dependencies_too(tmp_path: Path) -> None:
    """A year file built from its books depends on the SIE file and the kontoplan."""
    folder = tmp_path / "repo" / "data" / "exempel"
    shutil.copytree(REPO / "data" / "exempel", folder)
    year = folder / "2024.yaml"
    built = _build(year)
    names = {p.name for p in built.read_files}
    assert {"2024.se", "kontoplan.yaml", "kommun-bas.yaml"} <= names
    text = stamps.deps_text(Path("s.stamp"), built, cwd=tmp_path / "repo")
    assert "  data/exempel/2024.se \\" in text
    # The SIE file exported again while the build ran: not stamped as built.
    sie = folder / "2024.se"
    later = sie.stat().st_mtime_ns + 5_000_000_000
    os.utime(sie, ns=(later, later))
    assert stamps.write_stamp(tmp_path / "s.stamp", built) == [sie.absolute()]
