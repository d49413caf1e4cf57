"""The command line: a thin layer over :mod:`reportgen.build`.

``main(argv)`` is testable with click's ``CliRunner``; every command has Swedish help.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__
from .build import REPORTS, build as run_build, check as run_check
from .errors import InputError

FORMATS = ("html", "pdf")


def _formats(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in value.split(",") if p.strip())
    bad = [p for p in parts if p not in FORMATS]
    if bad or not parts:
        raise click.BadParameter(f"välj html, pdf eller html,pdf (fick '{value}')")
    return parts


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """reportgen – årsredovisning, tertialrapport och verksamhetsplan för samordningsförbund.

    Skriv förbundets uppgifter i data/<förbund>/<år>.yaml och bygg rapporten med
    'reportgen build data/<förbund>/<år>.yaml'.
    """


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--report", "-r", default="arsredovisning", show_default=True,
              type=click.Choice(sorted(REPORTS)), help="Vilken rapport som ska byggas.")
@click.option("--period", "-p", default=None, help="Period för tertialrapport: T1, T2 eller T3.")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              help="Utdataformat, kommaseparerat: html, pdf.")
@click.option("--out", "-o", default="build", show_default=True,
              type=click.Path(path_type=Path), help="Katalog att skriva rapporterna i.")
@click.option("--strict", is_flag=True, help="Behandla varningar som fel.")
@click.option("-q", "--quiet", is_flag=True, help="Skriv bara ut fel.")
def build(path: Path, report: str, period: str | None, formats: str, out: Path, strict: bool,
          quiet: bool) -> None:
    """Bygg rapporten för en årsfil till HTML och PDF."""
    chosen = _formats(formats)
    progress = None if quiet else (lambda msg: click.echo(msg, err=True))
    written, problems = run_build(path, report, chosen, out, period, strict, progress)
    for p in problems:
        click.echo(str(p), err=True)
    if not quiet:
        click.echo(f"Klart: {len(written)} fil(er) skrivna.", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--report", "-r", default="arsredovisning", show_default=True,
              type=click.Choice(sorted(REPORTS)), help="Vilken rapport som ska kontrolleras.")
@click.option("--period", "-p", default=None, help="Period för tertialrapport: T1, T2 eller T3.")
@click.option("--format", "output", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="text för människor, json för CI och editorer.")
@click.option("--strict", is_flag=True, help="Behandla varningar som fel.")
def check(paths: tuple[Path, ...], report: str, period: str | None, output: str,
          strict: bool) -> None:
    """Kontrollera årsfiler: schema och alla korskontroller. Skriver ut varje problem.

    Avslutas med 0 när allt stämmer och 1 annars.
    """
    problems = []
    for path in paths:
        problems.extend(run_check(path, report, period).problems)
    failing = [p for p in problems if strict or p.severity == "fel"]
    if output == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            click.echo(str(p))
        n_err = len([p for p in problems if p.severity == "fel"])
        n_warn = len(problems) - n_err
        if not problems:
            click.echo(f"Inga problem i {len(paths)} fil(er).")
        else:
            click.echo(f"{n_err} fel, {n_warn} varningar.")
    if failing:
        raise SystemExit(1)


@main.command()
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help="Skriv schemat till en katalog i stället för att skriva ut det.")
def schema(out: Path | None) -> None:
    """Skriv ut JSON Schema för årsfilen och forbund.yaml (för editorns autokomplettering)."""
    from .model import Arsfil, Forbund

    schemas = {
        "arsfil.schema.json": Arsfil.model_json_schema(),
        "forbund.schema.json": Forbund.model_json_schema(),
    }
    if out is None:
        click.echo(json.dumps(schemas["arsfil.schema.json"], ensure_ascii=False, indent=2))
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, data in schemas.items():
        (out / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                encoding="utf-8")
        click.echo(f"Skrev {out / name}", err=True)


__all__ = ["InputError", "main"]
