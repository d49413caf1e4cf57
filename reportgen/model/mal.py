"""Goals of the verksamhetsplan and their follow-up per tertial (T1, T2, T3).

The goals are written once in the year file (``mal:``); each goal carries what was reported
for each period under ``uppfoljning:``. Per-period extras that are not about one goal (the
closing text on ekonomisk hushållning, the budget follow-up) live in the year-level
``tertial:`` block (:class:`Tertialuppfoljning`). How status is computed from indicators is
described in :mod:`reportgen.compute.tertial`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Base, Belopp, Markdown

Tertial = Literal["T1", "T2", "T3"]
Status = Literal["uppfyllt", "delvis uppfyllt", "ej uppfyllt", "pågår"]

TERTIALER: tuple[str, ...] = ("T1", "T2", "T3")
MANADER: dict[str, int] = {"T1": 4, "T2": 8, "T3": 12}
"""Months from 1 January to the end of each period (the periods are cumulative)."""


class Indikator(Base):
    """A measurable target of a goal."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Id som utfallet anges med under uppfoljning.<period>.utfall."""
    namn: str
    """Indikatorns namn som det står i rapporten."""
    malvarde: Decimal
    """Målvärdet som utfallet jämförs med, i indikatorns enhet."""
    enhet: str = "st"
    """Enhet: st, %, personer …"""
    per: Literal["tertial", "ar"] = "ar"
    """Om målvärdet gäller varje tertial för sig (utfallet anges då för tertialet) eller hela
    året (utfallet anges då från 1 januari till periodens slut)."""
    riktning: Literal["hogre", "lagre"] = "hogre"
    """hogre om högre utfall är bättre, lagre om lägre är bättre."""
    summeras: bool | None = None
    """Om utfallet växer under året (antal, besök, kronor), så att ett årsmål periodiseras
    (4/12 efter T1, 8/12 efter T2). Standard: ja, utom när enheten är %."""

    @property
    def ackumulerande(self) -> bool:
        """Whether an annual target is pro-rated for T1 and T2."""
        if self.summeras is not None:
            return self.summeras
        return self.enhet.strip() != "%"


class Uppfoljning(Base):
    """What was reported on a goal for one period."""

    text: Markdown | None = None
    """Vad som har hänt under perioden (Markdown)."""
    status: Status | None = None
    """Sätts för hand när målet saknar mätbara indikatorer; annars räknas status fram."""
    utfall: dict[str, Decimal] = {}
    """Utfall per indikator-id för perioden."""


class Mal(Base):
    """A goal of the year's verksamhetsplan."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Id som målet känns igen på (små bokstäver, siffror och -)."""
    nummer: int | None = None
    """Målets nummer ('Mål 1'); utelämnas om målen inte numreras."""
    rubrik: str
    """Målets rubrik, till exempel 'Aktiv hemsida'."""
    malsattningar: list[str] = []
    """Målsättningarna som punkter."""
    indikatorer: list[Indikator] = []
    """Målets mätbara indikatorer; status räknas fram ur dem."""
    uppfoljning: dict[Tertial, Uppfoljning] = {}
    """Uppföljning per period: T1 (jan–apr), T2 (jan–aug), T3 (helår)."""


class TertialBudgetrad(Base):
    """Budget follow-up of one driftredovisning row for one period."""

    id: str
    """Driftredovisningens rad (driftredovisning.rader[].id); årsbudgeten hämtas därifrån."""
    utfall: Belopp
    """Utfall från 1 januari till periodens slut, i kronor (kostnader som positiva belopp)."""
    prognos: Belopp | None = None
    """Prognos för helåret. Utelämnas för T3 (då är utfallet helårets)."""


class TertialPeriod(Base):
    """Texts and figures of one tertialrapport that do not belong to a goal."""

    inledning: Markdown | None = None
    """Text före målen (valfri)."""
    ekonomi: Markdown | None = None
    """Avsnittet 'Ekonomisk hushållning och budgetuppföljning'."""
    budget: list[TertialBudgetrad] = []
    """Budgetuppföljning per rad i driftredovisningen."""


class Tertialuppfoljning(Base):
    """The year-level ``tertial:`` block: per-period extras of the tertialrapporter."""

    budgetprofil: dict[str, list[Belopp]] = {}
    """Budget per månad (tolv belopp, januari först) per driftredovisningsrad-id, när
    budgeten inte fördelas jämnt över året. Summan ska vara radens årsbudget."""
    T1: TertialPeriod | None = None
    """Januari–april."""
    T2: TertialPeriod | None = None
    """Januari–augusti."""
    T3: TertialPeriod | None = None
    """Januari–december."""

    def period(self, tertial: str) -> TertialPeriod | None:
        return getattr(self, tertial, None)
