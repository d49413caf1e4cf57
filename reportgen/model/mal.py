"""Goals of the verksamhetsplan and their follow-up per tertial (T1, T2, T3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Base, Markdown

Tertial = Literal["T1", "T2", "T3"]
Status = Literal["uppfyllt", "delvis uppfyllt", "ej uppfyllt", "pågår"]


class Indikator(Base):
    """A measurable target of a goal."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    namn: str
    malvarde: Decimal
    """Målvärde."""
    enhet: str = "st"
    """Enhet: st, %, personer …"""
    per: Literal["tertial", "ar"] = "ar"
    """Om målvärdet gäller varje tertial eller hela året."""
    riktning: Literal["hogre", "lagre"] = "hogre"
    """hogre om högre utfall är bättre, lagre om lägre är bättre."""


class Uppfoljning(Base):
    """What was reported on a goal for one period."""

    text: Markdown | None = None
    status: Status | None = None
    """Sätts för hand när målet saknar mätbara indikatorer; annars räknas status fram."""
    utfall: dict[str, Decimal] = {}
    """Utfall per indikator-id för perioden."""


class Mal(Base):
    """A goal of the year's verksamhetsplan."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    nummer: int | None = None
    """Målets nummer ('Mål 1'); utelämnas om målen inte numreras."""
    rubrik: str
    malsattningar: list[str] = []
    """Målsättningarna som punkter."""
    indikatorer: list[Indikator] = []
    uppfoljning: dict[Tertial, Uppfoljning] = {}
    """Uppföljning per period: T1 (jan–apr), T2 (jan–aug), T3 (helår)."""
