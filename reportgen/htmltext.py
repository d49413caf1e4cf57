"""A last pass over the rendered HTML: ISO dates never break at their hyphens.

Browsers may break a line after the hyphen of ``2023-12-31`` (Chromium does, on a phone,
in a table header or in running text). Every ISO date in the *text* of the body, wherever
it came from (a filter, a computed period, the kansli's own text), is wrapped in
``<span class="datum">``, which the stylesheet keeps on one line. Tags, attributes and the
raw-text elements (``head``, ``script``, ``style``, ``title``, ``textarea``, ``svg``) are
left alone; the text itself is unchanged, so copying and searching still find the date.

>>> keep_dates_whole('<p title="2023-01-01">Beslut 2023-05-24, ej 12023-05-245.</p>')
'<p title="2023-01-01">Beslut <span class="datum">2023-05-24</span>, ej 12023-05-245.</p>'
>>> keep_dates_whole('<head><title>2023-01-01</title></head><svg><text>2023-01-01</text></svg>')
'<head><title>2023-01-01</title></head><svg><text>2023-01-01</text></svg>'
"""

from __future__ import annotations

import re

_PARTS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_DATE = re.compile(r"(?<![\w-])(\d{4}-\d{2}-\d{2})(?![\w-])")
_RAW = {"head", "script", "style", "title", "textarea", "svg"}


def keep_dates_whole(html: str) -> str:
    """*html* with every ISO date in body text wrapped in ``<span class="datum">``."""
    out: list[str] = []
    inside: list[str] = []  # open raw-text elements
    for part in _PARTS.split(html):
        if part.startswith("<"):
            tag = _TAG.match(part)
            if tag:
                name = tag.group(2).lower()
                if name in _RAW and not part.endswith("/>"):
                    if tag.group(1):
                        if inside and inside[-1] == name:
                            inside.pop()
                    else:
                        inside.append(name)
            out.append(part)
        elif inside or "-" not in part:
            out.append(part)
        else:
            out.append(_DATE.sub(r'<span class="datum">\1</span>', part))
    return "".join(out)
