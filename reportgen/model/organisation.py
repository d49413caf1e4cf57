"""Styrelse, beredningsgrupp, kansli, personal, revisorer and signatures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field

from .base import Base, Markdown


class Ledamot(Base):
    """A member or deputy of the styrelse during the year."""

    namn: str
    """Ledamotens för- och efternamn."""
    utsedd_av: str | None = None
    """Id för medlemmen som utsett personen (ur forbund.yaml), till exempel `bromolla`;
    utelämnas när rapporten inte anger det."""
    roll: str | None = None
    """Roll i styrelsen: ordförande, 1:e vice ordförande, 2:e vice ordförande, vice ordförande."""
    tom: str | dt.date | None = None
    """Sista månad eller datum i uppdraget om personen slutade under året ('mars' →
    't.o.m. mars'). Ett datum efter årets slut (ÅÅÅÅ-MM-DD) säger att personen satt hela
    året men slutade före underskriften: hen skriver då inte under."""
    fom: str | dt.date | None = None
    """Första månad eller datum om personen började under året ('april' → 'fr.o.m. april').
    Ett datum efter årets slut: ledamoten tillträdde efter årsskiftet och skriver under om
    hen sitter på underskriftsdagen, men står inte i listan över styrelsen under året."""
    ersattare_for: str | None = None
    """För en ersättare: namnet på den ledamot hen är ersättare för, om det ska visas."""

    def sitter(self, datum: dt.date) -> bool:
        """Whether the person holds the seat on *datum* (the signing date, or the year end
        when none is given). A month name (no date) means a change during the report
        year: a ``tom`` month has ended by any later date, a ``fom`` month has begun.

        >>> Ledamot(namn="A", tom=dt.date(2024, 1, 31)).sitter(dt.date(2024, 4, 8))
        False
        >>> Ledamot(namn="B", fom=dt.date(2024, 2, 1)).sitter(dt.date(2024, 4, 8))
        True
        >>> Ledamot(namn="C", tom="mars").sitter(dt.date(2024, 4, 8))
        False
        """
        if isinstance(self.tom, dt.date):
            if self.tom < datum:
                return False
        elif self.tom:
            return False
        return not (isinstance(self.fom, dt.date) and self.fom > datum)


class Styrelse(Base):
    """The styrelse: ledamöter and ersättare, and how often it met."""

    ledamoter: list[Ledamot]
    """Ordinarie ledamöter under året."""
    ersattare: list[Ledamot] = []
    """Ersättare under året."""
    antal_moten: int | None = Field(None, ge=0)
    """Antal styrelsemöten under året."""


class Deltagare(Base):
    """A person in the beredningsgrupp (or another group) representing a member."""

    namn: str | None = None
    """Namn; kan utelämnas om gruppen redovisas per organisation."""
    utsedd_av: str
    """Id för medlemmen personen företräder."""
    enhet: str | None = None
    """Del av organisationen, till exempel 'vuxenpsykiatri'."""
    tom: str | dt.date | None = None
    """Sista månad eller datum om personen slutade under året ('mars' eller ÅÅÅÅ-MM-DD)."""
    fom: str | dt.date | None = None
    """Första månad eller datum om personen började under året ('april' eller ÅÅÅÅ-MM-DD)."""


class Medarbetare(Base):
    """A person in the kansli."""

    namn: str
    """Medarbetarens för- och efternamn."""
    roll: str
    """Befattning, till exempel förbundschef."""
    omfattning: Decimal | None = Field(None, ge=0, le=100)
    """Tjänstgöringsgrad i procent."""
    anmarkning: str | None = None
    """Till exempel 'sjukskriven delar av året'."""


class Personal(Base):
    """Väsentliga personalförhållanden (LKBR 11 kap.)."""

    antal_anstallda: int = Field(ge=0)
    """Antal anställda vid årets slut (eller under året, enligt förbundets praxis)."""
    sjukdagar: int | None = Field(None, ge=0)
    """Antal sjukdagar under året."""
    sjukfranvaro_procent: Decimal | None = Field(None, ge=0, le=100)
    """Sjukfrånvaro i procent av total arbetstid."""
    text: Markdown | None = None
    """Text om personalen (Markdown)."""


class Revisor(Base):
    namn: str
    """Revisorns för- och efternamn."""
    titel: str | None = None
    """Till exempel 'Auktoriserad revisor'."""
    utsedd_av: str | None = None
    """Vem som utsett revisorn, som det ska stå: 'kommunerna', 'Region Skåne', 'staten';
    utelämnas när rapporten inte anger det."""
    for_medlemmar: list[str] = []
    """Id för de medlemmar (ur forbund.yaml) revisorn granskar för, när det inte framgår av
    utsedd_av: till exempel [haninge, nynashamn, tyreso] för kommunernas gemensamma revisor.
    Utan listan läses utsedd_av: en medlems id eller namn, 'kommunerna', 'regionen' eller
    'staten' (revisorn som Försäkringskassan utser för staten)."""


class Underskrifter(Base):
    """Styrelsens underskrifter and revisorernas påteckning."""

    ort: str | None = None
    """Orten där årsredovisningen skrivs under, till exempel Kristianstad; standard är
    förbundets säte (forbund.yaml sate)."""
    datum: dt.date | None = None
    """Datum för underskrift; lämnas tomt om det fylls i för hand."""
    ledamoter: list[str] | None = None
    """Namn på de ledamöter som skriver under, i ordning. Standard: ordinarie ledamöter vid
    årets slut."""
    intygande: Markdown | None = None
    """Text ovanför underskrifterna, till exempel styrelsens intygande."""
    revisorer: list[Revisor] = []
    """Revisorerna som skriver under revisionsberättelsen."""
    revisorstext: str = "Vår revisionsberättelse har lämnats"
    """Text vid revisorernas underskrift, till exempel 'Vår revisionsberättelse har lämnats'."""
    revisionsberattelse_datum: dt.date | None = None
    """Datum då revisionsberättelsen lämnades (ÅÅÅÅ-MM-DD); visas efter revisorstexten och
    krävs i en färdig rapport som säger att revisionsberättelsen har lämnats."""
