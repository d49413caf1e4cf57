"""Cross-checks of the insats cards: a total typed in a card equals the sum of its parts,
and the förbund's own card fields are declared in forbund.yaml."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..compute.insatser import kon_summa
from ..errors import Problem
from ..load import PathKey, dotted
from ..model.forbund import KORTFALT
from ..model.insatser import Kon
from .kontext import Check, Kontext

KON_TEXT = {"kvinnor": "kvinnor", "man": "män", "annat": "annat kön",
            "ej_uppgett": "ej uppgett"}


def _kon(kon: Kon) -> str:
    return " + ".join(f"{getattr(kon, k)} {t}" for k, t in KON_TEXT.items()
                      if getattr(kon, k) is not None)


def _typed_total(ctx: Kontext, where: PathKey, typed: int | None, kon: Kon | None,
                 what: str) -> Iterator[Problem]:
    if typed is None or kon is None:
        return
    total = kon_summa(kon)
    if total is None or typed == total:
        return
    yield Problem(f"{what} är {typed} i filen, men könsfördelningen ger {total} ({_kon(kon)})",
                  ctx.at(where), dotted(where), check="insats_summa",
                  hint="ta bort talet så räknas totalen fram, eller rätta könsfördelningen")


def insats_summa(ctx: Kontext) -> Iterable[Problem]:
    """A card's typed totals (deltagare, totalt, avslutade) equal the sum by kön, and the
    outcomes of the avslutade are not more than the avslutade."""
    for n, i in enumerate(ctx.indata.arsfil.insatser):
        base: PathKey = ("insatser", n)
        yield from _typed_total(ctx, (*base, "deltagare"), i.deltagare, i.deltagare_kon,
                                f"insatsen '{i.id}': deltagare")
        if i.deltagare_kon is not None:
            yield from _typed_total(ctx, (*base, "deltagare_kon", "totalt"),
                                    i.deltagare_kon.totalt, i.deltagare_kon,
                                    f"insatsen '{i.id}': deltagare_kon.totalt")
        a = i.avslutade
        if a is None:
            continue
        yield from _typed_total(ctx, (*base, "avslutade", "antal"), a.antal, a.kon,
                                f"insatsen '{i.id}': avslutade.antal")
        if a.kon is not None:
            yield from _typed_total(ctx, (*base, "avslutade", "kon", "totalt"), a.kon.totalt,
                                    a.kon, f"insatsen '{i.id}': avslutade.kon.totalt")
        antal = kon_summa(a.kon) if a.kon is not None else a.antal
        for k, u in enumerate(a.utfall):
            if antal is not None and u.antal > antal:
                where = (*base, "avslutade", "utfall", k, "antal")
                yield Problem(f"insatsen '{i.id}': {u.antal} avslutade till '{u.etikett}' är "
                              f"fler än de {antal} avslutade", ctx.at(where), dotted(where),
                              check="insats_summa")
        if antal is None and a.utfall:
            where = (*base, "avslutade")
            yield Problem(f"insatsen '{i.id}': avslutade har utfall men inget antal, så "
                          "andelarna kan inte räknas", ctx.at(where), dotted(where),
                          check="insats_summa", hint="ange antal eller kon under avslutade")


def insats_egna_falt(ctx: Kontext) -> Iterable[Problem]:
    """An insats's own field (falt:) is one forbund.yaml's insatskort.falt declares, and a
    field forbund.yaml names is built in or declared as the förbund's own."""
    valda = ctx.indata.forbund.insatskort.falt
    declared = {f.falt for f in valda or []} - set(KORTFALT)
    for n, i in enumerate(ctx.indata.arsfil.insatser):
        for name in i.falt:
            if name in declared:
                continue
            where: PathKey = ("insatser", n, "falt", name)
            yield Problem(f"insatsen '{i.id}' har det egna fältet '{name}', men forbund.yaml "
                          "visar det inte", ctx.at(where), dotted(where), "varning",
                          "insats_egna_falt",
                          hint=f"lägg till '- falt: {name}' under insatskort.falt i forbund.yaml")
    used = {name for i in ctx.indata.arsfil.insatser for name in i.falt}
    for k, f in enumerate(valda or []):
        if f.falt not in KORTFALT and f.falt not in used:
            fwhere: PathKey = ("insatskort", "falt", k, "falt")
            yield Problem(f"fältet '{f.falt}' i insatskort.falt är inget inbyggt fält och ingen "
                          "insats anger det under falt:", ctx.at(fwhere, ctx.indata.forbund_source),
                          dotted(fwhere), "varning", "insats_egna_falt",
                          hint="inbyggda fält: " + ", ".join(KORTFALT))


CHECKS: list[Check] = [insats_summa, insats_egna_falt]
