"""Financed insatser (projects, networks, förstudier), one card each in the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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


class Kon(Base):
    """A number of people by kön; the total is computed (``totalt``, if typed, is checked)."""

    kvinnor: int | None = Field(None, ge=0)
    """Antal kvinnor."""
    man: int | None = Field(None, ge=0)
    """Antal män."""
    annat: int | None = Field(None, ge=0)
    """Antal med annat juridiskt kön eller annan könsidentitet, om rapporten anger det."""
    ej_uppgett: int | None = Field(None, ge=0)
    """Antal som inte uppgett kön."""
    totalt: int | None = Field(None, ge=0)
    """Totalen som den står i rapporten; behövs inte (den räknas fram) men kontrolleras."""


class Utfallspost(Base):
    """One outcome of the avslutade deltagare (arbete, studier, aktivt arbetssökande …)."""

    etikett: str
    """Vad deltagarna gick vidare till, till exempel 'arbete eller studier'."""
    antal: int = Field(ge=0)
    """Antal avslutade deltagare med detta utfall; andelen av de avslutade räknas fram."""


class Avslutade(Base):
    """The deltagare who ended the insats during the year, and where they went."""

    antal: int | None = Field(None, ge=0)
    """Antal avslutade deltagare (räknas fram ur kon om det inte anges)."""
    kon: Kon | None = None
    """Avslutade deltagare per kön."""
    utfall: list[Utfallspost] = []
    """Stegförflyttning eller utfall efter avslut, med antal; andelen räknas fram."""


class KvantitativtMal(Base):
    """A measurable goal: target and outcome; the share reached is computed."""

    mal: str
    """Vad som mäts, till exempel 'Individer som fått ett kompetensintyg'."""
    malvarde: Decimal = Field(gt=0)
    """Målvärdet, till exempel 140."""
    utfall: Decimal | None = Field(None, ge=0)
    """Utfallet; utan det står målet som ej mätt."""
    grupp: str | None = None
    """Delen av insatsen eller målet det gäller, till exempel 'KV 2.0, mål för 2022–2023'."""
    anmarkning: str | None = None
    """Till exempel 'vid projektslut'."""


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
    """Antal deltagare under året; ger kostnad per deltagare. Med deltagare_kon räknas
    antalet fram och ett angivet tal kontrolleras mot summan."""
    deltagare_kon: Kon | None = None
    """Deltagare under året per kön (kvinnor, man, annat, ej_uppgett); totalen räknas fram."""
    avslutade: Avslutade | None = None
    """Deltagare som avslutats under året och vad de gick vidare till."""
    syfte: Markdown | None = None
    """Insatsens syfte (Markdown)."""
    ur_ansokan: Markdown | None = None
    """Citat ur ansökan."""
    malgrupp: Markdown | None = None
    """Insatsens målgrupp (Markdown)."""
    mal: Markdown | None = None
    """Insatsens mål (Markdown)."""
    kvantitativa_mal: list[KvantitativtMal] = []
    """Mätbara mål med målvärde och utfall; andelen av målet räknas fram."""
    beskrivning: Markdown | None = None
    """Årets redovisning av insatsen."""
    oversikt: str | None = None
    """En rad till översikten över samverkansportföljen."""
    resultat: Markdown | None = None
    """Årets resultat för insatsen (Markdown)."""
    maluppfyllelse: Markdown | None = None
    """Bedömning av måluppfyllelsen (Markdown)."""
    avvikelse: Markdown | None = None
    """Avvikelser från plan och budget och varför (Markdown)."""
    jamstalldhetsanalys: Markdown | None = None
    """Jämställdhetsanalys av insatsen (Markdown)."""
    analys_deltagare: Markdown | None = None
    """Analys av deltagarna: vilka insatsen nådde och vilka den inte nådde (Markdown)."""
    falt: dict[str, Markdown] = {}
    """Förbundets egna fält på kortet, med namnen som forbund.yaml anger under
    insatskort.falt (till exempel `finansiering: ...`)."""
