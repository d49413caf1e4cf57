"""The document tree: numbering (1, 1.1, 1.2.1), anchors, headings and the standard order."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Avsnitt
from ..model.dokument import Block, Tabell
from . import innehall
from .vy import AvsnittVy, BlockVy, InsatsVy, TabellVy


@dataclass
class BilagaVy(AvsnittVy):
    """An appendix: 'Bilaga 1 – Insatser …', numbered apart from the chapters."""

    bilaga: int = 0

    @property
    def titel(self) -> str:
        return f"Bilaga {self.bilaga} \u2013 {self.rubrik}"

STANDARD_RUBRIK = {
    "styrelse": "Styrelse",
    "beredningsgrupp": "Beredningsgrupp",
    "kansli": "Kansli",
    "personal": "Väsentliga personalförhållanden",
    "flerarsoversikt": "Flerårsöversikt",
    "driftredovisning": "Driftredovisning",
    "investeringsredovisning": "Investeringsredovisning",
    "balanskrav": "Balanskravsresultat",
    "mal": "God ekonomisk hushållning och måluppfyllelse",
    "insatser": "Finansierade insatser {ar}",
    "insatser_oversikt": "Översikt över insatserna",
    "insatser_summering": "Insatsernas budget, utfall och deltagare {ar}",
    "resultatrakning": "Resultaträkning",
    "balansrakning": "Balansräkning",
    "kassaflodesanalys": "Kassaflödesanalys",
    "noter": "Noter",
    "underskrifter": "Styrelsens underskrifter",
    "underskrifter_styrelse": "Styrelsens underskrifter",
    "underskrifter_revisorer": "Revisorernas påteckning",
    "handelser_efter_balansdagen": "Händelser efter balansdagen",
}

# The R15 order of an årsredovisning, used when the year file gives no `avsnitt:` tree.
# Texts come from `arsredovisning.texter.<id>`.
STANDARD_ARSREDOVISNING: list[dict] = [
    {"rubrik": "Förvaltningsberättelse", "id": "forvaltningsberattelse", "delar": [
        {"rubrik": "{forbund}", "id": "om_forbundet"},
        {"rubrik": "Organisation", "id": "organisation", "delar": [
            {"rubrik": "Styrelse", "id": "styrelse", "block": "styrelse"},
            {"rubrik": "Beredningsgrupp", "id": "beredningsgrupp", "block": "beredningsgrupp"},
            {"rubrik": "Kansli", "id": "kansli", "block": "kansli"},
        ]},
        {"rubrik": "Översikt över verksamhetens utveckling", "id": "oversikt",
         "block": "flerarsoversikt"},
        {"rubrik": "Viktiga förhållanden för resultat och ekonomisk ställning",
         "id": "viktiga_forhallanden", "block": "driftredovisning",
         # shown only when the year file has an investeringsredovisning
         "innehall": [{"block": "investeringsredovisning"}]},
        {"rubrik": "Händelser av väsentlig betydelse", "id": "handelser", "delar": [
            # LKBR 11 kap.: also the events after the year's end, before the report
            {"rubrik": "Händelser efter balansdagen", "id": "handelser_efter_balansdagen",
             "block": "handelser_efter_balansdagen"},
        ]},
        {"rubrik": "Styrning och uppföljning", "id": "styrning"},
        {"rubrik": "God ekonomisk hushållning och ekonomisk ställning",
         "id": "god_ekonomisk_hushallning", "block": "mal"},
        {"rubrik": "Balanskravsresultat", "id": "balanskravsresultat", "block": "balanskrav"},
        {"rubrik": "Väsentliga personalförhållanden", "id": "personal", "block": "personal"},
        {"rubrik": "Förväntad utveckling", "id": "forvantad_utveckling"},
        {"rubrik": "Finansierade insatser {ar}", "id": "insatser", "block": "insatser"},
    ]},
    {"id": "resultatrakning", "block": "resultatrakning", "ny_sida": True},
    {"id": "balansrakning", "block": "balansrakning"},
    {"id": "kassaflodesanalys", "block": "kassaflodesanalys"},
    {"rubrik": "Noter", "id": "noter", "block": "noter"},
    {"rubrik": "Styrelsens underskrifter", "id": "underskrifter", "block": "underskrifter",
     "numrerad": False, "ny_sida": True},
]


def rubrikformat(ar: int, forbund: str) -> Callable[[str], str]:
    """The one rule for placeholders in headings and titles: {ar}, {foregaende_ar}, {forbund}.

    >>> rubrikformat(2023, "Samordningsförbundet X")("Årsredovisning {ar} för {forbund}")
    'Årsredovisning 2023 för Samordningsförbundet X'
    """
    def format_rubrik(text: str) -> str:
        return (text.replace("{ar}", str(ar)).replace("{foregaende_ar}", str(ar - 1))
                .replace("{forbund}", forbund))

    return format_rubrik


def standard_avsnitt() -> list[Avsnitt]:
    return [Avsnitt.model_validate(a) for a in STANDARD_ARSREDOVISNING]


def slug(text: str) -> str:
    """'Händelser av väsentlig betydelse' → 'handelser-av-vasentlig-betydelse'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "avsnitt"


def tabell(t: Tabell) -> TabellVy:
    """A data table with its sum rows computed from the rows above (since the last sum).

    Procent cells are typed as procenttal (64) and become ratios (0.64) here, as the
    ``procent`` filter expects; sum rows leave procent columns empty.
    """
    from decimal import Decimal

    rows, types = [], []
    acc: list[Decimal] = [Decimal(0)] * len(t.kolumner)
    for r in t.rader:
        if r.rubrik:
            rows.append(list(r.celler))
            types.append("rubrik")
            continue
        if r.summa:
            cells: list = []
            for i, k in enumerate(t.kolumner):
                if k.format == "text":
                    cells.append(r.celler[i] if i < len(r.celler)
                                 else ("Summa" if i == 0 else None))
                elif k.format == "procent":
                    cells.append(None)
                else:
                    cells.append(acc[i])
            rows.append(cells)
            types.append("summa")
            acc = [Decimal(0)] * len(t.kolumner)
            continue
        cells = list(r.celler) + [None] * (len(t.kolumner) - len(r.celler))
        for i, k in enumerate(t.kolumner):
            cell = cells[i]
            if k.format == "procent" and isinstance(cell, Decimal):
                cells[i] = cell / 100
            elif k.format != "text" and isinstance(cell, Decimal):
                acc[i] += cell
        rows.append(cells)
        types.append("post")
    return TabellVy(t.rubrik, list(t.kolumner), rows, types, t.kalla, list(t.grupper),
                    t.layouttabell)


class Numrering:
    """Builds the AvsnittVy tree from the model's Avsnitt tree."""

    def __init__(self, format_rubrik: Callable[[str], str], texter: dict[str, str],
                 insatser: list[InsatsVy], numrering: bool) -> None:
        self.format_rubrik = format_rubrik
        self.texter = texter
        self.insatser = insatser
        self.numrering = numrering
        self.anchors: set[str] = set()
        self.bilagor = 0
        self.diagram = 0
        # The report year, for survey tables; format_rubrik knows it.
        ar = format_rubrik("{ar}")
        self.ar = int(ar) if ar.isdigit() else 0

    def _anchor(self, wanted: str) -> str:
        anchor, n = wanted, 2
        while anchor in self.anchors:
            anchor = f"{wanted}-{n}"
            n += 1
        self.anchors.add(anchor)
        return anchor

    def build(self, avsnitt: Sequence[Avsnitt], prefix: str = "", niva: int = 1,
              numrerad: bool | None = None) -> list[AvsnittVy]:
        inherited = self.numrering if numrerad is None else numrerad
        out: list[AvsnittVy] = []
        counter = 0
        for a in avsnitt:
            rubrik = a.rubrik or STANDARD_RUBRIK.get(a.block or "", a.id or "")
            rubrik = self.format_rubrik(rubrik)
            if a.bilaga:
                # Appendices have their own counter and do not take a chapter number;
                # their subsections are unnumbered unless they ask (then B1.1, B1.2 …).
                self.bilagor += 1
                vy: AvsnittVy = BilagaVy(
                    rubrik=rubrik, anchor=self._anchor(a.id or f"bilaga-{self.bilagor}"),
                    niva=niva, nummer=f"Bilaga {self.bilagor}", ny_sida=True,
                    i_innehall=a.i_innehall, bilaga=self.bilagor)
                vy.innehall = self._innehall(a)
                vy.delar = self.build(a.delar, f"B{self.bilagor}.", niva + 1, False)
                out.append(vy)
                continue
            # A section before the table of contents (a foreword) takes no number, does not
            # advance the chapter counter, is not listed and starts on its own page.
            fore = a.fore_innehall
            numbered = False if fore else (inherited if a.numrerad is None else a.numrerad)
            nummer = None
            if numbered:
                counter += 1
                nummer = f"{prefix}{counter}"
            vy = AvsnittVy(rubrik=rubrik, anchor=self._anchor(a.id or slug(rubrik)), niva=niva,
                           nummer=nummer, ny_sida=a.ny_sida or fore,
                           i_innehall=a.i_innehall and not fore, fore_innehall=fore)
            vy.innehall = self._innehall(a)
            vy.delar = self.build(a.delar, f"{nummer}." if nummer else prefix, niva + 1, numbered)
            if any(b.block == "insatser" for b in vy.innehall):
                vy.delar += self._insatser(vy, numbered, niva + 1, len(vy.delar))
            out.append(vy)
        return out

    def _innehall(self, a: Avsnitt) -> list[BlockVy]:
        blocks: list[BlockVy] = []
        text = a.text if a.text is not None else (self.texter.get(a.id) if a.id else None)
        if text:
            blocks.append(BlockVy("text", text=text))
        if a.block:
            blocks.append(BlockVy("block", block=a.block))
        for b in a.innehall:
            blocks.append(self._block(b))
        return blocks

    def _block(self, b: Block) -> BlockVy:
        # Headings and captions of every block follow the one rule for {ar} and the rest.
        rubrik = self.format_rubrik(b.rubrik) if b.rubrik else b.rubrik
        if b.diagram is not None:
            self.diagram += 1
            data = innehall.diagram(b.diagram, f"diagram-{self.diagram}", self.format_rubrik)
            return innehall.InnehallVy("diagram", rubrik=rubrik, data=data)  # type: ignore[arg-type]
        if b.nyckeltal is not None:
            return innehall.InnehallVy("nyckeltal", rubrik=rubrik,  # type: ignore[arg-type]
                                       data=innehall.nyckeltal(b.nyckeltal))
        if b.enkat is not None:
            return innehall.InnehallVy("enkat", rubrik=rubrik,  # type: ignore[arg-type]
                                       data=innehall.enkat(b.enkat, self.ar, self.format_rubrik))
        if b.budgettabell is not None:
            return innehall.InnehallVy(
                "budgettabell", rubrik=rubrik,  # type: ignore[arg-type]
                data=innehall.budgettabell(b.budgettabell, self.format_rubrik))
        vy = _block(b)
        vy.rubrik = rubrik
        if vy.tabell is not None:
            t = vy.tabell
            t.rubrik = self.format_rubrik(t.rubrik) if t.rubrik else t.rubrik
            t.kolumner = [k.model_copy(update={"rubrik": self.format_rubrik(k.rubrik)})
                          for k in t.kolumner]
            t.grupper = [g.model_copy(update={"rubrik": self.format_rubrik(g.rubrik)})
                         for g in t.grupper]
        return vy

    def _insatser(self, parent: AvsnittVy, numbered: bool, niva: int,
                  start: int) -> list[AvsnittVy]:
        out = []
        for i, iv in enumerate(self.insatser, start=start + 1):
            nummer = f"{parent.nummer}.{i}" if numbered and parent.nummer else None
            out.append(AvsnittVy(rubrik=iv.insats.namn,
                                 anchor=self._anchor(f"insats-{iv.insats.id}"),
                                 niva=niva, nummer=nummer, insats=iv))
        return out


def _block(b: Block) -> BlockVy:
    if b.text is not None:
        return BlockVy("text", text=b.text, rubrik=b.rubrik)
    if b.block is not None:
        return BlockVy("block", block=b.block, rubrik=b.rubrik)
    assert b.tabell is not None
    return BlockVy("tabell", tabell=tabell(b.tabell), rubrik=b.rubrik)
