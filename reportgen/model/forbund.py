"""The constant facts of a förbund, written once in ``data/<förbund>/forbund.yaml``."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Base
from .budget import Riktlinje


class Medlem(Base):
    """A member organisation of the förbund (Finsam-lagen 5 §)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Kort id som används i resten av filerna, till exempel `bromolla` eller `region`."""
    namn: str
    """Medlemmens namn som det skrivs i rapporten, till exempel 'Bromölla kommun'."""
    typ: Literal["stat", "region", "kommun"]
    """Vilken del av finansieringen medlemmen hör till: stat (Försäkringskassan och
    Arbetsförmedlingen), region eller kommun."""
    andel: Decimal | None = None
    """Medlemmens andel av medelstilldelningen i procent, om den är känd (till exempel 6,25)."""


class Tema(Base):
    """Logo, colours and fonts; anything not given falls back to the built-in theme."""

    logotyp: str | None = None
    """Sökväg till logotypen (SVG eller PNG), relativt förbundets mapp."""
    farg: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$")
    """Huvudfärg för rubriker och linjer, som #RRGGBB."""
    accentfarg: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$")
    """Accentfärg för diagram och markeringar, som #RRGGBB."""
    typsnitt: str | None = None
    """Typsnittsfamilj för brödtext, om förbundet vill byta från standardtypsnittet."""
    sidhuvud: str | None = None
    """Text i sidhuvudet på varje sida; standard är förbundets namn och rapportens titel."""
    justerare: bool = False
    """Visa rutan 'Signering av justerare' i sidfoten på varje sida."""


class Formatinstallningar(Base):
    """How numbers are shown in this förbund's reports."""

    minustecken: Literal["−", "-"] = "−"
    """Tecken för negativa tal: riktigt minustecken (standard) eller bindestreck."""
    noll: Literal["0", "–"] = "0"
    """Hur noll visas i tabeller: 0 eller tankstreck."""
    visa_nollrader: bool = True
    """Visa rader som är noll i balanskravsutredningen."""
    avrundning: Literal["half_up", "half_even"] = "half_up"
    """Avrundningsregel för beräknade tal som kostnad per deltagare och andelar: half_up
    (5 avrundas uppåt, standard) eller half_even (5 avrundas till jämn siffra)."""


KORTFALT = ("typ", "projektagare", "perioder", "budget_total", "budget_ar", "utfall",
            "avvikelse_budget", "deltagare", "kostnad_per_deltagare", "samverkan", "syfte",
            "malgrupp", "mal", "kvantitativa_mal", "ur_ansokan", "beskrivning",
            "deltagare_kon", "avslutade", "resultat", "maluppfyllelse", "avvikelse",
            "jamstalldhetsanalys", "analys_deltagare")
"""The built-in fields of an insats card, in their default order."""

KORTFALT_STANDARD = tuple(f for f in KORTFALT if f != "avvikelse_budget")
"""The fields a card shows when forbund.yaml does not choose (avvikelse_budget on request)."""


class Kortfalt(Base):
    """One field of the insats card: which, and under which label."""

    falt: str = Field(pattern=r"^[a-z0-9_]+$")
    """Fältets namn: ett inbyggt (typ, projektagare, perioder, budget_total, budget_ar,
    utfall, avvikelse_budget, deltagare, kostnad_per_deltagare, samverkan, syfte, malgrupp,
    mal, kvantitativa_mal, ur_ansokan, beskrivning, deltagare_kon, avslutade, resultat,
    maluppfyllelse, avvikelse, jamstalldhetsanalys, analys_deltagare) eller ett eget, som
    insatsen då anger under falt:."""
    etikett: str | None = None
    """Rubriken på kortet; utan den används standardrubriken ({ar} blir rapportåret)."""
    faktum: bool | None = None
    """Ett eget fält: visa det i faktarutan (true) eller som ett textavsnitt (false,
    standard)."""


class Insatskort(Base):
    """How the insats cards of this förbund's reports look."""

    layout: Literal["lista", "tabell"] = "lista"
    """Faktarutan som lista (rubrik ovanför värdet) eller som tabell (rubrik till vänster)."""
    falt: list[Kortfalt] | None = None
    """Vilka fält kortet visar och i vilken ordning; utan listan visas alla inbyggda fält
    som insatsen har, i standardordningen."""


HistorikFalt = Literal["verksamhetens_intakter", "verksamhetens_kostnader", "arets_resultat",
                      "eget_kapital", "soliditet", "antal_anstallda"]
"""The key figures of a historik year that a footnote (``anmarkning``) may be set on."""


class Historik(Base):
    """Key figures of an earlier year without its own year file, for the flerårsöversikt."""

    ar: int
    """Året siffrorna gäller."""
    verksamhetens_intakter: Decimal | None = None
    """Verksamhetens intäkter det året, i kronor."""
    verksamhetens_kostnader: Decimal | None = None
    """Verksamhetens kostnader som positivt belopp, som i flerårsöversikten."""
    arets_resultat: Decimal | None = None
    """Årets resultat det året, i kronor."""
    eget_kapital: Decimal | None = None
    """Eget kapital vid det årets slut, i kronor."""
    summa_tillgangar: Decimal | None = None
    """Totala tillgångar; behövs för att räkna soliditet."""
    soliditet: Decimal | None = None
    """Soliditet i procent, bara om tillgångarna inte är kända (annars räknas den)."""
    antal_anstallda: int | None = None
    """Antal anställda det året."""
    anmarkning: str | dict[HistorikFalt, str] | None = None
    """När året är beräknat på annan grund än i dag: en text för hela året, eller en text
    per nyckeltal (verksamhetens_intakter, verksamhetens_kostnader, arets_resultat,
    eget_kapital, soliditet, antal_anstallda). Visas som numrerad fotnot i
    flerårsöversikten."""


class Forbund(Base):
    """A samordningsförbund: name, organisation number, seat and members."""

    namn: str
    """Förbundets fullständiga namn, till exempel 'Samordningsförbundet Mittbygden'."""
    kortnamn: str | None = None
    """Kort namn för sidhuvud och filnamn."""
    orgnr: str | None = Field(None, pattern=r"^\d{6}-\d{4}$")
    """Organisationsnummer, 222000-2790. Leave it out when it is not known yet: the report
    then prints no number, and ``check --slutlig`` says it is missing."""
    sate: str
    """Kommunen där förbundet har sitt säte."""
    bildat: str | None = None
    """När förbundet bildades, fritt formulerat eller som datum."""
    medlemmar: list[Medlem]
    """Medlemsorganisationerna, i den ordning de ska visas."""
    webbplats: str | None = None
    """Förbundets webbplats, till exempel https://www.exempel.se."""
    tema: Tema = Tema()
    """Rapporternas utseende: färger, typsnitt och logotyp."""
    format: Formatinstallningar = Formatinstallningar()
    """Hur tal skrivs: minustecken och noll."""
    insatskort: Insatskort = Insatskort()
    """Insatskortens fält, ordning, rubriker och layout."""
    historik: list[Historik] = []
    """Nyckeltal för år utan egen årsfil, till flerårsöversikten."""
    motto: str | None = None
    """Förbundets devis, visas på omslaget."""
    riktlinje_eget_kapital: Riktlinje | None = None
    """Förbundets egen riktlinje för eget kapital (högsta och lägsta nivå); årsredovisningen
    varnar när eget kapital vid årets slut ligger utanför den. En riktlinje under budget: i
    årsfilen gäller före denna."""
