"""Cross-checks of the insats cards: a total typed in a card equals the sum of its parts,
and the förbund's own card fields are declared in forbund.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..compute.insatser import kon_summa
from ..errors import Problem
from ..load import PathKey, dotted
from ..model.forbund import KORTFALT
from ..model.insatser import Insats, Kon
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


MANADSNAMN = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december")
"""Swedish month names, as running text and ``fom``/``tom`` write them."""
_STARTADE = re.compile(
    r"\b(?:startade|startades|inleddes|påbörjades)(?: upp)?(?: (?:i|den|under|från))?"
    rf"(?: (?P<dag>\d{{1,2}}))? (?P<manad>{'|'.join(MANADSNAMN)})(?: månad)?"
    r"(?: (?P<ar>\d{4}))?\b",
    re.IGNORECASE)
"""'startade i maj', 'startade upp den 1 maj 2023', 'inleddes i april 2024'."""
_SLAG = re.compile(r"^(?:förstudien?|projektet|projekt|nätverket|nätverk|insatsen)\s+",
                   re.IGNORECASE)


def _texter(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every string of the year file as typed, with its YAML path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _texter(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texter(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def _namnet(insats: Insats) -> re.Pattern[str] | None:
    """The insats's name in running text, without its kind ('Förstudie Unga vuxna' is
    also 'Förstudien Unga vuxna' or 'Unga vuxna'); None for a name too short to tell."""
    core = _SLAG.sub("", insats.namn.strip())
    if len(core) < 4:
        return None
    return re.compile(rf"(?<!\w){re.escape(core)}(?!\w)", re.IGNORECASE)


def text_startmanad(ctx: Kontext) -> Iterable[Problem]:
    """A text saying when an insats started ('Förstudien Unga vuxna startade i maj')
    agrees with the start of its periods (``insatser[].perioder[].start``).

    The insats is the one the sentence names (exactly one), or, in an insats's own texts,
    that insats when the sentence names no other. Only a start in the same year as the
    text says (the report's year when it gives none) is compared: a month or a day that
    differs from every such start is reported (a warning; slip 15 in
    tests/fixtures/slips/README.md is this kind of mistake, about an end). Ends are not
    compared: ``slut`` is often the period granted, not the day the insats actually
    ended."""
    arsfil = ctx.indata.arsfil
    names = [(i, _namnet(insats)) for i, insats in enumerate(arsfil.insatser)]
    for path, text in _texter(ctx.indata.ar_source.data):
        for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-*]\s+", text):
            for m in _STARTADE.finditer(sentence):
                named = [i for i, pattern in names if pattern and pattern.search(sentence)]
                if not named and len(path) > 1 and path[0] == "insatser" \
                        and isinstance(path[1], int) and path[1] < len(arsfil.insatser):
                    named = [path[1]]
                if len(named) != 1:
                    continue
                insats = arsfil.insatser[named[0]]
                year = int(m["ar"]) if m["ar"] else arsfil.ar
                month = MANADSNAMN.index(m["manad"].lower()) + 1
                starts = [p.start for p in insats.perioder if p.start.year == year]
                if not starts or any(
                        s.month == month and (not m["dag"] or s.day == int(m["dag"]))
                        for s in starts):
                    continue
                k = next(k for k, p in enumerate(insats.perioder) if p.start == starts[0])
                yield Problem(
                    f"texten säger att {insats.namn} '{m[0]}', men insatsens period "
                    f"börjar {starts[0].isoformat()} (insatser[{named[0]}].perioder[{k}]."
                    "start)", ctx.at(path), dotted(path), "varning", "text_startmanad",
                    hint="rätta månaden i texten eller periodens start")


CHECKS: list[Check] = [insats_summa, insats_egna_falt, text_startmanad]
