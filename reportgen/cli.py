"""The command line: a thin layer over :mod:`reportgen.build`.

``main(argv)`` is testable with click's ``CliRunner``; every command has Swedish help.
"""

from __future__ import annotations

import errno
import io
import json
import re
import socket
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import click

from . import __version__
from .build import ALLA, REPORTS, build_all_report, build_report, check_all
from .build import check as run_check
from .errors import InputError, ReportgenError, echo, json_text
from .model.base import BELOPP_SCHEMA
from .svenska import Grupp, install
from .write import PDF_VARIANT, PDF_VARIANTS

FORMATS = ("html", "pdf")

install()  # click's own words (Usage:, Options:, Error: …) in Swedish


def echo_json(text: str) -> None:
    """JSON on stdout, with control characters as JSON escapes (see errors.json_text)."""
    click.echo(json_text(text))


def _formats(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in value.split(",") if p.strip())
    bad = [p for p in parts if p not in FORMATS]
    if bad or not parts:
        raise click.BadParameter(f"välj html, pdf eller html,pdf (fick '{value}')")
    return parts


class _Group(Grupp):
    """The command group, printing every error (click's own usage errors too, which repeat
    what was typed) through :func:`reportgen.errors.echo`, so no control character from a
    file name or an argument reaches the terminal raw."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.ClickException as exc:
            buffer = io.StringIO()
            exc.show(file=buffer)
            echo(buffer.getvalue().rstrip("\n"), err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            echo("Avbrutet.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="reportgen")
def main() -> None:
    """reportgen – årsredovisning, tertialrapport och verksamhetsplan för samordningsförbund.

    Skriv förbundets uppgifter i data/<förbund>/<år>.yaml och bygg rapporten med
    'reportgen build data/<förbund>/<år>.yaml'.
    """


@main.command()
@click.argument("path", metavar="ÅRSFIL", type=click.Path(path_type=Path))
@click.option("--report", "-r", default=None,
              type=click.Choice([*sorted(REPORTS), ALLA]), metavar="RAPPORT",
              help="Vilken rapport som ska byggas; alla = varje rapport som årsfilen har "
                   "uppgifter till (årsredovisning, tertialrapporter, verksamhetsplan). "
                   "Standard: tertialrapport med --period, annars arsredovisning.")
@click.option("--period", "-p", default=None, metavar="PERIOD",
              help="Period för tertialrapport: T1, T2 eller T3.")
@click.option("--per", "per", default=None, metavar="DATUM",
              help="Periodens sista dag i stället för --period, till exempel 2024-08-31 (T2).")
@click.option("--format", "formats", metavar="FORMAT", default="html,pdf", show_default=True,
              help="Utdataformat, kommaseparerat: html, pdf.")
@click.option("--out", "-o", default="build", show_default=True, metavar="MAPP",
              type=click.Path(path_type=Path), help="Katalog att skriva rapporterna i.")
@click.option("--pdf-variant", default=PDF_VARIANT, show_default=True, metavar="VARIANT",
              type=click.Choice(PDF_VARIANTS, case_sensitive=False),
              help="PDF-standard: pdf/a-2a (arkiv och tillgänglighet), pdf/a-3a eller pdf/ua-1.")
@click.option("--strict", is_flag=True, help="Behandla varningar som fel.")
@click.option("--slutlig", is_flag=True,
              help="Slutlig rapport, färdig att skriva under: det som gör den till ett utkast "
                   "(FYLL I, platshållare, tomma kolumner, underskrifter) blir fel.")
@click.option("-q", "--quiet", is_flag=True, help="Skriv bara ut fel.")
@click.option("-v", "--verbose", is_flag=True,
              help="Berätta mer: tid för varje steg och filstorlekar.")
@click.option("--stamp", type=click.Path(path_type=Path), default=None, metavar="FIL",
              help="För make: skriv denna stämpelfil efter ett lyckat bygge, daterad som den "
                   "nyaste filen bygget läste.")
@click.option("--deps", type=click.Path(path_type=Path), default=None, metavar="FIL",
              help="För make: skriv en beroendefil med varje fil bygget läste (kräver --stamp).")
def build(path: Path, report: str | None, period: str | None, per: str | None, formats: str,
          out: Path, pdf_variant: str, strict: bool, slutlig: bool, quiet: bool, verbose: bool,
          stamp: Path | None, deps: Path | None) -> None:
    """Bygg rapporten för en årsfil till HTML och PDF.

    Utan --slutlig byggs ett utkast: så länge något saknas står UTKAST på varje sida.
    """
    if per is not None:
        if period is not None:
            raise click.UsageError("ange antingen --period eller --per, inte båda")
        period = per  # the report's compute turns the date into its period, or says why not
    chosen = _formats(formats)
    if deps is not None and stamp is None:
        raise click.UsageError("--deps behöver --stamp: beroendefilen säger vad stämpeln "
                               "beror på")
    if report is None:
        report = "tertialrapport" if period is not None else "arsredovisning"
    elif period is not None and report in REPORTS and not REPORTS[report].takes_period:
        takes = " och ".join(n for n, k in REPORTS.items() if k.takes_period)
        raise click.UsageError(f"--period gäller bara {takes}, inte {report}")
    clock = _Clock(verbose)
    progress = None if quiet else clock.say
    if report == ALLA and period is not None:
        raise click.UsageError("--period går inte ihop med --report alla, som bygger "
                               "varje period som årsfilen har uppgifter till")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if report == ALLA:
            built = build_all_report(path, chosen, out, strict, progress, pdf_variant,
                                     slutlig=slutlig)
        else:
            built = build_report(path, report, chosen, out, period, strict, progress,
                                 pdf_variant=pdf_variant, slutlig=slutlig)
    for w in caught:  # a PDF left unstamped says why, as a line of its own, not a traceback
        if type(w.message).__name__ == "ConformanceWarning":
            echo(f"varning: {w.message}", err=True)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    written, problems = built.written, built.problems
    if stamp is not None:
        from . import stamps

        if deps is not None:
            stamps.write_deps(deps, stamp, built)
        for changed in stamps.write_stamp(stamp, built):
            click.echo(f"{changed} ändrades medan rapporten byggdes; kör bygget igen "
                       "(make build) så kommer ändringen med", err=True)
    for p in problems:
        if not quiet or p.severity == "fel":
            echo(str(p), err=True)
    if not quiet:
        if any(p.fullstandighet for p in problems):
            clock.say("Rapporten är ett utkast (UTKAST på varje sida): rätta varningarna ovan "
                      "och bygg med --slutlig.")
        clock.say(f"Klart: {_filer(len(written))} skrivna.")
        if verbose:
            for dest in written:
                echo(f"  {dest} ({_size(dest)})", err=True)
            echo(f"  totalt {_seconds(clock.total())}", err=True)


class _Clock:
    """Progress lines; with -v each line starts with the time since the build began, so the
    gap between two lines is how long the step took: ``[0,34 s] Skriver …``."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.start = time.perf_counter()

    def say(self, message: str) -> None:
        if self.verbose:
            message = f"[{_seconds(self.total())}] {message}"
        echo(message, err=True)

    def total(self) -> float:
        return time.perf_counter() - self.start


def _varningar(n: int) -> str:
    """'1 varning', '2 varningar'."""
    return "1 varning" if n == 1 else f"{n} varningar"


def _filer(n: int, ord: str = "fil") -> str:
    """'1 fil', '2 filer'; '1 årsfil', '3 årsfiler'."""
    return f"1 {ord}" if n == 1 else f"{n} {ord}er"


def _seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "?"
    return f"{n / 1024:.0f} kB".replace(".", ",") if n >= 1024 else f"{n} byte"


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="ÅRSFIL...",
                type=click.Path(path_type=Path))
@click.option("--report", "-r", default=None, type=click.Choice(sorted(REPORTS)),
              metavar="RAPPORT",
              help="Kontrollera bara denna rapport (standard: alla som filen har uppgifter till).")
@click.option("--period", "-p", default=None, metavar="PERIOD",
              help="Period för tertialrapport: T1, T2 eller T3.")
@click.option("--format", "output", default="text", show_default=True, metavar="FORMAT",
              type=click.Choice(["text", "json"]),
              help="text för människor, json för CI och editorer.")
@click.option("--strict", is_flag=True, help="Behandla varningar som fel.")
@click.option("--slutlig", is_flag=True,
              help="Slutlig rapport, färdig att skriva under: det som gör den till ett utkast "
                   "(FYLL I, platshållare, tomma kolumner, underskrifter) blir fel.")
@click.option("-q", "--quiet", is_flag=True,
              help="Skriv bara ut fel (inga varningar, ingen summering).")
@click.option("-v", "--verbose", is_flag=True,
              help="Skriv ut varje fil som kontrolleras, med tid.")
def check(paths: tuple[Path, ...], report: str | None, period: str | None, output: str,
          strict: bool, slutlig: bool, quiet: bool, verbose: bool) -> None:
    """Kontrollera årsfiler: schema och alla korskontroller. Skriver ut varje problem.

    Avslutas med 0 när allt stämmer och 1 annars.
    """
    problems = []
    for path in paths:
        started = time.perf_counter()
        found = (check_all(path, slutlig, rendera=True) if report is None
                 else run_check(path, report, period, slutlig, rendera=True).problems)
        if verbose and output == "text":
            n = len([p for p in found if p.severity == "fel"])
            status = "ok" if not found else f"{n} fel, {_varningar(len(found) - n)}"
            echo(f"{path}: {status} ({_seconds(time.perf_counter() - started)})", err=True)
        problems.extend(found)
    failing = [p for p in problems if strict or p.severity == "fel"]
    if output == "json":
        echo_json(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            if not quiet or p in failing:
                echo(str(p))
        n_err = len([p for p in problems if p.severity == "fel"])
        n_warn = len(problems) - n_err
        if quiet:
            pass
        elif not problems:
            echo(f"Inga problem i {_filer(len(paths))}.")
        else:
            echo(f"{n_err} fel, {_varningar(n_warn)}.")
            if not slutlig and any(p.fullstandighet for p in problems):
                echo("Rapporten är inte färdig att skriva under: 'reportgen check "
                     "--slutlig' behandlar de varningarna som fel.")
    if failing:
        raise SystemExit(1)


@main.command()
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None, metavar="MAPP",
              help="Skriv schemat till en katalog i stället för att skriva ut det.")
def schema(out: Path | None) -> None:
    """Skriv ut JSON Schema för årsfilen och forbund.yaml (för editorns autokomplettering)."""
    schemas = schema_documents()
    if out is None:
        echo_json(json.dumps(schemas["arsfil.schema.json"], ensure_ascii=False, indent=2))
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts(schemas).items():
        dest = out / name
        if dest.exists() and dest.read_text(encoding="utf-8") == text:
            continue  # unchanged: keep the mtime, so make sees nothing to do
        dest.write_text(text, encoding="utf-8")
        echo(f"Skrev {dest}", err=True)


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
    "man": "män", "moten": "möten", "oforandrade": "oförändrade",
    "omsattningstillgangar": "omsättningstillgångar",
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
    "Post": {**BELOPP_SCHEMA, "title": "Belopp",
             "description": "Kortform: bara beloppet i kronor, till exempel 12492000 eller "
                            "\"12 492 000\" (öre efter komma: \"1 234,50\")."},
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


DATE_HINT = "Skrivs ÅÅÅÅ-MM-DD, till exempel 2024-04-08."


def _is_date(node: dict) -> bool:
    """Whether a property's schema takes a date (alone or as one of its alternatives)."""
    return node.get("format") == "date" or any(
        isinstance(alt, dict) and alt.get("format") == "date" for alt in node.get("anyOf", []))


def _swedish(node: object) -> None:
    """Give every property a Swedish title, and a date field its format (in place)."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key, value in props.items():
                if isinstance(value, dict):
                    value["title"] = swedish_title(key)
                    if _is_date(value) and DATE_HINT not in value.get("description", ""):
                        value["description"] = " ".join(
                            filter(None, [value.get("description"), DATE_HINT]))
        for value in node.values():
            _swedish(value)
    elif isinstance(node, list):
        for value in node:
            _swedish(value)


_UR_BOKFORING = "UrBokforing"


def _ur_bokforing(data: dict) -> None:
    """A year file with ``bokforing:`` gets its balansräkning from the books, so it may type
    only some lines (the pension obligations outside the books, a line's note): the root's
    balansräkning is a copy of the class with nothing required, and the whole class applies
    only to a file without ``bokforing:`` (in place)."""
    defs = data.get("$defs", {})

    def relax(name: str) -> str:
        copy_name = name + _UR_BOKFORING
        if copy_name not in defs:
            defs[copy_name] = {}  # placeholder: a class that refers to itself
            defs[copy_name] = rewrite(defs[name])
        return copy_name

    def rewrite(node: object) -> object:
        if isinstance(node, dict):
            out = {k: rewrite(v) for k, v in node.items() if k != "required"}
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                out["$ref"] = "#/$defs/" + relax(ref.removeprefix("#/$defs/"))
            return out
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    prop = data.get("properties", {}).get("balansrakning")
    if not isinstance(prop, dict) or "Balansrakning" not in defs:
        return
    strict = dict(prop)
    data["properties"]["balansrakning"] = {**prop, "anyOf": rewrite(prop["anyOf"])}
    data["if"] = {"not": {"required": ["bokforing"]}}
    data["then"] = {"properties": {"balansrakning": strict}}


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
                # The alternatives carry no title or description of their own: the editor
                # shows those of the alternative that matches, instead of the field's.
                short = {k: v for k, v in _SHORTHANDS[def_name].items()
                         if k not in ("title", "description")}
                definition.update(title=obj.pop("title"), anyOf=[short, obj])
        if name == "arsfil.schema.json":
            _ur_bokforing(data)
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
@click.argument("forbund", metavar="FÖRBUND")
@click.argument("ar", type=int, metavar="ÅR")
@click.option("--data", "data_dir", default="data", show_default=True, metavar="MAPP",
              type=click.Path(path_type=Path), help="Katalogen med förbundens mappar.")
@click.option("--force", is_flag=True, help="Skriv över årsfilen om den redan finns.")
@click.option("--sie", "sie_file", default=None, type=click.Path(path_type=Path), metavar="FIL",
              help="Fyll i räkningarna ur bokföringen: en SIE-fil för året.")
@click.option("--kontoplan", default=None, metavar="KONTOPLAN",
              help="Kontoplanen för --sie: kommun-bas, bas eller en kontoplan.yaml "
                   "(standard: förra årets, annars kommun-bas).")
def new(forbund: str, ar: int, data_dir: Path, force: bool, sie_file: Path | None,
        kontoplan: str | None) -> None:
    """Påbörja ett nytt års fil: data/<FÖRBUND>/<ÅR>.yaml ur föregående års fil.

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
            echo(str(p), err=True)
        created.notes.append(f"{filled.filled} belopp ifyllda ur bokföringen ({filled.sie})")
        created.fill_in = [m for path in created.files for m in markers(path)]
    for path in created.files:
        echo(f"Skrev {path}", err=True)
    for note in created.notes:
        echo(f"  {note}", err=True)
    if created.fill_in:
        echo(f"{len(created.fill_in)} ställen att fylla i (# FYLL I):", err=True)
        for path, line, text in created.fill_in:
            echo(f"  {path}:{line}: {text}", err=True)
    year_file = created.files[-1]
    echo(f"Kontrollera med: reportgen check {year_file}", err=True)


@main.command("sie")
@click.argument("fil", metavar="SIE-FIL", type=click.Path(path_type=Path))
@click.option("--kontoplan", default=None, metavar="NAMN|FIL",
              help="Kontrollera också att varje konto med saldo har en rad i kontoplanen: "
                   "kommun-bas, bas eller en kontoplan.yaml.")
@click.option("--format", "output", default="text", show_default=True, metavar="FORMAT",
              type=click.Choice(["text", "json"]), help="text för människor, json för program.")
def sie(fil: Path, kontoplan: str | None, output: str) -> None:
    """Visa vad reportgen läser ur en SIE-fil: organisation, program, åren med årets
    resultat och balansräkningens summor, och varje problem med sin rad.

    Avslutas med 0 när filen går att använda (inga fel) och 1 annars.
    """
    from .sie.visa import as_json, as_text, granska

    read, problems = granska(fil, kontoplan)
    if output == "json":  # SIE text is data too: no control character reaches the terminal
        echo_json(as_json(read, problems))
    else:
        echo(as_text(read, problems))
    if any(p.severity == "fel" for p in problems):
        raise SystemExit(1)


@main.command()
@click.argument("folder", default=".", metavar="[MAPP]", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Skapa ett förbunds eget repo för rapporterna i MAPP (standard: den här mappen).

    Repot får en Makefile som bara behöver ett installerat reportgen, mapparna data/,
    templates/ och schema/, .gitignore och en README. Körs det igen ändras inget som du
    har skrivit.
    """
    from .init import init as run_init

    done = run_init(folder)
    for path in done.created:
        click.echo(f"Skapade {path}", err=True)
    for path in done.updated:
        click.echo(f"Uppdaterade {path}", err=True)
    for path in done.kept:
        click.echo(f"Finns redan, lämnas som den är: {path}", err=True)
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"Klart. Lägg förbundets filer i {folder / 'data'}/<förbund>/ "
               f"(reportgen new <förbund> <år> --data {folder / 'data'}) och bygg med: "
               f"{where}make build", err=True)


@main.command()
@click.argument("path", default="data", metavar="[SÖKVÄG]",
                type=click.Path(exists=True, path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              metavar="PORT",
              help="Port att lyssna på.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRESS",
              help="Adress att lyssna på (127.0.0.1 = bara den här datorn).")
def serve(path: Path, port: int, host: str) -> None:
    """Förhandsgranska rapporten i webbläsaren medan du skriver.

    SÖKVÄG är en årsfil, en förbundsmapp eller data-katalogen. Sidan laddas om av sig själv
    när en YAML-fil eller mall sparas; fel i filen visas på sidan med fil och rad.
    """
    from .serve import Preview

    try:
        preview = Preview(path, host=host, port=port, log=lambda msg: echo(msg, err=True))
    except OSError as exc:
        raise ReportgenError(_bind_problem(exc, host, port)) from None
    preview.say(f"Förhandsgranskning på {preview.url} – avsluta med Ctrl+C")

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt  # SIGTERM too: close() removes /tmp/reportgen-serve-*

    import signal

    signal.signal(signal.SIGTERM, stop)
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        preview.say("Avslutar.")
    finally:
        preview.close()


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    """Why serve could not listen, in Swedish, with a port to try instead."""
    if exc.errno == errno.EADDRINUSE:
        return f"porten {port} är upptagen; prova --port {_free_port(host, port)}"
    if exc.errno == errno.EACCES:
        return (f"porten {port} får bara användas av administratören; "
                f"prova --port {_free_port(host, 8000)}")
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return (f"adressen {host} finns inte på den här datorn; "
                "prova --host 127.0.0.1 (bara den här datorn)")
    return f"kan inte lyssna på {host}:{port}: {exc.strerror or exc}"


def _free_port(host: str, busy: int) -> int:
    """A port near *busy* that is free now: 8080 for 8000, then the ones after it."""
    start = busy + 80 if busy + 80 <= 65535 else 1024
    for candidate in [start, *range(start + 1, min(start + 50, 65536))]:
        if candidate == busy:
            continue
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            try:
                sock.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return start


__all__ = ["InputError", "main"]
