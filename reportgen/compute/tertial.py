"""The tertialrapport: goal follow-up and budget follow-up for T1, T2 or T3, on demand.

The periods are cumulative from 1 January: T1 = januari–april (4 months), T2 =
januari–augusti (8), T3 = januari–december (12).

Status rule
-----------

Each indicator with an outcome (``uppfoljning.<T>.utfall.<indikator-id>``) is judged first:

* ``per: tertial`` – the target holds for each tertial on its own and the outcome is that
  tertial's: **uppfyllt** when the outcome reaches the target, otherwise **ej uppfyllt**.
* ``per: ar`` – the outcome is counted from 1 January. In T3 it is compared with the target:
  **uppfyllt** or **ej uppfyllt**. In T1 and T2:

  - a *summing* indicator (a count; every unit except ``%`` unless ``summeras`` says
    otherwise) has its annual target pro-rated evenly, ×4/12 after T1 and ×8/12 after T2.
    The whole annual target already reached → **uppfyllt**; the pro-rated target reached
    (on track) → **pågår**; below it → **ej uppfyllt** (behind plan);
  - a level (a percentage) is not pro-rated: at or better than the target → **pågår**
    (on track, final only at year end), otherwise **ej uppfyllt**.

* ``riktning: lagre`` inverts every comparison (the outcome must be at or below the
  target). For a summing annual 'lagre' target in T1/T2: above the whole annual target →
  **ej uppfyllt** (already exceeded), at or below the pro-rated target → **pågår**, in
  between → **ej uppfyllt** (ahead of the allowed pace). It is never 'uppfyllt' before T3,
  since the count may still grow.

The goal's status combines its judged indicators:

* every indicator uppfyllt → **uppfyllt**;
* every indicator uppfyllt or pågår, at least one pågår → **pågår**;
* none uppfyllt or pågår → **ej uppfyllt**;
* otherwise (some on track or met, some not) → **delvis uppfyllt**.

A goal without indicators, or without any outcome for the period, takes the status set by
hand (``uppfoljning.<T>.status``), or none. When both exist the computed status is used and
the check ``tertial_status`` warns if the hand-set one differs.

Every status is shown as a word and a symbol (never colour alone): ✓ uppfyllt,
◐ delvis uppfyllt, ✗ ej uppfyllt, … pågår, – ej bedömd.

Budget follow-up
----------------

Rows of ``tertial.<T>.budget`` link by ``id`` to the driftredovisning rows, which hold the
annual budget. The budget for the months so far is the annual budget ×4/12 (T1), ×8/12 (T2)
or ×12/12 (T3), rounded half up to whole kronor per row, unless ``tertial.budgetprofil``
gives the row's twelve monthly amounts; then it is the sum of the first 4, 8 or 12.
Avvikelse is positive when the outcome is better: budget − utfall for costs, utfall −
budget for income. The result row is income minus costs of the (rounded) rows, so the
table adds up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from ..errors import InputError, Location, Problem, relpath
from ..format import ZERO
from ..model.mal import MANADER, TERTIALER, Tertialuppfoljning
from .arsredovisning import dokumentdatum, figures, years
from .mal import PERIODTEXT, SLUTMANAD, MalVy, mal_vyer, pro_rata
from .period import Periodfigurer, period_figurer, periodfigurer, periodslut, rad_varde
from .rakningar import avvikelse
from .vy import Tertialrapport

if TYPE_CHECKING:  # the loader and validator are not needed to compute a view
    from ..sources import Indata

KRONA = Decimal(1)


# ---------------------------------------------------------------------------- period

def period_problem(message: str, indata: Indata | None, hint: str | None = None,
                   path: tuple = ()) -> Problem:
    location = None
    if indata is not None:
        location = indata.ar_source.locate(path) if path else Location(
            relpath(indata.ar_source.path))
    return Problem(message, location, "period", "fel", "tertial_period", hint)


def normalise_period(period: str | None, indata: Indata | None = None,
                     rapport: str = "tertialrapporten") -> str:
    """'t1', ' T1 ' → 'T1'; a date ('2024-08-31', from ``--per``) → the period ending then.

    Anything else, or a date outside the year file's year or not at a period's end, raises
    :class:`InputError` in Swedish.
    """
    val = ("välj T1 (januari–april), T2 (januari–augusti) eller T3 (januari–december), "
           "till exempel --period T1")
    if period is None or not str(period).strip():
        raise InputError([period_problem(f"{rapport} behöver en period", indata, val)])
    text = str(period).strip().upper()
    if text in TERTIALER:
        return text
    try:
        datum = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError([period_problem(f"okänd period '{period}'", indata, val)]) from None
    ar = indata.arsfil.ar if indata is not None else datum.year
    if datum.year != ar:
        raise InputError([period_problem(
            f"perioden per {datum.isoformat()} ligger inte i rapportåret {ar}", indata,
            f"välj ett datum i {ar}, till exempel --per {ar}-08-31")])
    for t in TERTIALER:
        if periodslut(ar, t) == datum:
            return t
    ends = ", ".join(f"{periodslut(ar, t).isoformat()} ({t})" for t in TERTIALER)
    raise InputError([period_problem(
        f"perioden per {datum.isoformat()} är inte slutet av en period i årsfilen", indata,
        f"årsfilens perioder slutar {ends}")])


def har_period(arsfil, period: str) -> bool:
    """Whether the year file holds a follow-up of *period*: a goal's, or economic figures."""
    per = arsfil.tertial.period(period)
    return any(period in m.uppfoljning for m in arsfil.mal) or (
        per is not None and per.har_ekonomi)


def ensure_written(indata: Indata, period: str) -> None:
    """Refuse a period for which no goal has a follow-up (naming the period and the file)."""
    arsfil = indata.arsfil
    if har_period(arsfil, period):
        return
    fil = relpath(indata.ar_source.path)
    written = [t for t in TERTIALER if har_period(arsfil, t)]
    if not arsfil.mal:
        message = f"ingen uppföljning för {period} i {fil}: filen har inga mål (mal:)"
    else:
        message = f"ingen uppföljning för {period} i {fil}: inget mål har uppfoljning för {period}"
    hint = (f"skriv uppföljningen under mal[].uppfoljning.{period}"
            + (f"; uppföljning finns för {', '.join(written)}" if written else ""))
    raise InputError([period_problem(message, indata, hint, ("mal",) if arsfil.mal else ())])


# ---------------------------------------------------------------------------- views

@dataclass
class BudgetradVy:
    id: str | None
    namn: str
    typ: str
    budget_ar: Decimal
    budget_hittills: Decimal
    utfall: Decimal
    avvikelse: Decimal
    prognos: Decimal | None
    avvikelse_prognos: Decimal | None
    profil: bool = False
    """True when the budget so far comes from a monthly profile."""
    periodbudget: bool = False
    """True when the budget so far is given for the period (e.g. from the books)."""


@dataclass
class Budgetuppfoljning:
    kolumn_hittills: str
    """'jan–apr'."""
    rader: list[BudgetradVy]
    """Income and cost rows, then the result row (typ 'resultat')."""
    har_prognos: bool
    har_profil: bool
    har_periodbudget: bool = False


@dataclass
class InsatsradVy:
    """One insats in the period's follow-up (the total row has id None)."""

    id: str | None
    namn: str
    budget_ar: Decimal | None
    budget_hittills: Decimal | None
    utfall: Decimal | None
    avvikelse: Decimal | None
    prognos: Decimal | None
    deltagare: int | None
    kvinnor: int | None
    man: int | None


@dataclass
class Insatsuppfoljning:
    rader: list[InsatsradVy]
    """One row per insats followed up, then the total row."""
    har_ekonomi: bool
    har_prognos: bool
    har_deltagare: bool
    har_kon: bool
    har_periodbudget: bool = False
    """True when some insats's budget so far is given (e.g. the books' period budget)."""
    delsummor: list[str] = field(default_factory=list)
    """The columns (InsatsradVy field names) whose total sums only the insatser that have a
    value there; a column without any value has no total and is not listed."""


@dataclass
class ResultatradVy:
    """One line of the period's result against its budget (costs negative, as printed)."""

    id: str
    text: str
    typ: str
    """'post', or 'summa' for the result."""
    budget_ar: Decimal | None
    budget_period: Decimal | None
    utfall: Decimal
    avvikelse: Decimal | None
    """Utfall − budget for the period: positive when better, for income and costs alike."""
    prognos: Decimal | None


@dataclass
class Resultatuppfoljning:
    """The period's resultaträkning against the budget for the months so far."""

    rader: list[ResultatradVy]
    har_budget: bool
    har_prognos: bool
    periodbudget_kalla: str | None
    """'typad' (typed or from the books' period budget) or 'jamn' (the year's ×n/12)."""


RESULTATRADER = (
    ("verksamhetens_intakter", "Verksamhetens intäkter", "post", True),
    ("verksamhetens_kostnader", "Verksamhetens kostnader", "post", True),
    ("avskrivningar", "Avskrivningar", "post", False),
    ("finansnetto", "Finansiella intäkter och kostnader", "post", False),
    ("extraordinara_poster", "Extraordinära poster", "post", False),
    ("arets_resultat", "Periodens resultat", "summa", True),
)
"""(id, text, typ, always shown) of the tertialrapport's result lines."""


def resultat_vy(pf: Periodfigurer | None) -> Resultatuppfoljning | None:
    """The period's result, budget so far, avvikelse and helårsprognos per line."""
    if pf is None or pf.cur.rr is None:
        return None
    rows: list[ResultatradVy] = []
    for id, text, typ, always in RESULTATRADER:
        utfall = rad_varde(pf.cur.rr, id)
        assert utfall is not None
        budget_period = rad_varde(pf.periodbudget, id)
        values = (utfall, budget_period, rad_varde(pf.budget, id), rad_varde(pf.prognos, id))
        if not always and not any(values):
            continue
        rows.append(ResultatradVy(
            id, text, typ, rad_varde(pf.budget, id), budget_period, utfall,
            utfall - budget_period if budget_period is not None else None,
            rad_varde(pf.prognos, id)))
    # In T3 without a typed prognos the prognos is the outcome itself: not a column of its own.
    return Resultatuppfoljning(rows, pf.periodbudget is not None,
                               pf.prognos is not None and pf.prognos_kalla != "utfall",
                               pf.periodbudget_kalla)


@dataclass
class PrognosVy:
    """The full-year prognos made at the period's end."""

    arets_resultat: Decimal
    budgeterat_resultat: Decimal | None
    avvikelse: Decimal | None
    """Prognos minus budget: positive when the prognos is better than budget."""
    balanskravsresultat: Decimal
    kalla: str
    """'resultatrakning' (a typed prognos), 'budgetrader' (summed from the budget rows) or
    'utfall' (T3: the year's outcome)."""


@dataclass
class TertialVy:
    period: str
    periodtext: str
    """'Januari – april'."""
    manader: int
    tidigare_perioder: list[str]
    mal: list[MalVy]
    inledning: str | None
    ekonomi: str | None
    budget: Budgetuppfoljning | None
    insatser: Insatsuppfoljning | None = None
    prognos: PrognosVy | None = None
    resultat: Resultatuppfoljning | None = None
    """The period's resultaträkning against the budget so far (None without one)."""


# ---------------------------------------------------------------------------- budget

def budget_hittills(annual: Decimal, period: str, profil: list[Decimal] | None = None) -> Decimal:
    """The budget for the months so far, whole kronor (ROUND_HALF_UP).

    >>> budget_hittills(Decimal(2621720), "T1"), budget_hittills(Decimal(10012349), "T2")
    (Decimal('873907'), Decimal('6674899'))
    >>> budget_hittills(Decimal(100), "T1", [Decimal(1)] * 4 + [Decimal(12)] * 8)
    Decimal('4')
    """
    if profil:
        return sum(profil[:MANADER[period]], ZERO).quantize(KRONA, ROUND_HALF_UP)
    return pro_rata(annual, period).quantize(KRONA, ROUND_HALF_UP)


def budget_vy(arsfil, period: str) -> Budgetuppfoljning | None:
    """The budget follow-up table of *period*; None when the data has none."""
    tertial: Tertialuppfoljning = arsfil.tertial
    per = tertial.period(period)
    if per is None or not per.budget or arsfil.driftredovisning is None:
        return None
    drift = {r.id: r for r in arsfil.driftredovisning.rader if r.id}
    rows: list[BudgetradVy] = []
    for b in per.budget:
        d = drift.get(b.id)
        if d is None:  # reported by the check tertial_budget_id
            continue
        profil = tertial.budgetprofil.get(b.id) if b.budget is None else None
        hittills = b.budget if b.budget is not None else budget_hittills(d.budget, period, profil)
        prognos = b.prognos if b.prognos is not None else (b.utfall if period == "T3" else None)
        rows.append(BudgetradVy(
            b.id, d.namn, d.typ, d.budget, hittills, b.utfall,
            avvikelse(d.typ, hittills, b.utfall), prognos,
            avvikelse(d.typ, d.budget, prognos) if prognos is not None else None,
            profil is not None, b.budget is not None))
    if not rows:
        return None
    sign = {"intakt": 1, "kostnad": -1}

    def total(attr: str) -> Decimal | None:
        values = [getattr(r, attr) for r in rows]
        if any(v is None for v in values):
            return None
        return sum((sign[r.typ] * v for r, v in zip(rows, values, strict=True)), ZERO)

    res_budget_ar, res_hittills, res_utfall = total("budget_ar"), total("budget_hittills"), \
        total("utfall")
    # Never None: a row's budget, budget so far and outcome are always amounts.
    assert res_budget_ar is not None and res_hittills is not None and res_utfall is not None
    res_prognos = total("prognos")
    rows.append(BudgetradVy(
        None, "Resultat", "resultat", res_budget_ar, res_hittills, res_utfall,
        res_utfall - res_hittills, res_prognos,
        (res_prognos - res_budget_ar) if res_prognos is not None else None))
    return Budgetuppfoljning(
        kolumn_hittills=f"jan–{SLUTMANAD[period][:3]}" if period != "T3" else "jan–dec",
        rader=rows, har_prognos=any(r.prognos is not None for r in rows),
        har_profil=any(r.profil for r in rows),
        har_periodbudget=any(r.periodbudget for r in rows))


# ---------------------------------------------------------------------------- compute

def insats_vy(arsfil, period: str) -> Insatsuppfoljning | None:
    """The follow-up per insats of *period*: budget so far, costs, prognos, participants."""
    per = arsfil.tertial.period(period)
    if per is None or not per.insatser:
        return None
    insatser = {i.id: i for i in arsfil.insatser}
    rows: list[InsatsradVy] = []
    periodbudget = False
    for f in per.insatser:
        insats = insatser.get(f.id)
        if insats is None:  # reported by the check delar_insats_id
            continue
        budget_ar_values = [b.ar for b in insats.budget if b.ar is not None]
        budget_ar = sum(budget_ar_values, ZERO) if budget_ar_values else None
        hittills = f.budget if f.budget is not None else (
            budget_hittills(budget_ar, period) if budget_ar is not None else None)
        periodbudget = periodbudget or f.budget is not None
        deltagare = f.deltagare
        if deltagare is None and f.kvinnor is not None and f.man is not None:
            deltagare = f.kvinnor + f.man
        prognos = f.prognos if f.prognos is not None else (f.utfall if period == "T3" else None)
        rows.append(InsatsradVy(
            f.id, insats.namn, budget_ar, hittills, f.utfall,
            avvikelse("kostnad", hittills, f.utfall)
            if hittills is not None and f.utfall is not None else None,
            prognos, deltagare, f.kvinnor, f.man))
    if not rows:
        return None

    # A column's total sums the insatser that have a value in it; when only some have one,
    # the column is listed in `delsummor` and the table's note says so. Only a column
    # without any value has no total ("–").
    delsummor: list[str] = []

    def known(attr: str) -> list:
        values = [getattr(r, attr) for r in rows if getattr(r, attr) is not None]
        if values and len(values) < len(rows):
            delsummor.append(attr)
        return values

    def total(attr: str) -> Decimal | None:
        values = known(attr)
        return sum(values, ZERO) if values else None

    def antal(attr: str) -> int | None:
        values = known(attr)
        return sum(values) if values else None

    t_budget_ar, t_hittills, t_utfall = total("budget_ar"), total("budget_hittills"), \
        total("utfall")
    rows.append(InsatsradVy(
        None, "Summa insatser", t_budget_ar, t_hittills, t_utfall, total("avvikelse"),
        total("prognos"), antal("deltagare"), antal("kvinnor"), antal("man")))
    return Insatsuppfoljning(
        rader=rows, har_ekonomi=any(r.utfall is not None for r in rows),
        har_prognos=any(r.prognos is not None for r in rows),
        har_deltagare=any(r.deltagare is not None for r in rows),
        har_kon=any(r.kvinnor is not None or r.man is not None for r in rows),
        delsummor=delsummor,
        har_periodbudget=periodbudget)


def prognos_vy(pf: Periodfigurer | None) -> PrognosVy | None:
    if pf is None or pf.prognos is None or pf.prognos_bk is None or pf.prognos_kalla is None:
        return None
    result = pf.prognos["arets_resultat"]
    budget = pf.budget["arets_resultat"] if pf.budget is not None else None
    return PrognosVy(result, budget, result - budget if budget is not None else None,
                     pf.prognos_bk["balanskravsresultat"], pf.prognos_kalla)


def tertial_vy(arsfil, period: str, pf: Periodfigurer | None = None) -> TertialVy:
    per = arsfil.tertial.period(period)
    return TertialVy(
        period=period,
        periodtext=PERIODTEXT[period][:1].upper() + PERIODTEXT[period][1:],
        manader=MANADER[period],
        tidigare_perioder=list(TERTIALER[:TERTIALER.index(period)]),
        mal=mal_vyer(arsfil.mal, period),
        inledning=per.inledning if per else None,
        ekonomi=per.ekonomi if per else None,
        budget=budget_vy(arsfil, period),
        insatser=insats_vy(arsfil, period),
        prognos=prognos_vy(pf),
        resultat=resultat_vy(pf),
    )


def compute_tertial(indata: Indata, period: str | None) -> Tertialrapport:
    """The view of the tertialrapport for *period* ('T1', 'T2', 'T3'; any case).

    Raises :class:`InputError` with a Swedish message for a missing or unknown period, or a
    period no goal has a follow-up for.
    """
    period = normalise_period(period, indata)
    ensure_written(indata, period)
    arsfil, forbund = indata.arsfil, indata.forbund
    ar = arsfil.ar
    arsfigurer = years(indata)
    pf = periodfigurer(indata, arsfigurer, period)
    vy = tertial_vy(arsfil, period, pf)
    slut = periodslut(ar, period)
    return Tertialrapport(
        typ="tertialrapport",
        titel=f"Tertialrapport {forbund.namn} {ar} {vy.periodtext}",
        undertitel=None,
        forbund=forbund,
        ar=ar,
        foregaende_ar=ar - 1,
        period=f"{vy.periodtext} {ar}",
        datum=dokumentdatum(per.datum if (per := arsfil.tertial.period(period)) else None, slut),
        figurer={**figures(arsfigurer.cur, arsfigurer.fg, arsfil), **period_figurer(pf)},
        avsnitt=[],
        medlemmar={m.id: m.namn for m in forbund.medlemmar},
        arsfigurer=arsfigurer,
        tertial=vy,
        periodfigurer=pf,
    )
