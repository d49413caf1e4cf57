"""Completeness: is the report ready to sign, or still a draft (UTKAST)?

Every problem here is a *completeness problem* (``Problem.fullstandighet``): a warning in a
draft, whose every page then says UTKAST, and an error with ``--slutlig``. They find what a
board must not sign: a ``FYLL I`` left in a file, a value still equal to the placeholder of
``reportgen new``'s template, an organisationsnummer that cannot be one, an empty column or
statement, incomplete signatures (the board sitting on the signing date, a revisor per
member and the state's, the revisionsberättelse's date), amounts in öre and printed sums
that the printed rows do not add up to (unless the report is kept in öre and says how it
rounds). :func:`platshallare_i_html` scans the rendered report for ``{...}`` left unreplaced
(build runs it before anything is written).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..compute.arsredovisning import compute_arsredovisning, har_jamforelse, signeringsdag
from ..compute.dokument import standard_avsnitt
from ..compute.vy import Arsredovisning, AvsnittVy, Rakning
from ..errors import Location, Problem
from ..format import ORE_REGEL, ROUNDING, kr
from ..load import PathKey, Source, dotted
from ..model.arsfil import Arsfil
from ..model.dokument import Avsnitt
from ..model.forbund import Medlem
from ..model.organisation import Revisor
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
    if orgnr is None:
        yield _problem("organisationsnummer saknas: rapporten trycks utan nummer", where,
                       "orgnr_giltigt", "orgnr", f"{hint}, som orgnr: 222000-1234")
        return
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


def jamforelse_saknas(ctx: Kontext) -> Iterable[Problem]:
    """A statement's comparative column is empty or all zero although the förbund was
    active the year before (its ingående eget kapital is not zero)."""
    rapport = ctx.arsredovisningen
    br = ctx.indata.arsfil.balansrakning
    if rapport is None or br is None:
        return
    opening = br.eget_kapital.ingaende.belopp
    if not opening:
        return
    fg_ar = rapport.foregaende_ar
    if ctx.indata.arsfil.arsredovisning.jamforelse_saknas:
        return  # the report says in words that the comparatives are missing
    for name, rakning in _statements(rapport):
        if har_jamforelse(rakning):
            continue
        yield _problem(
            f"{rakning.rubrik}: jämförelsekolumnen {fg_ar} är tom, men förbundet hade verksamhet "
            f"{fg_ar} (ingående eget kapital {kr(opening)})", ctx.at((name,)), "jamforelse_saknas",
            name, f"lägg {fg_ar}.yaml bredvid årsfilen eller skriv {name} under foregaende_ar; "
            f"finns siffrorna inte, skriv varför under arsredovisning.jamforelse_saknas "
            f"(den meningen står då under räkningarna)")


def rakning_tom(ctx: Kontext) -> Iterable[Problem]:
    """A statement whose rows are all zero while the other statements show activity."""
    rapport = ctx.arsredovisningen
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
    who sit on the signing date (:meth:`~reportgen.model.organisation.Ledamot.sitter`):
    not one whose term ended before it, and one who took the seat after the year end
    but before the signing does sign."""
    if ctx.arsredovisningen is None:
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
    dag = signeringsdag(arsfil)
    ledamoter = arsfil.organisation.styrelse.ledamoter
    sitting = [le.namn for le in ledamoter if le.sitter(dag)]
    ended = {le.namn: le.tom for le in ledamoter if not le.sitter(dag) and le.tom}
    missing = [n for n in sitting if n not in u.ledamoter]
    extra = [n for n in u.ledamoter if n not in sitting]
    where = ctx.at(("underskrifter", "ledamoter"))
    if missing:
        yield _problem(f"ordinarie ledamöter som inte skriver under: {', '.join(missing)}", where,
                       "underskrifter_kompletta", "underskrifter.ledamoter",
                       f"varje ordinarie ledamot som sitter när rapporten skrivs under "
                       f"({dag.isoformat()}) ska skriva under; en ledamot som slutat efter "
                       "årets slut får tom: ÅÅÅÅ-MM-DD i styrelselistan")
    if extra:
        named = [f"{n} (t.o.m. {_dag(ended[n])})" if n in ended else n for n in extra]
        yield _problem(f"skriver under men är inte ordinarie ledamot som sitter kvar: "
                       f"{', '.join(named)}", where, "underskrifter_kompletta",
                       "underskrifter.ledamoter",
                       f"bara ordinarie ledamöter som sitter på underskriftsdagen "
                       f"({dag.isoformat()}) skriver under; kontrollera stavningen, och ge en "
                       "ledamot som tillträtt efter årets slut fom: ÅÅÅÅ-MM-DD i "
                       "styrelselistan")


def _dag(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


LAMNAD = re.compile(r"\blämna(?:ts|d|t)\b|\bavgiv", re.I)
"""Words by which the revisorstext says that the revisionsberättelse has been delivered."""

KOMMUNERNA = ("kommunerna", "medlemskommunerna", "samtliga kommuner", "alla kommuner")
STATEN = ("staten", "statens", "försäkringskassan")
REGIONEN = ("regionen", "region")


def revisorns_medlemmar(revisor: Revisor, medlemmar: list[Medlem]) -> list[Medlem] | None:
    """The members a revisor audits for: those of ``for_medlemmar``, else as ``utsedd_av``
    says ('kommunerna', 'staten', 'regionen', a member's id or name); None when that cannot
    be told. The state's revisor, appointed by Försäkringskassan, covers every state member.

    >>> from reportgen.model.forbund import Medlem
    >>> m = [Medlem(id="fk", namn="Försäkringskassan", typ="stat"),
    ...      Medlem(id="af", namn="Arbetsförmedlingen", typ="stat")]
    >>> [x.id for x in revisorns_medlemmar(Revisor(namn="R", utsedd_av="Staten"), m)]
    ['fk', 'af']
    """
    if revisor.for_medlemmar:
        return [m for m in medlemmar if m.id in revisor.for_medlemmar]
    text = (revisor.utsedd_av or "").strip().casefold()
    if not text:
        return None
    words = set(re.findall(r"\w+", text))
    found: list[Medlem] = []
    of_type = {"kommun": KOMMUNERNA, "stat": STATEN, "region": REGIONEN}
    for typ, phrases in of_type.items():
        if any(re.search(rf"\b{re.escape(p)}\b", text) for p in phrases):
            found += [m for m in medlemmar if m.typ == typ]
    for m in medlemmar:
        # A member by its id, its name, or its name without the generic word
        # ('Ankeby' for 'Ankeby kommun', 'Stockholm' for 'Region Stockholm').
        own = set(re.findall(r"\w+", m.namn.casefold())) - GENERISKA_ORD
        if (m.id.casefold() in words or m.namn.casefold() in text
                or (own and own <= words)):
            found.append(m)
    if any(m.typ == "stat" for m in found):
        found += [m for m in medlemmar if m.typ == "stat"]
    unique = list({m.id: m for m in found}.values())
    return [m for m in medlemmar if m in unique] or None


GENERISKA_ORD = {"kommun", "kommuns", "region", "regionen", "stad", "staden"}
"""Words of a member's name that do not tell it apart ('Ankeby kommun' is 'Ankeby')."""


def revisorer_kompletta(ctx: Kontext) -> Iterable[Problem]:
    """When the report lists revisorer (it then says the revisionsberättelse has been
    delivered): one per member (kommuner may share one, the region has its own, and one is
    appointed for the state by Försäkringskassan), and the revisionsberättelse's date."""
    u = ctx.indata.arsfil.underskrifter
    if ctx.arsredovisningen is None or u is None or not u.revisorer:
        return
    medlemmar = ctx.indata.forbund.medlemmar
    covered: set[str] = set()
    base: PathKey = ("underskrifter", "revisorer")
    for i, revisor in enumerate(u.revisorer):
        unknown = [m for m in revisor.for_medlemmar if m not in {x.id for x in medlemmar}]
        if unknown:
            yield _problem(f"revisorn {revisor.namn}: for_medlemmar nämner {', '.join(unknown)}, "
                           "som inte är medlemmar i forbund.yaml", ctx.at((*base, i)),
                           "revisorer_kompletta", f"underskrifter.revisorer[{i}].for_medlemmar",
                           "medlemmarnas id: " + ", ".join(m.id for m in medlemmar))
        found = revisorns_medlemmar(revisor, medlemmar)
        if found is None:
            yield _problem(f"revisorn {revisor.namn}: det går inte att se vilken medlem som har "
                           f"utsett revisorn (utsedd_av: {revisor.utsedd_av or 'saknas'})",
                           ctx.at((*base, i)), "revisorer_kompletta",
                           f"underskrifter.revisorer[{i}].utsedd_av",
                           "skriv utsedd_av: kommunerna, regionens namn eller staten, eller "
                           "for_medlemmar: med medlemmarnas id")
            continue
        covered.update(m.id for m in found)
    where = ctx.at(base)
    state = [m for m in medlemmar if m.typ == "stat"]
    if state and not any(m.id in covered for m in state):
        yield _problem("revisorn som Försäkringskassan utser för staten saknas bland "
                       "revisorerna", where, "revisorer_kompletta", "underskrifter.revisorer",
                       "lägg till statens revisor med utsedd_av: staten")
    rest = [m.namn for m in medlemmar if m.typ != "stat" and m.id not in covered]
    if rest:
        yield _problem(f"ingen revisor för {', '.join(rest)}: varje medlem ska ha en revisor "
                       "(kommunerna får ha en gemensam)", where, "revisorer_kompletta",
                       "underskrifter.revisorer",
                       "lägg till revisorn som medlemmen har utsett, med utsedd_av:")
    if LAMNAD.search(u.revisorstext) and u.revisionsberattelse_datum is None:
        yield _problem(f"'{u.revisorstext}' står i rapporten, men revisionsberättelsens datum "
                       "saknas", where, "revisorer_kompletta",
                       "underskrifter.revisionsberattelse_datum",
                       "skriv revisionsberattelse_datum: ÅÅÅÅ-MM-DD under underskrifter, eller "
                       "ta bort revisorerna tills revisionsberättelsen har lämnats")


BLOCK_HAS_DATA: dict[str, Callable[[Arsredovisning], object]] = {
    "styrelse": lambda r: r.organisation and r.organisation.ledamoter,
    "beredningsgrupp": lambda r: r.organisation and r.organisation.beredningsgrupp,
    "kansli": lambda r: r.kansli,
    "personal": lambda r: r.personal,
    "flerarsoversikt": lambda r: r.flerarsoversikt and r.flerarsoversikt.ar,
    "driftredovisning": lambda r: r.driftredovisning,
    "investeringsredovisning": lambda r: r.investeringsredovisning,
    "balanskrav": lambda r: r.balanskrav or r.balanskrav_text or r.balanskrav_reglering,
    "mal": lambda r: r.mal or r.samlad_bedomning,
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
    "handelser_efter_balansdagen": lambda r: r.handelser_efter_balansdagen,
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
    and no standard block with anything to show; likewise a note (:func:`_noter_tomma`)."""
    rapport = ctx.arsredovisningen
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
    yield from _noter_tomma(ctx, rapport)


def _noter_tomma(ctx: Kontext, rapport: Arsredovisning) -> Iterator[Problem]:
    """A note printed as its heading alone: no text, no table (typed or computed for its
    kind) and, for the accounting principles, no word on RKR's recommendations."""
    index = {n.id: i for i, n in enumerate(ctx.indata.arsfil.noter)}
    for n in rapport.noter:
        if (n.text or "").strip() or (n.text_efter or "").strip() or n.tabeller \
                or n.avvikelser_rkr is not None or n.id not in index:
            continue
        path: PathKey = ("noter", index[n.id])
        hint = "skriv notens text (text:) eller en tabell (tabeller:), eller ta bort noten"
        if n.typ == "redovisningsprinciper":
            hint += ("; följer förbundet Rådet för kommunal redovisnings rekommendationer "
                     "utan avvikelser, skriv avvikelser_rkr: []")
        yield _problem(f"noten 'Not {n.nr} {n.rubrik}' är tom: rubriken står utan något "
                       "under sig", ctx.at(path), "avsnitt_tomt", dotted(path), hint)


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
    if arsfil.belopp_i_ore:
        return  # kept in öre: summor_som_tryckta says whether the rule is stated
    for part in AMOUNT_PARTS:
        for path, amount in _decimals(getattr(arsfil, part, None), (part,)):
            if "procent" in str(path[-1]) or amount == amount.to_integral_value():
                continue
            yield _problem(f"beloppet {amount} har öre; rapporten redovisas i hela kronor",
                           ctx.indata.ar_source.locate(path), "belopp_i_ore", dotted(path),
                           "avrunda till hela kronor (summorna räknas fram ur de avrundade "
                           "beloppen), eller skriv belopp_i_ore: true i årsfilen om "
                           "rapporten förs i öre")


def _rounded(value: Any) -> Any:
    """*value* (a model, list, dict or amount) with every amount rounded to whole kronor
    the way it is printed (:data:`~reportgen.format.ROUNDING`)."""
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _rounded(getattr(value, name))
                                        for name in type(value).model_fields})
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1), rounding=ROUNDING)
    return value


def _printed_rows(arsfil: Arsfil) -> Arsfil:
    """*arsfil* with the amounts of its statements as printed, in whole kronor."""
    return arsfil.model_copy(update={part: _rounded(getattr(arsfil, part))
                                     for part in AMOUNT_PARTS})


def _sum_rows(rapport: Arsredovisning,
              arsfil: Arsfil) -> Iterator[tuple[PathKey, str, str, list[Decimal | None]]]:
    """(where, table, row, amounts) of every computed sum row the report prints: the
    statements, the note tables and the driftredovisning's result."""
    for name, rakning in [*_statements(rapport), ("balanskrav", rapport.balanskrav)]:
        if rakning is None:
            continue
        for r in rakning.rader:
            if r.typ in ("summa", "totalsumma"):
                yield (name,), rakning.rubrik, r.text, [r.belopp, r.foregaende, *r.fler]
    index = {n.id: i for i, n in enumerate(arsfil.noter)}
    for note in rapport.noter:
        for table in note.tabeller:
            for r in table.rader:
                if r.typ in ("summa", "totalsumma"):
                    where = ("noter", index.get(note.id, 0), "tabeller", table.index)
                    yield (where, f"Not {note.nr} {note.rubrik}", r.text,
                           [r.belopp, r.foregaende, *r.fler])
    if rapport.driftredovisning is not None:
        for d in rapport.driftredovisning.rader:
            if d.typ == "resultat":
                yield (("driftredovisning",), "Driftredovisning", d.namn,
                       [d.budget, d.utfall, d.avvikelse, d.fg_budget, d.fg_utfall,
                        d.fg_avvikelse])


def summor_som_tryckta(ctx: Kontext) -> Iterable[Problem]:
    """Never a printed sum that differs from its printed rows, unless the report states
    the rule: a report kept in öre (``belopp_i_ore: true``) computes every sum in öre and
    rounds each printed amount once, and says so under its statements
    (:data:`~reportgen.format.ORE_REGEL`).

    The statements are computed a second time from their rows as printed (whole kronor)
    by the same rules; a sum that comes out otherwise is one a reader cannot add up."""
    rapport = ctx.arsredovisningen
    arsfil = ctx.indata.arsfil
    if rapport is None or not any(
            a != a.to_integral_value() for part in AMOUNT_PARTS
            for path, a in _decimals(getattr(arsfil, part, None), (part,))
            if "procent" not in str(path[-1])):
        return
    if arsfil.belopp_i_ore and any(ORE_REGEL in r.anmarkningar for _, r in _statements(rapport)):
        return  # the rule is stated where the sums are printed
    indata = ctx.indata
    as_printed = compute_arsredovisning(replace(
        indata, arsfil=_printed_rows(arsfil),
        foregaende=_printed_rows(indata.foregaende) if indata.foregaende else None))
    from_rows = {(where, table, row): amounts
                 for where, table, row, amounts in _sum_rows(as_printed, arsfil)}
    for where, table, row, amounts in _sum_rows(rapport, arsfil):
        added = from_rows.get((where, table, row))
        if added is None:
            continue
        for printed, rows in zip(amounts, added, strict=False):
            if printed is None or rows is None or kr(printed) == kr(rows):
                continue
            yield _problem(f"{table}, {row}: summan trycks {kr(printed)} kr, men de tryckta "
                           f"raderna den räknas ur ger {kr(rows)} kr (beloppen har öre)",
                           ctx.at(where),
                           "summor_som_tryckta", dotted(where),
                           "avrunda beloppen till hela kronor, eller skriv belopp_i_ore: true "
                           "i årsfilen: då står avrundningsregeln under räkningarna")
            break


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
                       belopp_i_ore, revisorer_kompletta, summor_som_tryckta]
