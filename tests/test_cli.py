"""The command line: exit codes, messages, and help for every command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reportgen.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_help(runner: CliRunner) -> None:
    for name, command in main.commands.items():
        assert command.help, f"{name} saknar hjälptext"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_check_missing_file_is_a_clear_message(runner: CliRunner, tmp_path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "nope" / "2023.yaml")])
    assert result.exit_code == 1
    assert "forbund.yaml saknas" in result.output
    assert "Traceback" not in result.output


def test_check_json_lists_problems(runner: CliRunner, tmp_path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "forbund.yaml").write_text(
        "namn: Samordningsförbundet X\norgnr: 222000-0000\nsate: Ystad\nmedlemmar: []\n",
        encoding="utf-8")
    (folder / "2023.yaml").write_text("ar: 2023\nokand: 1\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--format", "json", str(folder / "2023.yaml")])
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert problems[0]["rad"] == 2
    assert problems[0]["falt"] == "okand"
    assert "okänt fält" in problems[0]["meddelande"]


def test_unknown_format_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "data/skane-nordost/2023.yaml", "--format", "docx"])
    assert result.exit_code == 2
    assert "välj html, pdf" in result.output


def test_schema_is_generated_from_the_model(runner: CliRunner, tmp_path) -> None:
    result = runner.invoke(main, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    schema = json.loads((tmp_path / "arsfil.schema.json").read_text(encoding="utf-8"))
    assert "resultatrakning" in schema["properties"]
    assert isinstance(main, click.Group)


# ------------------------------------------- terminal escape injection (issue #20, item 10)

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202e"


def test_control_characters_in_messages_are_escaped(runner: CliRunner, tmp_path) -> None:
    """A file name (or anything else a message repeats) cannot drive the terminal."""
    folder = tmp_path / f"forbund{ESCAPES}"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "nnv-skane", folder)
    year = folder / "2020.yaml"
    year.write_text(year.read_text(encoding="utf-8").replace("ar: 2020", "ar: 2019", 1),
                    encoding="utf-8")
    for args in (["check", str(year)], ["build", str(year), "--out", str(tmp_path / "ut")],
                 ["check", str(folder / f"{ESCAPES}.yaml")],
                 ["build", str(year), "--format", ESCAPES]):
        result = runner.invoke(main, args)
        assert result.exit_code != 0, args
        output = result.output + (result.stderr if result.stderr_bytes is not None else "")
        assert not any(c in output for c in "\x1b\x07\x9b\u202e"), (args, output)
        assert "\\x1b" in output, (args, output)


def test_json_output_escapes_controls_and_stays_json(runner: CliRunner, tmp_path) -> None:
    folder = tmp_path / f"f{ESCAPES}"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "nnv-skane", folder)
    (folder / "2020.yaml").write_text("ar: 2020\nokänt: 1\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(folder / "2020.yaml"), "--format", "json"])
    assert not any(c in result.output for c in "\x1b\x07\x9b\u202e")
    assert any(ESCAPES in (p["fil"] or "") for p in json.loads(result.output))


ENGLISH = ("Usage", "Options", "Commands", "Show this", "Show the", "default:", "required",
           "Error", "Try ", "Missing", "Invalid", "No such", "not one of", "does not exist",
           "TEXT", "INTEGER", "PATH", "FILENAME", "OPTIONS", "COMMAND", "ARGS", "FOLDER",
           "FORBUND", "Did you mean", "unexpected extra", "requires an argument")


def _english(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def test_help_is_swedish_throughout(runner: CliRunner) -> None:
    pages = {"": runner.invoke(main, ["--help"], prog_name="reportgen").output}
    for name in main.commands:
        pages[name] = runner.invoke(main, [name, "--help"], prog_name="reportgen").output
    for name, page in pages.items():
        assert page.startswith("Användning: reportgen"), (name, page)
        assert "Flaggor:" in page and "Visa den här hjälpen och avsluta." in page, name
        assert not _english(page), (name, _english(page), page)
    assert "Kommandon:" in pages[""]
    assert "[standard: build]" in pages["build"]


@pytest.mark.parametrize("args, swedish", [
    (["build"], "Argument saknas: 'ÅRSFIL'"),
    (["bild"], "Det finns inget kommando 'bild'. Menade du 'build'?"),
    (["build", "x.yaml", "--report", "nej"], "'nej' är inte en av"),
    (["build", "x.yaml", "--nej"], "Det finns ingen flagga '--nej'"),
    (["build", "x.yaml", "--format"], "Flaggan '--format' behöver ett värde"),
    (["serve", "/finns/inte"], "'/finns/inte' finns inte"),
    (["new", "x", "abc"], "'abc' är inget giltigt tal"),
    (["init", "a", "b"], "Oväntat extra argument (b)"),
    (["build", "x.yaml", "-r", "verksamhetsplan", "--period", "T1"],
     "--period gäller bara tertialrapport"),
])
def test_usage_errors_are_swedish(runner: CliRunner, args: list[str], swedish: str) -> None:
    result = runner.invoke(main, args, prog_name="reportgen")
    assert result.exit_code == 2
    assert swedish in result.output
    assert "Fel: " in result.output
    assert not _english(result.output), result.output
    assert "Traceback" not in result.output


def test_period_without_report_builds_the_tertial_report(runner: CliRunner, tmp_path) -> None:
    result = runner.invoke(main, ["build", "data/skane-nordost/2022.yaml", "--period", "T1",
                                  "--format", "html", "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "skane-nordost" / "2022").iterdir()] == [
        "tertialrapport-T1.html"]


@pytest.mark.parametrize("args, message", [
    (["data/nnv-skane/2020.yaml"], "inga uppgifter till årsredovisning"),
    (["data/skane-nordost/2023.yaml", "-r", "verksamhetsplan"],
     "inga uppgifter till verksamhetsplan och budget"),
    (["data/skane-nordost/2022.yaml", "--period", "T2"], "ingen uppföljning för T2"),
])
def test_a_report_without_data_is_refused(runner: CliRunner, tmp_path, args: list[str],
                                          message: str) -> None:
    result = runner.invoke(main, ["build", *args, "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "ingen rapport skrevs" in result.output
    assert not list(tmp_path.rglob("*.html"))  # no empty shell


def test_serve_on_a_busy_port_is_one_swedish_line(runner: CliRunner) -> None:
    import re
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(main, ["serve", "data", "--port", str(port)])
    assert result.exit_code == 1
    match = re.search(rf"^Fel: porten {port} är upptagen; prova --port (\d+)$", result.output,
                      re.MULTILINE)
    assert match, result.output
    assert int(match.group(1)) != port
    assert "Traceback" not in result.output and "Errno" not in result.output


def test_busy_port_8000_suggests_8080() -> None:
    import errno
    import socket

    from reportgen.cli import _bind_problem

    text = _bind_problem(OSError(errno.EADDRINUSE, "Address already in use"), "127.0.0.1", 8000)
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", 8080))
        except OSError:
            pytest.skip("port 8080 används av något annat på den här datorn")
    assert text == "porten 8000 är upptagen; prova --port 8080"


def test_an_unstamped_pdf_is_one_swedish_warning_line(runner: CliRunner, tmp_path,
                                                      monkeypatch) -> None:
    """When the structure checks fail, the PDF is built without the PDF/UA mark and the
    CLI says so as a 'varning:' line (not a Python warning with a file and line)."""
    from reportgen import pdfcheck

    monkeypatch.setattr(pdfcheck, "findings", lambda _pdf: ["rubrik utan nivå (prov)"])
    result = runner.invoke(main, ["build", "tests/fixtures/mini/2023.yaml", "--format", "pdf",
                                  "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert "varning: " in result.output and "klarar inte strukturkontrollerna" in result.output
    assert "ConformanceWarning" not in result.output and "warnings.warn" not in result.output
