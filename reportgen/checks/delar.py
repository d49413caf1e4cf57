"""Checks of the period figures (``tertial.<T>``): the tertialrapport's economy and the
delårsrapport's statements.

The figures are about the year file, so most checks run with every report built from it;
the length of the report period and the missing comparative only with the delårsrapport.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..compute import ekonomi
from ..compute.delar import MANADER_DELAR
from ..compute.period import (
    Periodfigurer,
    manader,
    prognos_ur_budgetrader,
    utfall_ur_budgetrader,
)
from ..compute.vy import Delarsrapport
from ..errors import Problem
from ..model.base import kontrollsummor
from ..model.ekonomi import Kassaflodesanalys, Resultatrakning
from ..model.mal import MANADER, TertialPeriod
from .ekonomi import _typed_totals
from .kontext import Check, Kontext


def _period(ctx: Kontext, t: str) -> TertialPeriod:
    per = ctx.indata.arsfil.tertial.period(t)
    assert per is not None
    return per


def delar_balanserar(ctx: Kontext) -> Iterable[Problem]:
    """The balance sheet at each period's end balances (its eget kapital includes the
    period's result)."""
    for t, pf in ctx.perioder.items():
        if pf.cur.br is None:
            continue
        assets = pf.cur.br["summa_tillgangar"]
        claims = pf.cur.br["summa_eget_kapital_avsattningar_och_skulder"]
        if assets != claims:
            yield ctx.mismatch(
                "delar_balanserar", f"tertial.{t}.balansrakning",
                ctx.at(("tertial", t, "balansrakning")), claims, assets,
                f"balansräkningen per {pf.slut.isoformat()} ({t}) balanserar inte",
                hint="eget kapital räknas som ingående eget kapital plus periodens resultat "
                     f"enligt tertial.{t}.resultatrakning",
                labels=("summa eget kapital, avsättningar och skulder", "summa tillgångar"))


def _rr_totals(rr: Resultatrakning | None, path: tuple[str | int, ...], what: str
               ) -> Iterable[tuple[tuple[str | int, ...], Decimal | None, Decimal, str]]:
    """(path, typed, computed, what) for the control totals of a typed resultaträkning."""
    if rr is None:
        return
    computed = ekonomi.resultatrakning(rr)
    for (key,), mark in kontrollsummor(Resultatrakning):
        yield ((*path, key), getattr(rr, key), computed[mark.figur or key],
               f"{what}, {mark.text or key.replace('_', ' ')}")


def delar_typad_summa(ctx: Kontext) -> Iterable[Problem]:
    """A total typed in a period's statements, its budget, its prognos, its comparative or
    the year's budget (tertial.arsbudget) equals the computed one."""
    tertial = ctx.indata.arsfil.tertial
    totals: list[tuple[tuple[str | int, ...], Decimal | None, Decimal, str]] = list(
        _rr_totals(tertial.arsbudget, ("tertial", "arsbudget"), "årsbudgeten"))
    for t, pf in ctx.perioder.items():
        for path, typed, computed, what in _typed_totals(pf.cur):
            totals.append((("tertial", t, *path), typed, computed,
                           f"{t}: {what.replace(f' {pf.cur.ar}', '')}"))
        per = _period(ctx, t)
        if per.prognos is not None:
            totals.extend(_rr_totals(per.prognos.resultatrakning,
                                     ("tertial", t, "prognos", "resultatrakning"),
                                     f"{t}: prognosen"))
            if pf.prognos_bk is not None:
                totals.append((("tertial", t, "prognos", "balanskrav", "balanskravsresultat"),
                               per.prognos.balanskrav.balanskravsresultat,
                               pf.prognos_bk["balanskravsresultat"],
                               f"{t}: balanskravsresultatet enligt prognosen"))
        totals.extend(_rr_totals(per.periodbudget, ("tertial", t, "periodbudget"),
                                 f"{t}: periodens budget"))
        if per.jamforelse is not None:
            totals.extend(_rr_totals(per.jamforelse.resultatrakning,
                                     ("tertial", t, "jamforelse", "resultatrakning"),
                                     f"{t}: jämförelseperioden"))
    for path, typed, computed, what in totals:
        if typed is not None and typed != computed:
            yield ctx.mismatch("delar_typad_summa", ".".join(map(str, path)), ctx.at(path),
                               typed, computed, what)


def delar_resultat_samma(ctx: Kontext) -> Iterable[Problem]:
    """The period's result is the same in its resultaträkning, its balansräkning, its
    kassaflödesanalys and the budget rows' outcomes; in T3 also the annual report's."""
    arsfil = ctx.indata.arsfil
    for t, pf in ctx.perioder.items():
        if pf.cur.rr is None:
            continue
        result = pf.cur.rr["arets_resultat"]
        per = _period(ctx, t)
        places: list[tuple[tuple, Decimal, str]] = []
        if per.balansrakning is not None and per.balansrakning.eget_kapital.arets_resultat \
                is not None:
            places.append((("balansrakning", "eget_kapital", "arets_resultat"),
                           per.balansrakning.eget_kapital.arets_resultat, "balansräkningen"))
        if per.kassaflodesanalys is not None and per.kassaflodesanalys.arets_resultat \
                is not None:
            places.append((("kassaflodesanalys", "arets_resultat"),
                           per.kassaflodesanalys.arets_resultat, "kassaflödesanalysen"))
        utfall = utfall_ur_budgetrader(arsfil, t)
        if utfall is not None:
            places.append((("budget",), utfall,
                           "budgetuppföljningen (intäktsrader minus kostnadsrader)"))
        for path, typed, where in places:
            if typed != result:
                full = ("tertial", t, *path)
                yield ctx.mismatch(
                    "delar_resultat_samma", ".".join(map(str, full)), ctx.at(full), typed,
                    result, f"periodens resultat {t} i {where} skiljer sig från "
                    f"tertial.{t}.resultatrakning")
        if t == "T3" and ctx.cur.rr is not None and ctx.cur.rr["arets_resultat"] != result:
            yield ctx.mismatch(
                "delar_resultat_samma", "tertial.T3.resultatrakning",
                ctx.at(("tertial", "T3", "resultatrakning")), result,
                ctx.cur.rr["arets_resultat"],
                "resultatet för T3 (helåret) skiljer sig från årets resultaträkning",
                labels=("T3", "årsredovisningen"))


def delar_prognos_summerar(ctx: Kontext) -> Iterable[Problem]:
    """A typed helårsprognos agrees with the budget rows' prognoses when every row has one
    (the prognosticated result is the same whichever table it is read from)."""
    for t, pf in ctx.perioder.items():
        per = _period(ctx, t)
        if per.prognos is None or per.prognos.resultatrakning is None or pf.prognos is None:
            continue
        rows = prognos_ur_budgetrader(ctx.indata.arsfil, t)
        if rows is None:
            continue
        # Costs are not compared line by line: the prognos may split them (avskrivningar,
        # finansiella kostnader) where the budget rows have one cost row.
        for key, what in (("verksamhetens_intakter", "intäkterna"),
                          ("arets_resultat", "årets resultat")):
            if pf.prognos[key] != rows[key]:
                path = ("tertial", t, "prognos", "resultatrakning")
                yield ctx.mismatch(
                    "delar_prognos_summerar", f"tertial.{t}.prognos.resultatrakning.{key}",
                    ctx.at(path), pf.prognos[key], rows[key],
                    f"prognosen {t} för {what} skiljer sig från summan av budgetradernas "
                    "prognoser", labels=("prognosen", "budgetraderna"),
                    hint=f"rätta prognosen eller raderna under tertial.{t}.budget")


def delar_eget_kapital_rullar(ctx: Kontext) -> Iterable[Problem]:
    """The period's opening eget kapital is the prior year's closing eget kapital."""
    fg = ctx.fg
    if fg is None or fg.br is None:
        return
    for t, pf in ctx.perioder.items():
        if pf.cur.br is None:
            continue
        opening = pf.cur.br["eget_kapital_ingaende"] + pf.cur.br["resultatutjamningsreserv"]
        if opening != fg.br["eget_kapital"]:
            path = ("tertial", t, "balansrakning", "eget_kapital", "ingaende")
            yield ctx.mismatch(
                "delar_eget_kapital_rullar", ".".join(path), ctx.at(path), opening,
                fg.br["eget_kapital"],
                f"ingående eget kapital {t} ska vara utgående eget kapital {fg.ar}",
                labels=("ingående", f"utgående {fg.ar}"))


def delar_kassaflode(ctx: Kontext) -> Iterable[Problem]:
    """The period's cash flow ends at the balance sheet's likvida medel; a line typed in
    tertial.<T>.kassaflodesanalys equals the computed one."""
    for t, pf in ctx.perioder.items():
        kf = pf.cur.kf
        if kf is None:
            continue
        typed_kf = _period(ctx, t).kassaflodesanalys
        for (key,), mark in kontrollsummor(Kassaflodesanalys):
            label = mark.text or key.replace("_", " ")
            typed = getattr(typed_kf, key) if typed_kf is not None else None
            if typed is not None and key != "arets_resultat" and typed != kf[key]:
                path = ("tertial", t, "kassaflodesanalys", key)
                yield ctx.mismatch("delar_kassaflode", ".".join(path), ctx.at(path), typed,
                                   kf[key], f"{t}: kassaflödesanalysen, "
                                   f"{label.replace('årets', 'periodens')} (räknat ur "
                                   "balansräkningen)")
        if kf["likvida_medel_utgaende"] != kf["likvida_medel_enligt_balansrakning"]:
            cash = ("tertial", t, "balansrakning", "omsattningstillgangar", "kassa_och_bank")
            yield ctx.mismatch(
                "delar_kassaflode", ".".join(cash), ctx.at(cash),
                kf["likvida_medel_enligt_balansrakning"], kf["likvida_medel_utgaende"],
                f"likvida medel vid periodens slut ({t}) stämmer inte med kassaflödet",
                labels=("enligt balansräkningen", "enligt kassaflödesanalysen"),
                hint=f"saknas investerings- eller finansieringsflöden under "
                     f"tertial.{t}.kassaflodesanalys?")


def delar_period(ctx: Kontext) -> Iterable[Problem]:
    """A delårsrapport covers at least half and at most two thirds of the year (RKR R17)."""
    if not isinstance(ctx.rapport, Delarsrapport):
        return
    t = ctx.rapport.tertial.period
    months = MANADER[t]
    if not MANADER_DELAR[0] <= months <= MANADER_DELAR[1]:
        yield Problem(
            f"en delårsrapport ska omfatta minst hälften och högst två tredjedelar av året "
            f"(6–8 månader), men {t} omfattar {months} månader",
            ctx.at(("tertial", t)), f"tertial.{t}", check="delar_period",
            hint="gör delårsrapporten för T2 (januari–augusti), --period T2; för "
                 f"{t} finns tertialrapporten")


def delar_jamforelse(ctx: Kontext) -> Iterable[Problem]:
    """The typed comparative period lies in the prior year and is as long as the period."""
    ar = ctx.indata.arsfil.ar
    for t in ctx.perioder:
        j = _period(ctx, t).jamforelse
        if j is None:
            continue
        base = ("tertial", t, "jamforelse")
        for name, day in (("fran", j.fran), ("till", j.till)):
            if day.year != ar - 1:
                yield Problem(
                    f"jämförelseperioden {t} ska ligga i föregående år {ar - 1}, men "
                    f"{name}: {day.isoformat()}", ctx.at((*base, name)),
                    f"tertial.{t}.jamforelse.{name}", check="delar_jamforelse",
                    hint=f"samma period föregående år: {ar - 1}-01-01 till "
                         f"{ar - 1}-{MANADER[t]:02d}-…")
        if j.till < j.fran:
            yield Problem("jämförelseperioden slutar före sin början",
                          ctx.at((*base, "till")), f"tertial.{t}.jamforelse.till",
                          check="delar_jamforelse")
            continue
        langd = manader(j.fran, j.till)
        if langd != MANADER[t]:
            yield Problem(
                f"jämförelseperioden {j.fran.isoformat()} – {j.till.isoformat()} är "
                f"{_antal(langd)} månader, men perioden {t} är {MANADER[t]} månader",
                ctx.at((*base, "till")), f"tertial.{t}.jamforelse.till",
                check="delar_jamforelse",
                hint="jämförelsen ska avse samma period föregående år, lika lång")


def _antal(value: Decimal) -> str:
    return str(value.normalize()).replace(".", ",")


def delar_jamforelse_saknas(ctx: Kontext) -> Iterable[Problem]:
    """A delårsrapport without the same period of the prior year (warning)."""
    if not isinstance(ctx.rapport, Delarsrapport):
        return
    pf: Periodfigurer = ctx.rapport.periodfigurer
    if pf.jamforelse is None:
        t = pf.period
        yield Problem(
            f"delårsrapporten saknar jämförelsesiffror för samma period {ctx.rapport.ar - 1}",
            ctx.at(("tertial", t, "resultatrakning")), f"tertial.{t}.jamforelse", "varning",
            "delar_jamforelse_saknas",
            hint=f"skriv resultaträkningen för perioden i {ctx.rapport.ar - 1}.yaml under "
                 f"tertial.{t}.resultatrakning, eller under tertial.{t}.jamforelse")


def delar_insatser(ctx: Kontext) -> Iterable[Problem]:
    """Follow-up rows name an insats of the year file; kvinnor and män do not exceed the
    participants."""
    arsfil = ctx.indata.arsfil
    ids = [i.id for i in arsfil.insatser]
    for t in ("T1", "T2", "T3"):
        per = arsfil.tertial.period(t)
        if per is None:
            continue
        for i, row in enumerate(per.insatser):
            base = ("tertial", t, "insatser", i)
            if row.id not in ids:
                yield Problem(f"insatsen '{row.id}' finns inte bland insatser:",
                              ctx.at((*base, "id")), f"tertial.{t}.insatser[{i}].id",
                              check="delar_insatser",
                              hint=("insatsernas id: " + ", ".join(ids)) if ids
                              else "lägg till insatsen under insatser:")
            kon = (row.kvinnor or 0) + (row.man or 0)
            if row.deltagare is not None and kon > row.deltagare:
                yield Problem(
                    f"insatsen '{row.id}' {t}: kvinnor och män är {kon}, fler än "
                    f"deltagarna ({row.deltagare})", ctx.at((*base, "deltagare")),
                    f"tertial.{t}.insatser[{i}].deltagare", check="delar_insatser")


def delar_not(ctx: Kontext) -> Iterable[Problem]:
    """A note reference on a period statement's line (warning): the delårsrapport has no
    notes of its own but the redovisningsprinciper, so the reference is not shown."""
    if not isinstance(ctx.rapport, Delarsrapport):
        return
    t = ctx.rapport.tertial.period
    per = _period(ctx, t)
    for part in ("resultatrakning", "balansrakning"):
        model = getattr(per, part)
        if model is None:
            continue
        for path in _not_paths(model.model_dump(by_alias=True, exclude_none=True)):
            full = ("tertial", t, part, *path)
            yield Problem(
                "delårsrapporten visar inga noter till periodens rader; hänvisningen visas "
                "inte", ctx.at(full), ".".join(map(str, full)), "varning", "delar_not",
                hint="beskriv det i texterna under tertial."
                     f"{t}.delarsrapport, eller ta bort not:")


def _not_paths(data: object, path: tuple[str, ...] = ()) -> Iterable[tuple[str, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "not":
                yield (*path, key)
            else:
                yield from _not_paths(value, (*path, str(key)))


def tertial_ekonomi_saknas(ctx: Kontext) -> Iterable[Problem]:
    """A tertialrapport whose period has no economic figures (warning): the economy is part
    of every tertial report; the data should say when its source has none."""
    if ctx.rapport.typ != "tertialrapport":
        return
    t = ctx.rapport.tertial.period  # type: ignore[attr-defined]
    if t in ctx.perioder or getattr(ctx.rapport, "periodfigurer", None) is not None:
        return
    per = ctx.indata.arsfil.tertial.period(t)
    yield Problem(
        f"tertialrapporten {t} har ingen ekonomisk uppföljning i siffror (budget, utfall, "
        "prognos)", ctx.at(("tertial", t) if per is not None else ("mal",)),
        f"tertial.{t}", "varning", "tertial_ekonomi_saknas",
        hint=f"skriv budgetraderna under tertial.{t}.budget (utfall och prognos per "
             "driftredovisningsrad) eller periodens resultaträkning")


CHECKS: list[Check] = [
    delar_balanserar,
    delar_typad_summa,
    delar_resultat_samma,
    delar_prognos_summerar,
    delar_eget_kapital_rullar,
    delar_kassaflode,
    delar_period,
    delar_jamforelse,
    delar_jamforelse_saknas,
    delar_insatser,
    delar_not,
    tertial_ekonomi_saknas,
]
