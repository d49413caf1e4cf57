"""Measure the empty space at the bottom of every page of a PDF (from pdftotext -bbox).

A page's body is the area inside the page margins (24 mm top and bottom, see @page in
templates/css/rapport.css); the running header and the footer (page number, justerare
box) sit in the margins and are not counted. A page is a "hole" when more than
:data:`GRANS` of its body height is empty below the last line of text, unless the next
page begins a top-level section (every top-level section starts on a new page, and the
page before it may end where its section ends) or it is the cover or the last page.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
MARGIN = 24 * MM
GRANS = 0.30


@dataclass
class Sida:
    nummer: int
    hojd: float
    ord: list[tuple[float, float, float, str]]
    """(yMin, yMax, height, word) of the words in the body."""

    @property
    def tomt(self) -> float:
        """The empty share of the body below the last text."""
        top, bottom = MARGIN, self.hojd - MARGIN
        last = max((y1 for _, y1, _, _ in self.ord), default=top)
        return max(0.0, (bottom - last) / (bottom - top))

    def borjan(self, n: int = 8) -> str:
        return " ".join(w for *_, w in sorted(self.ord, key=lambda o: (round(o[0]), 0))[:n])


def sidor(pdf: Path) -> list[Sida]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        hojd = float(m.group(2))
        words = []
        for w in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                             r'yMax="([\d.]+)">(.*?)</word>', m.group(3)):
            y0, y1 = float(w.group(1)), float(w.group(2))
            if y0 >= MARGIN - 2 and y1 <= hojd - MARGIN + 2:
                words.append((y0, y1, y1 - y0, html.unescape(w.group(3))))
        pages.append(Sida(len(pages) + 1, hojd, words))
    return pages


def borjar_huvudavsnitt(sida: Sida, rubriker: list[str]) -> bool:
    """Whether *sida* begins with one of the top-level section headings *rubriker*."""
    start = re.sub(r"\s+", " ", sida.borjan(20))
    return any(start.startswith(r) or re.sub(r"^[\d.]+ ", "", start).startswith(r)
               for r in rubriker if r)


def hal(pdf: Path, rubriker: list[str]) -> list[str]:
    """The pages more than GRANS empty that do not end a top-level section, described."""
    pages = sidor(pdf)
    found = []
    for i, sida in enumerate(pages):
        if i == 0 or i == len(pages) - 1 or not sida.ord:
            continue
        if sida.tomt <= GRANS:
            continue
        nasta = pages[i + 1]
        if borjar_huvudavsnitt(nasta, rubriker):
            continue
        found.append(f"{pdf.name} sida {sida.nummer}: {sida.tomt:.0%} tomt längst ned; "
                     f"nästa sida börjar: {nasta.borjan()!r}")
    return found
