"""Financed insatser (projects, networks, förstudier), one card each in the report."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .base import Base, Belopp, Markdown


class Period(Base):
    start: dt.date
    """Periodens första dag."""
    slut: dt.date
    """Periodens sista dag."""
    etikett: str | None = None
    """Namn på delperioden om insatsen har flera, till exempel 'KV 2.0'."""
    anmarkning: str | None = None
    """Till exempel 'avslutad 2023-05-31'."""


class InsatsBudget(Base):
    etikett: str | None = None
    """Namn på delen om budgeten är uppdelad, till exempel 'KV 3.0'."""
    total: Belopp | None = None
    """Projektbudget totalt."""
    ar: Belopp | None = None
    """Budget för rapportåret."""
    anmarkning: str | None = None
    """Till exempel 'efter ändringsansökan'."""


class Insats(Base):
    """A financed insats, as shown on its card."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Id som kopplar insatsen till budgetrader och uppföljning."""
    namn: str
    """Insatsens namn som det står på kortet."""
    typ: str | None = None
    """Projekt, förstudie, nätverk, samverkansinsats …"""
    projektagare: str | None = None
    """Organisationen som äger insatsen, till exempel Kristianstads kommun."""
    samverkan: str | None = None
    """Vilka parter som samverkar, som en mening."""
    perioder: list[Period] = []
    """Insatsens period eller delperioder, med start- och slutdatum."""
    budget: list[InsatsBudget] = []
    """Insatsens budget: totalt och för året, eventuellt per del."""
    utfall: Belopp | None = None
    """Utfall, kostnader under rapportåret."""
    objekt: str | None = None
    """Insatsens objekt i bokföringen (projektdimensionen); ger utfallet ur SIE-filen."""
    deltagare: int | None = Field(None, ge=0)
    """Antal deltagare under året; ger kostnad per deltagare."""
    ur_ansokan: Markdown | None = None
    """Citat ur ansökan."""
    malgrupp: Markdown | None = None
    """Insatsens målgrupp (Markdown)."""
    mal: Markdown | None = None
    """Insatsens mål (Markdown)."""
    beskrivning: Markdown | None = None
    """Årets redovisning av insatsen."""
    oversikt: str | None = None
    """En rad till översikten över samverkansportföljen."""
