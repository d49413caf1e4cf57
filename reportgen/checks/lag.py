"""Checks that the annual report has the parts and lines the law requires (LKBR 2018:597,
RKR's recommendations).

Where the data lacks a line the law asks for, a check warns naming the part and the
paragraph: reportgen never invents a figure, the kansli types it (0 when there is none).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..compute.mal import arsbedomning, mal_rubrik
from ..compute.rakningar import drift_resultat
from ..errors import Location, Problem
from ..format import kr
from .kontext import Check, Kontext


def pensionsforpliktelser_anges(ctx: Kontext) -> Iterable[Problem]:
    """Panter och ansvarsförbindelser names the pension obligations outside the balance sheet
    (LKBR 6 kap. 1 §), even when they are zero."""
    br = ctx.indata.arsfil.balansrakning
    if ctx.arsredovisningen is None or br is None or br.pensionsforpliktelser is not None:
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
    if computed is None or ctx.arsredovisningen is None:
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
    if ctx.arsredovisningen is None:
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


def _arsredovisning_at(ctx: Kontext, *path: str) -> Location:
    """Where to point for a missing field under ``arsredovisning:`` (the deepest typed key
    of *path*, else the top of the file)."""
    keys = ctx.indata.ar_source.key_marks
    full: tuple[str | int, ...] = ("arsredovisning", *path)
    while full and full not in keys:
        full = full[:-1]
    return ctx.at(full)


def handelser_efter_balansdagen_anges(ctx: Kontext) -> Iterable[Problem]:
    """The förvaltningsberättelse tells the events after the balance date, or says in words
    that there were none (LKBR 11 kap., RKR R15): the data must say which. A completeness
    problem (a required part is missing), an error with --slutlig."""
    if ctx.arsredovisningen is None:
        return
    if ctx.indata.arsfil.arsredovisning.handelser_efter_balansdagen is not None:
        return
    yield Problem(
        "förvaltningsberättelsen saknar delen Händelser efter balansdagen: väsentliga "
        "händelser efter räkenskapsårets slut, eller att inga har inträffat, ska anges "
        "(LKBR 11 kap., RKR R15)",
        _arsredovisning_at(ctx), "arsredovisning.handelser_efter_balansdagen",
        "varning", "handelser_efter_balansdagen_anges",
        hint="skriv arsredovisning.handelser_efter_balansdagen: med text: (händelserna) "
             "eller inga: true", fullstandighet=True)


def _visar_block(ctx: Kontext, block: str) -> bool:
    """Whether some section of the report shows the standard *block*."""
    return any(b.block == block for a in ctx.rapport.alla_avsnitt() for b in a.innehall)


def handelser_efter_balansdagen_visas(ctx: Kontext) -> Iterable[Problem]:
    """Händelser efter balansdagen given in the data are shown: a report with its own
    section tree (``avsnitt:``) has a section with the block, or the text never prints."""
    if ctx.arsredovisningen is None or _visar_block(ctx, "handelser_efter_balansdagen"):
        return
    if ctx.indata.arsfil.arsredovisning.handelser_efter_balansdagen is None:
        return
    yield Problem(
        "händelser efter balansdagen står i årsfilen men visas inte: inget avsnitt har "
        "blocket handelser_efter_balansdagen (LKBR 11 kap., RKR R15)",
        _arsredovisning_at(ctx, "handelser_efter_balansdagen"),
        "arsredovisning.handelser_efter_balansdagen", "varning",
        "handelser_efter_balansdagen_visas",
        hint="lägg till block: handelser_efter_balansdagen i ett avsnitt under "
             "arsredovisning.avsnitt, till exempel efter händelserna av väsentlig betydelse",
        fullstandighet=True)


def mal_bedomda(ctx: Kontext) -> Iterable[Problem]:
    """Every goal of the årsredovisning has the year's bedömning (uppfyllt, delvis uppfyllt,
    ej uppfyllt) for god ekonomisk hushållning (LKBR 11 kap., RKR R15): a completeness
    problem, an error with --slutlig."""
    if ctx.arsredovisningen is None:
        return
    for i, mal in enumerate(ctx.indata.arsfil.mal):
        if arsbedomning(mal)[0] is not None:
            continue
        yield Problem(
            f"målet '{mal_rubrik(mal)}' saknar årets bedömning (uppfyllt, delvis uppfyllt "
            "eller ej uppfyllt); förvaltningsberättelsen ska bedöma varje verksamhetsmål och "
            "finansiellt mål för god ekonomisk hushållning (LKBR 11 kap., RKR R15)",
            ctx.at(("mal", i)), f"mal[{i}].bedomning", "varning", "mal_bedomda",
            hint="skriv bedomning: uppfyllt, delvis uppfyllt eller ej uppfyllt under målet "
                 "(eller status: under uppfoljning.T3)", fullstandighet=True)


def samlad_bedomning_anges(ctx: Kontext) -> Iterable[Problem]:
    """An årsredovisning with goals has the styrelse's overall conclusion on god ekonomisk
    hushållning (LKBR 11 kap., RKR R15): a completeness problem, an error with --slutlig."""
    arsfil = ctx.indata.arsfil
    if ctx.arsredovisningen is None or not arsfil.mal or arsfil.arsredovisning.samlad_bedomning:
        return
    yield Problem(
        "förvaltningsberättelsen har mål men saknar styrelsens samlade bedömning av god "
        "ekonomisk hushållning (LKBR 11 kap., RKR R15)",
        _arsredovisning_at(ctx, "samlad_bedomning"),
        "arsredovisning.samlad_bedomning", "varning", "samlad_bedomning_anges",
        hint="skriv arsredovisning.samlad_bedomning: om målen sammantaget har nåtts och om "
             "förbundet har haft en god ekonomisk hushållning", fullstandighet=True)


def samlad_bedomning_visas(ctx: Kontext) -> Iterable[Problem]:
    """The samlad bedömning given in the data is shown: it prints with the goals (block
    mal), so a report with its own section tree needs a section with that block."""
    if ctx.arsredovisningen is None or _visar_block(ctx, "mal"):
        return
    if not ctx.indata.arsfil.arsredovisning.samlad_bedomning:
        return
    yield Problem(
        "styrelsens samlade bedömning står i årsfilen men visas inte: den visas med målen, "
        "och inget avsnitt har blocket mal (LKBR 11 kap., RKR R15)",
        _arsredovisning_at(ctx, "samlad_bedomning"), "arsredovisning.samlad_bedomning",
        "varning", "samlad_bedomning_visas",
        hint="lägg till block: mal i avsnittet om god ekonomisk hushållning under "
             "arsredovisning.avsnitt", fullstandighet=True)


CHECKS: list[Check] = [
    pensionsforpliktelser_anges,
    kassaflode_delsummor,
    kassaflode_specificeras,
    investeringsredovisning_stammer,
    investeringsredovisning_komplett,
    driftredovisning_stammer,
    balanskrav_reglering_anges,
    sjukfranvaro_skyddas,
    handelser_efter_balansdagen_anges,
    handelser_efter_balansdagen_visas,
    mal_bedomda,
    samlad_bedomning_anges,
    samlad_bedomning_visas,
]
