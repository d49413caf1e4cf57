"""Cross-checks of the goals and the tertial block.

The data checks (outcome ids, budget ids, monthly profiles, hand-set status) run for every
report, since they are about the year file; the per-period ones only for the tertialrapport.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from ..compute.mal import status_for
from ..compute.period import periodslut
from ..compute.vy import Tertialrapport
from ..errors import Problem
from ..format import kr
from ..load import PathKey
from ..model.mal import TERTIALER
from .kontext import Check, Kontext


def tertial_utfall_id(ctx: Kontext) -> Iterable[Problem]:
    """Every outcome under uppfoljning.<T>.utfall names an indicator of the same goal."""
    for mi, mal in enumerate(ctx.indata.arsfil.mal):
        ids = [i.id for i in mal.indikatorer]
        for t, upp in mal.uppfoljning.items():
            for key in upp.utfall:
                if key not in ids:
                    yield Problem(
                        f"utfall för '{key}', men målet '{mal.rubrik}' har ingen sådan indikator",
                        ctx.at(("mal", mi, "uppfoljning", t, "utfall", key)),
                        f"mal[{mi}].uppfoljning.{t}.utfall.{key}", check="tertial_utfall_id",
                        hint=("målets indikatorer: " + ", ".join(ids)) if ids
                        else "lägg till indikatorn under målets indikatorer:")


def tertial_status(ctx: Kontext) -> Iterable[Problem]:
    """A hand-set status that disagrees with the one computed from indicators (warning)."""
    for mi, mal in enumerate(ctx.indata.arsfil.mal):
        for t, upp in mal.uppfoljning.items():
            if upp.status is None:
                continue
            status, computed, _ = status_for(mal, t)
            if computed and status != upp.status:
                yield Problem(
                    f"status '{upp.status}' är satt för hand, men indikatorerna ger "
                    f"'{status}'; rapporten visar den beräknade",
                    ctx.at(("mal", mi, "uppfoljning", t, "status")),
                    f"mal[{mi}].uppfoljning.{t}.status", "varning", "tertial_status",
                    hint="ta bort status: när målet har indikatorer med utfall")


def tertial_budget_id(ctx: Kontext) -> Iterable[Problem]:
    """Budget follow-up rows and monthly profiles name a driftredovisning row."""
    arsfil = ctx.indata.arsfil
    drift = {r.id: r for r in (arsfil.driftredovisning.rader if arsfil.driftredovisning else [])
             if r.id}
    hint = ("driftredovisningens rad-id: " + ", ".join(drift)) if drift \
        else "ge raderna i driftredovisning: ett id"
    for t in TERTIALER:
        per = arsfil.tertial.period(t)
        if per is None:
            continue
        seen: set[str] = set()
        for bi, row in enumerate(per.budget):
            path: PathKey = ("tertial", t, "budget", bi, "id")
            if row.id not in drift:
                yield Problem(f"budgetraden '{row.id}' finns inte i driftredovisningen",
                              ctx.at(path), f"tertial.{t}.budget[{bi}].id",
                              check="tertial_budget_id", hint=hint)
            elif row.id in seen:
                yield Problem(f"budgetraden '{row.id}' står två gånger för {t}", ctx.at(path),
                              f"tertial.{t}.budget[{bi}].id", check="tertial_budget_id")
            seen.add(row.id)
    for key, months in arsfil.tertial.budgetprofil.items():
        path = ("tertial", "budgetprofil", key)
        if key not in drift:
            yield Problem(f"budgetprofilen '{key}' hör inte till någon rad i driftredovisningen",
                          ctx.at(path), f"tertial.budgetprofil.{key}",
                          check="tertial_budget_id", hint=hint)
            continue
        if len(months) != 12:
            yield Problem(f"budgetprofilen '{key}' ska ha tolv månadsbelopp, har {len(months)}",
                          ctx.at(path), f"tertial.budgetprofil.{key}",
                          check="tertial_budgetprofil")
            continue
        total = sum(months, Decimal(0))
        if total != drift[key].budget:
            yield ctx.mismatch("tertial_budgetprofil", f"tertial.budgetprofil.{key}",
                               ctx.at(path), total, drift[key].budget,
                               f"budgetprofilen '{key}' summerar inte till radens årsbudget "
                               f"({kr(drift[key].budget)})")


def tertial_saknar_uppfoljning(ctx: Kontext) -> Iterable[Problem]:
    """In a tertialrapport, a goal without follow-up for the period (warning)."""
    if not isinstance(ctx.rapport, Tertialrapport):
        return
    vy = ctx.rapport.tertial
    for mi, m in enumerate(vy.mal):
        if not m.har_uppfoljning:
            yield Problem(f"{m.rubrik} saknar uppföljning för {vy.period}",
                          ctx.at(("mal", mi)), f"mal[{mi}].uppfoljning.{vy.period}",
                          "varning", "tertial_saknar_uppfoljning")


def tertial_period_ej_slut(ctx: Kontext) -> Iterable[Problem]:
    """A tertial report (or delårsrapport) dated before its period has ended: its figures
    cannot be the period's (warning)."""
    ar = ctx.indata.arsfil.ar
    for t in TERTIALER:
        per = ctx.indata.arsfil.tertial.period(t)
        if per is None:
            continue
        slut = periodslut(ar, t)
        dates: list[tuple[dt.date | None, PathKey, str]] = [
            (per.datum, ("tertial", t, "datum"), "tertialrapporten")]
        if per.delarsrapport is not None:
            dates.append((per.delarsrapport.beslutad, ("tertial", t, "delarsrapport", "beslutad"),
                          "delårsrapporten"))
        for datum, path, what in dates:
            if datum is not None and datum < slut:
                yield Problem(f"{what} för {t} är daterad {datum.isoformat()}, före periodens "
                              f"slut {slut.isoformat()}; perioden har inte tagit slut",
                              ctx.at(path), ".".join(map(str, path)), "varning",
                              "tertial_period_ej_slut",
                              f"stämmer datumet? en rapport för {t} kan skrivas först efter "
                              f"{slut.isoformat()}")


CHECKS: list[Check] = [tertial_utfall_id, tertial_status, tertial_budget_id,
                       tertial_saknar_uppfoljning, tertial_period_ej_slut]
