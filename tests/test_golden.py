"""Golden-file tests: the HTML of the four example reports, through the real pipeline.

Each example is built with :func:`reportgen.build.build` (HTML only, into a temporary
folder) and compared with a committed file in ``tests/golden/``. When a change to the
templates or the engine changes the output on purpose, regenerate them all with one command
and review the change in the diff before committing::

    REPORTGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

What is stored is not the raw HTML (about 200 kB, most of it CSS, base64 and chart path
data) but a normalised text form that a reviewer can read, made by :func:`normalise`:

* one element per line, indented by depth; an element with only text and inline markup
  (``<p>``, ``<td>``, ``<h2>`` with its number ``<span>``, ``<a>`` …) stays whole on its
  line, so a changed figure or heading is a one-line diff;
* the inline ``<style>`` block is left out (style is checked by looking at the PDF, not
  here; a CSS change would otherwise touch every golden file);
* ``data:`` URIs (the embedded logo) are cut to their media type;
* a chart's ``<svg>`` keeps its accessible name (``role``, ``aria-label``, ``<title>``,
  ``<desc>``) and the labels matplotlib writes as comments, but not its drawing: path data
  and coordinates depend on matplotlib's version and are not ours to review;
* runs of ordinary whitespace become one space; non-breaking and thin spaces are kept as
  they are, since they are part of how a figure is written (``12 516 104``).

So the golden files catch changed text, figures, numbering, order, ids, classes, ARIA
attributes and document structure; they do not catch pure CSS or chart-drawing changes.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportgen.build import build

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("REPORTGEN_UPDATE_GOLDEN") == "1"
REGENERATE = "REPORTGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py"
DIFF_LINES = 60

# name of the golden file → (year file, report, period)
EXAMPLES: dict[str, tuple[str, str, str | None]] = {
    "skane-nordost-2023-arsredovisning": ("data/skane-nordost/2023.yaml", "arsredovisning", None),
    "ostra-sodertorn-2023-arsredovisning": ("data/ostra-sodertorn/2023.yaml", "arsredovisning",
                                            None),
    "skane-nordost-2022-tertialrapport-T1": ("data/skane-nordost/2022.yaml", "tertialrapport",
                                             "T1"),
    "nnv-skane-2020-verksamhetsplan": ("data/nnv-skane/2020.yaml", "verksamhetsplan", None),
    "exempel-2024-delarsrapport-T2": ("data/exempel/2024.yaml", "delarsrapport", "T2"),
    "exempel-2024-tertialrapport-T1": ("data/exempel/2024.yaml", "tertialrapport", "T1"),
}

# ------------------------------------------------------------------------- normalise

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
INLINE = {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "img",
          "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
          "var", "wbr"}
SVG_KEEP_ATTRS = {"role", "class", "id", "focusable"}
SPACE = re.compile(r"[ \t\n\r\f]+")  # ordinary whitespace only; NBSP and thin spaces stay
DATA_URI = re.compile(r"data:([^;,\s\"')]*)[^\s\"')]*")


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _Comment(str):
    pass


class _TreeBuilder(HTMLParser):
    """The generated HTML as a tree, with the parts :func:`normalise` drops left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document", [])
        self.stack = [self.root]
        self.skip = 0  # depth inside a dropped subtree (<style>, an SVG's drawing)
        self.svg = 0  # depth inside <svg>

    def handle_decl(self, decl: str) -> None:
        self.stack[-1].children.append(_Comment(f"<!{decl}>"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag not in VOID:
                self.skip += 1
            return
        if tag == "style":
            self.stack[-1].children.append(_Comment("<style>[CSS utelämnad]</style>"))
            self.skip = 1
            return
        if self.svg:
            if tag in ("title", "desc"):
                node = _Node(tag, attrs)
                self.stack[-1].children.append(node)
                self.stack.append(node)
                self.svg += 1
            elif tag not in VOID:
                self.skip = 1
            return
        if tag == "svg":
            attrs = [(k, v) for k, v in attrs if k in SVG_KEEP_ATTRS or k.startswith("aria-")]
            self.svg = 1
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip or (self.svg and tag not in ("title", "desc")):
            return
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        if tag in VOID:
            return
        if self.svg:
            self.svg -= 1
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        # Text directly in <svg> is whitespace between the (dropped) drawing groups.
        if not self.skip and self.svg != 1:
            self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        # Matplotlib writes each label it draws as a comment: keep them inside an SVG,
        # wherever they are nested, as a record of what the chart says.
        if self.svg:
            self.stack[-1].children.append(_Comment(f"<!-- {SPACE.sub(' ', data).strip()} -->"))
        elif not self.skip:
            self.stack[-1].children.append(_Comment(f"<!--{data}-->"))

    def unknown_decl(self, data: str) -> None:  # pragma: no cover - not in our HTML
        self.stack[-1].children.append(_Comment(f"<![{data}]>"))


def _attrs(attrs: list[tuple[str, str | None]]) -> str:
    out = []
    for key, value in attrs:
        if value is None:
            out.append(f" {key}")
            continue
        value = DATA_URI.sub(lambda m: f"data:{m.group(1)},…", value)
        out.append(f' {key}="{html.escape(value, quote=True)}"')
    return "".join(out)


def _is_inline(node: _Node | str) -> bool:
    if isinstance(node, _Comment):
        return False
    if isinstance(node, str):
        return True
    return node.tag in INLINE and all(_is_inline(c) for c in node.children)


def _inline(node: _Node | str) -> str:
    if isinstance(node, str):
        return html.escape(SPACE.sub(" ", node), quote=False)
    inner = "".join(_inline(c) for c in node.children)
    if node.tag in VOID:
        return f"<{node.tag}{_attrs(node.attrs)}>"
    return f"<{node.tag}{_attrs(node.attrs)}>{inner}</{node.tag}>"


def _lines(node: _Node, depth: int) -> list[str]:
    pad = "  " * depth
    start = f"<{node.tag}{_attrs(node.attrs)}>"
    if node.tag in VOID:
        return [pad + start]
    if all(_is_inline(c) for c in node.children):
        inner = "".join(_inline(c) for c in node.children).strip()
        return [f"{pad}{start}{inner}</{node.tag}>"]
    out = [pad + start]
    out += _children(node.children, depth + 1)
    out.append(f"{pad}</{node.tag}>")
    return out


def _children(children: list[_Node | str], depth: int) -> list[str]:
    pad = "  " * depth
    out: list[str] = []
    run: list[_Node | str] = []

    def flush() -> None:
        text = "".join(_inline(c) for c in run).strip()
        if text:
            out.append(pad + text)
        run.clear()

    for child in children:
        if isinstance(child, _Comment):
            flush()
            out.append(pad + child)
        elif _is_inline(child):
            run.append(child)
        else:
            flush()
            assert isinstance(child, _Node)
            out += _lines(child, depth)
    flush()
    return out


def normalise(source: str) -> str:
    """The reviewable text form of a generated HTML document (see the module docstring).

    >>> print(normalise('<div class="x"><p>Summa:  <strong>12\\xa0516</strong></p>'
    ...                 '<style>p { color: red }</style><img src="data:image/png;base64,AAAA">'
    ...                 '<svg role="img" aria-label="Ett diagram" width="300pt">'
    ...                 '<g><path d="M 0 0"/><!-- Arbete: 36 --></g></svg></div>'))
    <div class="x">
      <p>Summa: <strong>12\xa0516</strong></p>
      <style>[CSS utelämnad]</style>
      <img src="data:image/png,…">
      <svg role="img" aria-label="Ett diagram">
        <!-- Arbete: 36 -->
      </svg>
    </div>
    <BLANKLINE>
    """
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return "\n".join(_children(builder.root.children, 0)) + "\n"


# ------------------------------------------------------------------------- the tests

def render(name: str, out: Path) -> str:
    """The example's HTML as `reportgen build --format html` writes it."""
    path, report, period = EXAMPLES[name]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)  # template search: no templates/ of some other working directory
        written, _warnings = build(Path(path), report, formats=("html",), out=out, period=period)
    assert len(written) == 1
    return written[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_html_matches_golden_file(name, tmp_path):
    actual = normalise(render(name, tmp_path))
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        if not golden.exists() or golden.read_text(encoding="utf-8") != actual:
            golden.write_text(actual, encoding="utf-8")
        return
    if not golden.exists():
        pytest.fail(f"{golden.relative_to(ROOT)} saknas; skapa den med:\n  {REGENERATE}",
                    pytrace=False)
    expected = golden.read_text(encoding="utf-8")
    if actual == expected:
        return
    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                     fromfile=f"{golden.relative_to(ROOT)} (golden)",
                                     tofile=f"{name} (renderad nu)", lineterm="", n=2))
    shown = diff[:DIFF_LINES]
    if len(diff) > DIFF_LINES:
        shown.append(f"… ytterligare {len(diff) - DIFF_LINES} rader i diffen")
    pytest.fail(f"{name}: HTML skiljer sig från golden-filen.\n" + "\n".join(shown) +
                f"\n\nÄr ändringen avsiktlig? Generera om och granska diffen:\n  {REGENERATE}",
                pytrace=False)


def test_normalise_keeps_text_figures_and_structure():
    """The golden form keeps the doctype, links, numbers with their NBSPs; drops the CSS."""
    source = ('<!DOCTYPE html><html lang="sv"><head><style>x{}</style></head><body>'
              '<nav aria-labelledby="t"><h2 id="t">Innehåll</h2><ol><li><a href="#a">'
              '<span class="nr">1</span><span>Förvaltningsberättelse</span></a>'
              '<ol><li><a href="#b">Styrelse</a></li></ol></li></ol></nav>'
              '<table><tr><th scope="row">Summa</th><td class="tal">−579\xa0186</td></tr></table>'
              '</body></html>')
    text = normalise(source)
    assert text.splitlines()[0] == "<!DOCTYPE html>"
    assert '<a href="#a"><span class="nr">1</span><span>Förvaltningsberättelse</span></a>' in text
    assert '<td class="tal">−579\xa0186</td>' in text
    assert "x{}" not in text
    assert normalise(source) == text
