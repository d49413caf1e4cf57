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

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ..errors import InputError, Location, Problem, relpath
from ..format import antal
from ..model.mal import MANADER, TERTIALER, Indikator, Mal, Tertialuppfoljning
from ..sources import Indata
from .rakningar import avvikelse
from .vy import Rapport

Bedomning = Literal["uppfyllt", "pågår", "ej uppfyllt"]

PERIODTEXT = {"T1": "januari – april", "T2": "januari – augusti", "T3": "januari – december"}
"""Period names as the seed writes them ('Januari – april' in titles)."""
SLUTMANAD = {"T1": "april", "T2": "augusti", "T3": "december"}

SYMBOL = {
    "uppfyllt": "✓",
    "delvis uppfyllt": "◐",
    "ej uppfyllt": "✗",
    "pågår": "…",
    None: "–",
}
"""The symbol shown beside each status word."""
STATUSKLASS = {"uppfyllt": "uppfyllt", "delvis uppfyllt": "delvis", "ej uppfyllt": "ej",
               "pågår": "pagar", None: "ej-bedomd"}

ZERO = Decimal(0)
KRONA = Decimal(1)


# ---------------------------------------------------------------------------- period

def period_problem(message: str, indata: Indata | None, hint: str | None = None,
                   path: tuple = ()) -> Problem:
    location = None
    if indata is not None:
        location = indata.ar_source.locate(path) if path else Location(
            relpath(indata.ar_source.path))
    return Problem(message, location, "period", "fel", "tertial_period", hint)


def normalise_period(period: str | None, indata: Indata | None = None) -> str:
    """'t1', ' T1 ' → 'T1'; anything else raises :class:`InputError` in Swedish."""
    val = ("välj T1 (januari–april), T2 (januari–augusti) eller T3 (januari–december), "
           "till exempel --period T1")
    if period is None or not str(period).strip():
        raise InputError([period_problem("tertialrapporten behöver en period", indata, val)])
    text = str(period).strip().upper()
    if text not in TERTIALER:
        raise InputError([period_problem(f"okänd period '{period}'", indata, val)])
    return text


def ensure_written(indata: Indata, period: str) -> None:
    """Refuse a period for which no goal has a follow-up (naming the period and the file)."""
    arsfil = indata.arsfil
    if any(period in m.uppfoljning for m in arsfil.mal):
        return
    fil = relpath(indata.ar_source.path)
    written = [t for t in TERTIALER if any(t in m.uppfoljning for m in arsfil.mal)]
    if not arsfil.mal:
        message = f"ingen uppföljning för {period} i {fil}: filen har inga mål (mal:)"
    else:
        message = f"ingen uppföljning för {period} i {fil}: inget mål har uppfoljning för {period}"
    hint = (f"skriv uppföljningen under mal[].uppfoljning.{period}"
            + (f"; uppföljning finns för {', '.join(written)}" if written else ""))
    raise InputError([period_problem(message, indata, hint, ("mal",) if arsfil.mal else ())])


# ---------------------------------------------------------------------------- status

def pro_rata(value: Decimal, period: str) -> Decimal:
    """An annual value for the months so far (exact; rounding is the caller's)."""
    return value * MANADER[period] / 12


def bedom(ind: Indikator, utfall: Decimal, period: str) -> Bedomning:
    """Judge one indicator's outcome for *period* (see the module docstring)."""
    lagre = ind.riktning == "lagre"

    def reaches(target: Decimal) -> bool:
        return utfall <= target if lagre else utfall >= target

    if ind.per == "tertial" or period == "T3":
        return "uppfyllt" if reaches(ind.malvarde) else "ej uppfyllt"
    if not ind.ackumulerande:
        return "pågår" if reaches(ind.malvarde) else "ej uppfyllt"
    if lagre:
        return "pågår" if reaches(pro_rata(ind.malvarde, period)) else "ej uppfyllt"
    if reaches(ind.malvarde):
        return "uppfyllt"
    return "pågår" if reaches(pro_rata(ind.malvarde, period)) else "ej uppfyllt"


def kombinera(bedomningar: list[Bedomning]) -> str | None:
    """A goal's status from its indicators' judgements; None when there are none."""
    if not bedomningar:
        return None
    if all(b == "uppfyllt" for b in bedomningar):
        return "uppfyllt"
    if all(b in ("uppfyllt", "pågår") for b in bedomningar):
        return "pågår"
    if all(b == "ej uppfyllt" for b in bedomningar):
        return "ej uppfyllt"
    return "delvis uppfyllt"


# ---------------------------------------------------------------------------- view

def tal(value: Decimal | None) -> str:
    """An indicator figure: grouped integer, or a decimal with comma ('2,5')."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return antal(value)
    return str(value.normalize()).replace(".", ",").replace("-", "−")


@dataclass
class IndikatorVy:
    id: str
    namn: str
    enhet: str
    per: str
    """'per tertial' or 'per år'."""
    riktning: str
    malvarde: str
    delmal: str | None
    """The pro-rated target for the months so far, when it applies."""
    utfall: str | None
    bedomning: str | None
    symbol: str
    klass: str


@dataclass
class TidigarePeriod:
    """What was reported on a goal in an earlier period, shown compactly."""

    period: str
    periodtext: str
    status: str | None
    symbol: str
    klass: str
    text: str | None


@dataclass
class MalVy:
    mal: Mal
    rubrik: str
    """'Mål 1 – Aktiv hemsida' (or just the rubrik when goals are not numbered)."""
    anchor: str
    malsattningar: list[str]
    indikatorer: list[IndikatorVy]
    text: str | None
    status: str | None
    symbol: str
    klass: str
    status_beraknad: bool
    status_hand: str | None
    har_uppfoljning: bool
    tidigare: list[TidigarePeriod] = field(default_factory=list)


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


@dataclass
class BudgetVy:
    kolumn_hittills: str
    """'jan–apr'."""
    rader: list[BudgetradVy]
    """Income and cost rows, then the result row (typ 'resultat')."""
    har_prognos: bool
    har_profil: bool


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
    budget: BudgetVy | None


def status_for(mal: Mal, period: str) -> tuple[str | None, bool, list[tuple[Indikator, Decimal, str]]]:
    """(status, computed?, [(indicator, outcome, judgement)]) of *mal* in *period*."""
    upp = mal.uppfoljning.get(period)
    if upp is None:
        return None, False, []
    judged = [(i, upp.utfall[i.id], bedom(i, upp.utfall[i.id], period))
              for i in mal.indikatorer if i.id in upp.utfall]
    computed = kombinera([j for _, _, j in judged])
    if computed is not None:
        return computed, True, judged
    return upp.status, False, judged


def mal_rubrik(mal: Mal) -> str:
    return f"Mål {mal.nummer} – {mal.rubrik}" if mal.nummer is not None else mal.rubrik


def mal_vy(mal: Mal, period: str) -> MalVy:
    upp = mal.uppfoljning.get(period)
    status, computed, judged = status_for(mal, period)
    by_id = {i.id: (u, j) for i, u, j in judged}
    indikatorer = []
    for ind in mal.indikatorer:
        u, j = by_id.get(ind.id, (None, None))
        delmal = None
        if ind.per == "ar" and period != "T3" and ind.ackumulerande:
            delmal = tal(pro_rata(ind.malvarde, period).quantize(Decimal("0.1"), ROUND_HALF_UP)
                         .normalize())
        indikatorer.append(IndikatorVy(
            ind.id, ind.namn, ind.enhet, "per tertial" if ind.per == "tertial" else "per år",
            ind.riktning, tal(ind.malvarde), delmal, tal(u) if u is not None else None,
            j, SYMBOL[j], STATUSKLASS[j]))
    tidigare = []
    for t in TERTIALER[:TERTIALER.index(period)]:
        if t not in mal.uppfoljning:
            continue
        s, _, _ = status_for(mal, t)
        tidigare.append(TidigarePeriod(t, PERIODTEXT[t], s, SYMBOL[s], STATUSKLASS[s],
                                       mal.uppfoljning[t].text))
    return MalVy(
        mal=mal, rubrik=mal_rubrik(mal), anchor=f"mal-{mal.id}",
        malsattningar=list(mal.malsattningar), indikatorer=indikatorer,
        text=upp.text if upp else None, status=status, symbol=SYMBOL[status],
        klass=STATUSKLASS[status], status_beraknad=computed,
        status_hand=upp.status if upp else None, har_uppfoljning=upp is not None,
        tidigare=tidigare)


def mal_vyer(mal: list[Mal], period: str) -> list[MalVy]:
    """Every goal as seen in *period* (the annual report may use this with 'T3')."""
    return [mal_vy(m, period) for m in mal]


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


def budget_vy(arsfil, period: str) -> BudgetVy | None:
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
        profil = tertial.budgetprofil.get(b.id)
        hittills = budget_hittills(d.budget, period, profil)
        prognos = b.prognos if b.prognos is not None else (b.utfall if period == "T3" else None)
        rows.append(BudgetradVy(
            b.id, d.namn, d.typ, d.budget, hittills, b.utfall,
            avvikelse(d.typ, hittills, b.utfall), prognos,
            avvikelse(d.typ, d.budget, prognos) if prognos is not None else None,
            profil is not None))
    if not rows:
        return None
    sign = {"intakt": 1, "kostnad": -1}

    def total(attr: str) -> Decimal | None:
        values = [getattr(r, attr) for r in rows]
        if any(v is None for v in values):
            return None
        return sum((sign[r.typ] * v for r, v in zip(rows, values)), ZERO)

    res_budget_ar, res_hittills, res_utfall = total("budget_ar"), total("budget_hittills"), \
        total("utfall")
    res_prognos = total("prognos")
    rows.append(BudgetradVy(
        None, "Resultat", "resultat", res_budget_ar, res_hittills, res_utfall,
        res_utfall - res_hittills, res_prognos,
        (res_prognos - res_budget_ar) if res_prognos is not None else None))
    return BudgetVy(
        kolumn_hittills=f"jan–{SLUTMANAD[period][:3]}" if period != "T3" else "jan–dec",
        rader=rows, har_prognos=any(r.prognos is not None for r in rows),
        har_profil=any(r.profil for r in rows))


# ---------------------------------------------------------------------------- compute

def tertial_vy(arsfil, period: str) -> TertialVy:
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
    )


def compute_tertial(indata: Indata, period: str | None) -> Rapport:
    """The view model of the tertialrapport for *period* ('T1', 'T2', 'T3'; any case).

    Raises :class:`InputError` with a Swedish message for a missing or unknown period, or a
    period no goal has a follow-up for.
    """
    from . import compute

    period = normalise_period(period, indata)
    ensure_written(indata, period)
    rapport = compute(indata, "tertialrapport")
    vy = tertial_vy(indata.arsfil, period)
    rapport.titel = f"Tertialrapport {indata.forbund.namn} {indata.arsfil.ar} {vy.periodtext}"
    rapport.undertitel = None
    rapport.period = f"{vy.periodtext} {indata.arsfil.ar}"
    rapport.extra["tertial"] = vy
    return rapport
