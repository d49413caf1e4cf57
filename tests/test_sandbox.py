"""A förbund's templates are data, not code (issue #20, items 8 and 15).

Every template renders in Jinja's sandbox; overrides are read only from regular files
inside a ``templates/`` folder (no symbolic link out, no absolute or ``..`` name); and
whatever an override does wrong at run time comes out as a Swedish message with the
template's file and line, never a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_render import make_rapport

from reportgen import build
from reportgen.errors import ReportFileError
from reportgen.render import builtin_templates_dir, render_html, template_search_paths

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def rapport():
    return make_rapport()


def override(tmp_path: Path, name: str, text: str) -> list[Path]:
    path = tmp_path / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return template_search_paths(tmp_path, cwd=tmp_path)


def render(rapport, search) -> str:
    return render_html(rapport, search_paths=search)


@pytest.mark.parametrize("payload", [
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ rapport.__class__.__init__.__globals__ }}",
    "{% set x = namespace() %}{{ x.__init__.__globals__ }}",
])
def test_override_cannot_reach_python(rapport, tmp_path, payload):
    search = override(tmp_path, "block/kansli.html", f"ok\n{payload}\n")
    with pytest.raises(ReportFileError) as caught:
        render(rapport, search)
    message = caught.value.format_message()
    assert "kansli.html:2" in message
    assert "inte är tillåtet" in message or "finns inte" in message or "fel i mallen" in message
    assert "uid=" not in message


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../../../etc/passwd",
                                  "block/../../x.html", "C:/x.html", "..\\\\x.html"])
def test_include_outside_templates_is_refused(rapport, tmp_path, name):
    (tmp_path / "x.html").write_text("HEMLIGT", encoding="utf-8")
    search = override(tmp_path, "block/kansli.html", f'{{% include "{name}" %}}\n')
    with pytest.raises(ReportFileError, match="mallnamnet") as caught:
        render(rapport, search)
    assert "HEMLIGT" not in caught.value.format_message()


def test_symlinked_override_out_of_templates_is_refused(rapport, tmp_path):
    secret = tmp_path / "hemligt.txt"
    secret.write_text("HEMLIGT-INNEHÅLL", encoding="utf-8")
    (tmp_path / "templates" / "block").mkdir(parents=True)
    (tmp_path / "templates" / "block" / "kansli.html").symlink_to(secret)
    with pytest.raises(ReportFileError, match="symbolisk länk ut ur"):
        render(rapport, template_search_paths(tmp_path, cwd=tmp_path))
    (tmp_path / "templates" / "block" / "kansli.html").unlink()
    (tmp_path / "templates" / "block" / "kansli.html").symlink_to("/etc/passwd")
    with pytest.raises(ReportFileError, match="symbolisk länk ut ur"):
        render(rapport, template_search_paths(tmp_path, cwd=tmp_path))


def test_symlinked_folder_out_of_templates_is_refused(rapport, tmp_path):
    outside = tmp_path / "annat"
    outside.mkdir()
    (outside / "kansli.html").write_text("UTIFRÅN", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "block").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ReportFileError, match="symbolisk länk ut ur"):
        render(rapport, template_search_paths(tmp_path, cwd=tmp_path))


def test_symlink_inside_templates_is_fine(rapport, tmp_path):
    search = override(tmp_path, "egen.html", '<p class="egen">Eget kansli</p>\n')
    (tmp_path / "templates" / "block").mkdir()
    (tmp_path / "templates" / "block" / "kansli.html").symlink_to(tmp_path / "templates" /
                                                                  "egen.html")
    assert "Eget kansli" in render(rapport, search)


def test_fifo_as_template_is_refused_not_waited_for(rapport, tmp_path):
    (tmp_path / "templates" / "block").mkdir(parents=True)
    os.mkfifo(tmp_path / "templates" / "block" / "kansli.html")
    with pytest.raises(ReportFileError, match="ingen vanlig fil"):
        render(rapport, template_search_paths(tmp_path, cwd=tmp_path))


def test_builtin_templates_still_render_in_the_sandbox(rapport):
    html = render(rapport, [builtin_templates_dir()])
    assert "Resultaträkning" in html


@pytest.mark.parametrize(("body", "words"), [
    ("{{ 1 / 0 }}", "delar med noll"),
    ("{{ 1 + 'a' }}", "fel typ"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "anropar sig själv"),
    ("{{ [1, 2][5] }}", "fel i mallen"),
    ("{{ range(10 ** 9) | list | length }}", "för stort"),
    ("{{ {}['saknas'] }}", "fel i mallen"),
    ('{{ "%d" % "x" }}', "fel typ"),
])
def test_runtime_error_in_override_is_swedish_with_its_line(rapport, tmp_path, body, words):
    search = override(tmp_path, "block/kansli.html", f"rad ett\n{body}\n")
    with pytest.raises(ReportFileError) as caught:
        render(rapport, search)
    message = caught.value.format_message()
    assert "kansli.html:2" in message, message
    assert words in message, message
    assert "Traceback" not in message and "Error" not in message


def test_build_with_a_broken_override_prints_no_traceback(tmp_path):
    folder = tmp_path / "data" / "nnv-skane"
    shutil.copytree(DATA / "nnv-skane", folder)
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / "verksamhetsplan.html").write_text(
        "{{ lipsum.__globals__['os'].popen('id').read() }}\n{{ 1/0 }}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(folder / "2020.yaml"),
                           "--report", "verksamhetsplan", "--out", str(tmp_path / "ut"),
                           "--format", "html", "-q"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "uid=" not in done.stderr + done.stdout
    assert "verksamhetsplan.html:1" in done.stderr
    assert not (tmp_path / "ut").exists()


def test_build_reports_the_files_it_read(tmp_path):
    folder = tmp_path / "data" / "skane-nordost"
    shutil.copytree(DATA / "skane-nordost", folder)
    search = override(folder, "block/kansli.html", "<p>Eget</p>\n")
    assert search[0] == folder / "templates"
    built = build.build_report(folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    names = [p.relative_to(folder.resolve()).as_posix() for p in built.read_files
             if p.is_relative_to(folder.resolve())]
    assert names[:3] == ["2023.yaml", "forbund.yaml", "2022.yaml"]
    assert "templates/block/kansli.html" in names
    assert builtin_templates_dir() / "arsredovisning.html" in built.read_files
