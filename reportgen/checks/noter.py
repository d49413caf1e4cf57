"""Checks of the standard note kinds (LKBR 9 kap., 4 kap. 6 §; RKR R5): each note's computed
total against the balance-sheet line it explains, the pension note's särskild löneskatt, the
leasing note's maturities, and the notes the annual report must have.

The figures come from :mod:`reportgen.compute.noter`, so a check compares what the report
prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..compute.noter import (
    NOTSLAG,
    leasing_summa,
    notsumma,
    sarskild_loneskatt,
)
from ..errors import Problem
from ..format import ZERO, kr, procent
from ..model import Not
from ..model.ekonomi import SARSKILD_LONESKATT
from .kontext import Check, Kontext

LEASING_ETIKETT = {
    "inom_ett_ar": "beloppet som förfaller inom ett år",
    "mellan_ett_och_fem_ar": "beloppet som förfaller om ett till fem år",
    "senare_an_fem_ar": "beloppet som förfaller senare än om fem år",
    "summa": "summan",
    "arets_avgifter": "årets kostnad",
}
"""How a leasing amount is named in a message (the YAML keys have no å, ä or ö)."""


def _prior_notes(ctx: Kontext) -> list[Not]:
    if ctx.indata.foregaende is not None:
        return ctx.indata.foregaende.noter
    fa = ctx.indata.arsfil.foregaende_ar
    return fa.noter if fa is not None else []


def _numbers(ctx: Kontext) -> dict[str, int]:
    return {n.id: n.nr for n in ctx.arsredovisning.noter}


def notspecifikation_stammer(ctx: Kontext) -> Iterable[Problem]:
    """A note of a specifying kind (fordringar, kortfristiga and långfristiga skulder,
    avsättningar, övriga ansvarsförbindelser; LKBR 4 kap. 6 §) sums, computed, to the
    balance-sheet line it explains, both years."""
    yield from _mot_balansrakningen(ctx, pension=False)


def pensionsnot_stammer(ctx: Kontext) -> Iterable[Problem]:
    """The pension note: särskild löneskatt typed equals the computed (the rate
    :data:`reportgen.model.ekonomi.SARSKILD_LONESKATT`), and the obligation with its
    löneskatt equals the balansräkning's pensionsförpliktelser outside the balance sheet."""
    arsfil = ctx.indata.arsfil
    for i, note in enumerate(arsfil.noter):
        if note.typ != "pensionsforpliktelser":
            continue
        if note.pension is None:
            yield Problem(
                f"noten '{note.id}' är av typen pensionsforpliktelser men anger inte "
                "pensionsförpliktelsen", ctx.at(("noter", i)), f"noter[{i}].pension",
                check="pensionsnot_stammer",
                hint="skriv pension: {pensionsforpliktelse: <belopp utan löneskatt>}")
            continue
        typed = note.pension.sarskild_loneskatt
        computed = sarskild_loneskatt(note.pension.pensionsforpliktelse)
        if typed is not None and typed != computed:
            path = ("noter", i, "pension", "sarskild_loneskatt")
            yield ctx.mismatch(
                "pensionsnot_stammer", f"noter[{i}].pension.sarskild_loneskatt", ctx.at(path),
                typed, computed,
                f"särskild löneskatt i noten '{note.rubrik}' "
                f"({procent(SARSKILD_LONESKATT, decimals=2)} av pensionsförpliktelsen)",
                hint="ta bort sarskild_loneskatt så räknas den fram, eller rätta "
                     "pensionsförpliktelsen")
    yield from _mot_balansrakningen(ctx, pension=True)


def _mot_balansrakningen(ctx: Kontext, pension: bool) -> Iterable[Problem]:
    arsfil = ctx.indata.arsfil
    numbers = _numbers(ctx)
    prior = {n.id: n for n in _prior_notes(ctx)}
    check = "pensionsnot_stammer" if pension else "notspecifikation_stammer"
    for i, note in enumerate(arsfil.noter):
        slag = NOTSLAG.get(note.typ)
        if slag is None or (note.typ == "pensionsforpliktelser") != pension:
            continue
        if pension and note.pension is None:
            continue
        total, fg_total = notsumma(note, arsfil.ar, prior.get(note.id))
        for year, value in ((ctx.cur, total), (ctx.fg, fg_total)):
            if year is None or year.br is None or value is None:
                continue
            line = year.br.get(slag.figur, ZERO)
            if value != line:
                yield ctx.mismatch(
                    check, f"noter.{note.id}", ctx.at(("noter", i)), value, line,
                    f"Not {numbers.get(note.id, '?')} {note.rubrik} ({year.ar}) stämmer inte "
                    "med balansräkningen",
                    hint="rätta en rad i noten eller beloppet i balansräkningen",
                    labels=("notens rader summerar till",
                            f"balansräkningens rad '{slag.rad}' är"))


def leasing_stammer(ctx: Kontext) -> Iterable[Problem]:
    """The leasing note (RKR R5): every amount non-negative, and a typed summa equals the
    computed sum of the three maturities."""
    for i, note in enumerate(ctx.indata.arsfil.noter):
        if note.typ == "leasing" and not note.leasing:
            yield Problem(
                f"noten '{note.id}' är av typen leasing men anger inga avtal",
                ctx.at(("noter", i)), f"noter[{i}].leasing", check="leasing_stammer",
                hint="skriv leasing: med rubrik, inom_ett_ar, mellan_ett_och_fem_ar och "
                     "senare_an_fem_ar")
        for j, avtal in enumerate(note.leasing):
            for key in ("inom_ett_ar", "mellan_ett_och_fem_ar", "senare_an_fem_ar", "summa",
                        "arets_avgifter"):
                value: Decimal | None = getattr(avtal, key)
                if value is not None and value < 0:
                    path = ("noter", i, "leasing", j, key)
                    yield Problem(
                        f"leasingavgifterna i noten '{note.rubrik}' ({avtal.rubrik}) skrivs "
                        f"som positiva belopp, men {LEASING_ETIKETT[key]} är negativt",
                        ctx.at(path), f"noter[{i}].leasing[{j}].{key}",
                        check="leasing_stammer", hint="skriv beloppet utan minustecken")
            if avtal.summa is not None and avtal.summa != leasing_summa(avtal):
                path = ("noter", i, "leasing", j, "summa")
                yield ctx.mismatch(
                    "leasing_stammer", f"noter[{i}].leasing[{j}].summa", ctx.at(path),
                    avtal.summa, leasing_summa(avtal),
                    f"summa framtida minimileaseavgifter i noten '{note.rubrik}' "
                    f"({avtal.rubrik})")


_ANSVARSFORBINDELSER = (("pensionsforpliktelser", "pensionsforpliktelser"),
                        ("ansvarsforbindelser", "ansvarsforbindelser"))
"""(balance-sheet field, note kind) of the Panter och ansvarsförbindelser lines."""


def ansvarsforbindelse_har_not(ctx: Kontext) -> Iterable[Problem]:
    """A Panter och ansvarsförbindelser line with an amount has its note: one of its kind,
    or a ``not:`` on the line (LKBR 6 kap. 1 §, each with its note)."""
    br = ctx.indata.arsfil.balansrakning
    if ctx.arsredovisningen is None or br is None or ctx.cur.br is None:
        return
    kinds = {n.typ for n in ctx.indata.arsfil.noter}
    for field, kind in _ANSVARSFORBINDELSER:
        post = getattr(br, field)
        if post is None or not post.belopp or post.not_ or kind in kinds:
            continue
        yield Problem(
            f"balansräkningens rad '{NOTSLAG[kind].rad}' ({kr(post.belopp)} kr) har ingen not "
            "som specificerar den (Panter och ansvarsförbindelser, LKBR 6 kap. 1 §)",
            ctx.at(("balansrakning", field)), f"balansrakning.{field}", "varning",
            "ansvarsforbindelse_har_not",
            hint=f"lägg till en not med typ: {kind} och hänvisa till den med not: på raden")


def revisionsnot_anges(ctx: Kontext) -> Iterable[Problem]:
    """The annual report states the cost of räkenskapsrevision and of other services from
    the revisorer in a note (LKBR 9 kap.): warns when no note of the kind exists."""
    arsfil = ctx.indata.arsfil
    if ctx.arsredovisningen is None or arsfil.resultatrakning is None:
        return
    if any(n.typ == "revision" for n in arsfil.noter):
        return
    yield Problem(
        "noterna saknar kostnaden för räkenskapsrevision och för andra tjänster från "
        "revisorerna (Noter, LKBR 9 kap.)",
        ctx.at(("noter",)) if arsfil.noter else ctx.at(("resultatrakning",)), "noter",
        "varning", "revisionsnot_anges",
        hint="lägg till en not med typ: revision och en rad per revisor eller slag av tjänst "
             "(räkenskapsrevision, övriga tjänster)")


def rkr_avvikelser_anges(ctx: Kontext) -> Iterable[Problem]:
    """Not 1 (redovisningsprinciper) says, as data, whether the förbund departs from any of
    RKR's recommendations and why (``avvikelser_rkr``; [] for none)."""
    if ctx.arsredovisningen is None:
        return
    for i, note in enumerate(ctx.indata.arsfil.noter):
        if note.typ == "redovisningsprinciper" and note.avvikelser_rkr is None:
            yield Problem(
                f"noten {note.rubrik} anger inte om förbundet avviker från någon av Rådet för "
                "kommunal redovisnings rekommendationer (Noter, LKBR 9 kap.)",
                ctx.at(("noter", i)), f"noter[{i}].avvikelser_rkr", "varning",
                "rkr_avvikelser_anges",
                hint="skriv avvikelser_rkr: [] om förbundet följer alla, annars en rad per "
                     "avvikelse med rekommendation, avvikelse och skal")


CHECKS: list[Check] = [
    notspecifikation_stammer,
    pensionsnot_stammer,
    leasing_stammer,
    ansvarsforbindelse_har_not,
    revisionsnot_anges,
    rkr_avvikelser_anges,
]
