"""Goals of the verksamhetsplan and their follow-up per tertial (T1, T2, T3).

The goals are written once in the year file (``mal:``); each goal carries what was reported
for each period under ``uppfoljning:``. Per-period extras that are not about one goal (the
closing text on ekonomisk hushållning, the budget follow-up) live in the year-level
``tertial:`` block (:class:`Tertialuppfoljning`). How status is computed from indicators is
described in :mod:`reportgen.compute.tertial`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Base, Belopp, Markdown
from .ekonomi import Balanskrav, Balansrakning, Kassaflodesanalys, Resultatrakning

Tertial = Literal["T1", "T2", "T3"]
Status = Literal["uppfyllt", "delvis uppfyllt", "ej uppfyllt", "pågår"]
Arsbedomning = Literal["uppfyllt", "delvis uppfyllt", "ej uppfyllt"]
"""The year's assessment of a goal in the årsredovisning ('pågår' is no year's verdict)."""

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
    typ: Literal["verksamhetsmal", "finansiellt"] = "verksamhetsmal"
    """verksamhetsmal eller finansiellt (mål för god ekonomisk hushållning av båda slagen)."""
    bedomning: Arsbedomning | None = None
    """Årets bedömning i årsredovisningen: uppfyllt, delvis uppfyllt eller ej uppfyllt.
    Utelämnas den gäller helårsuppföljningens (T3) status."""


class TertialBudgetrad(Base):
    """Budget follow-up of one driftredovisning row for one period."""

    id: str
    """Driftredovisningens rad (driftredovisning.rader[].id); årsbudgeten hämtas därifrån."""
    utfall: Belopp
    """Utfall från 1 januari till periodens slut, i kronor (kostnader som positiva belopp)."""
    budget: Belopp | None = None
    """Budget från 1 januari till periodens slut (till exempel bokföringens periodbudget).
    Utelämnas den fördelas årsbudgeten jämnt eller enligt budgetprofil."""
    prognos: Belopp | None = None
    """Prognos för helåret. Utelämnas för T3 (då är utfallet helårets)."""


class TertialInsats(Base):
    """Follow-up of one insats for one period: its costs and its participants so far."""

    id: str
    """Insatsens id (insatser[].id); årsbudgeten hämtas från insatsens budget för året."""
    utfall: Belopp | None = None
    """Kostnader för insatsen från 1 januari till periodens slut, i kronor."""
    budget: Belopp | None = None
    """Insatsens budget från 1 januari till periodens slut (till exempel bokföringens
    periodbudget). Utelämnas den fördelas årsbudgeten jämnt över året."""
    prognos: Belopp | None = None
    """Prognos för insatsens kostnader helåret. Utelämnas för T3."""
    deltagare: int | None = Field(None, ge=0)
    """Antal deltagare från 1 januari till periodens slut. Utelämnas det räknas det fram
    som kvinnor + män när båda anges."""
    kvinnor: int | None = Field(None, ge=0)
    """Varav kvinnor (valfritt)."""
    man: int | None = Field(None, ge=0)
    """Varav män (valfritt)."""


class Prognos(Base):
    """The full-year prognosis made at the end of a period."""

    resultatrakning: Resultatrakning | None = None
    """Prognos för helårets resultaträkning. Utelämnas den räknas den fram ur
    budgetradernas prognoser (intäkter och kostnader), när varje rad har en prognos."""
    balanskrav: Balanskrav = Balanskrav()
    """Balanskravsjusteringar som väntas under året (realisationsvinster, reservering till
    eller användning av resultatutjämningsreserv …); balanskravsresultatet räknas fram på
    prognosen."""


class Jamforelse(Base):
    """The same period of the prior year, typed when the prior year's file does not hold it."""

    fran: dt.date
    """Jämförelseperiodens första dag, normalt 1 januari föregående år."""
    till: dt.date
    """Jämförelseperiodens sista dag, till exempel 2023-08-31 för en delårsrapport per
    2024-08-31. Perioden ska vara lika lång som rapportperioden."""
    resultatrakning: Resultatrakning
    """Resultaträkningen för jämförelseperioden (kostnader negativa)."""


class Delarstexter(Base):
    """The förenklad förvaltningsberättelse of the delårsrapport (LKBR 13 kap.; RKR R17)."""

    beslutad: dt.date | None = None
    """Datum då styrelsen beslutade delårsrapporten."""
    inledning: Markdown | None = None
    """Text under rubriken, före förvaltningsberättelsen (valfri)."""
    vasentliga_handelser: Markdown | None = None
    """Väsentliga händelser under perioden och efter periodens slut."""
    god_ekonomisk_hushallning: Markdown | None = None
    """Bedömning av god ekonomisk hushållning och målen, med prognos för helåret."""
    balanskrav: Markdown | None = None
    """Kommentar till balanskravsresultatet enligt prognosen (valfri)."""
    forvantad_utveckling: Markdown | None = None
    """Förväntad utveckling under resten av året och framåt."""
    redovisningsprinciper: Markdown | None = None
    """Not om redovisningsprinciper: att delårsrapporten följer samma principer som
    årsredovisningen, eller vad som skiljer."""


class TertialPeriod(Base):
    """Texts and figures of one period (T1, T2, T3) that do not belong to a goal.

    The statements here cover 1 January to the period's end; the delårsrapport is made from
    them, and the tertialrapport shows their prognos.
    """

    inledning: Markdown | None = None
    """Text före målen (valfri)."""
    ekonomi: Markdown | None = None
    """Avsnittet 'Ekonomisk hushållning och budgetuppföljning'."""
    budget: list[TertialBudgetrad] = []
    """Budgetuppföljning per rad i driftredovisningen."""
    insatser: list[TertialInsats] = []
    """Uppföljning per insats: kostnader och deltagare hittills under året."""
    resultatrakning: Resultatrakning | None = None
    """Resultaträkning från 1 januari till periodens slut (kostnader negativa)."""
    balansrakning: Balansrakning | None = None
    """Balansräkning vid periodens slut. Eget kapital: ingående är eget kapital vid årets
    början; periodens resultat räknas fram ur resultaträkningen ovan."""
    periodbudget: Resultatrakning | None = None
    """Budget för perioden (1 januari till periodens slut) uppställd som resultaträkning, till
    exempel bokföringens periodbudget. Utelämnas den är den årsbudgeten (tertial.arsbudget)
    fördelad jämnt över året."""
    kassaflodesanalys: Kassaflodesanalys | None = None
    """Periodens investerings- och finansieringsflöden (annars räknas de som noll); resten
    av kassaflödesanalysen räknas fram ur räkningarna."""
    prognos: Prognos | None = None
    """Helårsprognos gjord vid periodens slut."""
    jamforelse: Jamforelse | None = None
    """Samma period föregående år, när föregående års fil saknas eller inte har perioden."""
    delarsrapport: Delarstexter | None = None
    """Delårsrapportens texter (förenklad förvaltningsberättelse)."""
    datum: dt.date | None = None
    """Tertialrapportens datum (ÅÅÅÅ-MM-DD), till exempel när styrelsen behandlade den;
    utelämnas det står periodens sista dag. Ett datum före periodens slut ger en varning."""

    @property
    def har_ekonomi(self) -> bool:
        """Whether the period holds any economic figure (budget rows, insatser, statements)."""
        return bool(self.budget or self.insatser or self.resultatrakning is not None
                    or self.prognos is not None)


class Tertialuppfoljning(Base):
    """The year-level ``tertial:`` block: per-period extras of the tertialrapporter."""

    budgetprofil: dict[str, list[Belopp]] = {}
    """Budget per månad (tolv belopp, januari först) per driftredovisningsrad-id, när
    budgeten inte fördelas jämnt över året. Summan ska vara radens årsbudget."""
    arsbudget: Resultatrakning | None = None
    """Årets budget uppställd som resultaträkning (delårsrapportens budgetkolumn).
    Utelämnas den räknas den fram ur driftredovisningens budget: intäktsrader blir
    verksamhetens intäkter, kostnadsrader verksamhetens kostnader."""
    T1: TertialPeriod | None = None
    """Januari–april."""
    T2: TertialPeriod | None = None
    """Januari–augusti."""
    T3: TertialPeriod | None = None
    """Januari–december."""

    def period(self, tertial: str) -> TertialPeriod | None:
        return getattr(self, tertial, None)
