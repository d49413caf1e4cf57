"""A last pass over the rendered HTML: ISO dates never break at their hyphens; a table
caption that repeats the heading above it is for screen readers only.

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


# A heading, then (inside its table frame) a table whose visible caption says the same.
_HEADING_THEN_CAPTION = re.compile(
    r"<(?P<h>h[1-6])\b[^>]*>(?P<rubrik>(?:(?!</?h[1-6]\b).)*)</(?P=h)>\s*"
    r"(?:<div\b[^>]*>\s*)?<table\b[^>]*>\s*"
    r"(?P<caption><caption>(?P<text>[^<]*(?:<(?!/caption>)[^<]*)*)</caption>)",
    re.S)
_NUMBER = re.compile(r'<span class="nr">.*?</span>', re.S)
_DASH = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*")


def rubriknyckel(text: str) -> str:
    """A heading or caption as compared: without its section number and tags, dashes and
    the spaces around them alike, whitespace collapsed, case folded.

    >>> rubriknyckel('<span class="nr">3</span> Ackumulerat kapital 2020–2022') == \\
    ...     rubriknyckel("Ackumulerat kapital 2020 - 2022")
    True
    """
    text = re.sub(r"<[^>]*>", "", _NUMBER.sub("", text)).replace("&nbsp;", " ")
    return " ".join(_DASH.sub("–", text).split()).rstrip(":").casefold()


def hide_repeated_captions(html: str) -> str:
    """*html* with a table caption that only repeats the heading right above it kept for
    screen readers only (``class="sr-only"``): the one rule for every table, whichever
    template printed it. A caption must stay (PDF/UA tags it); seen twice, it is noise.

    >>> hide_repeated_captions('<h2 id="k">Kapital 2020–2022</h2><div class="tabell-ram">'
    ...                        '<table><caption>Kapital 2020 – 2022</caption>')[-61:]
    '<table><caption class="sr-only">Kapital 2020 – 2022</caption>'
    """
    def hide(m: re.Match[str]) -> str:
        if rubriknyckel(m.group("rubrik")) != rubriknyckel(m.group("text")):
            return m.group(0)
        start = m.start("caption") - m.start(0)
        return (m.group(0)[:start] + '<caption class="sr-only">'
                + m.group(0)[start + len("<caption>"):])

    return _HEADING_THEN_CAPTION.sub(hide, html)
