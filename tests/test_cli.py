"""The command line: exit codes, messages, and help for every command."""

from __future__ import annotations

import json

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
