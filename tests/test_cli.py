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
