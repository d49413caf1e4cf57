"""No holes in the example PDFs (issue 16, "Pages").

For every page of every example PDF the empty space at the bottom is measured from the
text's positions (pdftotext -bbox). A page's body is the area inside the page margins
(24 mm top and bottom, @page in templates/css/rapport.css); the running header and the
footer (page number, justerare box) sit in the margins and are not counted. A page fails
when more than 30 % of its body height is empty below its last line, unless the next page
begins a top-level section (each starts on a new page, so the page before may end where
its section ends) or a section the year file puts on a page of its own (ny_sida), or it
is the cover or the last page. The failure names the page and what follows. A page also
fails when its last line (or two or three) is a heading of the report: a heading, a table
caption or a card's or goal's small heading, as the rendered HTML has them.

Every report make build builds is measured: the annual reports, the verksamhetsplan, the
tertial reports and the delårsrapport. The top-level sections of a tertial report or a
delårsrapport are the first level of its table of contents.

The last part checks that a wide table (a driftredovisning with nine columns) fits the
page: every word inside the text area, and every amount whole on one line.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportgen.build import build, check

ROOT = Path(__file__).resolve().parents[1]
MM = 72 / 25.4
MARGIN = 24 * MM
GRANS = 0.30

EXAMPLES: dict[str, tuple[str, str, str | None]] = {
    "skane-nordost-2023": ("data/skane-nordost/2023.yaml", "arsredovisning", None),
    "ostra-sodertorn-2023": ("data/ostra-sodertorn/2023.yaml", "arsredovisning", None),
    "exempel-2024": ("data/exempel/2024.yaml", "arsredovisning", None),
    "nnv-skane-2020": ("data/nnv-skane/2020.yaml", "verksamhetsplan", None),
    # The tertial reports and the delårsrapport that make build builds (build.REPORTS).
    "exempel-2024-T1": ("data/exempel/2024.yaml", "tertialrapport", "T1"),
    "exempel-2024-T2": ("data/exempel/2024.yaml", "tertialrapport", "T2"),
    "exempel-2024-T3": ("data/exempel/2024.yaml", "tertialrapport", "T3"),
    "exempel-2024-delar-T2": ("data/exempel/2024.yaml", "delarsrapport", "T2"),
    "skane-nordost-2022-T1": ("data/skane-nordost/2022.yaml", "tertialrapport", "T1"),
    "skane-nordost-2023-T3": ("data/skane-nordost/2023.yaml", "tertialrapport", "T3"),
}


@dataclass
class Sida:
    nummer: int
    hojd: float
    ord: list[tuple[float, float, str]]
    """(yMin, yMax, word) of the words in the body, in reading order."""

    @property
    def tomt(self) -> float:
        """The empty share of the body below the last text."""
        top, bottom = MARGIN, self.hojd - MARGIN
        last = max((y1 for _, y1, _ in self.ord), default=top)
        return max(0.0, (bottom - last) / (bottom - top))

    def borjan(self, n: int = 8) -> str:
        return " ".join(w for *_, w in self.ord[:n])


def sidor(pdf: Path) -> list[Sida]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for m in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S):
        hojd = float(m.group(1))
        words = []
        for w in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                             r'yMax="([\d.]+)">(.*?)</word>', m.group(2)):
            y0, y1 = float(w.group(1)), float(w.group(2))
            if y0 >= MARGIN - 2 and y1 <= hojd - MARGIN + 2:
                words.append((y0, y1, html.unescape(w.group(3))))
        pages.append(Sida(len(pages) + 1, hojd, words))
    return pages


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def borjar_med(sida: Sida, rubriker: list[str]) -> bool:
    """Whether *sida* begins with one of the headings *rubriker*."""
    start = _plain(sida.borjan(30))
    return any(start.startswith(_plain(r)) for r in rubriker if r.strip())


def hal(pdf: Path, rubriker: list[str]) -> list[str]:
    """The pages more than GRANS empty that do not end a top-level section, described."""
    pages = sidor(pdf)
    found = []
    for i, sida in enumerate(pages):
        if i == 0 or i == len(pages) - 1 or not sida.ord or sida.tomt <= GRANS:
            continue
        nasta = pages[i + 1]
        if borjar_med(nasta, rubriker):
            continue
        found.append(f"{pdf.name} sida {sida.nummer}: {sida.tomt:.0%} tomt längst ned; "
                     f"nästa sida börjar: {nasta.borjan()!r}")
    return found


def rubriker(avsnitt, top: bool = True) -> list[str]:
    """Headings that begin a page: the top-level sections, and the sections the year file
    puts on a page of their own (ny_sida)."""
    out = []
    for a in avsnitt:
        if top or a.ny_sida:
            out.append(a.titel)
        out.extend(rubriker(a.delar, top=False))
    return out


class _Rubriker(HTMLParser):
    """The visible headings of a rendered report (h1–h6, table captions, the small
    headings of cards and goals), and the entries of the table of contents' first level."""

    KLASSER = frozenset({"mellanrubrik", "kortrubrik", "mal-rubrik", "fet-inledning"})

    def __init__(self) -> None:
        super().__init__()
        self.rubriker: list[str] = []
        self.toc: list[str] = []
        self._stack: list[tuple[str, str | None]] = []  # (tag, what it collects)
        self._text: dict[str, list[str]] = {}
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "meta", "link", "input", "hr", "wbr", "source"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        kind = None
        if "sr-only" in classes:
            self._hidden += 1
            kind = "hidden"
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6", "caption"} or classes & self.KLASSER:
            kind = "rubrik"
        elif "toc-niva-1" in classes:
            kind = "toc"
        self._stack.append((tag, kind))
        if kind in {"rubrik", "toc"}:
            self._text[kind] = []

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, kind = self._stack.pop()
            if kind == "hidden":
                self._hidden -= 1
            elif kind == "rubrik":
                self.rubriker.append(_plain("".join(self._text.pop("rubrik"))))
            elif kind == "toc":
                self._text.pop("toc")
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        for kind, parts in self._text.items():
            if kind == "toc" and not parts and data.strip() and not _NR.fullmatch(data.strip()):
                self.toc.append(_plain(data))
            parts.append(data)


_NR = re.compile(r"[\d.]+")


def _utan_nr(text: str) -> str:
    return re.sub(r"^[\d.]+ ", "", _plain(text))


def rubrik_sist(pages: list[Sida], rubriker: list[str], namn: str = "") -> list[str]:
    """The pages (but the last) whose last lines are one of the headings *rubriker*."""
    kanda = {_utan_nr(r) for r in rubriker if r.strip()}
    found = []
    for sida in pages[:-1]:
        lines: dict[int, list[str]] = {}
        for y0, _, w in sida.ord:
            lines.setdefault(round(y0), []).append(w)
        rader = [" ".join(ws) for _, ws in sorted(lines.items())]
        for k in (1, 2, 3):
            tail = _utan_nr(" ".join(rader[-k:]))
            if len(rader) >= k and tail in kanda:
                found.append(f"{namn} sida {sida.nummer}: rubriken {tail!r} står sist")
                break
    return found


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) saknas")
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_no_page_is_more_than_30_percent_empty(name: str, tmp_path: Path) -> None:
    """... and no page ends with a heading."""
    path, report, period = EXAMPLES[name]
    result = check(ROOT / path, report, period)
    assert result.rapport is not None
    written, _ = build(ROOT / path, report, formats=("html", "pdf"), out=tmp_path,
                       period=period)
    [pdf] = [p for p in written if p.suffix == ".pdf"]
    [page_html] = [p for p in written if p.suffix == ".html"]
    parser = _Rubriker()
    parser.feed(page_html.read_text(encoding="utf-8"))
    top = rubriker(getattr(result.rapport, "avsnitt", [])) + parser.toc
    problems = hal(pdf, top) + rubrik_sist(sidor(pdf), parser.rubriker, pdf.name)
    assert not problems, "\n".join(problems)


def test_the_measure_finds_a_hole(tmp_path: Path) -> None:
    """The measure itself: a half-empty page before a page that is no new section fails."""
    page = Sida(2, 842.0, [(MARGIN, MARGIN + 300, "Text")])
    nasta = Sida(3, 842.0, [(MARGIN, MARGIN + 12, "Tabell"), (MARGIN, MARGIN + 12, "rad")])
    assert page.tomt > 0.5
    assert not borjar_med(nasta, ["Resultaträkning"])
    assert borjar_med(nasta, ["Tabell rad"])


def test_the_measure_finds_a_heading_last_on_a_page() -> None:
    """A page whose last line (or two) is a heading fails; a heading with text below does
    not, nor does a last line that only begins like a heading."""
    def sida(*rader: str) -> Sida:
        return Sida(2, 842.0, [(MARGIN + 14 * i, MARGIN + 14 * i + 10, w)
                               for i, rad in enumerate(rader) for w in rad.split()])

    rubriker = ["2.1 Styrelsens sammansättning och arbete", "Driftredovisning 2023"]
    slut = Sida(3, 842.0, [])
    assert rubrik_sist([sida("Text.", "2.1 Styrelsens sammansättning", "och arbete"), slut],
                       rubriker)
    assert rubrik_sist([sida("Text.", "Driftredovisning 2023"), slut], rubriker)
    assert not rubrik_sist([sida("Driftredovisning 2023", "Belopp i kr"), slut], rubriker)
    assert not rubrik_sist([sida("Text.", "Driftredovisning 2023 visar"), slut], rubriker)


# ---------------------------------------------------------------------------- wide tables

LEFT, RIGHT = 24 * MM, 22 * MM
"""The page's left and right margins (@page in templates/css/rapport.css)."""


def _words_with_x(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, str]]]]:
    """Per page: its width and the (xMin, xMax, yMin, word) of every word on it."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', out, re.S):
        words = [(float(w.group(1)), float(w.group(3)), float(w.group(2)),
                  html.unescape(w.group(5)))
                 for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                                      r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                                      m.group(2))]
        pages.append((float(m.group(1)), words))
    return pages


def _nio_kolumner(folder: Path) -> Path:
    """tests/fixtures/mini with budget changes on two rows: its driftredovisning has nine
    columns (budget, budgetändringar, budget efter ändringar, utfall, avvikelse, and the
    prior year's budget, utfall, avvikelse from 2022.yaml)."""
    shutil.copytree(ROOT / "tests/fixtures/mini", folder)
    ar = folder / "2023.yaml"
    text = ar.read_text(encoding="utf-8")
    for budget, andring in (("2979472", "-1250000"), ("10014078", "1250000")):
        old = f"budget: {budget}, utfall"
        assert old in text
        text = text.replace(old, f"budget: {budget}, budgetandring: {andring}, utfall")
    ar.write_text(text, encoding="utf-8")
    return ar


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) saknas")
def test_a_nine_column_driftredovisning_fits_the_page(tmp_path: Path) -> None:
    """Every word of the table lies inside the text area, and every amount stands whole
    on one line (none is broken between its digit groups)."""
    from reportgen.format import kr

    ar = _nio_kolumner(tmp_path / "mini")
    result = check(ar)
    assert result.rapport is not None and not result.errors
    drift = result.rapport.driftredovisning
    assert drift is not None and drift.visa_andringar and drift.visa_foregaende
    written, _ = build(ar, formats=("html", "pdf"), out=tmp_path / "ut")
    [page_html] = [p for p in written if p.suffix == ".html"]
    header = re.search(r'<table class="tabell drift[^"]*">.*?</thead>',
                       page_html.read_text(encoding="utf-8"), re.S)
    assert header is not None
    assert len(re.findall(r"<tr>.*?</tr>", header.group(0), re.S)[-1].split("<th")) - 1 == 9

    [pdf] = [p for p in written if p.suffix == ".pdf"]
    pages = [(w, words) for w, words in _words_with_x(pdf)
             if {"Driftredovisning", "ändringar"} <= {x[3] for x in words}]
    assert len(pages) == 1, "driftredovisningen ska stå på en sida"
    width, words = pages[0]
    top = min(y for _, _, y, t in words if t == "Driftredovisning")
    bottom = min(y for _, _, y, t in words if t == "anges" and y > top)  # the table's note
    table = [w for w in words if top <= w[2] < bottom]
    outside = [t for x0, x1, _, t in table if x0 < LEFT - 0.5 or x1 > width - RIGHT + 0.5]
    assert not outside, f"utanför satsytan: {outside}"

    # Words closer than a digit-group space (a no-break space, ~2 pt) belong to one cell;
    # cells are at least their padding (1.5 mm) apart.
    lines: dict[int, list[tuple[float, float, str]]] = {}
    for x0, x1, y, t in table:
        lines.setdefault(round(y), []).append((x0, x1, t))
    cells: list[str] = []
    for ws in lines.values():
        ws.sort()
        cell = [ws[0]]
        for w in ws[1:]:
            if w[0] - cell[-1][1] < 3:
                cell.append(w)
            else:
                cells.append(" ".join(t for *_, t in cell))
                cell = [w]
        cells.append(" ".join(t for *_, t in cell))
    amounts = [kr(v).replace("\u00a0", " ") for r in drift.rader
               for v in (r.budget, r.budgetandring, r.budget_efter, r.utfall, r.avvikelse,
                         r.fg_budget, r.fg_utfall, r.fg_avvikelse)]
    for amount in set(amounts):
        assert cells.count(amount) >= amounts.count(amount), f"{amount} står inte hel på en rad"
