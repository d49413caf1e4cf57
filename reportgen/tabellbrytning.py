"""Which tables of a typeset PDF should be kept whole instead of split between pages.

The rule (issue 16): a table is kept whole only when it fits on one page and moving it to
the next page leaves less than a quarter of the page empty; otherwise it splits between
rows, its header rows repeated on the next page. CSS cannot say "avoid a break inside
unless that leaves a hole", so the PDF is typeset twice when it has to be:

1. ``templates/css/rapport.css`` lets every ``.tabell-ram`` split between rows, so no
   table jumps whole to the next page and leaves a hole;
2. :func:`hela` reads that layout: a table that split, fits on one page, and whose part
   on the first page (with the headings above it, which move with it) and the empty space
   below take less than a quarter of the page, should have moved whole;
3. :func:`markera` gives those tables the class ``hel`` (``break-inside: avoid``) and the
   caller typesets once more. What the second layout moves is not measured again: a
   table it pushes across a page break splits, which leaves no hole.

A document without such a table is typeset once (bench/: the PDF build may cost at most
10 % more than WeasyPrint alone). The written HTML is never changed; only the copy
WeasyPrint typesets.
"""

from __future__ import annotations

import re
from typing import Any

TOM_ANDEL = 0.25
"""A table is moved whole only when that leaves less than this share of a page empty."""

KORTA_RADER = 7
"""A table of at most this many rows (a header row and six more: about 55 mm of the
page's 249) is always kept whole."""

OMGANGAR = 3
"""At most this many layouts of one document: moving a table whole moves the ones after
it, so the layout is read again after each (and most documents need one)."""

KLASS = "tabell-ram"
HEL = "hel"
"""The class that keeps a table whole (rapport.css: ``.tabell-ram.hel``)."""

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "caption"})
_HEADING_CLASSES = frozenset({"mellanrubrik", "kortrubrik", "mal-rubrik", "fet-inledning"})
_CLASS_ATTR = re.compile(r'(<[A-Za-z][A-Za-z0-9-]*\s[^<>]*?\bclass=")([^"<>]*)(")')


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _tables(root: Any) -> list[Any]:
    """The table frames in document order."""
    return [e for e in root.iter() if isinstance(e.tag, str) and KLASS in _classes(e)]


def _is_heading(element: Any) -> bool:
    tag = str(element.tag).rsplit("}", 1)[-1]
    return tag in _HEADINGS or bool(_classes(element) & _HEADING_CLASSES)


def _in_headings(root: Any) -> set[int]:
    """The ids of the headings and of every element inside one (a section number)."""
    return {id(d) for h in root.iter() if isinstance(h.tag, str) and _is_heading(h)
            for d in h.iter()}


def hela(document: Any) -> tuple[list[int], int]:
    """The indexes (among the ``.tabell-ram`` elements, in document order) of the tables
    that the layout of *document* (a ``weasyprint.Document``) split although they should
    have moved whole to the next page, and how many table frames there are."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, ReplacedBox

    pages = [page._page_box for page in document.pages]
    roots = [c for c in pages[0].children if not isinstance(c, MarginBox)] if pages else []
    if not roots or roots[0].element is None:
        return [], 0
    tables = _tables(roots[0].element)
    number = {id(e): i for i, e in enumerate(tables)}
    headings = _in_headings(roots[0].element)

    parts: dict[int, list[tuple[int, float, float]]] = {}  # table: (page, top, bottom)
    lines_on: list[list[tuple[float, float, Any]]] = []  # per page: (top, bottom, element)
    for p, page in enumerate(pages):
        top = page.content_box_y()
        lines: list[tuple[float, float, Any]] = []
        for root in page.children:
            if isinstance(root, MarginBox):
                continue
            for box in root.descendants():
                element = getattr(box, "element", None)
                if isinstance(box, (LineBox, ReplacedBox)) and box.position_y >= top - 1:
                    # (not the screen-reader-only text placed above the page)
                    lines.append((box.position_y, box.position_y + box.height, element))
                i = number.get(id(element))
                if i is not None and not (parts.get(i) and parts[i][-1][0] == p):
                    y = box.border_box_y()
                    parts.setdefault(i, []).append((p, y, y + box.border_height()))
        lines_on.append(sorted(lines, key=lambda line: line[0]))

    out = []
    for i, frags in parts.items():
        if len({p for p, _, _ in frags}) < 2 or HEL in _classes(tables[i]):
            continue
        p, y, _ = frags[0]
        page = pages[p]
        body = page.height or 1
        if sum(b - t for _, t, b in frags) > body:
            continue  # does not fit on one page: it splits
        # The headings right above the table go with it.
        for t, _, element in reversed([line for line in lines_on[p] if line[1] <= y + 0.5]):
            if id(element) not in headings:
                break
            y = min(y, t)
        if (page.content_box_y() + page.height - y) / body < TOM_ANDEL:
            out.append(i)
    return sorted(out), len(tables)


def korta(html: str) -> tuple[list[int], int]:
    """The indexes of the table frames in *html* whose table has at most
    :data:`KORTA_RADER` rows (header rows too), and how many table frames there are.

    Such a table takes less than a quarter of a page, so moving it whole never leaves a
    hole: it is kept whole from the first layout on, and a table split or moved before it
    never makes it split with one row left behind."""
    starts = [m for m in _CLASS_ATTR.finditer(html) if KLASS in m.group(2).split()]
    out = []
    for i, m in enumerate(starts):
        end = html.find("</table>", m.end())
        if end >= 0 and html.count("<tr", m.end(), end) <= KORTA_RADER:
            out.append(i)
    return out, len(starts)


def markera(html: str, index: list[int], total: int) -> str | None:
    """*html* with the class ``hel`` added to the ``.tabell-ram`` elements *index* (in
    document order), or None when the HTML's table frames do not match the *total* the
    layout found one to one (then the first layout stands)."""
    wanted = set(index)
    count = 0

    def add(match: re.Match[str]) -> str:
        nonlocal count
        if KLASS not in match.group(2).split():
            return match.group(0)
        count += 1
        if count - 1 in wanted:
            return f"{match.group(1)}{match.group(2)} {HEL}{match.group(3)}"
        return match.group(0)

    out = _CLASS_ATTR.sub(add, html)
    return out if count == total else None
