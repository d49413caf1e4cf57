"""Stage 2: the typed schema. Each class is one concept; every field is documented in
Swedish, and that text becomes the JSON Schema description the editor shows."""

from .arsfil import Arsfil, Arsredovisning, ForegaendeAr, Godkand, Organisation
from .dokument import Avsnitt, Block, Tabell
from .ekonomi import (
    Balanskrav,
    Balansrakning,
    Driftredovisning,
    Kassaflodesanalys,
    Not,
    Post,
    Resultatrakning,
)
from .forbund import Forbund, Medlem
from .insatser import Insats
from .mal import Mal

__all__ = [
    "Arsfil",
    "Arsredovisning",
    "Avsnitt",
    "Balanskrav",
    "Balansrakning",
    "Block",
    "Driftredovisning",
    "Forbund",
    "ForegaendeAr",
    "Godkand",
    "Insats",
    "Kassaflodesanalys",
    "Mal",
    "Medlem",
    "Not",
    "Organisation",
    "Post",
    "Resultatrakning",
    "Tabell",
]
