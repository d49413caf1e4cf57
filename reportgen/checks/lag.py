"""Checks that the annual report has the parts and lines the law requires (LKBR 2018:597,
RKR's recommendations).

Where the data lacks a line the law asks for, a check warns naming the part and the
paragraph: reportgen never invents a figure, the kansli types it (0 when there is none).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..compute.rakningar import drift_resultat
from ..compute.vy import Arsredovisning, Verksamhetsplan
from ..errors import Problem
from ..format import kr
from .kontext import Check, Kontext


def _arsredovisning(ctx: Kontext) -> bool:
    """Whether the report checked is an annual report (a part the law asks of it is missing
    only there; a tertialrapport of the same year file does not warn)."""
    return isinstance(ctx.rapport, Arsredovisning) and not isinstance(ctx.rapport,
                                                                      Verksamhetsplan)


def pensionsforpliktelser_anges(ctx: Kontext) -> Iterable[Problem]:
    """Panter och ansvarsförbindelser names the pension obligations outside the balance sheet
    (LKBR 6 kap. 1 §), even when they are zero."""
    br = ctx.indata.arsfil.balansrakning
    if not _arsredovisning(ctx) or br is None or br.pensionsforpliktelser is not None:
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
    if computed is None or not _arsredovisning(ctx):
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


def _forvarv(kf: dict[str, Decimal]) -> Decimal:
    """The year's acquisitions as a positive outlay, from the kassaflödesanalys."""
    if "forvarv_materiella" in kf:
        return -sum((kf[f"forvarv_{g}"] for g in ("immateriella", "materiella", "finansiella")),
                    Decimal(0))
    return -kf["investeringsverksamheten"]


def investeringsredovisning_stammer(ctx: Kontext) -> Iterable[Problem]:
    """The investeringsredovisning's utfall equals the kassaflödesanalys's investments and the
    anskaffningar (inköp) in the notes on anläggningstillgångar."""
    arsfil = ctx.indata.arsfil
    ir = arsfil.investeringsredovisning
    if ir is None:
        return
    utfall = sum((r.utfall for r in ir.rader), Decimal(0))
    where = ctx.at(("investeringsredovisning",))
    if ctx.cur.kf is not None:
        forvarv = _forvarv(ctx.cur.kf)
        if forvarv != utfall:
            yield ctx.mismatch(
                "investeringsredovisning_stammer", "investeringsredovisning", where, utfall,
                forvarv, "investeringsredovisningen stämmer inte med kassaflödesanalysen",
                labels=("investeringsredovisningens utfall",
                        "kassaflödesanalysens investeringar"))
    inkop = [n.anlaggning.inkop for n in arsfil.noter if n.anlaggning is not None]
    if inkop and sum(inkop, Decimal(0)) != utfall:
        yield ctx.mismatch(
            "investeringsredovisning_stammer", "investeringsredovisning", where, utfall,
            sum(inkop, Decimal(0)),
            "investeringsredovisningen stämmer inte med noten om anläggningstillgångar",
            labels=("investeringsredovisningens utfall", "notens inköp (anskaffningar)"))


def investeringsredovisning_komplett(ctx: Kontext) -> Iterable[Problem]:
    """A year with investments has an investeringsredovisning, each row with its budget
    (LKBR 10 kap. 2 §, RKR R14)."""
    arsfil = ctx.indata.arsfil
    ir = arsfil.investeringsredovisning
    if not _arsredovisning(ctx):
        return
    if ir is None:
        kf = ctx.cur.kf
        if kf is not None and _forvarv(kf) > 0:
            yield Problem(
                "året har investeringar men årsfilen saknar investeringsredovisning "
                "(budget, utfall och avvikelse per investering, LKBR 10 kap. 2 §, RKR R14)",
                ctx.at(("kassaflodesanalys",)), "investeringsredovisning", "varning",
                "investeringsredovisning_komplett",
                hint="skriv investeringsredovisning: rader: med namn, budget och utfall")
        return
    for i, r in enumerate(ir.rader):
        if r.budget is None:
            yield Problem(
                f"investeringen '{r.namn}' saknar budget; investeringsredovisningen ska visa "
                "budget, utfall och avvikelse (LKBR 10 kap. 2 §)",
                ctx.at(("investeringsredovisning", "rader", i)),
                f"investeringsredovisning.rader[{i}].budget", "varning",
                "investeringsredovisning_komplett",
                hint="skriv budget: (0 om investeringen inte var budgeterad)")


_RR_RAD = {
    "arets_resultat": "årets resultat",
    "resultat_efter_finansiella_poster": "resultat efter finansiella poster",
    "verksamhetens_nettokostnad": "verksamhetens nettokostnader",
}


def driftredovisning_stammer(ctx: Kontext) -> Iterable[Problem]:
    """The driftredovisning's result (utfall) equals the resultaträkning's line it ties to
    (``driftredovisning.avser``; LKBR 10 kap. 1 §, RKR R14)."""
    dr = ctx.indata.arsfil.driftredovisning
    if dr is None or ctx.cur.rr is None:
        return
    _, utfall = drift_resultat(dr)
    rr = ctx.cur.rr[dr.avser]
    if utfall != rr:
        hint = ("saknas en rad, till exempel finansiella intäkter och kostnader? Eller skriv "
                "driftredovisning.avser: resultat_efter_finansiella_poster eller "
                "verksamhetens_nettokostnad") if dr.avser == "arets_resultat" else None
        yield ctx.mismatch(
            "driftredovisning_stammer", "driftredovisning", ctx.at(("driftredovisning",)),
            utfall, rr, "driftredovisningen stämmer inte med resultaträkningen", hint=hint,
            labels=("driftredovisningens resultat (utfall)",
                    f"resultaträkningens {_RR_RAD[dr.avser]}"))


def balanskrav_reglering_anges(ctx: Kontext) -> Iterable[Problem]:
    """A negative balanskravsresultat comes with when and how it will be restored
    (LKBR 11 kap. 12 §): an error until the data gives it."""
    bk = ctx.cur.bk
    arsfil = ctx.indata.arsfil
    if bk is None or bk["balanskravsresultat"] >= 0 or arsfil.balanskrav.reglering:
        return
    yield Problem(
        f"balanskravsresultatet är negativt ({kr(bk['balanskravsresultat'])} kr), men "
        "förvaltningsberättelsen säger inte när och på vilket sätt det ska regleras "
        "(LKBR 11 kap. 12 §)",
        ctx.at(("balanskrav",)) if "balanskrav" in ctx.indata.arsfil.model_fields_set
        else ctx.at(("resultatrakning",)),
        "balanskrav.reglering", "fel", "balanskrav_reglering_anges",
        hint="skriv balanskrav.reglering: när och hur underskottet återställs, eller "
             "styrelsens skäl att inte återställa det (synnerliga skäl)")


SJUKFRANVARO_MINSTA_GRUPP = 10
"""Sjukfrånvaro is health data: never reported for a group of this many or fewer."""


def sjukfranvaro_skyddas(ctx: Kontext) -> Iterable[Problem]:
    """Sjukfrånvaro is never reported for a group of ten or fewer, where it can be traced
    to a person (it is health data)."""
    p = ctx.indata.arsfil.personal
    if p is None or p.antal_anstallda > SJUKFRANVARO_MINSTA_GRUPP:
        return
    for key in ("sjukdagar", "sjukfranvaro_procent"):
        if getattr(p, key) is not None:
            yield Problem(
                f"sjukfrånvaro får inte redovisas för en grupp om tio eller färre "
                f"({p.antal_anstallda} anställda): det är hälsouppgifter som kan härledas "
                "till enskilda",
                ctx.at(("personal", key)), f"personal.{key}", "fel", "sjukfranvaro_skyddas",
                hint=f"ta bort personal.{key}")


CHECKS: list[Check] = [
    pensionsforpliktelser_anges,
    kassaflode_delsummor,
    kassaflode_specificeras,
    investeringsredovisning_stammer,
    investeringsredovisning_komplett,
    driftredovisning_stammer,
    balanskrav_reglering_anges,
    sjukfranvaro_skyddas,
]
