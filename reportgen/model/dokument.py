"""The document tree: sections in order, each with text, standard blocks and tables.

A förbund chooses which standard sections appear and in what order, and adds its own,
nested to any depth; numbering (1, 1.1, 1.2.1), the table of contents and anchors are
derived in :mod:`reportgen.compute`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import Base, Belopp, Markdown

StandardBlock = Literal[
    "styrelse",
    "beredningsgrupp",
    "kansli",
    "personal",
    "flerarsoversikt",
    "driftredovisning",
    "balanskrav",
    "mal",
    "insatser",
    "insatser_oversikt",
    "resultatrakning",
    "balansrakning",
    "kassaflodesanalys",
    "noter",
    "underskrifter",
]

Kolumnformat = Literal["text", "kr", "tkr", "procent", "antal"]


class Kolumn(Base):
    rubrik: str
    format: Kolumnformat = "kr"
    """text, kr, tkr, procent eller antal."""


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


class Tabell(Base):
    """A table typed in the data: a heading row, rows of text and amounts, computed sums."""

    rubrik: str | None = None
    """Tabellens rubrik (caption)."""
    kolumner: list[Kolumn]
    rader: list[Tabellrad]
    kalla: str | None = None
    """Källa eller kommentar under tabellen."""


class Block(Base):
    """One piece of a section's content: exactly one of text, block or tabell."""

    text: Markdown | None = None
    block: StandardBlock | None = None
    tabell: Tabell | None = None
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
        kinds = [k for k in ("text", "block", "tabell") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("ett innehållsblock ska ha exakt ett av text, block eller tabell")
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
    i_innehall: bool = True
    """Visa avsnittet i innehållsförteckningen."""
    text: Markdown | None = None
    """Text direkt under rubriken (kortform för ett textblock först i innehållet)."""
    block: StandardBlock | None = None
    """Ett standardblock efter texten (kortform)."""
    innehall: list[Block] = []
    """Innehållet i ordning, när det är mer än en text och ett block."""
    delar: list[Avsnitt] = []
    """Underavsnitt."""


Avsnitt.model_rebuild()
