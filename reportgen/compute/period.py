"""The economy of one period (T1, T2, T3: 1 January to the period's end), shared by the
tertialrapport and the delårsrapport.

Where each figure comes from
----------------------------

* The period's resultat- and balansräkning: ``tertial.<T>.resultatrakning`` and
  ``.balansrakning`` of the year file. The balance sheet's eget kapital is the opening
  eget kapital plus the period's result from the resultaträkning.
* The same period of the prior year: the prior year's file (``<år-1>.yaml``,
  ``tertial.<T>.resultatrakning``) when it holds it, else ``tertial.<T>.jamforelse``.
* The helårsprognos: ``tertial.<T>.prognos.resultatrakning``; without it, the budget rows'
  prognoses (intäktsrader → verksamhetens intäkter, kostnadsrader → verksamhetens
  kostnader) when every driftredovisning row has one. In T3 the outcome is the prognos.
* The year's budget: ``tertial.arsbudget``; without it, the driftredovisning's budget rows
  the same way.
* The balanskravsresultat on the prognos: the prognos's årets resultat with the adjustments
  of ``tertial.<T>.prognos.balanskrav`` (all zero unless typed), by the same rule as the
  annual report's balanskravsutredning.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from ..format import ZERO
from ..model import Arsfil, Kassaflodesanalys
from ..model.ekonomi import Driftrad
from ..model.mal import MANADER, TertialPeriod
from . import ekonomi, rakningar
from .ekonomi import Figurer
from .rakningar import Ar
from .vy import Arsfigurer

if TYPE_CHECKING:  # the loader is not needed to compute a view
    from ..sources import Indata

Kalla = Literal["resultatrakning", "budgetrader", "utfall"]
"""Where the helårsprognos comes from: a typed prognos, the budget rows' prognoses, or (T3)
the year's outcome itself."""


def periodslut(ar: int, period: str) -> dt.date:
    """The period's last day: 30 April (T1), 31 August (T2), 31 December (T3)."""
    month = MANADER[period]
    return dt.date(ar, month, calendar.monthrange(ar, month)[1])


def manader(fran: dt.date, till: dt.date) -> Decimal:
    """The length of a period in months, counting whole months exactly and a part month by
    its days (for the check that a comparative period is as long as the report's).

    >>> jan = dt.date(2023, 1, 1)
    >>> manader(jan, dt.date(2023, 8, 31)), manader(jan, dt.date(2023, 8, 15))
    (Decimal('8.00'), Decimal('7.48'))
    """
    months = Decimal((till.year - fran.year) * 12 + till.month - fran.month)
    first = Decimal(fran.day - 1) / calendar.monthrange(fran.year, fran.month)[1]
    last = Decimal(till.day) / calendar.monthrange(till.year, till.month)[1]
    return (months + last - first).quantize(Decimal("0.01"))


def figurer_ur_rader(rader: list[tuple[str, Decimal]]) -> Figurer:
    """Resultaträkning figures from (typ, belopp) driftredovisning-style rows: income rows
    are verksamhetens intäkter, cost rows verksamhetens kostnader (negative)."""
    intakter = sum((b for typ, b in rader if typ == "intakt"), ZERO)
    kostnader = sum((b for typ, b in rader if typ == "kostnad"), ZERO)
    f = {k: ZERO for k in ("avskrivningar", "finansiella_intakter", "finansiella_kostnader",
                           "finansnetto", "extraordinara_poster")}
    f["verksamhetens_intakter"] = intakter
    f["verksamhetens_kostnader"] = -kostnader
    f["verksamhetens_nettokostnad"] = intakter - kostnader
    f["resultat_efter_finansiella_poster"] = f["verksamhetens_nettokostnad"]
    f["arets_resultat"] = f["verksamhetens_nettokostnad"]
    return f


def _drift(arsfil: Arsfil) -> list[Driftrad]:
    return list(arsfil.driftredovisning.rader) if arsfil.driftredovisning else []


def prognos_ur_budgetrader(arsfil: Arsfil, period: str) -> Figurer | None:
    """The prognos from the budget rows, when every driftredovisning row has one."""
    per = arsfil.tertial.period(period)
    drift = _drift(arsfil)
    if per is None or not drift or any(d.id is None for d in drift):
        return None
    rows = {b.id: b for b in per.budget}
    values: list[tuple[str, Decimal]] = []
    for d in drift:
        b = rows.get(d.id or "")
        value = None if b is None else (b.prognos if b.prognos is not None
                                        else (b.utfall if period == "T3" else None))
        if value is None:
            return None
        values.append((d.typ, value))
    return figurer_ur_rader(values)


def utfall_ur_budgetrader(arsfil: Arsfil, period: str) -> Decimal | None:
    """The period's result from the budget rows' outcomes, when every row is followed up."""
    per = arsfil.tertial.period(period)
    drift = _drift(arsfil)
    if per is None or not per.budget or not drift or any(d.id is None for d in drift):
        return None
    rows = {b.id: b for b in per.budget}
    if any(d.id not in rows for d in drift):
        return None
    return figurer_ur_rader([(d.typ, rows[d.id or ""].utfall) for d in drift])["arets_resultat"]


def arsbudget(arsfil: Arsfil) -> tuple[Figurer | None, Literal["typad", "drift"] | None]:
    """The year's budget as resultaträkning figures, and where it came from."""
    if arsfil.tertial.arsbudget is not None:
        return ekonomi.resultatrakning(arsfil.tertial.arsbudget), "typad"
    drift = _drift(arsfil)
    if drift:
        return figurer_ur_rader([(d.typ, d.budget) for d in drift]), "drift"
    return None, None


@dataclass
class Periodfigurer:
    """The computed figures of one period, which the views show and the checks compare."""

    period: str
    start: dt.date
    slut: dt.date
    cur: Ar
    """The period (1 January – slut): rr, br and, with the prior year's closing balance, kf."""
    jamforelse: Ar | None
    """The same period of the prior year (rr only)."""
    jamforelse_start: dt.date | None
    jamforelse_slut: dt.date | None
    jamforelse_ur_fil: bool
    """True when the comparative comes from the prior year's own file."""
    prognos: Figurer | None
    """The full-year prognos as resultaträkning figures."""
    prognos_kalla: Kalla | None
    prognos_bk: Figurer | None
    """The balanskravsutredning computed on the prognos."""
    budget: Figurer | None
    """The year's budget as resultaträkning figures."""
    periodbudget: Figurer | None = None
    """The budget for the months so far: typed or from the books, else the year's budget
    pro-rated per line to whole kronor."""
    periodbudget_kalla: Literal["typad", "jamn"] | None = None
    ur_arsredovisning: bool = False
    """True for T3 taken from the year's own statements (no tertial.T3.resultatrakning):
    the annual checks check those figures, the period checks do not repeat them."""


def periodfigurer(indata: Indata, arsfigurer: Arsfigurer, period: str) -> Periodfigurer | None:
    """The figures of *period*; None when the year file has no economy for it.

    T3 is the whole year: without ``tertial.T3.resultatrakning`` it is the year's own
    resultat- and balansräkning (once the year file has them), beside the prior year's.
    """
    arsfil = indata.arsfil
    typed: TertialPeriod | None = arsfil.tertial.period(period)
    ur_ars = period == "T3" and (typed is None or typed.resultatrakning is None) \
        and arsfigurer.cur.rr is not None
    if not ur_ars and (typed is None or not typed.har_ekonomi):
        return None
    per = typed or TertialPeriod()
    ar = arsfil.ar
    fg = arsfigurer.fg
    fg_br = fg.br if fg else None
    if ur_ars:
        cur = arsfigurer.cur
    else:
        cur = rakningar.ar_figurer(None, ar, per.resultatrakning, per.balansrakning, fg_br,
                                   None, None, per.kassaflodesanalys or Kassaflodesanalys())
    jamforelse = None
    j_start = j_slut = None
    ur_fil = False
    prior = indata.foregaende.tertial.period(period) if indata.foregaende else None
    if ur_ars and fg is not None and fg.rr is not None:
        jamforelse = fg
        j_start, j_slut, ur_fil = dt.date(ar - 1, 1, 1), dt.date(ar - 1, 12, 31), True
    elif prior is not None and prior.resultatrakning is not None:
        jamforelse = rakningar.ar_figurer(None, ar - 1, prior.resultatrakning, None, None)
        j_start, j_slut, ur_fil = dt.date(ar - 1, 1, 1), periodslut(ar - 1, period), True
    elif per.jamforelse is not None:
        jamforelse = rakningar.ar_figurer(None, ar - 1, per.jamforelse.resultatrakning, None,
                                          None)
        j_start, j_slut = per.jamforelse.fran, per.jamforelse.till

    prognos: Figurer | None = None
    kalla: Kalla | None = None
    if per.prognos is not None and per.prognos.resultatrakning is not None:
        prognos, kalla = ekonomi.resultatrakning(per.prognos.resultatrakning), "resultatrakning"
    elif period == "T3" and cur.rr is not None:
        prognos, kalla = cur.rr, "utfall"
    else:
        prognos = prognos_ur_budgetrader(arsfil, period)
        kalla = "budgetrader" if prognos is not None else None
    prognos_bk = None
    if prognos is not None:
        bk_model = per.prognos.balanskrav if per.prognos else arsfil.balanskrav
        prognos_bk = ekonomi.balanskrav(bk_model, prognos["arets_resultat"])
    budget, _ = arsbudget(arsfil)
    periodbudget: Figurer | None = None
    pb_kalla: Literal["typad", "jamn"] | None = None
    if per.periodbudget is not None:
        periodbudget, pb_kalla = ekonomi.resultatrakning(per.periodbudget), "typad"
    elif budget is not None:
        periodbudget, pb_kalla = jamn_periodbudget(budget, period), "jamn"
    return Periodfigurer(period, dt.date(ar, 1, 1), periodslut(ar, period), cur, jamforelse,
                         j_start, j_slut, ur_fil, prognos, kalla, prognos_bk, budget,
                         periodbudget, pb_kalla, ur_ars)


RADER = ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar",
         "finansiella_intakter", "finansiella_kostnader", "finansnetto", "extraordinara_poster")
"""The leaf lines of a resultaträkning, whose sums are the result lines."""


def jamn_periodbudget(budget: Figurer, period: str) -> Figurer:
    """The year's budget for the months so far: each leaf line ×n/12, to whole kronor
    (ROUND_HALF_UP), and the result lines summed from the rounded lines (so it adds up).

    >>> budget = figurer_ur_rader([("intakt", Decimal(1000)), ("kostnad", Decimal(500))])
    >>> f = jamn_periodbudget(budget, "T1")
    >>> f["verksamhetens_intakter"], f["verksamhetens_kostnader"], f["arets_resultat"]
    (Decimal('333'), Decimal('-167'), Decimal('166'))
    """
    out = {k: (budget[k] * MANADER[period] / 12).quantize(Decimal(1), ROUND_HALF_UP)
           for k in RADER}
    out["verksamhetens_nettokostnad"] = (out["verksamhetens_intakter"]
                                         + out["verksamhetens_kostnader"] + out["avskrivningar"])
    out["resultat_efter_finansiella_poster"] = (
        out["verksamhetens_nettokostnad"] + out["finansiella_intakter"]
        + out["finansiella_kostnader"] + out["finansnetto"])
    out["arets_resultat"] = out["resultat_efter_finansiella_poster"] + out["extraordinara_poster"]
    return out


def period_figurer(pf: Periodfigurer | None) -> Figurer:
    """The period's named figures that its texts may quote: ``{{period_arets_resultat}}``,
    ``{{prognos_arets_resultat}}``, ``{{prognos_balanskravsresultat}}`` …"""
    out: Figurer = {}
    if pf is None:
        return out
    for key, value in (pf.cur.rr or {}).items():
        out[f"period_{key}"] = value
    for key, value in (pf.cur.br or {}).items():
        if key != "soliditet":
            out.setdefault(f"period_{key}", value)
    for key, value in (pf.prognos or {}).items():
        out[f"prognos_{key}"] = value
    if pf.prognos_bk is not None:
        out["prognos_balanskravsresultat"] = pf.prognos_bk["balanskravsresultat"]
    return out


def rad_varde(fig: Figurer | None, id: str | None) -> Decimal | None:
    """A statement row's figure; ``finansnetto`` is every financial line together."""
    if fig is None or id is None:
        return None
    if id == "finansnetto":
        return fig["finansiella_intakter"] + fig["finansiella_kostnader"] + fig["finansnetto"]
    return fig.get(id)
