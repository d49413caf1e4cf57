"""The verksamhetsplan's budget: the plan year and the prognosis years, the Finsam
allocation model and the guidance level for eget kapital.

Only leaf amounts are typed: the medelstilldelning, the cost rows and the ingående kapital of
the first year. The split of the medelstilldelning (staten ½, regionen ¼, kommunerna ¼, and
the kommun quarter between the kommuner by the förbund's model), every group sum, årets
resultat and the capital chain are computed in :mod:`reportgen.compute.budget`. Totals typed
as well (as they stand in a printed budget) are checked, never used.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from .base import Base, Belopp, Markdown
from .dokument import Avsnitt


class Kriterium(Base):
    """One criterion of the förbund's model for splitting the kommun quarter."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Kort id som kommunernas underlag använder, till exempel `invanare`."""
    namn: str
    """Kriteriets namn i rapporten, till exempel 'Invånare 16–64 år'."""
    vikt: Decimal = Field(gt=0)
    """Kriteriets vikt i procent, till exempel 25 (vikterna ska tillsammans vara 100)."""


class Kommununderlag(Base):
    """One kommun's inputs to the allocation model: raw figures, or only its key."""

    medlem: str
    """Kommunens id i forbund.yaml, till exempel `bastad`."""
    underlag: dict[str, Decimal] = {}
    """Kommunens värde per kriterium (kriteriets id → värde), till exempel antal invånare
    16–64 år och försörjningsmått. Kommunens andel av ett kriterium är dess värde delat med
    alla kommuners summa."""
    nyckel: Decimal | None = Field(None, gt=0)
    """Fördelningsnyckel i procent av kommunernas gemensamma del, när bara nyckeln är känd
    (till exempel 15,1953). Nycklarna normeras så att de tillsammans blir 100 %."""
    belopp: Belopp | None = None
    """Kommunens bidrag som det står i en tryckt budget; kontrolleras mot det beräknade."""

    @model_validator(mode="after")
    def _one_source(self) -> Kommununderlag:
        if self.nyckel is None and not self.underlag:
            raise ValueError("ange antingen underlag (värden per kriterium) eller nyckel")
        return self


class Fordelning(Base):
    """The allocation model: how the medelstilldelning is split between the members.

    By law (Finsam-lagen 17 §) staten pays half, the region and the kommuner the other
    half; the usual split, used here, is regionen ¼ and kommunerna ¼. The kommun quarter is
    split by the förbund's own model.
    """

    modell: list[Kriterium] = []
    """Kriterierna för kommunernas fördelning med vikter, till exempel invånare 16–64 år 25 %
    och försörjningsmått 75 %. Behövs när kommunerna anger underlag."""
    kommuner: list[Kommununderlag]
    """En rad per medlemskommun, med underlag eller nyckel."""
    avrundning: Belopp = Decimal(100)
    """Kommunernas belopp avrundas till jämna … kronor (standard 100); delarna summerar
    exakt till helheten (största-restmetoden)."""
    rubrik_staten: str = "Staten"
    """Radens text för statens del, till exempel 'Staten (AF/FK)'."""
    rubrik_kommunerna: str = "Kommunerna gemensamt"
    """Rubriken för kommunernas del i fördelningstabellen."""
    beskrivning: Markdown | None = None
    """Text om modellen, visas under fördelningstabellen."""


class Riktlinje(Base):
    """Guidance for the size of eget kapital (Nationella rådets riktlinje).

    Give the upper (and optionally lower) level as a percentage of the year's
    medelstilldelning or as an amount; a year whose planned utgående kapital lies outside
    gives a warning.
    """

    hogst_procent: Decimal | None = Field(None, ge=0)
    """Högsta rekommenderade egna kapital i procent av årets medelstilldelning, till exempel 20."""
    hogst_belopp: Belopp | None = None
    """Högsta rekommenderade egna kapital i kronor."""
    lagst_procent: Decimal | None = Field(None, ge=0)
    """Lägsta önskade egna kapital i procent av årets medelstilldelning."""
    lagst_belopp: Belopp | None = None
    """Lägsta önskade egna kapital i kronor."""
    kalla: str = "Nationella rådets riktlinje för eget kapital i samordningsförbund"
    """Varifrån riktlinjen kommer, visas i rapporten och i varningen."""


class Budgetpost(Base):
    """One cost row."""

    text: str
    """Radens text, till exempel 'Personal'."""
    belopp: Belopp
    """Budgeterat belopp i kronor, positivt."""
    id: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Insatsens id; kopplar raden till insatsen i årsredovisningen och till
    budgetuppföljningen i tertialrapporterna. Samma id år efter år."""
    reserv: bool = False
    """Ej fördelade medel (visas kursivt), till exempel utrymme för nya insatser."""


class Kostnadsgrupp(Base):
    """A group of cost rows with its computed sum."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Till exempel `administration`, `insatser` eller `utvardering`."""
    rubrik: str
    """Gruppens rubrik, till exempel 'Administrativa kostnader'."""
    poster: list[Budgetpost]
    """Gruppens poster med belopp."""
    summa: Belopp | None = None
    """Gruppens summa om den står i källan; kontrolleras mot raderna."""


class Intaktspost(Base):
    """Revenue besides the medlemsavgifter (EU-medel, bidrag)."""

    text: str
    """Intäktens text."""
    belopp: Belopp
    """Intäktens belopp i kronor."""


class Budgetar(Base):
    """The budget of one year: the plan year or a prognosis year."""

    ar: int = Field(ge=2000, le=2100)
    """Budgetåret, till exempel 2024."""
    typ: Literal["budget", "prognos"] = "budget"
    """budget för planåret, prognos för de följande åren."""
    rubrik: str | None = None
    """Tabellens rubrik; standard 'Budget {ar}' eller 'Budget/Prognos {ar}'."""
    medelstilldelning: Belopp
    """Den totala medelstilldelningen från medlemmarna (medlemsavgifterna), i kronor."""
    medlemsavgifter: dict[str, Belopp] = {}
    """Medlemsavgifterna som de står i källan: `staten`, `region`, `kommunerna` och
    kommunernas id. Kontrolleras mot fördelningsmodellen."""
    ovriga_intakter: list[Intaktspost] = []
    """Intäkter utöver medlemsavgifterna, en rad var."""
    summa_intakter: Belopp | None = None
    """Kontrolleras mot beräknad summa."""
    kostnader: list[Kostnadsgrupp]
    """Kostnaderna i grupper (administration, insatser …), med poster."""
    summa_kostnader: Belopp | None = None
    """Kontrolleras mot summan av raderna."""
    arets_resultat: Belopp | None = None
    """Kontrolleras mot intäkter minus kostnader."""
    ingaende_kapital: Belopp | None = None
    """Ingående ackumulerat kapital. Krävs för första året; senare år räknas det fram
    (föregående års utgående) och kontrolleras om det står här."""
    utgaende_kapital: Belopp | None = None
    """Kontrolleras mot ingående kapital plus årets resultat."""


class VpAvsnitt(Avsnitt):
    """A section of the verksamhetsplan: like an årsredovisning section, plus budget tables."""

    budget: int | None = None
    """Visa budgettabellen för detta år efter texten, till exempel 2020."""
    fordelning: int | None = None
    """Visa tabellen över medlemsavgifternas fördelning för detta år."""
    kapital: bool = False
    """Visa översikten över eget kapital mot riktlinjen för alla budgetår."""
    text_efter: Markdown | None = None
    """Text efter tabellerna."""
    delar: list[VpAvsnitt] = []  # type: ignore[assignment]
    """Underavsnitt."""


VpAvsnitt.model_rebuild()


class Budget(Base):
    """The multi-year budget of the verksamhetsplan."""

    ar: list[Budgetar] = Field(min_length=1)
    """Planåret först, sedan prognosåren, i årsordning."""
    fordelning: Fordelning | None = None
    """Hur medlemsavgifterna fördelas mellan staten, regionen och kommunerna."""
    riktlinje_eget_kapital: Riktlinje | None = None
    """Riktlinjen för eget kapital som planerat kapital jämförs med."""


class Verksamhetsplan(Base):
    """Settings and texts of the verksamhetsplan och budget."""

    titel: str | None = None
    """Standard: 'Verksamhetsplan och budget {ar}'."""
    undertitel: str | None = None
    """Rad under titeln på omslaget."""
    beslutad: str | None = None
    """När styrelsen beslutade planen, fritt formulerat."""
    avsnitt: list[VpAvsnitt] = []
    """Planens avsnitt i ordning, med text, budgettabeller och underavsnitt."""
    numrering: bool = True
    """Om avsnitten numreras (1, 1.1 …)."""
