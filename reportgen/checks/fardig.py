"""Completeness: is the report ready to sign, or still a draft (UTKAST)?

Every problem here is a *completeness problem* (``Problem.fullstandighet``): a warning in a
draft, whose every page then says UTKAST, and an error with ``--slutlig``. They find what a
board must not sign: a ``FYLL I`` left in a file, a value still equal to the placeholder of
``reportgen new``'s template, an organisationsnummer that cannot be one, an empty column or
statement, incomplete signatures, amounts in öre. :func:`platshallare_i_html` scans the
rendered report for ``{...}`` left unreplaced (build runs it before anything is written).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..compute.dokument import standard_avsnitt
from ..compute.vy import Arsredovisning, AvsnittVy, Rakning
from ..errors import Location, Problem
from ..format import kr
from ..load import PathKey, Source, dotted
from ..model.dokument import Avsnitt
from ..new import MARKER, PLACEHOLDER_TEXT_START, PLACEHOLDERS
from ..sources import Indata
from .kontext import Check, Kontext

PLACEHOLDER_ORGNR = frozenset({"222000-0000", "000000-0000", "999999-9999"})
"""Numbers that pass the checksum but are known placeholders (the template's is the first:
every samordningsförbund's number starts 222000-)."""


def _problem(message: str, location: Location, check: str, field: str | None = None,
             hint: str | None = None) -> Problem:
    return Problem(message, location, field, "varning", check, hint, fullstandighet=True)


def _sources(ctx: Kontext) -> list[Source]:
    """The files of this year's report that the kansli edits (not the prior year's)."""
    return [ctx.indata.ar_source, ctx.indata.forbund_source]


_MARKED = re.compile(rf"#\s*{MARKER}\b|[\"']{MARKER}[\"']")
"""A marker: the comment ``# FYLL I`` or the value ``"FYLL I"`` (not the words in a
sentence that explains them)."""


def _marker_lines(source: Source) -> Iterator[tuple[int, int, str]]:
    """(line, column, stripped text) of every line of *source* carrying ``FYLL I``."""
    text = source.path.read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), start=1):
        if m := _MARKED.search(line):
            yield n, m.start() + 1, line.strip()


def fyll_i_kvar(ctx: Kontext) -> Iterable[Problem]:
    """A ``FYLL I`` marker anywhere in the year file or forbund.yaml, comment or value."""
    for source in _sources(ctx):
        for line, column, text in _marker_lines(source):
            yield _problem(f"markerat {MARKER}: '{text}'", Location(source.name, line, column),
                           "fyll_i_kvar", hint="skriv det riktiga värdet och ta bort "
                           f"markeringen {MARKER}")


def _strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def mallvarden_kvar(ctx: Kontext) -> Iterable[Problem]:
    """A value still equal to a placeholder of ``reportgen new``'s template ('Förnamn
    Efternamn', 'Exempelby', 'Skriv här …'); lines still marked FYLL I are reported by
    :func:`fyll_i_kvar` only."""
    for source in _sources(ctx):
        marked = {line for line, _, _ in _marker_lines(source)}
        for path, value in _strings(source.data):
            text = value.strip()
            if text not in PLACEHOLDERS and not text.startswith(PLACEHOLDER_TEXT_START):
                continue
            where = source.locate(path)
            if where.line in marked:
                continue
            shown = text if len(text) <= 40 else text[:40] + "…"
            yield _problem(f"'{shown}' är mallens platshållare, inte ett riktigt värde", where,
                           "mallvarden_kvar", dotted(path), hint="skriv det riktiga värdet")


def orgnr_kontrollsiffra(orgnr: str) -> int:
    """The checksum digit (Luhn, as Skatteverket computes it) of a 10-digit number.

    >>> orgnr_kontrollsiffra("222000-279")
    0
    """
    digits = [int(c) for c in orgnr if c.isdigit()][:9]
    total = 0
    for i, d in enumerate(digits):
        p = d * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    return (10 - total % 10) % 10


def orgnr_giltigt(ctx: Kontext) -> Iterable[Problem]:
    """The förbund's organisationsnummer has a correct checksum and is no placeholder."""
    orgnr = ctx.indata.forbund.orgnr
    where = ctx.indata.forbund_source.locate(("orgnr",))
    hint = "skriv förbundets organisationsnummer (det står i Skatteverkets register)"
    if orgnr in PLACEHOLDER_ORGNR:
        yield _problem(f"organisationsnumret {orgnr} är en platshållare, inte förbundets nummer",
                       where, "orgnr_giltigt", "orgnr", hint)
        return
    digits = [c for c in orgnr if c.isdigit()]
    expected = orgnr_kontrollsiffra(orgnr)
    if len(digits) != 10 or int(digits[-1]) != expected:
        yield _problem(f"organisationsnumret {orgnr} är inte giltigt: kontrollsiffran (den sista) "
                       f"skulle vara {expected}", where, "orgnr_giltigt", "orgnr",
                       "kontrollera numret; en siffra är troligen fel eller omkastad")


def _statements(rapport: Arsredovisning) -> list[tuple[str, Rakning]]:
    found = [("resultatrakning", rapport.resultatrakning), ("balansrakning", rapport.balansrakning),
             ("kassaflodesanalys", rapport.kassaflodesanalys)]
    return [(name, r) for name, r in found if r is not None]


def _amounts(rakning: Rakning, prior: bool) -> list[Decimal]:
    return [v for r in rakning.rader if r.typ in ("post", "summa", "totalsumma")
            and (v := (r.foregaende if prior else r.belopp)) is not None]


def _annual(ctx: Kontext) -> Arsredovisning | None:
    rapport = ctx.rapport
    return rapport if isinstance(rapport, Arsredovisning) and rapport.typ == "arsredovisning" \
        else None


def jamforelse_saknas(ctx: Kontext) -> Iterable[Problem]:
    """A statement's comparative column is empty or all zero although the förbund was
    active the year before (its ingående eget kapital is not zero)."""
    rapport = _annual(ctx)
    br = ctx.indata.arsfil.balansrakning
    if rapport is None or br is None:
        return
    opening = br.eget_kapital.ingaende.belopp
    if not opening:
        return
    fg_ar = rapport.foregaende_ar
    for name, rakning in _statements(rapport):
        if any(_amounts(rakning, prior=True)):
            continue
        yield _problem(
            f"{rakning.rubrik}: jämförelsekolumnen {fg_ar} är tom, men förbundet hade verksamhet "
            f"{fg_ar} (ingående eget kapital {kr(opening)})", ctx.at((name,)), "jamforelse_saknas",
            name, f"lägg {fg_ar}.yaml bredvid årsfilen eller skriv {name} under foregaende_ar")


def rakning_tom(ctx: Kontext) -> Iterable[Problem]:
    """A statement whose rows are all zero while the other statements show activity."""
    rapport = _annual(ctx)
    if rapport is None:
        return
    statements = _statements(rapport)
    active = {name for name, r in statements if any(_amounts(r, prior=False))}
    if not active:
        return  # nothing typed yet: the FYLL I markers say so
    for name, rakning in statements:
        if name not in active:
            yield _problem(f"{rakning.rubrik} har bara nollor, men {', '.join(sorted(active))} "
                           "visar verksamhet", ctx.at((name,)), "rakning_tom", name,
                           f"fyll i {name} för {rapport.ar}")


def underskrifter_kompletta(ctx: Kontext) -> Iterable[Problem]:
    """Place and date of signing are given, and the signers are the ordinarie ledamöter
    who sit on the signing date (those without an end of term during the year)."""
    if _annual(ctx) is None:
        return
    arsfil = ctx.indata.arsfil
    u = arsfil.underskrifter
    if u is None:
        yield _problem("underskrifter saknas: en årsredovisning skrivs under av styrelsen",
                       ctx.at(()), "underskrifter_kompletta", "underskrifter",
                       "lägg till underskrifter: med ort och datum")
        return
    if u.datum is None:
        yield _problem("datum för underskrifterna saknas", ctx.at(("underskrifter",)),
                       "underskrifter_kompletta", "underskrifter.datum",
                       "skriv datum: ÅÅÅÅ-MM-DD när styrelsen har beslutat")
    if u.ledamoter is None or arsfil.organisation is None:
        return  # the ordinarie ledamöter sign, by default
    sitting = [le.namn for le in arsfil.organisation.styrelse.ledamoter if le.tom is None]
    missing = [n for n in sitting if n not in u.ledamoter]
    extra = [n for n in u.ledamoter if n not in sitting]
    where = ctx.at(("underskrifter", "ledamoter"))
    if missing:
        yield _problem(f"ordinarie ledamöter som inte skriver under: {', '.join(missing)}", where,
                       "underskrifter_kompletta", "underskrifter.ledamoter",
                       "varje ordinarie ledamot som sitter när rapporten skrivs under ska "
                       "skriva under")
    if extra:
        yield _problem(f"skriver under men är inte ordinarie ledamot som sitter kvar: "
                       f"{', '.join(extra)}", where, "underskrifter_kompletta",
                       "underskrifter.ledamoter",
                       "bara ordinarie ledamöter skriver under; kontrollera stavningen")


BLOCK_HAS_DATA: dict[str, Callable[[Arsredovisning], object]] = {
    "styrelse": lambda r: r.organisation and r.organisation.ledamoter,
    "beredningsgrupp": lambda r: r.organisation and r.organisation.beredningsgrupp,
    "kansli": lambda r: r.kansli,
    "personal": lambda r: r.personal,
    "flerarsoversikt": lambda r: r.flerarsoversikt and r.flerarsoversikt.ar,
    "driftredovisning": lambda r: r.driftredovisning,
    "investeringsredovisning": lambda r: r.investeringsredovisning,
    "balanskrav": lambda r: r.balanskrav or r.balanskrav_text or r.balanskrav_reglering,
    "mal": lambda r: r.mal,
    "insatser": lambda r: r.insatser,
    "insatser_oversikt": lambda r: r.insatser,
    "insatser_summering": lambda r: r.insatser,
    "resultatrakning": lambda r: r.resultatrakning,
    "balansrakning": lambda r: r.balansrakning,
    "kassaflodesanalys": lambda r: r.kassaflodesanalys,
    "noter": lambda r: r.noter,
    "underskrifter": lambda r: r.underskrifter,
    "underskrifter_styrelse": lambda r: r.underskrifter,
    "underskrifter_revisorer": lambda r: r.underskrifter and r.underskrifter.revisorer,
}
"""Whether a standard block has anything to show (its template shows nothing otherwise);
one entry per :data:`~reportgen.model.dokument.StandardBlock`."""


def _sections(model: list[Avsnitt], views: list[AvsnittVy],
              path: PathKey) -> Iterator[tuple[Avsnitt, AvsnittVy, PathKey]]:
    """The typed sections beside their views (the views of the insatser come extra)."""
    views = [v for v in views if v.insats is None]
    for i, (a, v) in enumerate(zip(model, views, strict=False)):
        yield a, v, (*path, i)
        yield from _sections(a.delar, v.delar, (*path, i, "delar"))


def avsnitt_tomt(ctx: Kontext) -> Iterable[Problem]:
    """A section whose heading would stand with nothing under it: no text, no subsection,
    and no standard block with anything to show."""
    rapport = _annual(ctx)
    if rapport is None:
        return
    typed = ctx.indata.arsfil.arsredovisning.avsnitt
    base: PathKey = ("arsredovisning", "avsnitt")
    for a, v, path in _sections(typed or standard_avsnitt(), rapport.avsnitt, base):
        if v.delar or any(b.typ != "block" or (b.block and BLOCK_HAS_DATA[b.block](rapport))
                          for b in v.innehall):
            continue
        if typed:
            where, field = ctx.at(path), dotted(path)
            hint = "skriv en text under avsnittet (text:) eller ta bort avsnittet"
        else:
            key = ("arsredovisning", "texter", a.id or "")
            where, field = _nearest_key(ctx, key), dotted(key)
            hint = f"skriv texten under arsredovisning.texter.{a.id}"
        if a.block:
            hint = f"blocket {a.block} har inga uppgifter att visa: fyll i dem, eller {hint}"
        yield _problem(f"avsnittet '{v.titel}' är tomt: rubriken står utan något under sig",
                       where, "avsnitt_tomt", field, hint)


def _nearest_key(ctx: Kontext, path: PathKey) -> Location:
    """Where *path*'s key is typed, else the nearest typed key above it."""
    keys = ctx.indata.ar_source.key_marks
    while path and path not in keys:
        path = path[:-1]
    return ctx.at(path)


def texter_oforandrade(ctx: Kontext) -> Iterable[Problem]:
    """A text word for word the same as in the prior year's file: rolled over, not updated
    (unless listed under ``arsredovisning.oforandrade``)."""
    prior = ctx.indata.foregaende
    if prior is None:
        return
    this = ctx.indata.arsfil.arsredovisning
    for key, text in this.texter.items():
        if key in this.oforandrade or not text.strip():
            continue
        if prior.arsredovisning.texter.get(key, "").strip() == text.strip():
            path = ("arsredovisning", "texter", key)
            yield _problem(f"texten {key} är ordagrant densamma som förra årets "
                           f"({prior.ar}); den är troligen inte uppdaterad", ctx.at(path),
                           "texter_oforandrade", dotted(path),
                           f"skriv om texten för {ctx.indata.arsfil.ar}, eller skriv "
                           f"oforandrade: [{key}] under arsredovisning om den ska stå kvar")


AMOUNT_PARTS = ("resultatrakning", "balansrakning", "kassaflodesanalys", "balanskrav",
                "driftredovisning", "noter", "foregaende_ar")
"""The parts of a year file that hold amounts in kronor."""


def _decimals(data: Any, path: PathKey) -> Iterator[tuple[PathKey, Decimal]]:
    """Every Decimal of a validated model with its YAML path (field aliases as keys)."""
    if isinstance(data, BaseModel):
        for name, info in type(data).model_fields.items():
            yield from _decimals(getattr(data, name), (*path, info.alias or name))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _decimals(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _decimals(value, (*path, i))
    elif isinstance(data, Decimal):
        yield path, data


def belopp_i_ore(ctx: Kontext) -> Iterable[Problem]:
    """Amounts are whole kronor: an amount in öre makes printed sums differ from their rows."""
    arsfil = ctx.indata.arsfil
    for part in AMOUNT_PARTS:
        for path, amount in _decimals(getattr(arsfil, part, None), (part,)):
            if "procent" in str(path[-1]) or amount == amount.to_integral_value():
                continue
            yield _problem(f"beloppet {amount} har öre; rapporten redovisas i hela kronor",
                           ctx.indata.ar_source.locate(path), "belopp_i_ore", dotted(path),
                           "avrunda till hela kronor (summorna räknas fram ur de avrundade "
                           "beloppen)")


_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{[^\W\d]\w*\}")
_NOT_CONTENT = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)


def platshallare_i_html(html: str, indata: Indata) -> list[Problem]:
    """Every ``{...}`` or ``{{...}}`` left in the rendered report, once each, at the first
    line of the year file (or forbund.yaml) that holds it."""
    content = _NOT_CONTENT.sub("", html)
    problems: list[Problem] = []
    seen: set[str] = set()
    for m in _PLACEHOLDER.finditer(content):
        token = m.group(0)
        if token in seen:
            continue
        seen.add(token)
        where = _first_line(token, [indata.ar_source, indata.forbund_source])
        problems.append(_problem(
            f"'{token}' står kvar oersatt i den färdiga rapporten", where, "platshallare_i_html",
            hint="i rubriker ersätts bara {ar}, {foregaende_ar} och {forbund}; i texter "
                 "{{namn}} med en uträknad siffra; rätta eller ta bort klamrarna"))
    return problems


def _first_line(token: str, sources: list[Source]) -> Location:
    for source in sources:
        for n, line in enumerate(source.path.read_text(encoding="utf-8").splitlines(), start=1):
            at = line.find(token)
            if at >= 0 and not line.lstrip().startswith("#"):
                return Location(source.name, n, at + 1)
    return Location(sources[0].name)


CHECKS: list[Check] = [fyll_i_kvar, mallvarden_kvar, orgnr_giltigt, jamforelse_saknas,
                       rakning_tom, avsnitt_tomt, texter_oforandrade, underskrifter_kompletta,
                       belopp_i_ore]
