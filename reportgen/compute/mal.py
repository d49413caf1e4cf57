"""Goal views: each goal's outcome and assessment in one period.

The status rule is described in :mod:`reportgen.compute.tertial`; the tertialrapport shows
the goals in its period and the årsredovisning in the year's (T3, else the latest
reported), both through :func:`mal_vy`. The year's bedömning in the årsredovisning has one
rule, :func:`arsbedomning`: the goal's typed ``bedomning``, else the T3 status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, cast

from ..format import antal
from ..model.mal import MANADER, TERTIALER, Arsbedomning, Indikator, Mal, Tertial

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
    period: str = "T3"
    """The follow-up period the outcome and the status are taken from."""
    arsbedomd: bool = False
    """The årsredovisning's view: *status* is the year's bedömning (:func:`arsbedomning`);
    False when it shows an earlier period's status, or none, for want of one."""

    @property
    def periodtext(self) -> str:
        """'januari – april' for T1 (the annual report says which period it shows)."""
        return PERIODTEXT[self.period]


def status_for(
    mal: Mal, period: str,
) -> tuple[str | None, bool, list[tuple[Indikator, Decimal, Bedomning]]]:
    """(status, computed?, [(indicator, outcome, judgement)]) of *mal* in *period*."""
    upp = mal.uppfoljning.get(cast(Tertial, period))  # another period has no follow-up: None
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
    upp = mal.uppfoljning.get(cast(Tertial, period))
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
        tidigare=tidigare, period=period)


def mal_vyer(mal: list[Mal], period: str) -> list[MalVy]:
    """Every goal as seen in *period* (the annual report may use this with 'T3')."""
    return [mal_vy(m, period) for m in mal]


def arsperiod(mal: Mal) -> str:
    """The period whose follow-up the årsredovisning shows for *mal*: T3, else the latest.

    >>> from reportgen.model.mal import Mal
    >>> arsperiod(Mal(id="a", rubrik="A", uppfoljning={"T1": {}, "T2": {}}))
    'T2'
    """
    reported = [t for t in TERTIALER if t in mal.uppfoljning]
    return reported[-1] if reported and "T3" not in reported else "T3"


ARSBEDOMNINGAR: tuple[str, ...] = ("uppfyllt", "delvis uppfyllt", "ej uppfyllt")


def arsbedomning(mal: Mal) -> tuple[Arsbedomning | None, bool]:
    """(the year's bedömning of *mal*, computed from its indicators?): the one rule.

    The bedömning typed on the goal (``bedomning:``) wins; else the T3 status, computed
    from the indicators or typed for T3, when it is a year's verdict (not 'pågår'); else
    None, and ``check`` warns (:func:`reportgen.checks.lag.mal_bedomda`).

    >>> from reportgen.model.mal import Mal
    >>> arsbedomning(Mal(id="a", rubrik="A", uppfoljning={"T3": {"status": "uppfyllt"}}))
    ('uppfyllt', False)
    >>> arsbedomning(Mal(id="a", rubrik="A", bedomning="delvis uppfyllt"))
    ('delvis uppfyllt', False)
    >>> arsbedomning(Mal(id="a", rubrik="A", uppfoljning={"T2": {"status": "uppfyllt"}}))
    (None, False)
    """
    if mal.bedomning is not None:
        return mal.bedomning, False
    status, computed, _ = status_for(mal, "T3")
    if status in ARSBEDOMNINGAR:
        return cast(Arsbedomning, status), computed
    return None, False


def arsmal_vy(mal: Mal) -> MalVy:
    """One goal as the årsredovisning shows it: outcome from one period, the year's
    bedömning when there is one (else the shown period's status, marked as not the
    year's)."""
    vy = mal_vy(mal, arsperiod(mal))
    bedomning, computed = arsbedomning(mal)
    if bedomning is not None:
        vy.status, vy.status_beraknad, vy.arsbedomd = bedomning, computed, True
        vy.symbol, vy.klass = SYMBOL[bedomning], STATUSKLASS[bedomning]
    return vy


def arsmal_vyer(mal: list[Mal]) -> list[MalVy]:
    """Every goal as the årsredovisning shows it: outcome and status from one period."""
    return [arsmal_vy(m) for m in mal]
