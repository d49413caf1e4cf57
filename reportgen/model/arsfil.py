"""The year file ``data/<förbund>/<år>.yaml``: everything that changes from year to year."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import Base, Belopp, Markdown
from .budget import Budget, Verksamhetsplan
from .dokument import Avsnitt
from .ekonomi import (
    Balanskrav,
    Balansrakning,
    Driftredovisning,
    Investeringsredovisning,
    Kassaflodesanalys,
    Not,
    Resultatrakning,
)
from .insatser import Insats
from .mal import Mal, Tertialuppfoljning
from .organisation import Deltagare, Medarbetare, Personal, Styrelse, Underskrifter


class Organisation(Base):
    styrelse: Styrelse
    """Styrelsens ledamöter och ersättare och antalet möten."""
    beredningsgrupp: list[Deltagare] = []
    """Beredningsgruppens deltagare (tjänstepersoner från medlemmarna)."""
    kansli: list[Medarbetare] = []
    """Kansliets medarbetare med roll och omfattning."""


class ForegaendeAr(Base):
    """Prior-year figures, used only when ``<år-1>.yaml`` does not exist.

    When it exists, figures typed here are checked against it.
    """

    resultatrakning: Resultatrakning | None = None
    """Föregående års resultaträkning, samma fält som årets."""
    balansrakning: Balansrakning | None = None
    """Föregående års balansräkning, samma fält som årets."""
    driftredovisning: Driftredovisning | None = None
    """Föregående års driftredovisning, samma fält som årets."""
    antal_anstallda: int | None = None
    """Antal anställda föregående år, för flerårsöversikten."""
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


class HandelserEfterBalansdagen(Base):
    """Händelser efter balansdagen (LKBR 11 kap., RKR R15): what happened after 31
    December and before the report was drawn up, or the statement that nothing did."""

    text: Markdown | None = None
    """Väsentliga händelser efter balansdagen (Markdown)."""
    inga: bool = False
    """true när inga väsentliga händelser har inträffat efter balansdagen; rapporten säger
    det då i ord."""

    @model_validator(mode="after")
    def _text_or_inga(self) -> HandelserEfterBalansdagen:
        if self.inga and self.text:
            raise ValueError("skriv antingen text: (händelserna) eller inga: true, inte båda")
        if not self.inga and not (self.text and self.text.strip()):
            raise ValueError("skriv händelserna under text:, eller inga: true om inga "
                             "väsentliga händelser har inträffat efter balansdagen")
        return self


class Arsredovisning(Base):
    """Settings and texts of the annual report."""

    titel: str | None = None
    """Standard: 'Årsredovisning {ar}'."""
    undertitel: str | None = None
    """Rad under titeln på omslaget, till exempel förbundets namn."""
    beslutad: dt.date | None = None
    """Datum då styrelsen beslutade årsredovisningen."""
    diarienummer: str | None = None
    """Diarienummer som visas på omslaget, till exempel 'Dnr 2024/12'."""
    datum: dt.date | None = None
    """Ett datum som visas på omslaget (till exempel när rapporten skrevs), om det inte är
    beslutsdatumet."""
    avsnitt: list[Avsnitt] | None = None
    """Rapportens avsnitt i ordning; utelämnas det används standardordningen enligt RKR R15."""
    texter: dict[str, Markdown] = {}
    """Texter till standardordningens avsnitt, per avsnitts-id."""
    oforandrade: list[str] = []
    """Id för texter som medvetet står kvar ordagrant som förra året (annars en varning)."""
    numrering: bool = True
    """Numrera rubrikerna (1, 1.1, 1.1.1)."""
    jamforelse_saknas: Markdown | None = None
    """När föregående års siffror saknas: en mening som säger det och varför, till exempel
    'Jämförelsetal för 2021 ingår inte i underlaget.' Den står under varje räkning utan
    jämförelsekolumn; skriv aldrig in siffror som inte finns."""
    handelser_efter_balansdagen: HandelserEfterBalansdagen | None = None
    """Händelser efter balansdagen (LKBR 11 kap., RKR R15): text: med händelserna, eller
    inga: true. Visas i förvaltningsberättelsen (blocket handelser_efter_balansdagen)."""
    samlad_bedomning: Markdown | None = None
    """Styrelsens samlade bedömning av god ekonomisk hushållning: om verksamhetsmålen och de
    finansiella målen sammantaget har nåtts (LKBR 11 kap., RKR R15). Visas före målen."""


class Arsfil(Base):
    """One förbund's data for one year."""

    ar: int = Field(ge=2000, le=2100)
    """Rapportåret."""
    bokforing: Bokforing | None = None
    """Bokföringen som räkningarna hämtas ur (SIE-fil och kontoplan). Belopp som ändå skrivs i
    årsfilen kontrolleras mot bokföringen."""
    arsredovisning: Arsredovisning = Arsredovisning()
    """Årsredovisningens titel, beslut och avsnitt med texter (förvaltningsberättelsen)."""
    organisation: Organisation | None = None
    """Styrelse, beredningsgrupp och kansli under året."""
    personal: Personal | None = None
    """Kansliets personal: antal anställda, sjukfrånvaro och en text."""
    mal: list[Mal] = []
    """Verksamhetsplanens mål med uppföljning per tertial."""
    tertial: Tertialuppfoljning = Tertialuppfoljning()
    """Tertialrapporternas avsnitt utanför målen: ekonomitext och budgetuppföljning per period."""
    insatser: list[Insats] = []
    """De finansierade insatserna (projekt, förstudier, nätverk), ett kort var i rapporten."""
    resultatrakning: Resultatrakning | None = None
    """Resultaträkningen: intäkter positiva, kostnader negativa, i kronor. Summorna räknas fram."""
    balansrakning: Balansrakning | None = None
    """Balansräkningen vid årets slut, i kronor. Summorna räknas fram och kontrolleras."""
    kassaflodesanalys: Kassaflodesanalys = Kassaflodesanalys()
    """Kassaflödesanalysen; den löpande verksamheten räknas fram ur räkningarna."""
    driftredovisning: Driftredovisning | None = None
    """Driftredovisningen: budget och utfall per rad."""
    investeringsredovisning: Investeringsredovisning | None = None
    """Investeringsredovisningen (LKBR 10 kap. 2 §): budget och utfall per investering."""
    balanskrav: Balanskrav = Balanskrav()
    """Balanskravsutredningen: justeringar av årets resultat och resultatutjämningsreserven."""
    noter: list[Not] = []
    """Noterna till räkningarna; numren räknas fram i den ordning de står här."""
    underskrifter: Underskrifter | None = None
    """Ort, datum och vilka som skriver under årsredovisningen."""
    foregaende_ar: ForegaendeAr | None = None
    """Föregående års siffror, bara när föregående års fil (<år-1>.yaml) saknas."""
    godkanda_avvikelser: list[Godkand] = []
    """Kända skillnader som godtas med motivering; visas som varningar."""
    kommentar: Markdown | None = None
    """Intern kommentar; visas inte i rapporten."""
    verksamhetsplan: Verksamhetsplan | None = None
    """Verksamhetsplanens texter och avsnitt (rapporten verksamhetsplan)."""
    budget: Budget | None = None
    """Budget för planåret och prognosåren, med fördelningsmodell och riktlinje för eget kapital."""
    belopp_i_ore: bool = False
    """Beloppen är i kronor och öre (till exempel ur bokföringen): alla summor räknas i öre
    och varje tryckt belopp avrundas en gång till hela kronor, och regeln står under
    räkningarna. Utan den ska alla belopp vara hela kronor."""
