"""Running text: Markdown from the YAML to safe HTML, with ``{{namn}}`` figures filled in.

Text in the data is *data*, never markup: raw HTML is shown as text, links may only go
to ``http:``, ``https:``, ``mailto:`` or an anchor in the report, and images are not
rendered (a chart belongs in a template, not in a text field).

Placeholders are replaced *before* parsing, with the figure formatted the Swedish way:

>>> from decimal import Decimal
>>> resolve("Eget kapital: {{eget_kapital}} kr", {"eget_kapital": Decimal("8689972")})
'Eget kapital: 8\\xa0689\\xa0972 kr'
>>> resolve("{{eget_kapital:tkr}} tkr", {"eget_kapital": Decimal("8689972")})
'8\\xa0690 tkr'
>>> figure_names("{{a}} och {{ b:tkr }} och {{a}}")
['a', 'b']
>>> render_inline("*Årets* resultat")
'<em>Årets</em> resultat'
>>> render_block("<script>alert(1)</script>")
'<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'

A passage in another language is marked with a span and its language (screen readers
switch voice; the PDF gets /Lang on the element). Only ``lang`` is accepted:

>>> render_inline("metoden [Supported Employment]{lang=en}")
'metoden <span lang="en">Supported Employment</span>'
>>> render_inline('[x]{lang=en onclick="alert(1)" .c #i}')
'<span lang="en">x</span>'
>>> render_inline('[x]{lang="inte ett språk"}')
'<span>x</span>'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from decimal import Decimal

from . import format as fmt

FORMATS = ("kr", "tkr", "mnkr", "procent", "antal")
"""How a placeholder may format its figure: ``{{namn}}`` is ``kr``, ``{{namn:tkr}}`` …"""

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_INSIDE = re.compile(r"^\s*([a-z0-9_-]+)\s*(?::\s*([a-z]+)\s*)?$")
_ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


class FigureError(ValueError):
    """A ``{{…}}`` placeholder in running text cannot be filled in."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownFigure(FigureError, KeyError):
    """``{{namn}}`` names no computed figure (see ``reportgen/compute`` for the names)."""

    def __init__(self, name: str, known: list[str] | None = None) -> None:
        hint = ""
        if known:
            close = [k for k in known if name in k or k in name][:3]
            if close:
                hint = " (menade du " + " eller ".join(f"{{{{{k}}}}}" for k in close) + "?)"
        super().__init__(f"okänd siffra {{{{{name}}}}} i texten{hint}", name)


class BadPlaceholder(FigureError):
    """A placeholder is malformed or asks for an unknown format."""


def placeholders(text: str) -> list[tuple[str, str]]:
    """Every placeholder in *text* as ``(name, format)``, in order; raises on bad syntax."""
    out = []
    for match in _PLACEHOLDER.finditer(text):
        inner = _INSIDE.match(match.group(1))
        if not inner:
            raise BadPlaceholder(
                f"ogiltig platshållare {match.group(0)!r}; skriv till exempel {{{{eget_kapital}}}} "
                "eller {{eget_kapital:tkr}}")
        name, form = inner.group(1), inner.group(2) or "kr"
        if form not in FORMATS:
            raise BadPlaceholder(
                f"okänt format '{form}' i {match.group(0)}; välj bland {', '.join(FORMATS)}", name)
        out.append((name, form))
    return out


def figure_names(text: str) -> list[str]:
    """The figure names *text* refers to, each once, in order of first use."""
    seen: list[str] = []
    for name, _ in placeholders(text):
        if name not in seen:
            seen.append(name)
    return seen


def _format(value: Decimal | None, form: str, opts: fmt.Options) -> str:
    if form == "procent":
        return fmt.procent(value, opts=opts)
    return getattr(fmt, form)(value, opts=opts)


def resolve(text: str, figurer: Mapping[str, Decimal | None] | None,
            opts: fmt.Options = fmt.DEFAULT) -> str:
    """Replace every ``{{namn}}`` / ``{{namn:format}}`` by the formatted figure."""
    placeholders(text)  # validate everything first, so the first error is the first in text
    figurer = figurer or {}

    def one(match: re.Match[str]) -> str:
        inner = _INSIDE.match(match.group(1))
        assert inner is not None
        name, form = inner.group(1), inner.group(2) or "kr"
        if name not in figurer:
            raise UnknownFigure(name, sorted(figurer))
        return _format(figurer[name], form, opts)

    return _PLACEHOLDER.sub(one, text)


def _validate_link(url: str) -> bool:
    """Links to the web, e-mail or an anchor in the report; nothing else (no javascript:,
    no relative path, which would resolve to the folder on this machine)."""
    url = url.strip().lower()
    if url.startswith("#"):
        return True  # a bare '#' is unlinked by _unlink_empty_anchors
    return url.startswith(_ALLOWED_SCHEMES)


def _unlink_empty_anchors(tokens) -> None:
    """``[text](#)`` (a placeholder for a link never filled in) shows as its text alone: a
    bare ``#`` leads nowhere, and the PDF would resolve it to the folder on this machine."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        kept, dropping = [], 0
        for child in token.children:
            if child.type == "link_open" and str(child.attrGet("href") or "").strip() in ("#", ""):
                dropping += 1
                continue
            if child.type == "link_close" and dropping:
                dropping -= 1
                continue
            kept.append(child)
        token.children = kept


@functools.cache
def _parser():
    """The one CommonMark parser (raw HTML and images off), built on first use."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it-py's hook
    # [text]{lang=en}: a span with a language, nothing else (no id, class or handler).
    attrs_plugin(md, after=("span_close",), spans=True, allowed=("lang",))
    return md


_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _check_langs(tokens) -> None:
    """A ``lang`` that is no language tag (BCP 47) is dropped rather than passed on."""
    for token in tokens:
        lang = token.attrGet("lang")
        if lang is not None and not _LANG.match(str(lang)):
            del token.attrs["lang"]
        if token.children:
            _check_langs(token.children)


def _shift_headings(tokens, niva: int) -> None:
    """A '# Rubrik' inside a section's text becomes the level below the section heading."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1]) + niva
            token.tag = f"h{min(level, 6)}"


def _mark_lead_ins(tokens) -> None:
    """A paragraph that is only **bold text** works as a heading: keep it with what follows."""
    for i in range(len(tokens) - 2):
        opening, inline = tokens[i], tokens[i + 1]
        if opening.type != "paragraph_open" or inline.type != "inline":
            continue
        kids = [k for k in (inline.children or [])
                if not (k.type == "text" and not k.content.strip())]
        if len(kids) >= 3 and kids[0].type == "strong_open" and kids[-1].type == "strong_close" \
                and not any(k.type == "strong_open" for k in kids[1:-1]):
            opening.attrSet("class", "fet-inledning")


def render_block(text: str, figurer: Mapping[str, Decimal | None] | None = None,
                 opts: fmt.Options = fmt.DEFAULT, niva: int = 0) -> str:
    """Markdown paragraphs, lists and tables as HTML; headings shifted below *niva*."""
    source = resolve(text, figurer, opts)
    tokens = _parser().parse(source)
    _unlink_empty_anchors(tokens)
    if niva:
        _shift_headings(tokens, niva)
    _mark_lead_ins(tokens)
    _check_langs(tokens)
    return _parser().renderer.render(tokens, _parser().options, {})


def render_inline(text: str, figurer: Mapping[str, Decimal | None] | None = None,
                  opts: fmt.Options = fmt.DEFAULT) -> str:
    """One line of Markdown (emphasis, links) without the surrounding ``<p>``."""
    md = _parser()
    tokens = md.parseInline(resolve(text, figurer, opts), {})
    _unlink_empty_anchors(tokens)
    _check_langs(tokens)
    return md.renderer.render(tokens, md.options, {})
