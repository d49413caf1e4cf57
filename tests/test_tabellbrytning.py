"""The keep-whole rule for tables (issue 16; reportgen/tabellbrytning.py).

A table is kept whole only when it fits on one page and moving it leaves less than a
quarter of the page empty; otherwise it splits between rows with the header repeated.
The tests typeset small documents with WeasyPrint and the same break rules as
templates/css/rapport.css.
"""

from __future__ import annotations

import pytest

from reportgen import tabellbrytning

CSS = """
@page { size: A4; margin: 24mm; }
body { font-size: 10pt; line-height: 1.5; margin: 0; }
.tabell-ram { break-inside: auto; }
.tabell-ram.hel { break-inside: avoid; }
thead { display: table-header-group; }
tr, h3 { break-inside: avoid; }
h3 { break-after: avoid; }
td, th { padding: 1.3mm 0; }
"""


def _html(fore_mm: int, rader: int, rubrik: bool = True) -> str:
    rows = "".join(f"<tr><th>Rad {n}</th><td>{n * 1000}</td></tr>" for n in range(rader))
    return (f"<html lang=sv><head><style>{CSS}</style></head><body>"
            f'<div style="height: {fore_mm}mm">Text före.</div>'
            + ("<h3>Tabellens rubrik</h3>" if rubrik else "")
            + '<div class="tabell-ram"><table><caption>Tabell</caption>'
            "<thead><tr><th>Post</th><th>Belopp</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div><p>Text efter.</p></body></html>")


def _render(html: str):
    weasyprint = pytest.importorskip("weasyprint")
    return weasyprint.HTML(string=html).render()


def _pages_with(document, text: str) -> list[int]:
    found = []
    for n, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if getattr(box, "text", None) == text:
                found.append(n)
    return found


def test_a_short_table_split_near_the_bottom_moves_whole() -> None:
    """Most of the page is text; the table's part on it and the space below are less than
    a quarter of the page: the table (with its heading) moves whole to the next page."""
    html = _html(205, 8)
    first = _render(html)
    assert len(set(_pages_with(first, "Rad 0") + _pages_with(first, "Rad 7"))) == 2
    whole, total = tabellbrytning.hela(first)
    assert (whole, total) == ([0], 1)
    marked = tabellbrytning.markera(html, whole, total)
    assert marked is not None and 'class="tabell-ram hel"' in marked
    second = _render(marked)
    assert _pages_with(second, "Rad 0") == _pages_with(second, "Rad 7") == [1]
    assert _pages_with(second, "Tabellens rubrik") == [1]


def test_a_table_that_would_leave_a_hole_splits() -> None:
    """Half the page is free: moving the table would leave it empty, so it splits."""
    document = _render(_html(110, 20))  # 20 rows: about 160 mm, fits on one page
    assert _pages_with(document, "Rad 0") == [0]
    assert _pages_with(document, "Rad 19") == [1]
    assert tabellbrytning.hela(document) == ([], 1)


def test_a_table_longer_than_a_page_splits() -> None:
    document = _render(_html(200, 90, rubrik=False))
    assert len(set(_pages_with(document, "Rad 0") + _pages_with(document, "Rad 89"))) > 1
    assert tabellbrytning.hela(document)[0] == []


def test_a_table_on_one_page_is_left_alone() -> None:
    assert tabellbrytning.hela(_render(_html(20, 5))) == ([], 1)


def test_markera_refuses_html_it_cannot_match() -> None:
    html = _html(20, 5)
    assert tabellbrytning.markera(html, [0], 2) is None
    assert tabellbrytning.markera(html, [0], 1) == html.replace(
        'class="tabell-ram"', 'class="tabell-ram hel"')


def test_short_tables_are_kept_whole_from_the_start() -> None:
    """A table of at most KORTA_RADER rows (header included) is marked before the first
    layout; a longer one is not."""
    short, long_ = _html(20, tabellbrytning.KORTA_RADER - 1), _html(20, tabellbrytning.KORTA_RADER)
    assert tabellbrytning.korta(short) == ([0], 1)
    assert tabellbrytning.korta(long_) == ([], 1)
    assert tabellbrytning.korta(short + long_) == ([0], 2)
