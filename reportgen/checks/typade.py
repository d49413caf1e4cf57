"""Figures and dates typed in the year file that no other check compares with anything.

A typed figure that is silently ignored is worse than none: the kansli believes it is in
the report. Each check here compares one such figure with what reportgen computes, or a
date with the rule it must meet (issue 13, "Figures that are typed but not yet checked").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from pydantic import BaseModel

from ..compute.innehall import budgettabell as compute_budgettabell
from ..compute.noter import ENDAST_FOREGAENDE, allman
from ..errors import Problem
from ..format import kr
from ..load import PathKey, dotted
from ..model.base import kontrollsummor
from ..model.dokument import Block
from ..model.ekonomi import Kassaflodesanalys
from ..model.organisation import Ledamot
from .insatser import MANADSNAMN
from .kontext import Check, Kontext


def notsumma_typad(ctx: Kontext) -> Iterable[Problem]:
    """An amount typed on a note's sum row (``summa: true``) equals the computed sum."""
    arsfil = ctx.indata.arsfil
    prior = ctx.indata.foregaende
    for n, note in enumerate(arsfil.noter):
        if not note.tabeller:
            continue
        fg_note = next((x for x in prior.noter if x.id == note.id), None) if prior else None
        tables = allman(note, arsfil.ar, fg_note)
        for t, (table, vy) in enumerate(zip(note.tabeller, tables, strict=True)):
            typed_rows = [c for c in vy.rader if c.id != ENDAST_FOREGAENDE]
            for r, (rad, computed) in enumerate(zip(table.rader, typed_rows, strict=True)):
                if not rad.summa:
                    continue
                for key, typed, value in (("belopp", rad.belopp, computed.belopp),
                                          ("foregaende", rad.foregaende, computed.foregaende)):
                    if typed is None or value is None or typed == value:
                        continue
                    path = ("noter", n, "tabeller", t, "rader", r, key)
                    yield ctx.mismatch(
                        "notsumma_typad", dotted(path), ctx.at(path), typed, value,
                        f"not {note.id}, summaraden '{rad.namn}'",
                        hint=f"beräknat ur raderna ovanför: {kr(value)}; ta bort talet så "
                             "räknas summan fram, eller rätta raden som är fel")


def foregaende_kassaflode_typad(ctx: Kontext) -> Iterable[Problem]:
    """Control totals typed in ``foregaende_ar.kassaflodesanalys`` equal the prior year's
    computed cash flow, as this year's do (a prior year's file checks its own)."""
    foregaende_ar = ctx.indata.arsfil.foregaende_ar
    typed_kf = foregaende_ar.kassaflodesanalys if foregaende_ar is not None else None
    fg = ctx.fg
    if ctx.indata.foregaende is not None or typed_kf is None or fg is None or fg.kf is None:
        return
    for (key,), mark in kontrollsummor(Kassaflodesanalys):
        typed = getattr(typed_kf, key)
        if typed is not None and typed != fg.kf[key]:
            path = ("foregaende_ar", "kassaflodesanalys", key)
            label = mark.text or key.replace("_", " ")
            yield ctx.mismatch("foregaende_kassaflode_typad", dotted(path), ctx.at(path),
                               typed, fg.kf[key],
                               f"kassaflödesanalysen {fg.ar}, {label} (räknat ur "
                               "balansräkningarna)")


def historik_stammer(ctx: Kontext) -> Iterable[Problem]:
    """The flerårsöversikt's earlier years (forbund.yaml ``historik``): eget kapital rolls
    from year to year by årets resultat, and årets resultat is intäkter − kostnader (a
    warning: kostnader typed without avskrivningar and finansnetto differ by those)."""
    source = ctx.indata.forbund_source
    equity: dict[int, Decimal] = {}
    result: dict[int, Decimal] = {}
    for y in (ctx.fg, ctx.cur):
        if y is not None and y.br is not None and y.rr is not None:
            equity[y.ar], result[y.ar] = y.br["eget_kapital"], y.rr["arets_resultat"]
    typed = {h.ar: (i, h) for i, h in enumerate(ctx.indata.forbund.historik)}
    for ar, (_, h) in typed.items():
        if h.eget_kapital is not None:
            equity.setdefault(ar, h.eget_kapital)
        if h.arets_resultat is not None:
            result.setdefault(ar, h.arets_resultat)
    rolled: set[int] = set()
    for ar, (i, h) in sorted(typed.items()):
        if None not in (h.verksamhetens_intakter, h.verksamhetens_kostnader, h.arets_resultat):
            assert h.verksamhetens_intakter is not None and h.verksamhetens_kostnader is not None
            netto = h.verksamhetens_intakter - h.verksamhetens_kostnader
            if netto != h.arets_resultat:
                path = ("historik", i, "arets_resultat")
                yield Problem(
                    f"flerårsöversiktens årets resultat {ar} är {kr(h.arets_resultat)}, men "
                    f"intäkter − kostnader är {kr(netto)}", source.locate(path), dotted(path),
                    "varning", "historik_stammer",
                    hint="om kostnaderna är utan avskrivningar och finansnetto kan skillnaden "
                         "vara de; annars är ett av talen fel")
        # Eget kapital at the end of this year, and of the next, from the year before.
        for year in (ar, ar + 1):
            if year in rolled:
                continue
            rolled.add(year)
            if year - 1 in equity and year in equity and year in result:
                expected = equity[year - 1] + result[year]
                if equity[year] != expected:
                    place = year if year in typed else year - 1
                    path = ("historik", typed[place][0], "eget_kapital")
                    yield ctx.mismatch(
                        "historik_stammer", dotted(path), source.locate(path), equity[year],
                        expected, f"eget kapital {year} rullar inte från {year - 1} "
                        f"({kr(equity[year - 1])} + årets resultat {kr(result[year])})",
                        labels=(f"eget kapital {year}", "föregående års plus årets resultat"))


def perioder_i_ordning(ctx: Kontext) -> Iterable[Problem]:
    """A period starts before it ends: an insats's perioder, a ledamot's fom and tom."""
    arsfil = ctx.indata.arsfil
    spans: list[tuple[tuple[str | int, ...], object, object, str]] = []
    for i, insats in enumerate(arsfil.insatser):
        for k, period in enumerate(insats.perioder):
            spans.append((("insatser", i, "perioder", k), period.start, period.slut,
                          f"insatsen {insats.namn}: perioden"))
    if arsfil.organisation is not None:
        styrelse = arsfil.organisation.styrelse
        for group, people in (("ledamoter", styrelse.ledamoter),
                              ("ersattare", styrelse.ersattare)):
            for k, person in enumerate(people):
                spans.append((("organisation", "styrelse", group, k), person.fom, person.tom,
                              f"{person.namn}: uppdraget"))
    for path, start, end, what in spans:
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            yield Problem(f"{what} börjar {start.isoformat()} men slutar tidigare, "
                          f"{end.isoformat()}", ctx.at(path), dotted(path),
                          check="perioder_i_ordning",
                          hint="start och slut har troligen bytt plats, eller så är ett år fel")


def beslutad_sent(ctx: Kontext) -> Iterable[Problem]:
    """A remark: the årsredovisning decided later than three months after the year end."""
    beslutad = ctx.indata.arsfil.arsredovisning.beslutad
    if beslutad is None or ctx.rapport.typ != "arsredovisning":
        return
    deadline = dt.date(ctx.indata.arsfil.ar + 1, 3, 31)
    if beslutad > deadline:
        path = ("arsredovisning", "beslutad")
        yield Problem(f"årsredovisningen beslutades {beslutad.isoformat()}, mer än tre månader "
                      f"efter årets slut ({deadline.isoformat()})", ctx.at(path), dotted(path),
                      "varning", "beslutad_sent",
                      hint="stämmer datumet? annars bör förseningen förklaras i rapporten")


def foregaende_arets_resultat(ctx: Kontext) -> Iterable[Problem]:
    """Årets resultat typed in the prior year's balansräkning (``foregaende_ar``) equals the
    prior year's resultaträkning, as this year's does (a prior year's file checks its own)."""
    fg = ctx.fg
    if ctx.indata.foregaende is not None or fg is None or fg.rr is None:
        return
    br = fg.balansrakning
    typed = br.eget_kapital.arets_resultat if br is not None else None
    if typed is None or typed == fg.rr["arets_resultat"]:
        return
    source, base = ctx.prior_place("balansrakning")
    path = (*base, "eget_kapital", "arets_resultat")
    yield ctx.mismatch("foregaende_arets_resultat", dotted(path), ctx.at(path, source), typed,
                       fg.rr["arets_resultat"],
                       f"årets resultat {fg.ar} i balansräkningen skiljer sig från "
                       f"resultaträkningen {fg.ar}",
                       labels=("balansräkningen", "resultaträkningen"),
                       hint="rätta talet i balansräkningen eller raden i resultaträkningen "
                            "som är fel; eget kapital räknas med resultaträkningens resultat")


def alla_block(model: object, path: PathKey = ()) -> Iterator[tuple[Block, PathKey]]:
    """Every content block anywhere in the year file (the årsredovisning's, the
    verksamhetsplan's and the tertial reports' section trees) with its YAML path."""
    if isinstance(model, Block):
        yield model, path
    elif isinstance(model, BaseModel):
        for name, field in type(model).model_fields.items():
            value = getattr(model, name)
            if isinstance(value, BaseModel | list):
                yield from alla_block(value, (*path, field.alias or name))
    elif isinstance(model, list):
        for i, item in enumerate(model):
            yield from alla_block(item, (*path, i))


def budgettabell_resultat(ctx: Kontext) -> Iterable[Problem]:
    """A budget table's result as typed (``resultat_budget``, ``resultat_utfall``,
    ``resultat_differens``, the printed result row) agrees with its rows: income minus
    costs, and the differens positive when the outcome is better than budget."""
    for block, path in alla_block(ctx.indata.arsfil):
        b = block.budgettabell
        if b is None:
            continue
        rows = compute_budgettabell(b.model_copy(update={"resultat": b.resultat or "Resultat"}))
        result = rows.rader[-1]
        for key, typed, computed, column in (
                ("resultat_budget", b.resultat_budget, result.budget, "budget"),
                ("resultat_utfall", b.resultat_utfall, result.utfall, "utfall"),
                ("resultat_differens", b.resultat_differens, result.differens, "differens")):
            if typed is None or typed == computed:
                continue
            where = (*path, "budgettabell", key)
            yield ctx.mismatch(
                "budgettabell_resultat", dotted(where), ctx.at(where), typed, computed,
                f"budgettabellens resultat, kolumnen {column} (intäkter minus kostnader)",
                hint="en rad har troligen fel belopp eller tecken: en nettokostnad på en "
                     "intäktsrad skrivs med minustecken")


def _grans(value: str | dt.date | None, ar: int, slut: bool) -> dt.date | None:
    """The first (or, with *slut*, the last) day a ``fom``/``tom`` value means in year
    *ar*: a date as it is, a month name its first or last day; ``None`` for no value and
    for text that is no month name (nothing can be said about it)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or value.strip().lower() not in MANADSNAMN:
        return None
    month = MANADSNAMN.index(value.strip().lower()) + 1
    if not slut:
        return dt.date(ar, month, 1)
    following = dt.date(ar + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _visa(value: str | dt.date) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


def _uppdrag(person: Ledamot, ar: int) -> tuple[dt.date, dt.date, str] | None:
    """First and last day of *person*'s seat in year *ar* and how the file says it: no
    ``fom`` is the year's first day, no ``tom`` its last (the lists are 'under året').
    ``None`` when a ``fom``/``tom`` is text that is no month name."""
    start, end = _grans(person.fom, ar, False), _grans(person.tom, ar, True)
    if (person.fom is not None and start is None) or (person.tom is not None and end is None):
        return None
    if person.fom is not None and person.tom is not None:
        shown = f"fr.o.m. {_visa(person.fom)} t.o.m. {_visa(person.tom)}"
    elif person.fom is not None:
        shown = f"fr.o.m. {_visa(person.fom)}"
    elif person.tom is not None:
        shown = f"t.o.m. {_visa(person.tom)}"
    else:
        shown = "hela året, utan fom eller tom"
    return start or dt.date(ar, 1, 1), end or dt.date(ar, 12, 31), shown


def styrelse_dubbel_roll(ctx: Kontext) -> Iterable[Problem]:
    """Nobody is ordinarie ledamot and ersättare in the styrelse at the same time (a seed
    prints one person as ledamot all year and as ersättare 't.o.m. maj'; slip 16 in
    tests/fixtures/slips/README.md).

    The two seats of one name (and one appointing member, when both say it) are compared
    as the file gives them, ``fom``/``tom`` as dates or month names. An error when both
    seats carry a ``fom`` or ``tom`` and still overlap; a warning when the overlap rests on
    a seat with neither, read as the whole year (the person may have moved from one list to
    the other without the file saying when). Text that is no month name is not compared.
    """
    arsfil = ctx.indata.arsfil
    if arsfil.organisation is None:
        return
    styrelse = arsfil.organisation.styrelse
    for e, ersattare in enumerate(styrelse.ersattare):
        for k, ledamot in enumerate(styrelse.ledamoter):
            if ledamot.namn.strip() != ersattare.namn.strip() or (
                    ledamot.utsedd_av and ersattare.utsedd_av
                    and ledamot.utsedd_av != ersattare.utsedd_av):
                continue
            seat, deputy = _uppdrag(ledamot, arsfil.ar), _uppdrag(ersattare, arsfil.ar)
            if seat is None or deputy is None:
                continue
            start, end = max(seat[0], deputy[0]), min(seat[1], deputy[1])
            if start > end:
                continue
            dated = all(p.fom is not None or p.tom is not None for p in (ledamot, ersattare))
            path = ("organisation", "styrelse", "ersattare", e)
            yield Problem(
                f"{ersattare.namn} står både som ordinarie ledamot ({seat[2]}) och som "
                f"ersättare ({deputy[2]}) i styrelsen, alltså båda samtidigt "
                f"{start.isoformat()} – {end.isoformat()}",
                ctx.at(path), dotted(path), "fel" if dated else "varning",
                "styrelse_dubbel_roll",
                hint=f"en person är antingen ledamot eller ersättare: rätta fom/tom här eller "
                     f"under organisation.styrelse.ledamoter[{k}]; bytte hen roll under året, "
                     "skriv tom: på den ena rollen och fom: på den andra")

CHECKS: list[Check] = [notsumma_typad, foregaende_kassaflode_typad, historik_stammer,
                       perioder_i_ordning, beslutad_sent,
                       foregaende_arets_resultat, budgettabell_resultat,
                       styrelse_dubbel_roll]
