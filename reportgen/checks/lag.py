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


def kassaflode_delsummor(ctx: Kontext) -> Iterable[Problem]:
    """A typed investerings- or finansieringsverksamhet equals the sum of its typed lines."""
    kf = ctx.indata.arsfil.kassaflodesanalys
    computed = ctx.cur.kf
    if computed is None:
        return
    for key, lines, what in (
            ("investeringsverksamheten", kf.investeringar is not None, "investeringar"),
            ("finansieringsverksamheten", bool(kf.finansiering), "finansiering")):
        typed = getattr(kf, key)
        if lines and key in kf.model_fields_set and typed != computed[key]:
            yield ctx.mismatch(
                "kassaflode_delsummor", f"kassaflodesanalys.{key}",
                ctx.at(("kassaflodesanalys", key)), typed, computed[key],
                f"kassaflödesanalysen, kassaflöde från {key} (summan av raderna under "
                f"kassaflodesanalys.{what})")


def kassaflode_specificeras(ctx: Kontext) -> Iterable[Problem]:
    """Investerings- and finansieringsverksamhet are shown line by line (LKBR 8 kap. 1 §,
    RKR R13), not as a bare total."""
    kf = ctx.indata.arsfil.kassaflodesanalys
    computed = ctx.cur.kf
    if computed is None:
        return
    if computed["investeringsverksamheten"] and "forvarv_materiella" not in computed:
        yield Problem(
            "kassaflödesanalysen visar investeringsverksamheten bara som summa; förvärv och "
            "försäljning av immateriella, materiella och finansiella anläggningstillgångar "
            "ska stå på egna rader (LKBR 8 kap. 1 §, RKR R13)",
            ctx.at(("kassaflodesanalys", "investeringsverksamheten")),
            "kassaflodesanalys.investeringsverksamheten", "varning", "kassaflode_specificeras",
            hint="skriv raderna under kassaflodesanalys.investeringar (forvarv_materiella "
                 "och de andra), eller låt noten om anläggningstillgångar ange inköpen")
    if computed["finansieringsverksamheten"] and not kf.finansiering:
        yield Problem(
            "kassaflödesanalysen visar finansieringsverksamheten bara som summa; dess rader "
            "(till exempel nyupptagna lån, amortering) ska stå var för sig "
            "(LKBR 8 kap. 1 §, RKR R13)",
            ctx.at(("kassaflodesanalys", "finansieringsverksamheten")),
            "kassaflodesanalys.finansieringsverksamheten", "varning", "kassaflode_specificeras",
            hint="skriv raderna under kassaflodesanalys.finansiering (text och belopp)")


CHECKS: list[Check] = [
    pensionsforpliktelser_anges,
    kassaflode_delsummor,
    kassaflode_specificeras,
]
