"""``reportgen init``: the files it creates, and a second run that changes nothing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main, schema_texts


def test_init_creates_a_repository(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "repo")])
    assert result.exit_code == 0, result.output
    repo = tmp_path / "repo"
    assert sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*")) == [
        ".gitignore", "Makefile", "README.md", "data", "schema", "schema/arsfil.schema.json",
        "schema/forbund.schema.json", "templates", "templates/README.md"]
    makefile = (repo / "Makefile").read_text(encoding="utf-8")
    assert "pyproject" not in makefile and "reportgen/" not in makefile
    assert "--report alla" in makefile and "-include $(DEPS)" in makefile
    assert (repo / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        "build/", ".venv/"]
    assert (repo / "schema" / "arsfil.schema.json").read_text(encoding="utf-8") == \
        schema_texts()["arsfil.schema.json"]
    assert "make build" in result.output


def test_init_twice_changes_nothing_a_user_wrote(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path)])
    (tmp_path / "Makefile").write_text("# egen\n", encoding="utf-8")
    (tmp_path / "templates" / "README.md").write_text("egna anteckningar\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.bak\nbuild\n", encoding="utf-8")
    (tmp_path / "schema" / "arsfil.schema.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Makefile").read_text(encoding="utf-8") == "# egen\n"
    assert (tmp_path / "templates" / "README.md").read_text(encoding="utf-8") == \
        "egna anteckningar\n"
    # Only the patterns it lacked are added; the schema, generated, is brought up to date.
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.bak\nbuild\n.venv/\n"
    assert (tmp_path / "schema" / "arsfil.schema.json").read_text(encoding="utf-8") != "{}"
    assert "Finns redan, lämnas som den är" in result.output
    third = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert "Skapade" not in third.output and "Uppdaterade" not in third.output


def test_init_on_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "fil")])
    assert result.exit_code == 1
    assert "ingen mapp" in result.output
    assert "Traceback" not in result.output
