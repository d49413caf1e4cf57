"""Compute the content blocks beyond text and tables: charts, key figures, surveys, budgets.

Every share, response rate, difference and sum is computed here, in Decimal, and rounded
half up to whole percent where it is a percentage. Nothing here imports matplotlib: a
:class:`DiagramVy` draws its SVG only when a template asks for it (:meth:`DiagramVy.svg`).

Percentages typed in the data are *procenttal* (64 means 64 %); in the view model every
share is a ratio (``Decimal('0.64')``), which is what the ``procent`` filter expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from ..format import ZERO
from ..model.dokument import Budgettabell, Diagram, Enkat, Nyckeltal, Svarsfordelning
from .rakningar import avvikelse
from .vy import BlockVy

HUNDRA = Decimal(100)


def andel(del_: Decimal | int, helhet: Decimal | int) -> Decimal | None:
    """*del_* of *helhet* as a ratio rounded half up to whole percent.

    >>> andel(36, 113), andel(9, 14), andel(1, 8), andel(1, 0)
    (Decimal('0.32'), Decimal('0.64'), Decimal('0.13'), None)
    """
    if not helhet:
        return None
    pct = (Decimal(del_) * HUNDRA / Decimal(helhet)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return pct / HUNDRA


def fran_procenttal(value: Decimal | None) -> Decimal | None:
    """A typed procenttal (64) as a ratio (0.64)."""
    return None if value is None else Decimal(value) / HUNDRA


# ---------------------------------------------------------------------------- views


@dataclass
class InnehallVy(BlockVy):
    """A content block of one of the kinds below; ``typ`` names its template
    ``innehall/<typ>.html`` and ``data`` is its view object."""

    data: Any = None


@dataclass
class DiagramVy:
    id: str
    """Unique within the document; prefixes every id inside the SVG."""
    typ: str
    rubrik: str
    alt: str
    kategorier: list[str]
    serier: list[tuple[str, list[Decimal]]]
    """(name, values); values are as typed (procent: procenttal)."""
    enhet: str
    axeltext: str | None
    visa_tabell: bool
    kalla: str | None
    andelar: list[Decimal | None] = field(default_factory=list)
    """Cirkel and ring: each part's share of the whole (ratio, whole percent)."""
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def varde(self, value: Decimal) -> Decimal:
        """A value as the filters want it (procent as a ratio)."""
        return value / HUNDRA if self.enhet == "procent" else value

    def svg(self, farg: str | None = None, accentfarg: str | None = None):
        """The chart as inline SVG markup (drawn once per colour pair; matplotlib is
        imported here, and only here)."""
        from markupsafe import Markup

        key = (farg, accentfarg)
        if key not in self._cache:
            from .. import charts

            self._cache[key] = charts.svg(self, farg, accentfarg)
        return Markup(self._cache[key])


@dataclass
class Del:
    """A piece of a key figure's sentence: text, or a number to format."""

    typ: Literal["text", "antal", "procent"]
    varde: Any


@dataclass
class NyckeltalpostVy:
    delar: list[Del]
    antal: int
    av: int | None
    andel: Decimal | None
    fordelning: list[tuple[int, str]]
    """(count, label) for women, men and not stated: [(16, 'kvinnor'), (20, 'män')]."""


@dataclass
class NyckeltalVy:
    visning: str
    poster: list[NyckeltalpostVy]


@dataclass
class Svarsandel:
    """One cell of a survey table."""

    antal: Decimal | None
    andel: Decimal | None
    """Ratio, whole percent."""


@dataclass
class EnkatRad:
    fraga: str
    ar: int
    forsta: bool
    """First row of its question (the question text is shown once)."""
    negativt: Svarsandel
    varken_eller: Svarsandel
    positivt: Svarsandel
    klart_positivt: Svarsandel | None


@dataclass
class EnkatVy:
    rubrik: str
    ar: int
    tillfragade: int
    svar: int
    svarsfrekvens: Decimal
    jamforelse_ar: int | None
    jamforelse_svar: int | None
    visa: str
    rader: list[EnkatRad]

    @property
    def flera_ar(self) -> bool:
        return self.jamforelse_ar is not None


@dataclass
class BudgetradVy:
    namn: str
    budget: Decimal
    utfall: Decimal
    differens: Decimal
    typ: Literal["post", "rubrik", "summa", "totalsumma", "resultat"]


@dataclass
class BudgettabellVy:
    rubrik: str | None
    forsta_kolumn: str
    kolumner: list[str]
    rader: list[BudgetradVy]
    kalla: str | None

    def rad(self, namn: str) -> BudgetradVy:
        return next(r for r in self.rader if r.namn == namn)


# ---------------------------------------------------------------------------- compute


def diagram(d: Diagram, id: str, format_rubrik=lambda s: s) -> DiagramVy:
    serier = [(s.namn, list(s.varden)) for s in d.serier]
    andelar: list[Decimal | None] = []
    if d.typ in ("cirkel", "ring"):
        values = serier[0][1]
        total = sum(values, ZERO)
        andelar = [andel(v, total) for v in values]
    return DiagramVy(id=id, typ=d.typ, rubrik=format_rubrik(d.rubrik), alt=d.alt,
                     kategorier=list(d.kategorier), serier=serier, enhet=d.enhet,
                     axeltext=d.axeltext, visa_tabell=d.visa_tabell, kalla=d.kalla,
                     andelar=andelar)


_PLATS = re.compile(r"\{(antal|av|andel)\}")
KON = (("kvinnor", "kvinnor"), ("man", "män"), ("ej_uppgett", "ej uppgett kön"))


def nyckeltal(n: Nyckeltal) -> NyckeltalVy:
    poster = []
    for p in n.poster:
        share = andel(p.antal, p.av) if p.av else None
        values = {"antal": ("antal", p.antal), "av": ("antal", p.av), "andel": ("procent", share)}
        delar: list[Del] = []
        if _PLATS.search(p.text):
            pos = 0
            for m in _PLATS.finditer(p.text):
                if m.start() > pos:
                    delar.append(Del("text", p.text[pos:m.start()]))
                kind, value = values[m.group(1)]
                delar.append(Del(kind, value))  # type: ignore[arg-type]
                pos = m.end()
            if pos < len(p.text):
                delar.append(Del("text", p.text[pos:]))
        else:
            delar.append(Del("antal", p.antal))
            if p.av:
                delar += [Del("text", " av "), Del("antal", p.av), Del("text", " ("),
                          Del("procent", share), Del("text", ")")]
            delar.append(Del("text", " " + p.text))
        fordelning = [(getattr(p, k), label) for k, label in KON if getattr(p, k) is not None]
        poster.append(NyckeltalpostVy(delar, p.antal, p.av, share, fordelning))
    return NyckeltalVy(n.visning, poster)


def _cells(s: Svarsfordelning, angivet_som: str) -> list[Svarsandel | None]:
    parts = [s.negativt, s.varken_eller, s.positivt]
    if angivet_som == "procent":
        out: list[Svarsandel | None] = [Svarsandel(None, fran_procenttal(v)) for v in parts]
        out.append(Svarsandel(None, fran_procenttal(s.klart_positivt))
                   if s.klart_positivt is not None else None)
        return out
    total = sum(parts, ZERO)
    out = [Svarsandel(v, andel(v, total)) for v in parts]
    out.append(Svarsandel(s.klart_positivt, andel(s.klart_positivt, total))
               if s.klart_positivt is not None else None)
    return out


def enkat(e: Enkat, ar: int, format_rubrik=lambda s: s) -> EnkatVy:
    year = e.ar or ar
    rader = []
    for f in e.fragor:
        years = [(year, f.svar)]
        if f.foregaende is not None and e.jamforelse is not None:
            years.append((e.jamforelse.ar, f.foregaende))
        for i, (y, s) in enumerate(years):
            neg, varken, pos, klart = _cells(s, e.angivet_som)
            assert neg and varken and pos
            rader.append(EnkatRad(f.fraga, y, i == 0, neg, varken, pos, klart))
    rate = andel(e.svar, e.tillfragade)
    assert rate is not None
    return EnkatVy(
        rubrik=format_rubrik(e.rubrik), ar=year, tillfragade=e.tillfragade, svar=e.svar,
        svarsfrekvens=rate,
        jamforelse_ar=e.jamforelse.ar if e.jamforelse else None,
        jamforelse_svar=e.jamforelse.svar if e.jamforelse else None,
        visa=e.visa or e.angivet_som, rader=rader)


def budgettabell(b: Budgettabell, format_rubrik=lambda s: s) -> BudgettabellVy:
    """Rows, group sums, the total of all costs and the result (income minus costs).

    Differens follows :func:`reportgen.compute.rakningar.avvikelse`: positive when the
    outcome is better than budget. A sum's differens is the sum of its rows' differences.
    """
    rows: list[BudgetradVy] = []
    cost = [ZERO, ZERO, ZERO]
    income = [ZERO, ZERO]
    last_cost_group = max((i for i, g in enumerate(b.grupper) if g.typ == "kostnad"), default=-1)
    for gi, g in enumerate(b.grupper):
        if g.rubrik:
            rows.append(BudgetradVy(g.rubrik, ZERO, ZERO, ZERO, "rubrik"))
        acc = [ZERO, ZERO, ZERO]
        for r in g.rader:
            typ = r.typ or g.typ
            diff = avvikelse(typ, r.budget, r.utfall)
            rows.append(BudgetradVy(r.namn, r.budget, r.utfall, diff, "post"))
            acc = [acc[0] + r.budget, acc[1] + r.utfall, acc[2] + diff]
            if typ == "kostnad":
                cost = [cost[0] + r.budget, cost[1] + r.utfall, cost[2] + diff]
            else:
                income = [income[0] + r.budget, income[1] + r.utfall]
        if g.summa:
            rows.append(BudgetradVy(g.summa, acc[0], acc[1], acc[2], "summa"))
        if gi == last_cost_group and b.totalt:
            rows.append(BudgetradVy(b.totalt, cost[0], cost[1], cost[2], "totalsumma"))
    if b.resultat:
        budget = income[0] - cost[0]
        utfall = income[1] - cost[1]
        rows.append(BudgetradVy(b.resultat, budget, utfall, utfall - budget, "resultat"))
    return BudgettabellVy(format_rubrik(b.rubrik) if b.rubrik else None, b.forsta_kolumn,
                    [format_rubrik(k) for k in b.kolumner], rows, b.kalla)
