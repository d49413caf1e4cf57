"""The document tree: sections in order, each with text, standard blocks and tables.

A förbund chooses which standard sections appear and in what order, and adds its own,
nested to any depth; numbering (1, 1.1, 1.2.1), the table of contents and anchors are
derived in :mod:`reportgen.compute`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from ..format import parse_belopp
from .base import Base, Belopp, KontrollBelopp, Markdown, _money


def _number(value: Any) -> Any:
    """Like an amount, but '64 %' is accepted too (the sign is dropped)."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
    return _money(value)

StandardBlock = Literal[
    "styrelse",
    "beredningsgrupp",
    "kansli",
    "personal",
    "flerarsoversikt",
    "driftredovisning",
    "investeringsredovisning",
    "balanskrav",
    "mal",
    "insatser",
    "insatser_oversikt",
    "insatser_summering",
    "resultatrakning",
    "balansrakning",
    "kassaflodesanalys",
    "noter",
    "underskrifter",
    "underskrifter_styrelse",
    "underskrifter_revisorer",
    "handelser_efter_balansdagen",
]

Kolumnformat = Literal["text", "kr", "tkr", "procent", "antal"]


class Kolumn(Base):
    rubrik: str = ""
    """Kolumnens rubrik i tabellhuvudet; {ar}, {foregaende_ar} och {forbund} ersätts. Får vara
    tom bara i en layouttabell."""
    format: Kolumnformat = "kr"
    """text, kr, tkr, procent eller antal. Belopp (kr, tkr) skrivs i hela kronor; tkr-kolumnen
    avrundar vid utskrift. Procent skrivs som procenttal, inte andel: 64 betyder 64 %
    (decimaler går, 12,5; "64 %" går också). Summarader summerar kr, tkr och antal men
    lämnar procentkolumner tomma, eftersom procent av olika helheter inte kan adderas."""


class Tabellrad(Base):
    celler: list[str | Belopp | None] = []
    """Cellerna i kolumnordning; första cellen är oftast radens text."""
    summa: bool = False
    """Summarad: talkolumnerna räknas fram som summan av raderna ovanför."""
    rubrik: bool = False
    """Mellanrubrik utan tal."""

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"celler": value}
        return value


class Kolumngrupp(Base):
    """A heading over several adjacent columns (the upper of two header rows)."""

    rubrik: str = ""
    """Gruppens rubrik; tom för kolumner utan grupp. {ar} med flera ersätts."""
    kolumner: int = Field(1, ge=1)
    """Hur många kolumner gruppen spänner över."""


class Tabell(Base):
    """A table typed in the data: a heading row, rows of text and amounts, computed sums."""

    rubrik: str | None = None
    """Tabellens rubrik (caption)."""
    kolumner: list[Kolumn]
    """Tabellens kolumner i ordning, med rubrik och format."""
    rader: list[Tabellrad]
    """Tabellens rader; varje rad har en cell per kolumn."""
    kalla: str | None = None
    """Källa eller kommentar under tabellen."""
    grupper: list[Kolumngrupp] = []
    """En rubrikrad ovanför kolumnrubrikerna som grupperar kolumner, från vänster; tom
    rubrik för kolumner utan grupp. Antalet kolumner i grupperna ska bli tabellens."""
    layouttabell: bool = False
    """En tabell som bara ställer upp text i rutnät, utan rubrikrad (kolumnrubrikerna får
    då vara tomma och visas inte)."""

    @model_validator(mode="after")
    def _header(self) -> Tabell:
        """A header row unless declared a layout table; groups span all the columns."""
        if not self.layouttabell:
            empty = [str(n) for n, k in enumerate(self.kolumner, start=1) if not k.rubrik.strip()]
            if empty:
                raise ValueError(
                    f"kolumn {', '.join(empty)} saknar rubrik; en tabell utan rubrikrad ska "
                    "ange layouttabell: true")
        if self.grupper and sum(g.kolumner for g in self.grupper) != len(self.kolumner):
            raise ValueError(
                f"grupperna spänner över {sum(g.kolumner for g in self.grupper)} kolumner men "
                f"tabellen har {len(self.kolumner)}")
        return self

    @model_validator(mode="after")
    def _numbers(self) -> Tabell:
        """Cells of number columns typed as text ("12 492 000", "64 %") become numbers."""
        for n, rad in enumerate(self.rader, start=1):
            if rad.rubrik:
                continue
            if len(rad.celler) > len(self.kolumner):
                raise ValueError(f"rad {n} har {len(rad.celler)} celler men tabellen har "
                                 f"{len(self.kolumner)} kolumner")
            for i, kolumn in enumerate(self.kolumner):
                if i >= len(rad.celler) or kolumn.format == "text":
                    continue
                cell = rad.celler[i]
                if isinstance(cell, str):
                    text = cell.strip()
                    if kolumn.format == "procent":
                        text = text.removesuffix("%").strip()
                    try:
                        rad.celler[i] = parse_belopp(text)
                    except ValueError:
                        raise ValueError(
                            f"rad {n}, kolumn '{kolumn.rubrik}' ({kolumn.format}): '{cell}' är "
                            "inget tal") from None
        return self


# ---------------------------------------------------------------- charts, key figures, surveys

Tal = Annotated[Decimal, BeforeValidator(_number),
                Field(json_schema_extra={"type": ["number", "string"]})]
"""A number: an integer, a decimal (12.5) or Swedish text ("1 234", "12,5")."""

Antal = Annotated[int, Field(ge=0)]


class Serie(Base):
    """One data series of a chart: a name and one value per category."""

    namn: str
    """Seriens namn (visas i förklaringen när det finns fler än en serie)."""
    varden: list[Tal]
    """Ett värde per kategori, i kategoriernas ordning."""


Diagramtyp = Literal["stapel", "liggande", "staplad", "cirkel", "ring"]


class Diagram(Base):
    """A chart drawn from data (SVG), with the figures as a table for screen readers."""

    typ: Diagramtyp
    """stapel (lodräta staplar; flera serier blir grupperade staplar), liggande (vågräta
    staplar, bra för långa kategorinamn), staplad (serierna staplade på varandra), cirkel
    eller ring (cirkeldiagram med hål; en serie, andelarna räknas fram)."""
    rubrik: str
    """Diagrammets rubrik (bildtext). Får innehålla {ar}."""
    alt: str = Field(min_length=10)
    """Alternativtext på svenska för den som inte ser diagrammet: vad det visar och vad
    man ska lägga märke till, till exempel 'Antalet aktiva deltagare ökade från 12 i maj
    till 180 i december.'"""
    kategorier: list[str] = Field(min_length=1)
    """Kategorierna: staplarnas etiketter eller cirkelns delar (till exempel månaderna)."""
    serier: list[Serie] = []
    """Dataserierna. För cirkel och ring exakt en serie."""
    varden: list[Tal] | None = None
    """Kortform för en enda serie: ett värde per kategori."""
    enhet: Literal["antal", "kr", "tkr", "procent"] = "antal"
    """Hur talen skrivs: antal, kr, tkr eller procent (procenttal: 64 betyder 64 %)."""
    axeltext: str | None = None
    """Text vid värdeaxeln, till exempel 'Antal deltagare'."""
    visa_tabell: bool = False
    """Visa talen som tabell under diagrammet (annars finns tabellen bara för skärmläsare)."""
    kalla: str | None = None
    """Källa eller kommentar under diagrammet."""

    @model_validator(mode="after")
    def _series(self) -> Diagram:
        if self.varden is not None:
            if self.serier:
                raise ValueError("ange antingen varden (en serie) eller serier, inte båda")
            self.serier = [Serie(namn=self.rubrik, varden=self.varden)]
            self.varden = None
        if not self.serier:
            raise ValueError("diagrammet saknar data: ange varden eller serier")
        for s in self.serier:
            if len(s.varden) != len(self.kategorier):
                raise ValueError(f"serien '{s.namn}' har {len(s.varden)} värden men det finns "
                                 f"{len(self.kategorier)} kategorier")
        if self.typ in ("cirkel", "ring"):
            if len(self.serier) != 1:
                raise ValueError(f"ett {self.typ}diagram har exakt en serie, fick "
                                 f"{len(self.serier)}")
            if any(v < 0 for v in self.serier[0].varden):
                raise ValueError(f"ett {self.typ}diagram kan inte visa negativa värden")
            if sum(self.serier[0].varden) == 0:
                raise ValueError(f"ett {self.typ}diagram behöver minst ett värde större än 0")
        return self


class Nyckeltalpost(Base):
    """One key figure: a count, optionally out of a total (share computed), and by gender."""

    text: str
    """Texten. {antal}, {av} och {andel} sätter in talen; utan dem står talet först:
    'avslutade till arbete eller studier' blir '36 av 113 (32 %) avslutade …'."""
    antal: Antal
    """Antalet (personer, deltagare …)."""
    av: Annotated[int, Field(gt=0)] | None = None
    """Helheten antalet är en del av; andelen räknas fram (skriv den aldrig själv)."""
    kvinnor: Antal | None = None
    """Antal kvinnor, om nyckeltalet redovisas per kön."""
    man: Antal | None = None
    """Antal män."""
    ej_uppgett: Antal | None = None
    """Antal som inte uppgett kön. Kvinnor, män och ej uppgett ska tillsammans bli antal."""


class Nyckeltal(Base):
    """Key figures ('Resultat i siffror') as a list or as cards."""

    poster: list[Nyckeltalpost] = Field(min_length=1)
    """Nyckeltalen, ett per rad."""
    visning: Literal["lista", "kort"] = "lista"
    """lista (punktlista) eller kort (stora tal i rutor, till exempel för en insats resultat)."""


Svar = Annotated[Decimal, BeforeValidator(_number)]


class Svarsfordelning(Base):
    """Answers to one question in one year: counts or whole percent, as the survey says."""

    negativt: Svar
    """Andel negativa svar i procent."""
    varken_eller: Svar
    """Andel svar varken eller, i procent."""
    positivt: Svar
    """Andel positiva svar i procent."""
    klart_positivt: Svar | None = None
    """Den del av positivt som är klart positiv (visas inom parentes)."""

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) not in (3, 4):
                raise ValueError("skriv [negativt, varken eller, positivt] eller [negativt, "
                                 f"varken eller, positivt, klart positivt]; fick {len(value)} tal")
            keys = ("negativt", "varken_eller", "positivt", "klart_positivt")
            return dict(zip(keys, value, strict=False))
        return value

    @model_validator(mode="after")
    def _klart(self) -> Svarsfordelning:
        if self.klart_positivt is not None and self.klart_positivt > self.positivt:
            raise ValueError(f"klart positivt ({self.klart_positivt}) kan inte vara större än "
                             f"positivt ({self.positivt})")
        return self


class Enkatfraga(Base):
    fraga: str
    """Frågan som den stod i enkäten."""
    svar: Svarsfordelning
    """Årets svar: [negativt, varken eller, positivt, klart positivt] eller namngivna."""
    foregaende: Svarsfordelning | None = None
    """Jämförelseårets svar, om två år jämförs."""


class Jamforelse(Base):
    ar: int
    """Året som jämförelsen gäller, till exempel 2022."""
    svar: Antal
    """Antal svarande jämförelseåret."""
    tillfragade: Antal | None = None
    """Antal tillfrågade det året."""


class Enkat(Base):
    """An indicator survey (NNS): response rate and the answers per question."""

    rubrik: str
    """Till exempel 'Styrelsen'. Får innehålla {ar}."""
    tillfragade: Annotated[int, Field(gt=0)]
    """Antal tillfrågade."""
    svar: Antal
    """Antal som svarade; svarsfrekvensen räknas fram."""
    angivet_som: Literal["procent", "antal"]
    """Hur svaren är skrivna: procent (procenttal, 64 betyder 64 %) eller antal personer
    (andelarna räknas då fram)."""
    visa: Literal["procent", "antal"] | None = None
    """Vad tabellen visar; standard är samma som angivet_som."""
    ar: int | None = None
    """Enkätens år; standard är rapportåret."""
    jamforelse: Jamforelse | None = None
    """Jämförelseåret: en rad till per fråga (foregaende)."""
    fragor: list[Enkatfraga] = Field(min_length=1)
    """Enkätens frågor med svarsfördelning."""

    @model_validator(mode="after")
    def _check(self) -> Enkat:
        if self.svar > self.tillfragade:
            raise ValueError(f"fler svar ({self.svar}) än tillfrågade ({self.tillfragade})")
        if self.visa == "antal" and self.angivet_som == "procent":
            raise ValueError("svaren är angivna i procent och kan inte visas som antal")
        has_prior = any(f.foregaende is not None for f in self.fragor)
        if has_prior and self.jamforelse is None:
            raise ValueError("frågorna har foregaende-svar men jamforelse (år och antal svar) "
                             "saknas")
        return self


class Budgetrad(Base):
    namn: str
    """Radens text."""
    budget: Belopp
    """Budgeterat belopp i kronor."""
    utfall: Belopp
    """Utfallet i kronor."""
    typ: Literal["kostnad", "intakt"] | None = None
    """kostnad eller intakt; standard är gruppens typ. Skriv beloppen utan minustecken."""


class Budgetgrupp(Base):
    rubrik: str | None = None
    """Mellanrubrik före gruppen."""
    typ: Literal["kostnad", "intakt"] = "kostnad"
    """Radernas typ om inget annat anges på raden."""
    rader: list[Budgetrad] = Field(min_length=1)
    """Gruppens rader med budget och utfall."""
    summa: str | None = None
    """Text för gruppens summarad, till exempel 'Summa insatser'; utan den ingen summarad."""


class Budgettabell(Base):
    """Budget, outcome and difference per insats, with computed sums and result.

    Differens är positiv när utfallet är bättre än budget: lägre kostnad eller högre intäkt.
    """

    rubrik: str | None = None
    """Tabellens rubrik (standard: ingen)."""
    forsta_kolumn: str = ""
    """Rubriken över namnkolumnen, till exempel 'Insatser'."""
    kolumner: list[str] = ["Budget {ar}", "Utfall {ar}", "Differens"]
    """Rubrikerna över budget-, utfalls- och differenskolumnen."""
    grupper: list[Budgetgrupp] = Field(min_length=1)
    """Kostnadsgrupper (med delsummor) och intäktsgrupper, i den ordning de visas."""
    totalt: str | None = None
    """Text för summan av alla kostnader, till exempel 'Totalt inkl. avskrivningar'; visas
    efter sista kostnadsgruppen. Utan den ingen totalrad."""
    resultat: str | None = "Resultat"
    """Text för resultatraden (intäkter minus kostnader); tom för ingen resultatrad."""
    kalla: str | None = None
    """Källa under tabellen, till exempel 'Ekonomisystemet'."""
    resultat_budget: KontrollBelopp = None
    """Kontrollsumma (valfri): resultatraden i budgetkolumnen som den står i underlaget;
    resultatet räknas fram ur raderna och jämförs med det som skrivs här."""
    resultat_utfall: KontrollBelopp = None
    """Kontrollsumma (valfri): resultatraden i utfallskolumnen."""
    resultat_differens: KontrollBelopp = None
    """Kontrollsumma (valfri): resultatradens differens (positiv när utfallet är bättre än
    budget)."""

    @model_validator(mode="after")
    def _columns(self) -> Budgettabell:
        if len(self.kolumner) != 3:
            raise ValueError(f"kolumner ska ha tre rubriker (budget, utfall, differens), fick "
                             f"{len(self.kolumner)}")
        return self


BLOCK_KINDS = ("text", "block", "tabell", "diagram", "nyckeltal", "enkat", "budgettabell")


class Block(Base):
    """One piece of a section's content: exactly one of text, block, tabell, diagram,
    nyckeltal, enkat or budgettabell."""

    text: Markdown | None = None
    """Text i Markdown; {{namn}} hämtar en uträknad siffra."""
    block: StandardBlock | None = None
    """Ett inbyggt avsnitt som byggs ur uppgifterna, till exempel styrelse, insatser eller
    driftredovisning."""
    tabell: Tabell | None = None
    """En egen tabell med kolumner och rader."""
    diagram: Diagram | None = None
    """Diagram (stapel, liggande, staplad, cirkel, ring) ritat ur talen."""
    nyckeltal: Nyckeltal | None = None
    """Nyckeltal ('Resultat i siffror') med framräknade andelar."""
    enkat: Enkat | None = None
    """Indikatorenkät: svarsfrekvens och svarsfördelning per fråga."""
    budgettabell: Budgettabell | None = None
    """Budget, utfall och differens per insats med delsummor och resultat."""
    rubrik: str | None = None
    """Mellanrubrik (utan nummer) före blocket."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"text": value}
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Block:
        kinds = [k for k in BLOCK_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            found = f"fick {', '.join(kinds)}" if kinds else "fick inget av dem"
            raise ValueError("ett innehållsblock ska ha exakt ett av "
                             f"{', '.join(BLOCK_KINDS[:-1])} eller {BLOCK_KINDS[-1]}; {found}")
        return self


class Avsnitt(Base):
    """A section of the report: heading, content blocks and subsections."""

    rubrik: str | None = None
    """Rubriken. Får innehålla {ar}, {foregaende_ar} och {forbund}."""
    id: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Ankare för länkar; räknas fram ur rubriken om det utelämnas."""
    numrerad: bool | None = None
    """Om rubriken får nummer (1.2.1). Ärvs från överordnat avsnitt."""
    ny_sida: bool = False
    """Börja avsnittet på ny sida."""
    bilaga: bool = False
    """Avsnittet är en bilaga: 'Bilaga 1 – …' (egen numrering), på ny sida, i
    innehållsförteckningen. Underavsnitt i en bilaga numreras inte om de inte anger
    numrerad: true."""
    i_innehall: bool = True
    """Visa avsnittet i innehållsförteckningen."""
    fore_innehall: bool = False
    """Avsnittet står före innehållsförteckningen, direkt efter omslaget, på egen sida, till
    exempel 'Ordförande har ordet'. Det får inget nummer och står inte i
    innehållsförteckningen (den listar det som kommer efter den). Bara avsnitt på översta
    nivån i årsredovisningen; flera sådana visas i den ordning de står."""
    text: Markdown | None = None
    """Text direkt under rubriken (kortform för ett textblock först i innehållet)."""
    block: StandardBlock | None = None
    """Ett standardblock efter texten (kortform)."""
    innehall: list[Block] = []
    """Innehållet i ordning, när det är mer än en text och ett block."""
    delar: list[Avsnitt] = []
    """Underavsnitt."""

    @model_validator(mode="after")
    def _fore_innehall(self) -> Avsnitt:
        if self.fore_innehall and self.bilaga:
            raise ValueError("ett avsnitt kan inte både vara bilaga och stå före "
                             "innehållsförteckningen (fore_innehall)")
        if self.fore_innehall and self.numrerad:
            raise ValueError("ett avsnitt före innehållsförteckningen (fore_innehall) får inget "
                             "nummer; ta bort numrerad: true")
        for d in self.delar:
            if d.fore_innehall:
                raise ValueError(f"underavsnittet '{d.rubrik or d.id or d.block}' kan inte stå "
                                 "före innehållsförteckningen; fore_innehall gäller bara "
                                 "avsnitt på översta nivån")
        return self


Avsnitt.model_rebuild()
