"""Output is atomic (issue #8): a failed, killed or concurrent build never leaves a
truncated or mixed report behind.

tests/test_write.py covers the writer functions; these tests go through the whole build
(:func:`reportgen.build.build` and the ``reportgen build`` command in a subprocess).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen import build
from reportgen.errors import OutputError

pypdf = pytest.importorskip("pypdf")

DATA = Path(__file__).resolve().parent.parent / "data"
FOLDER = "skane-nordost"
"""A förbund with a PDF that takes a few seconds, so a kill can land in the middle."""


def forbund(tmp_path: Path, folder: str = FOLDER) -> Path:
    target = tmp_path / "data" / folder
    shutil.copytree(DATA / folder, target)
    return target


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name.endswith(".tmp"))


def assert_valid_pdf(path: Path) -> int:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-"), f"{path} is not a PDF"
    assert data.rstrip().endswith(b"%%EOF"), f"{path} is truncated"
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) > 3
    assert reader.pages[0].extract_text()
    return len(reader.pages)


def edit_text(year_file: Path, marker: str) -> None:
    """A visible change to the report: the first text gets *marker*."""
    text = year_file.read_text(encoding="utf-8")
    head, sep, tail = text.partition("text: |\n")
    indent = tail[: len(tail) - len(tail.lstrip(" "))]
    year_file.write_text(f"{head}{sep}{indent}{marker}\n\n{tail}", encoding="utf-8")


# ----------------------------------------------------------------- failure in the build


@pytest.fixture
def good_build(tmp_path):
    """A förbund folder and a first, good build of its HTML and PDF."""
    folder = forbund(tmp_path)
    out = tmp_path / "build"
    written, _ = build.build(folder / "2023.yaml", out=out)
    assert [p.suffix for p in written] == [".html", ".pdf"]
    return folder, out, {p: p.read_bytes() for p in written}


def test_weasyprint_failure_keeps_the_pdf_and_leaves_no_temp_files(good_build, monkeypatch):
    import weasyprint

    folder, out, before = good_build

    def broken(*args, **kwargs):
        raise RuntimeError("simulerat fel i WeasyPrint")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    with pytest.raises(OutputError, match="PDF kunde inte sättas"):
        build.build(folder / "2023.yaml", out=out)
    pdf = next(p for p in before if p.suffix == ".pdf")
    assert pdf.read_bytes() == before[pdf]
    assert leftovers(out) == []


def test_pdf_write_failure_keeps_the_pdf_and_leaves_no_temp_files(good_build, monkeypatch):
    """The disk fails after the temporary file is written: nothing changes, nothing stays."""
    from reportgen import write

    folder, out, before = good_build

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", full_disk)
    with pytest.raises(OutputError, match="kunde inte skriva"):
        build.build(folder / "2023.yaml", out=out)
    for path, data in before.items():
        assert path.read_bytes() == data
    assert leftovers(out) == []


def test_failed_pdf_leaves_html_and_pdf_of_the_same_data(good_build, monkeypatch):
    import weasyprint

    folder, out, before = good_build
    edit_text(folder / "2023.yaml", "ÄNDRAD-TEXT-8")
    monkeypatch.setattr(weasyprint.HTML, "render",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("simulerat fel")))
    with pytest.raises(OutputError):
        build.build(folder / "2023.yaml", out=out)
    for path, data in before.items():
        assert path.read_bytes() == data, f"{path.name} changed although the build failed"


# ------------------------------------------------------------------------- subprocesses


def command(folder: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", "build", str(folder / "2023.yaml"), "--out",
            str(out), "-q", *extra]


def test_killed_build_leaves_old_or_new_pdf_never_a_truncated_one(good_build):
    folder, out, before = good_build
    pdf = next(p for p in before if p.suffix == ".pdf")
    edit_text(folder / "2023.yaml", "ÄNDRAD-TEXT-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # Kill early (imports), mid-typesetting, and around the write.
    for delay in (0.3, 1.5, 2.8, 3.6, 4.2):
        proc = subprocess.Popen(command(folder, out, "--format", "pdf"), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert pdf.exists()
        assert_valid_pdf(pdf)
        text = pypdf.PdfReader(pdf).pages[2].extract_text()
        assert isinstance(text, str)
    # Whatever the kills left, the next build succeeds and replaces the PDF.
    done = subprocess.run(command(folder, out, "--format", "pdf"), env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert_valid_pdf(pdf)
    assert pdf.read_bytes() != before[pdf]


def test_two_concurrent_builds_both_succeed(tmp_path):
    folder = forbund(tmp_path)
    out = tmp_path / "build"
    procs = [subprocess.Popen(command(folder, out), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=180) for p in procs]
    for proc, (_stdout, stderr) in zip(procs, results, strict=True):
        assert proc.returncode == 0, stderr
    target = out / FOLDER / "2023"
    assert_valid_pdf(target / "arsredovisning.pdf")
    html = (target / "arsredovisning.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    assert leftovers(out) == []


# ------------------------------------------------- a matching pair or nothing (issue #20)


def _pair_state(target: Path, marker: str) -> tuple[bool, bool]:
    """(marker in the HTML, marker in the PDF) of the report in *target*."""
    html = (target / "arsredovisning.html").read_text(encoding="utf-8")
    reader = pypdf.PdfReader(target / "arsredovisning.pdf")
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return marker in html, marker in text


def test_pdf_path_occupied_by_a_folder_leaves_no_lone_html(tmp_path):
    folder = forbund(tmp_path)
    out = tmp_path / "build"
    target = out / FOLDER / "2023"
    (target / "arsredovisning.pdf").mkdir(parents=True)
    with pytest.raises(OutputError, match=r"arsredovisning\.pdf"):
        build.build(folder / "2023.yaml", out=out)
    assert not (target / "arsredovisning.html").exists(), "a lone HTML was left"
    assert leftovers(out) == []


def test_failure_putting_the_pdf_in_place_puts_the_old_html_back(good_build, monkeypatch):
    from reportgen import write

    folder, out, before = good_build
    edit_text(folder / "2023.yaml", "ÄNDRAD-TEXT-20")
    real_replace = os.replace

    def full_disk_for_pdf(src, dst):
        if str(dst).endswith(".pdf"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", full_disk_for_pdf)
    with pytest.raises(OutputError, match="kunde inte skriva"):
        build.build(folder / "2023.yaml", out=out)
    for path, data in before.items():
        assert path.read_bytes() == data, f"{path.name} changed although the build failed"
    assert leftovers(out) == []


def test_failed_first_build_leaves_nothing(tmp_path, monkeypatch):
    from reportgen import write

    folder = forbund(tmp_path)
    out = tmp_path / "build"
    real_replace = os.replace
    monkeypatch.setattr(write.os, "replace", lambda src, dst: (
        (_ for _ in ()).throw(OSError(28, "No space left on device"))
        if str(dst).endswith(".pdf") else real_replace(src, dst)))
    with pytest.raises(OutputError):
        build.build(folder / "2023.yaml", out=out)
    assert sorted(p.name for p in (out / FOLDER / "2023").iterdir()) == []


KILL_BETWEEN_RENAMES = """
import os, sys
from reportgen import build, write
real = os.replace
def replace_then_die(src, dst):
    real(src, dst)
    if str(dst).endswith(".html"):
        os._exit(9)  # killed: no cleanup code runs
write.os.replace = replace_then_die
build.build(sys.argv[1], out=sys.argv[2])
"""


def test_kill_between_the_two_renames_is_completed_before_anything_else(good_build):
    """The one moment a kill can split the pair: the next build of the folder (here the
    cleanup it starts with) completes the renames, so HTML and PDF match again."""
    from reportgen import write

    folder, out, _before = good_build
    target = out / FOLDER / "2023"
    edit_text(folder / "2023.yaml", "ÄNDRAD-TEXT-20")
    proc = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES,
                           str(folder / "2023.yaml"), str(out)], capture_output=True, timeout=180)
    assert proc.returncode == 9, proc.stderr
    assert _pair_state(target, "ÄNDRAD-TEXT-20") == (True, False)  # split by the kill
    assert any(name.endswith(".pair.tmp") for name in leftovers(out))
    write.clean_stale(target)
    assert _pair_state(target, "ÄNDRAD-TEXT-20") == (True, True)
    assert leftovers(out) == []


def test_temporary_files_of_killed_builds_are_removed(good_build):
    folder, out, _before = good_build
    target = out / FOLDER / "2023"
    dead = target / ".arsredovisning.pdf.999999999-0a1b2c3d.new.tmp"  # no such process
    dead.write_bytes(b"%PDF halv")
    legacy = target / ".arsredovisning.pdf.k3j_x9a1.tmp"  # an older reportgen's name
    legacy.write_bytes(b"%PDF halv")
    os.utime(legacy, (time.time() - 3600, time.time() - 3600))
    fresh = target / ".arsredovisning.html.abc123.tmp"  # perhaps a running build's
    fresh.write_bytes(b"<html")
    build.build(folder / "2023.yaml", out=out, formats=("html",))
    assert leftovers(out) == [fresh.name]


def test_killed_builds_leave_html_and_pdf_of_the_same_data(good_build):
    folder, out, _before = good_build
    target = out / FOLDER / "2023"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for n, delay in enumerate((1.5, 2.8, 3.6, 4.2, 5.0)):
        marker = f"ÄNDRAD-TEXT-{n}"
        edit_text(folder / "2023.yaml", marker)
        proc = subprocess.Popen(command(folder, out), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        from reportgen import write

        write.clean_stale(target)  # what the next build does first
        in_html, in_pdf = _pair_state(target, marker)
        assert in_html == in_pdf, f"kill after {delay} s: HTML and PDF from different data"
        assert_valid_pdf(target / "arsredovisning.pdf")
    done = subprocess.run(command(folder, out), env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    assert leftovers(out) == []


def test_dotdot_in_the_year_files_path_writes_inside_out(tmp_path):
    """Issue #20, item 6: data/x/sub/../2023.yaml wrote to <out>/../2023/."""
    folder = forbund(tmp_path)
    (folder / "sub").mkdir()
    out = tmp_path / "ut" / "build"
    written, _ = build.build(folder / "sub" / ".." / "2023.yaml", out=out, formats=("html",))
    assert written == [out / FOLDER / "2023" / "arsredovisning.html"]
    assert written[0].is_file()
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["build"]
