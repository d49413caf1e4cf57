"""The command line: a thin layer over :mod:`reportgen.build`.

``main(argv)`` is testable with click's ``CliRunner``; every command has Swedish help.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import click

from . import __version__
from .build import ALLA, REPORTS, build_all, check_all
from .build import build as run_build
from .build import check as run_check
from .errors import InputError
from .write import PDF_VARIANT, PDF_VARIANTS

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
              type=click.Choice([*sorted(REPORTS), ALLA]),
              help="Vilken rapport som ska byggas; alla = varje rapport som årsfilen har "
                   "uppgifter till (årsredovisning, tertialrapporter, verksamhetsplan).")
@click.option("--period", "-p", default=None, help="Period för tertialrapport: T1, T2 eller T3.")
@click.option("--per", "per", default=None, metavar="DATUM",
              help="Periodens sista dag i stället för --period, till exempel 2024-08-31 (T2).")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              help="Utdataformat, kommaseparerat: html, pdf.")
@click.option("--out", "-o", default="build", show_default=True,
              type=click.Path(path_type=Path), help="Katalog att skriva rapporterna i.")
@click.option("--pdf-variant", default=PDF_VARIANT, show_default=True,
              type=click.Choice(PDF_VARIANTS, case_sensitive=False),
              help="PDF-standard: pdf/a-2a (arkiv och tillgänglighet), pdf/a-3a eller pdf/ua-1.")
@click.option("--strict", is_flag=True, help="Behandla varningar som fel.")
@click.option("-q", "--quiet", is_flag=True, help="Skriv bara ut fel.")
@click.option("-v", "--verbose", is_flag=True,
              help="Berätta mer: tid för varje steg och filstorlekar.")
def build(path: Path, report: str, period: str | None, per: str | None, formats: str,
          out: Path, pdf_variant: str, strict: bool, quiet: bool, verbose: bool) -> None:
    """Bygg rapporten för en årsfil till HTML och PDF."""
    if per is not None:
        if period is not None:
            raise click.UsageError("ange antingen --period eller --per, inte båda")
        period = per  # the report's compute turns the date into its period, or says why not
    chosen = _formats(formats)
    clock = _Clock(verbose)
    progress = None if quiet else clock.say
    if report == ALLA:
        if period is not None:
            raise click.UsageError("--period går inte ihop med --report alla, som bygger "
                                   "varje period som årsfilen har uppgifter till")
        written, problems = build_all(path, chosen, out, strict, progress, pdf_variant)
    else:
        written, problems = run_build(path, report, chosen, out, period, strict, progress,
                                      pdf_variant=pdf_variant)
    for p in problems:
        if not quiet or p.severity == "fel":
            click.echo(str(p), err=True)
    if not quiet:
        clock.say(f"Klart: {len(written)} fil(er) skrivna.")
        if verbose:
            for dest in written:
                click.echo(f"  {dest} ({_size(dest)})", err=True)
            click.echo(f"  totalt {_seconds(clock.total())}", err=True)


class _Clock:
    """Progress lines; with -v each line starts with the time since the build began, so the
    gap between two lines is how long the step took: ``[0,34 s] Skriver …``."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.start = time.perf_counter()

    def say(self, message: str) -> None:
        if self.verbose:
            message = f"[{_seconds(self.total())}] {message}"
        click.echo(message, err=True)

    def total(self) -> float:
        return time.perf_counter() - self.start


def _seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "?"
    return f"{n / 1024:.0f} kB".replace(".", ",") if n >= 1024 else f"{n} byte"


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--report", "-r", default=None, type=click.Choice(sorted(REPORTS)),
              help="Kontrollera bara denna rapport (standard: alla som filen har uppgifter till).")
@click.option("--period", "-p", default=None, help="Period för tertialrapport: T1, T2 eller T3.")
@click.option("--format", "output", default="text", show_default=True,
              type=click.Choice(["text", "json"]),
              help="text för människor, json för CI och editorer.")
@click.option("--strict", is_flag=True, help="Behandla varningar som fel.")
@click.option("-q", "--quiet", is_flag=True,
              help="Skriv bara ut fel (inga varningar, ingen summering).")
@click.option("-v", "--verbose", is_flag=True, help="Skriv ut varje fil som kontrolleras, med tid.")
def check(paths: tuple[Path, ...], report: str | None, period: str | None, output: str,
          strict: bool, quiet: bool, verbose: bool) -> None:
    """Kontrollera årsfiler: schema och alla korskontroller. Skriver ut varje problem.

    Avslutas med 0 när allt stämmer och 1 annars.
    """
    problems = []
    for path in paths:
        started = time.perf_counter()
        found = (check_all(path) if report is None
                 else run_check(path, report, period).problems)
        if verbose and output == "text":
            n = len([p for p in found if p.severity == "fel"])
            status = "ok" if not found else f"{n} fel, {len(found) - n} varningar"
            click.echo(f"{path}: {status} ({_seconds(time.perf_counter() - started)})", err=True)
        problems.extend(found)
    failing = [p for p in problems if strict or p.severity == "fel"]
    if output == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            if not quiet or p in failing:
                click.echo(str(p))
        n_err = len([p for p in problems if p.severity == "fel"])
        n_warn = len(problems) - n_err
        if quiet:
            pass
        elif not problems:
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
    schemas = schema_documents()
    if out is None:
        click.echo(json.dumps(schemas["arsfil.schema.json"], ensure_ascii=False, indent=2))
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts(schemas).items():
        dest = out / name
        if dest.exists() and dest.read_text(encoding="utf-8") == text:
            continue  # unchanged: keep the mtime, so make sees nothing to do
        dest.write_text(text, encoding="utf-8")
        click.echo(f"Skrev {dest}", err=True)


# ---------------------------------------------------------------------------- JSON Schema

_SV_WORDS = {
    "accentfarg": "accentfärg", "anlaggning": "anläggning",
    "anlaggningstillgangar": "anläggningstillgångar", "anmarkning": "anmärkning",
    "anskaffningsvarde": "anskaffningsvärde", "ansokan": "ansökan", "anstallda": "anställda",
    "ansvarsforbindelser": "ansvarsförbindelser", "anvandning": "användning", "ar": "år",
    "arets": "årets", "arsredovisning": "årsredovisning", "aterford": "återförd",
    "aterforing": "återföring", "avsattningar": "avsättningar", "balansrakning": "balansräkning",
    "enkat": "enkät", "ersattare": "ersättare", "extraordinara": "extraordinära",
    "falt": "fält", "farg": "färg", "for": "för", "forandring": "förändring",
    "forandringar": "förändringar", "fordelning": "fördelning", "foregaende": "föregående",
    "forluster": "förluster", "forrad": "förråd", "forsaljning": "försäljning",
    "forsta": "första", "fraga": "fråga", "fragor": "frågor", "godkanda": "godkända",
    "hogst": "högst", "ingaende": "ingående", "inkop": "inköp", "innehall": "innehåll",
    "intakter": "intäkter", "intakt": "intäkt", "jamforelse": "jämförelse", "kalla": "källa",
    "kassaflode": "kassaflöde", "kassaflodesanalys": "kassaflödesanalys", "lagst": "lägst",
    "langfristiga": "långfristiga", "ledamoter": "ledamöter", "ledamot": "ledamot",
    "likviditetspaverkande": "likviditetspåverkande", "lopande": "löpande", "mal": "mål",
    "malgrupp": "målgrupp", "malsattningar": "målsättningar", "malvarde": "målvärde",
    "man": "män", "moten": "möten", "omsattningstillgangar": "omsättningstillgångar",
    "overforing": "överföring", "oversikt": "översikt", "ovriga": "övriga",
    "projektagare": "projektägare", "realisationsforluster": "realisationsförluster",
    "resultatrakning": "resultaträkning", "resultatutjamningsreserv": "resultatutjämningsreserv",
    "sate": "säte", "sjukfranvaro": "sjukfrånvaro", "skal": "skäl",
    "tillfragade": "tillfrågade", "tillgangar": "tillgångar", "uppfoljning": "uppföljning",
    "utgaende": "utgående", "varde": "värde", "varden": "värden", "tom": "t.o.m.",
    "fom": "fr.o.m.", "rur": "RUR", "alt": "alternativtext", "orgnr": "organisationsnummer",
    "ekforandring": "förändring av eget kapital", "notrad": "notrad", "driftrad": "driftrad",
}
"""Field-name words without å, ä, ö, and the Swedish word the title shows."""

_SHORTHANDS: dict[str, dict[str, object]] = {
    "Post": {"type": ["integer", "string"], "title": "Belopp",
             "description": "Kortform: bara beloppet i kronor, till exempel 12492000."},
    "Tabellrad": {"type": "array", "title": "Celler",
                  "description": "Kortform: bara radens celler i kolumnordning."},
    "Block": {"type": "string", "title": "Text",
              "description": "Kortform: bara en text (Markdown)."},
    "Svarsfordelning": {"type": "array", "minItems": 3, "maxItems": 4, "title": "Svar",
                        "description": "Kortform: [negativt, varken eller, positivt] eller "
                                       "[negativt, varken eller, positivt, klart positivt]."},
}
"""Classes that also accept a bare value (a ``mode="before"`` validator in the model)."""

_ROOTS = {
    "arsfil.schema.json": ("Årsfil", "Ett förbunds uppgifter för ett år: "
                                     "data/<förbund>/<år>.yaml."),
    "forbund.schema.json": ("Förbund", "Förbundets fasta uppgifter: data/<förbund>/forbund.yaml."),
}


def swedish_title(name: str) -> str:
    """A field or class name as a Swedish title.

    >>> swedish_title("verksamhetens_intakter")
    'Verksamhetens intäkter'
    >>> swedish_title("EgetKapital")
    'Eget kapital'
    """
    parts = (re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name) if "_" not in name
             else name.split("_"))
    words = [_SV_WORDS.get(p.lower(), p.lower()) for p in parts if p]
    text = " ".join(words) or name
    return text[:1].upper() + text[1:]


def _swedish(node: object) -> None:
    """Give every property a Swedish title (in place)."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key, value in props.items():
                if isinstance(value, dict):
                    value["title"] = swedish_title(key)
        for value in node.values():
            _swedish(value)
    elif isinstance(node, list):
        for value in node:
            _swedish(value)


def schema_documents() -> dict[str, dict]:
    """The JSON Schemas of the year file and forbund.yaml, for editors.

    Field docstrings (Swedish) are the descriptions; every property gets a Swedish title; the
    class docstrings (developer notes, English) are left out; classes that accept a bare value
    as a shorthand (a statement line as just its amount) say so.
    """
    from pydantic import BaseModel

    from .model import Arsfil, Forbund

    out: dict[str, dict] = {}
    roots: tuple[type[BaseModel], ...] = (Arsfil, Forbund)
    for (name, (title, description)), cls in zip(_ROOTS.items(), roots, strict=True):
        data = cls.model_json_schema()
        for def_name, definition in data.get("$defs", {}).items():
            definition.pop("description", None)
            definition["title"] = swedish_title(def_name)
            if def_name in _SHORTHANDS:
                obj = dict(definition)
                definition.clear()
                definition.update(title=obj.pop("title"),
                                  anyOf=[dict(_SHORTHANDS[def_name]), obj])
        _swedish(data)
        data.pop("description", None)
        data = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
                "description": description, **{k: v for k, v in data.items() if k != "title"}}
        out[name] = data
    return out


def schema_texts(schemas: dict[str, dict] | None = None) -> dict[str, str]:
    """The schema files as written by ``reportgen schema --out`` (stable, for the diff)."""
    schemas = schemas or schema_documents()
    return {name: json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            for name, data in schemas.items()}


@main.command()
@click.argument("forbund")
@click.argument("ar", type=int)
@click.option("--data", "data_dir", default="data", show_default=True,
              type=click.Path(path_type=Path), help="Katalogen med förbundens mappar.")
@click.option("--force", is_flag=True, help="Skriv över årsfilen om den redan finns.")
@click.option("--sie", "sie_file", default=None, type=click.Path(path_type=Path),
              help="Fyll i räkningarna ur bokföringen: en SIE-fil för året.")
@click.option("--kontoplan", default="kommun-bas", show_default=True,
              help="Kontoplanen för --sie: kommun-bas, bas eller en kontoplan.yaml.")
def new(forbund: str, ar: int, data_dir: Path, force: bool, sie_file: Path | None,
        kontoplan: str) -> None:
    """Påbörja ett nytt års fil: data/<FORBUND>/<AR>.yaml ur föregående års fil.

    Finns inte förbundets mapp skapas en mall för forbund.yaml och årsfilen som går att
    bygga direkt. Varje värde att fylla i är markerat med # FYLL I.
    """
    from .new import new as run_new

    created = run_new(data_dir, forbund, ar, force)
    if sie_file is not None:
        from .new import markers
        from .sie.forifyllning import prefill

        filled = prefill(created.files[-1], sie_file, kontoplan)
        for p in filled.problems:
            click.echo(str(p), err=True)
        created.notes.append(f"{filled.filled} belopp ifyllda ur bokföringen ({filled.sie})")
        created.fill_in = [m for path in created.files for m in markers(path)]
    for path in created.files:
        click.echo(f"Skrev {path}", err=True)
    for note in created.notes:
        click.echo(f"  {note}", err=True)
    if created.fill_in:
        click.echo(f"{len(created.fill_in)} ställen att fylla i (# FYLL I):", err=True)
        for path, line, text in created.fill_in:
            click.echo(f"  {path}:{line}: {text}", err=True)
    year_file = created.files[-1]
    click.echo(f"Kontrollera med: reportgen check {year_file}", err=True)


@main.command("sie")
@click.argument("fil", type=click.Path(path_type=Path))
@click.option("--kontoplan", default=None, metavar="NAMN|FIL",
              help="Kontrollera också att varje konto med saldo har en rad i kontoplanen: "
                   "kommun-bas, bas eller en kontoplan.yaml.")
@click.option("--format", "output", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="text för människor, json för program.")
def sie(fil: Path, kontoplan: str | None, output: str) -> None:
    """Visa vad reportgen läser ur en SIE-fil: organisation, program, åren med årets
    resultat och balansräkningens summor, och varje problem med sin rad.

    Avslutas med 0 när filen går att använda (inga fel) och 1 annars.
    """
    from .sie.visa import as_json, as_text, granska

    read, problems = granska(fil, kontoplan)
    click.echo(as_json(read, problems) if output == "json" else as_text(read, problems))
    if any(p.severity == "fel" for p in problems):
        raise SystemExit(1)


@main.command()
@click.argument("path", default="data", type=click.Path(exists=True, path_type=Path))
@click.option("--port", default=8000, show_default=True, type=int, help="Port att lyssna på.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adress att lyssna på (127.0.0.1 = bara den här datorn).")
def serve(path: Path, port: int, host: str) -> None:
    """Förhandsgranska rapporten i webbläsaren medan du skriver.

    PATH är en årsfil, en förbundsmapp eller data-katalogen. Sidan laddas om av sig själv
    när en YAML-fil eller mall sparas; fel i filen visas på sidan med fil och rad.
    """
    from .serve import Preview

    preview = Preview(path, host=host, port=port, log=lambda msg: click.echo(msg, err=True))
    click.echo(f"Förhandsgranskning på {preview.url} – avsluta med Ctrl+C", err=True)
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        click.echo("Avslutar.", err=True)
    finally:
        preview.close()


__all__ = ["InputError", "main"]
