"""Checks that the annual report has the parts and lines the law requires (LKBR 2018:597,
RKR's recommendations).

Where the data lacks a line the law asks for, a check warns naming the part and the
paragraph: reportgen never invents a figure, the kansli types it (0 when there is none).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem
from .kontext import Check, Kontext


def pensionsforpliktelser_anges(ctx: Kontext) -> Iterable[Problem]:
    """Panter och ansvarsförbindelser names the pension obligations outside the balance sheet
    (LKBR 6 kap. 1 §), even when they are zero."""
    br = ctx.indata.arsfil.balansrakning
    if br is None or br.pensionsforpliktelser is not None:
        return
    yield Problem(
        "balansräkningen saknar raden 'Pensionsförpliktelser som inte har tagits upp bland "
        "skulderna eller avsättningarna' under Panter och ansvarsförbindelser "
        "(LKBR 6 kap. 1 §)",
        ctx.at(("balansrakning",)), "balansrakning.pensionsforpliktelser", "varning",
        "pensionsforpliktelser_anges",
        hint="skriv beloppet under balansrakning.pensionsforpliktelser, 0 om förbundet inte "
             "har några pensionsförpliktelser utanför balansräkningen")


CHECKS: list[Check] = [
    pensionsforpliktelser_anges,
]
