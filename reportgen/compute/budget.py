"""The verksamhetsplan och budget: the Finsam allocation, the multi-year budget and the
capital chain, and the report's view model.

The allocation arithmetic is exact (:class:`fractions.Fraction`) and rounds only once, at
the end, with the largest remainder method, so the parts always add up to the whole:

>>> lagdelning(Decimal(6502000))
(Decimal('3251000'), Decimal('1625500'), Decimal('1625500'))
>>> fordela(Decimal(1000), [Decimal(1), Decimal(1), Decimal(1)], Decimal(100))
[Decimal('400'), Decimal('300'), Decimal('300')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from ..format import NBSP, ZERO
from ..model.budget import Budget, Budgetar, Fordelning, Riktlinje, VpAvsnitt
from ..model.forbund import Forbund
from . import dokument
from .arsredovisning import arsredovisning_delar, dokumentdatum
from .vy import BlockVy, Rad, Rakning, Verksamhetsplan

if TYPE_CHECKING:  # the loader and validator are not needed to compute a view
    from ..sources import Indata

LAGANDELAR = {"staten": Fraction(1, 2), "region": Fraction(1, 4), "kommunerna": Fraction(1, 4)}
"""Finsam-lagen 17 §: staten (via Försäkringskassan) half, the region and the kommuner the
other half, here a quarter each."""


# ------------------------------------------------------------------------ allocation

def fordela(total: Decimal, vikter: Sequence[Decimal | Fraction], enhet: Decimal = Decimal(1)
            ) -> list[Decimal]:
    """Split *total* in proportion to *vikter*, in whole *enhet*, summing exactly to *total*.

    Largest remainder (Hamilton) method: every part gets the whole units of its exact
    share, and the units left over go to the parts with the largest remainders (ties: the
    earlier part). When *total* is not a whole number of units, the odd kronor go to the
    part with the largest weight, so the sum is still exact.

    >>> fordela(Decimal(1625500), [Decimal("15.1953"), Decimal("19.6063"), Decimal("8.2006"),
    ...                            Decimal("45.9982"), Decimal("10.9997")], Decimal(100))
    [Decimal('247000'), Decimal('318700'), Decimal('133300'), Decimal('747700'), Decimal('178800')]
    >>> fordela(Decimal(10), [Decimal(1)] * 3)
    [Decimal('4'), Decimal('3'), Decimal('3')]
    >>> fordela(Decimal(1050), [Decimal(1), Decimal(2)], Decimal(100))
    [Decimal('300'), Decimal('750')]
    >>> sum(fordela(Decimal(999999), [Decimal(3), Decimal(7), Decimal(11)], Decimal(100)))
    Decimal('999999')
    """
    weights = [Fraction(w) for w in vikter]
    if not weights:
        return []
    whole = sum(weights)
    if whole <= 0 or any(w < 0 for w in weights):
        raise ValueError("vikterna ska vara positiva")
    unit = Fraction(enhet)
    units = int(Fraction(total) // unit)
    odd = Fraction(total) - units * unit
    exact = [units * w / whole for w in weights]
    parts = [int(e) for e in exact]  # floor; exact shares are non-negative
    left = units - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    out = [Fraction(p) * unit for p in parts]
    if odd:
        biggest = max(range(len(weights)), key=lambda i: (weights[i], -i))
        out[biggest] += odd
    return [_dec(x) for x in out]


def _dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def lagdelning(total: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """Staten ½, regionen ¼, kommunerna ¼ of *total*, in whole kronor, summing exactly.

    >>> lagdelning(Decimal(1000001))
    (Decimal('500001'), Decimal('250000'), Decimal('250000'))
    """
    staten, region, kommunerna = fordela(total, list(LAGANDELAR.values()))
    return staten, region, kommunerna


def kommunnycklar(fordelning: Fordelning) -> list[Fraction] | None:
    """Each kommun's share of the kommun quarter, exact; None when the inputs are incomplete.

    From the raw inputs when every kommun has a value for every criterion of the model:
    share = Σ vikt × (kommunens värde / alla kommuners summa) / Σ vikt. Otherwise from the
    fördelningsnycklar when every kommun has one (normalised to 100 %).

    >>> from reportgen.model.budget import Fordelning
    >>> f = Fordelning.model_validate({
    ...     "modell": [{"id": "inv", "namn": "Invånare", "vikt": 25},
    ...                {"id": "fm", "namn": "Försörjningsmått", "vikt": 75}],
    ...     "kommuner": [{"medlem": "a", "underlag": {"inv": 1000, "fm": 30}},
    ...                  {"medlem": "b", "underlag": {"inv": 3000, "fm": 10}}]})
    >>> [str(k) for k in kommunnycklar(f)]
    ['5/8', '3/8']
    """
    kommuner = fordelning.kommuner
    kriterier = fordelning.modell
    if kriterier and all(all(k.id in x.underlag for k in kriterier) for x in kommuner):
        total_vikt = sum(Fraction(k.vikt) for k in kriterier)
        shares = [Fraction(0)] * len(kommuner)
        for k in kriterier:
            values = [Fraction(x.underlag[k.id]) for x in kommuner]
            whole = sum(values)
            if whole <= 0:
                return None
            for i, v in enumerate(values):
                shares[i] += Fraction(k.vikt) / total_vikt * v / whole
        return shares
    if all(x.nyckel is not None for x in kommuner):
        keys = [Fraction(x.nyckel) for x in kommuner]  # type: ignore[arg-type]
        whole = sum(keys)
        return [k / whole for k in keys]
    return None


@dataclass
class Andel:
    """One member's (or group's) part of the medelstilldelning."""

    id: str
    """'staten', 'region', 'kommunerna' or the kommun's member id."""
    namn: str
    belopp: Decimal
    andel: Decimal
    """Share of the whole medelstilldelning (0.25 = 25 %), rounded to four decimals."""
    nyckel: Decimal | None = None
    """For a kommun: its key, the share of the kommun quarter (exact ratio, rounded)."""


@dataclass
class Tilldelning:
    total: Decimal
    staten: Andel
    region: Andel
    kommunerna: Andel
    kommuner: list[Andel]
    """Empty when the kommun split cannot be computed (the check says why)."""
    metod: Literal["underlag", "nyckel", "saknas"]

    def alla(self) -> list[Andel]:
        return [self.staten, self.region, self.kommunerna, *self.kommuner]

    def belopp(self, id: str) -> Decimal | None:
        return next((a.belopp for a in self.alla() if a.id == id), None)


def _ratio(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole).quantize(Decimal("0.000001")) if whole else ZERO


def tilldelning(total: Decimal, fordelning: Fordelning | None, forbund: Forbund) -> Tilldelning:
    """The medelstilldelning split by law and by the förbund's kommun model."""
    staten, region, kommunerna = lagdelning(total)
    namn = {m.id: m.namn for m in forbund.medlemmar}
    region_namn = next((m.namn for m in forbund.medlemmar if m.typ == "region"), "Regionen")
    kommuner: list[Andel] = []
    metod: Literal["underlag", "nyckel", "saknas"] = "saknas"
    if fordelning is not None:
        keys = kommunnycklar(fordelning)
        if keys is not None:
            metod = "underlag" if (fordelning.modell and all(
                all(k.id in x.underlag for k in fordelning.modell)
                for x in fordelning.kommuner)) else "nyckel"
            amounts = fordela(kommunerna, keys, fordelning.avrundning)
            for x, key, amount in zip(fordelning.kommuner, keys, amounts, strict=True):
                kommuner.append(Andel(x.medlem, namn.get(x.medlem, x.medlem), amount,
                                      _ratio(amount, total),
                                      _dec(key).quantize(Decimal("0.000001"))))
    rubrik_staten = fordelning.rubrik_staten if fordelning else "Staten"
    rubrik_kommunerna = fordelning.rubrik_kommunerna if fordelning else "Kommunerna gemensamt"
    return Tilldelning(
        total,
        Andel("staten", rubrik_staten, staten, _ratio(staten, total)),
        Andel("region", region_namn, region, _ratio(region, total)),
        Andel("kommunerna", rubrik_kommunerna, kommunerna, _ratio(kommunerna, total)),
        kommuner, metod)


# ------------------------------------------------------------------------ budget years

@dataclass
class Gruppsumma:
    id: str
    rubrik: str
    summa: Decimal


@dataclass
class Riktlinjeniva:
    """The guidance levels for one year and where the planned capital lies."""

    hogst: Decimal | None
    lagst: Decimal | None
    lage: Literal["over", "under", "inom"]
    kalla: str


@dataclass
class BudgetarVy:
    """One budget year, computed."""

    ar: int
    typ: str
    rubrik: str
    tilldelning: Tilldelning
    summa_intakter: Decimal
    grupper: list[Gruppsumma]
    summa_kostnader: Decimal
    arets_resultat: Decimal
    ingaende_kapital: Decimal
    utgaende_kapital: Decimal
    rakning: Rakning
    """The budget table in the seed's layout, for the shared statement macro."""
    riktlinje: Riktlinjeniva | None = None
    index: int = 0
    """Position in budget.ar (for locating typed figures in the YAML)."""


@dataclass
class BudgetplanVy:
    ar: list[BudgetarVy]
    fordelning: Fordelning | None
    riktlinje: Riktlinje | None
    kapitalrader: list[Rad] = field(default_factory=list)

    def year(self, ar: int) -> BudgetarVy:
        for y in self.ar:
            if y.ar == ar:
                return y
        raise KeyError(ar)

    @property
    def period(self) -> str:
        first, last = self.ar[0].ar, self.ar[-1].ar
        return str(first) if first == last else f"{first}{NBSP}\u2013{NBSP}{last}"


def riktlinjeniva(riktlinje: Riktlinje | None, medelstilldelning: Decimal,
                  kapital: Decimal) -> Riktlinjeniva | None:
    """Where the planned eget kapital lies against the guidance levels.

    >>> from reportgen.model.budget import Riktlinje
    >>> r = riktlinjeniva(Riktlinje(hogst_procent=20), Decimal(6502000), Decimal(2507034))
    >>> r.hogst, r.lage
    (Decimal('1300400'), 'over')
    """
    if riktlinje is None:
        return None

    def level(procent: Decimal | None, belopp: Decimal | None) -> Decimal | None:
        if procent is not None:
            return (medelstilldelning * procent / 100).quantize(Decimal(1))
        return belopp

    hogst = level(riktlinje.hogst_procent, riktlinje.hogst_belopp)
    lagst = level(riktlinje.lagst_procent, riktlinje.lagst_belopp)
    if hogst is None and lagst is None:
        return None
    lage: Literal["over", "under", "inom"] = "inom"
    if hogst is not None and kapital > hogst:
        lage = "over"
    elif lagst is not None and kapital < lagst:
        lage = "under"
    return Riktlinjeniva(hogst, lagst, lage, riktlinje.kalla)


def _datum(ar: int, month: int, day: int) -> str:
    return dt.date(ar, month, day).isoformat()


def budgetar(y: Budgetar, index: int, ingaende: Decimal, budget: Budget,
             forbund: Forbund) -> BudgetarVy:
    """Compute one year: allocation, sums, result and the capital at the year's end."""
    t = tilldelning(y.medelstilldelning, budget.fordelning, forbund)
    ovriga = sum((p.belopp for p in y.ovriga_intakter), ZERO)
    intakter = y.medelstilldelning + ovriga
    grupper = [Gruppsumma(g.id, g.rubrik, sum((p.belopp for p in g.poster), ZERO))
               for g in y.kostnader]
    kostnader = sum((g.summa for g in grupper), ZERO)
    resultat = intakter - kostnader
    utgaende = ingaende + resultat

    rader: list[Rad] = [Rad("Intäkter", typ="rubrik"), Rad("Medlemsavgifter", typ="underrubrik")]
    for a in (t.staten, t.region, t.kommunerna):
        rader.append(Rad(a.namn, a.belopp, id=f"medlemsavgift_{a.id}"))
    if t.kommuner:
        rader.append(Rad("Varav bidrag per kommun utgör", typ="underrubrik"))
        rader.extend(Rad(a.namn, a.belopp, typ="varav", id=f"medlemsavgift_{a.id}")  # type: ignore[arg-type]
                     for a in t.kommuner)
    rader.extend(Rad(p.text, p.belopp) for p in y.ovriga_intakter)
    rader.append(Rad("Summa intäkter", intakter, typ="summa", id="summa_intakter"))
    rader.append(Rad("Kostnader", typ="rubrik"))
    for g, s in zip(y.kostnader, grupper, strict=True):
        rader.append(Rad(g.rubrik, typ="underrubrik"))
        for p in g.poster:
            rader.append(Rad(p.text, p.belopp, typ="reserv" if p.reserv else "post",  # type: ignore[arg-type]
                             id=p.id))
        rader.append(Rad(f"Summa {g.rubrik[:1].lower()}{g.rubrik[1:]}", s.summa, typ="summa",
                         id=f"summa_{g.id}"))
    rader.append(Rad("Summa kostnader", kostnader, typ="totalsumma", id="summa_kostnader"))
    rader.append(Rad("Årets resultat", resultat, typ="totalsumma", id="arets_resultat"))
    rader.append(Rad(f"Ingående ackumulerat kapital {_datum(y.ar, 1, 1)}", ingaende,
                     id="ingaende_kapital"))
    rader.append(Rad("Årets resultat", resultat))
    rader.append(Rad(f"Utgående ackumulerat kapital {_datum(y.ar, 12, 31)}", utgaende,
                     typ="summa", id="utgaende_kapital"))
    rubrik = y.rubrik or (f"Budget {y.ar}" if y.typ == "budget" else f"Budget/Prognos {y.ar}")
    rakning = Rakning(f"budget-{y.ar}", rubrik, [str(y.ar)], rader)
    return BudgetarVy(y.ar, y.typ, rubrik, t, intakter, grupper, kostnader, resultat, ingaende,
                      utgaende, rakning,
                      riktlinjeniva(budget.riktlinje_eget_kapital, y.medelstilldelning, utgaende),
                      index)


def budget_vy(budget: Budget, forbund: Forbund) -> BudgetplanVy:
    """Every budget year, the capital carried from each year to the next."""
    years: list[BudgetarVy] = []
    ingaende = budget.ar[0].ingaende_kapital or ZERO
    for i, y in enumerate(budget.ar):
        vy = budgetar(y, i, ingaende, budget, forbund)
        years.append(vy)
        ingaende = vy.utgaende_kapital
    return BudgetplanVy(years, budget.fordelning, budget.riktlinje_eget_kapital)


def figurer(vy: BudgetplanVy) -> dict[str, Decimal]:
    """Figures the texts may quote: {{budget_2021_arets_resultat}}, and for the plan year
    also without the year: {{budget_summa_kostnader}}."""
    out: dict[str, Decimal] = {}
    for i, y in enumerate(vy.ar):
        values = {
            "medelstilldelning": y.tilldelning.total,
            "summa_intakter": y.summa_intakter,
            "summa_kostnader": y.summa_kostnader,
            "arets_resultat": y.arets_resultat,
            "ingaende_kapital": y.ingaende_kapital,
            "utgaende_kapital": y.utgaende_kapital,
            **{f"summa_{g.id}": g.summa for g in y.grupper},
            **{f"medlemsavgift_{a.id}": a.belopp for a in y.tilldelning.alla()},
        }
        for k, v in values.items():
            out[f"budget_{y.ar}_{k}"] = v
            if i == 0:
                out[f"budget_{k}"] = v
    return out


# ------------------------------------------------------------------------ the report

@dataclass
class BudgetBlockVy(BlockVy):
    """A budget table, allocation table or capital overview inside a section."""

    ar: int | None = None


class VpNumrering(dokument.Numrering):
    """The section tree with the verksamhetsplan's budget blocks."""

    def _innehall(self, a):
        blocks = super()._innehall(a)
        if isinstance(a, VpAvsnitt):
            if a.budget is not None:
                blocks.append(BudgetBlockVy("budget", block="budget", ar=a.budget))  # type: ignore[arg-type]
            if a.fordelning is not None:
                blocks.append(BudgetBlockVy("fordelning", block="fordelning", ar=a.fordelning))  # type: ignore[arg-type]
            if a.kapital:
                blocks.append(BudgetBlockVy("kapital", block="kapital"))  # type: ignore[arg-type]
            if a.text_efter:
                blocks.append(BlockVy("text", text=a.text_efter))
        return blocks


def compute_verksamhetsplan(indata: Indata) -> Verksamhetsplan:
    """The view of the verksamhetsplan och budget (REPORTS['verksamhetsplan'])."""
    arsfil, forbund = indata.arsfil, indata.forbund
    ar = arsfil.ar
    vp = arsfil.verksamhetsplan
    format_rubrik = dokument.rubrikformat(ar, forbund.namn)
    delar = arsredovisning_delar(indata)

    vy = budget_vy(arsfil.budget, forbund) if arsfil.budget is not None else None
    if vy is not None:
        delar["figurer"].update(figurer(vy))
    avsnitt = list(vp.avsnitt) if vp else []
    if not avsnitt and vy is not None:  # no texts: the budget tables alone
        avsnitt = [VpAvsnitt(rubrik=f"Budget {y.ar}" if y.typ == "budget"
                             else f"Budget/Prognos {y.ar}", budget=y.ar) for y in vy.ar]
    numrering = vp.numrering if vp else True
    titel = vp.titel if vp and vp.titel else "Verksamhetsplan och budget {ar}"
    if vp and vp.undertitel:
        undertitel: str | None = format_rubrik(vp.undertitel)
    elif vy is not None and len(vy.ar) > 1:
        undertitel = f"Budget {vy.ar[0].ar} och prognos {vy.ar[1].ar}" + (
            f"{NBSP}\u2013{NBSP}{vy.ar[-1].ar}" if len(vy.ar) > 2 else "")
    else:
        undertitel = None
    # A plan's decision date is free text ('december 2019'), so its document date is the
    # plan year's last day, the end of the period it covers.
    delar["datum"] = dokumentdatum(dt.date(ar, 12, 31))
    return Verksamhetsplan(
        typ="verksamhetsplan",
        titel=format_rubrik(titel),
        undertitel=undertitel,
        avsnitt=VpNumrering(format_rubrik, {}, delar["insatser"], numrering).build(avsnitt),
        budget=vy,
        plan_beslutad=vp.beslutad if vp else None,
        **delar,
    )
