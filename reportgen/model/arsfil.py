"""The year file ``data/<förbund>/<år>.yaml``: everything that changes from year to year."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .base import Base, Belopp, Markdown
from .budget import Budget, Verksamhetsplan
from .dokument import Avsnitt
from .ekonomi import (
    Balanskrav,
    Balansrakning,
    Driftredovisning,
    Kassaflodesanalys,
    Not,
    Resultatrakning,
)
from .insatser import Insats
from .mal import Mal, Tertialuppfoljning
from .organisation import Deltagare, Medarbetare, Personal, Styrelse, Underskrifter


class Organisation(Base):
    styrelse: Styrelse
    beredningsgrupp: list[Deltagare] = []
    kansli: list[Medarbetare] = []


class ForegaendeAr(Base):
    """Prior-year figures, used only when ``<år-1>.yaml`` does not exist.

    When it exists, figures typed here are checked against it.
    """

    resultatrakning: Resultatrakning | None = None
    balansrakning: Balansrakning | None = None
    driftredovisning: Driftredovisning | None = None
    antal_anstallda: int | None = None
    kassaflodesanalys: Kassaflodesanalys | None = None
    """Föregående års investerings- och finansieringsflöden (annars räknas de som noll)."""
    noter: list[Not] = []
    """Föregående års noter (samma id som i årets noter), när föregående års fil saknas."""
    ingaende_balansrakning: Balansrakning | None = None
    """Balansräkningen vid föregående års början, för föregående års kassaflödesanalys och
    kontrollen att eget kapital rullar vidare."""


class Godkand(Base):
    """A known difference accepted explicitly: reported as a warning instead of an error."""

    kontroll: str
    """Namnet på kontrollen, som det står i felmeddelandet (till exempel
    balansrakning_balanserar)."""
    falt: str | None = None
    """Fältet kontrollen gäller, om den gäller flera."""
    belopp: Belopp
    """Den skillnad som godtas, i kronor (till exempel 1)."""
    skal: str = Field(min_length=5)
    """Varför skillnaden godtas, till exempel 'öresavrundning i bokföringen'."""


class Bokforing(Base):
    """Where the year's books are: the statements and notes then come from them."""

    sie: str = Field(min_length=1)
    """SIE-filen med årets bokföring, bredvid årsfilen, till exempel 2023.se (SIE 4 eller
    SIE 1–3 exporterad ur bokföringsprogrammet)."""
    kontoplan: str = "kommun-bas"
    """Vilken kontoplan kontona följer: kommun-bas (bokföringen sköts av en kommun) eller bas
    (av en redovisningsbyrå). Ändras eller kompletteras i data/<förbund>/kontoplan.yaml."""
    insatsdimension: str | int = "6"
    """Dimensionen i bokföringen vars objekt är insatserna (SIE: 6 = projekt); en insats med
    objekt: får sitt utfall därifrån."""


class Arsredovisning(Base):
    """Settings and texts of the annual report."""

    titel: str | None = None
    """Standard: 'Årsredovisning {ar}'."""
    undertitel: str | None = None
    beslutad: dt.date | None = None
    """Datum då styrelsen beslutade årsredovisningen."""
    avsnitt: list[Avsnitt] | None = None
    """Rapportens avsnitt i ordning; utelämnas det används standardordningen enligt RKR R15."""
    texter: dict[str, Markdown] = {}
    """Texter till standardordningens avsnitt, per avsnitts-id."""
    oforandrade: list[str] = []
    """Id för texter som medvetet står kvar ordagrant som förra året (annars en varning)."""
    numrering: bool = True
    """Numrera rubrikerna (1, 1.1, 1.1.1)."""


class Arsfil(Base):
    """One förbund's data for one year."""

    ar: int = Field(ge=2000, le=2100)
    """Rapportåret."""
    bokforing: Bokforing | None = None
    """Bokföringen som räkningarna hämtas ur (SIE-fil och kontoplan). Belopp som ändå skrivs i
    årsfilen kontrolleras mot bokföringen."""
    arsredovisning: Arsredovisning = Arsredovisning()
    organisation: Organisation | None = None
    personal: Personal | None = None
    mal: list[Mal] = []
    """Verksamhetsplanens mål med uppföljning per tertial."""
    tertial: Tertialuppfoljning = Tertialuppfoljning()
    """Tertialrapporternas avsnitt utanför målen: ekonomitext och budgetuppföljning per period."""
    insatser: list[Insats] = []
    resultatrakning: Resultatrakning | None = None
    balansrakning: Balansrakning | None = None
    kassaflodesanalys: Kassaflodesanalys = Kassaflodesanalys()
    driftredovisning: Driftredovisning | None = None
    balanskrav: Balanskrav = Balanskrav()
    noter: list[Not] = []
    underskrifter: Underskrifter | None = None
    foregaende_ar: ForegaendeAr | None = None
    godkanda_avvikelser: list[Godkand] = []
    """Kända skillnader som godtas med motivering; visas som varningar."""
    kommentar: Markdown | None = None
    """Intern kommentar; visas inte i rapporten."""
    verksamhetsplan: Verksamhetsplan | None = None
    """Verksamhetsplanens texter och avsnitt (rapporten verksamhetsplan)."""
    budget: Budget | None = None
    """Budget för planåret och prognosåren, med fördelningsmodell och riktlinje för eget kapital."""
