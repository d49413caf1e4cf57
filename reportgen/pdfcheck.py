"""The machine-checkable part of PDF/UA-1 that applies to our PDFs, one function per rule.

Each rule is a function ``rule(pdf) -> list[str]`` returning one line per failure (empty:
the rule holds). The rules follow the failure conditions of the Matterhorn Protocol 1.1
that a program can decide and that can occur in what WeasyPrint writes for our templates:

========================  ===============================================================
rule                      Matterhorn checkpoints
========================  ===============================================================
untagged_content          01-003/01-004 (content neither tagged nor artifact), 01-005
                          (every marked-content id reached from the structure tree)
headings_nested           14-00x: a heading inside a heading
headings_skip             14-002 (first heading not H1), 14-003 (a level skipped)
table_structure           15-001..15-002: a Table without TR, TR outside a table, a Table
                          directly inside a Table
th_scope                  15-003 (TH without Scope when the table has no Headers/IDs)
headers_resolvable        15-005 (a cell's Headers that the IDTree cannot resolve)
caption_placement         a Caption outside its Table or not its first or last child
link_contents             28-004/28-011 (a Link annotation without Contents or tag)
figure_alt                13-004 (a Figure without Alt or ActualText)
document_lang             11-001 / 11-006 (no or malformed /Lang)
========================  ===============================================================

:func:`findings` runs them all. The write step (:mod:`reportgen.pdfpost`) writes a PDF/UA or
PDF/A level A identification only when it returns nothing; the tests run it on every example
and on a deliberately broken PDF per rule. This is not a full validator (veraPDF checks
far more, including fonts and colour); it is the subset our files can get wrong.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

import pikepdf

Obj = Any  # a pikepdf object; its stubs type dictionary access too loosely to help

Rule = Callable[[pikepdf.Pdf], list[str]]

HEADINGS = {f"/H{n}": n for n in range(1, 7)}
TABLE_PARTS = {"/THead", "/TBody", "/TFoot"}
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Operators that put marks on the page (text, paths, images, shadings, XObjects).
_PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do",
          "INLINE IMAGE", "BI"}


# ---------------------------------------------------------------------------- tree walking

def _kids(node: Obj) -> list[Obj]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def is_element(node: object) -> bool:
    """A structure element (not a marked-content or object reference, not an MCID)."""
    return (isinstance(node, pikepdf.Dictionary) and "/S" in node
            and node.get("/Type") not in ("/MCR", "/OBJR"))


def elements(pdf: pikepdf.Pdf) -> Iterator[tuple[Obj, list[Obj]]]:
    """Every structure element in reading order, with its ancestors (outermost first)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Obj, list[Obj]]] = [
        (kid, []) for kid in reversed(_kids(root))]
    while stack:
        node, ancestors = stack.pop()
        if not is_element(node):
            continue
        if node.objgen != (0, 0):
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        yield node, ancestors
        below = [*ancestors, node]
        stack.extend((kid, below) for kid in reversed(_kids(node)))


def tag(node: Obj) -> str:
    return str(node.get("/S", ""))


def _attributes(node: Obj) -> list[Obj]:
    attrs = node.get("/A")
    if attrs is None:
        return []
    items = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
    return [a for a in items if isinstance(a, pikepdf.Dictionary)]


def attribute(node: Obj, key: str) -> Obj | None:
    for attrs in _attributes(node):
        if key in attrs:
            return attrs[key]
    return None


def _page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: i for i, page in enumerate(pdf.pages)}


def referenced_mcids(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """(page index, MCID) of every marked-content reference reached from the root."""
    pages = _page_numbers(pdf)
    found = set()
    for node, _ in elements(pdf):
        default = pages.get(node.Pg.objgen, -1) if "/Pg" in node else -1
        for kid in _kids(node):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Object)
                                        and kid._type_code == pikepdf.ObjectType.integer):
                found.add((default, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = pages.get(kid.Pg.objgen, -1) if "/Pg" in kid else default
                found.add((page, int(kid.MCID)))
    return found


def _marked_content(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, int | None]]:
    """(page index, state, MCID) for every painting operator: state is 'mcid', 'artifact'
    or 'untagged'. Form XObjects are followed with the marked-content state of the Do."""

    def walk(stream_owner: Obj, page_index: int, outer: list,
             seen: set) -> Iterator[tuple[int, str, int | None]]:
        stack = list(outer)
        resources = stream_owner.get("/Resources", {})
        for instruction in pikepdf.parse_content_stream(stream_owner):
            operands, operator = instruction.operands, instruction.operator
            op = str(operator)
            if op in ("BDC", "BMC"):
                name = str(operands[0])
                mcid = None
                if op == "BDC" and len(operands) > 1:
                    props = operands[1]
                    if isinstance(props, pikepdf.Name):  # a named property list
                        props = resources.get("/Properties", {}).get(props, {})
                    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                        mcid = int(props.MCID)
                stack.append(("artifact", None) if name == "/Artifact" else
                             ("mcid", mcid) if mcid is not None else ("other", None))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in _PAINT:
                state = next((s for s in reversed(stack) if s[0] != "other"), ("untagged", None))
                if op == "Do":
                    xobject = resources.get("/XObject", {}).get(operands[0])
                    if (xobject is not None and xobject.get("/Subtype") == "/Form"
                            and xobject.objgen not in seen):
                        yield from walk(xobject, page_index, [*stack], seen | {xobject.objgen})
                        continue
                yield page_index, state[0], state[1]

    for i, page in enumerate(pdf.pages):
        yield from walk(page.obj, i, [], set())


# ---------------------------------------------------------------------------- the rules

def untagged_content(pdf: pikepdf.Pdf) -> list[str]:
    """Everything painted is either marked content reached from the tree, or an Artifact."""
    referenced = referenced_mcids(pdf)
    untagged: dict[int, int] = {}
    orphans: dict[int, set[int]] = {}
    for page, state, mcid in _marked_content(pdf):
        if state == "untagged":
            untagged[page] = untagged.get(page, 0) + 1
        elif state == "mcid" and (page, mcid) not in referenced:
            orphans.setdefault(page, set()).add(int(mcid or 0))
    out = [f"sida {p + 1}: {n} ritningar varken taggade eller Artifact"
           for p, n in sorted(untagged.items())]
    out += [f"sida {p + 1}: innehåll med MCID {sorted(m)[:8]} nås inte från strukturträdet"
            for p, m in sorted(orphans.items())]
    return out


def headings_nested(pdf: pikepdf.Pdf) -> list[str]:
    """No heading inside a heading (one heading per heading, its number included)."""
    return [f"{tag(node)} inuti {next(tag(a) for a in above if tag(a) in HEADINGS)}"
            for node, above in elements(pdf)
            if tag(node) in HEADINGS and any(tag(a) in HEADINGS for a in above)]


def headings_skip(pdf: pikepdf.Pdf) -> list[str]:
    """The first heading is H1 and no level is skipped going down."""
    levels = [HEADINGS[tag(node)] for node, _ in elements(pdf) if tag(node) in HEADINGS]
    out = []
    if levels and levels[0] != 1:
        out.append(f"första rubriken är H{levels[0]}, inte H1")
    out += [f"H{a} följs av H{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
    return out


def table_structure(pdf: pikepdf.Pdf) -> list[str]:
    """A Table has rows (TR, directly or in THead/TBody/TFoot) and only table children."""
    out = []
    for node, above in elements(pdf):
        t = tag(node)
        if t == "/Table":
            kids = [k for k in _kids(node) if is_element(k)]
            rows = [k for k in kids if tag(k) == "/TR"] + [
                r for k in kids if tag(k) in TABLE_PARTS for r in _kids(k)
                if is_element(r) and tag(r) == "/TR"]
            if not rows:
                out.append("Table utan TR")
            bad = sorted({tag(k) for k in kids} - {"/TR", "/Caption", *TABLE_PARTS})
            if bad:
                out.append(f"Table innehåller {', '.join(bad)}")
        elif t == "/TR" and (not above or tag(above[-1]) not in {"/Table", *TABLE_PARTS}):
            out.append("TR utanför Table")
        elif t in ("/TH", "/TD") and (not above or tag(above[-1]) != "/TR"):
            out.append(f"{t} utanför TR")
    return out


def _id_tree(pdf: pikepdf.Pdf) -> dict[str, Obj]:
    root = pdf.Root.get("/StructTreeRoot")
    tree = root.get("/IDTree") if root is not None else None
    found: dict[str, Obj] = {}
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        names = node.get("/Names")
        if names is not None:
            for i in range(0, len(names) - 1, 2):
                found[bytes(names[i]).decode("latin-1")] = names[i + 1]
        stack.extend(node.get("/Kids", []))
    return found


def th_scope(pdf: pikepdf.Pdf) -> list[str]:
    """Every TH has a Scope, unless every data cell of its table names its headers."""
    out = []
    for node, above in elements(pdf):
        if tag(node) != "/TH" or attribute(node, "/Scope") is not None:
            continue
        table = next((a for a in reversed(above) if tag(a) == "/Table"), None)
        cells = [n for n, ab in elements_below(table)] if table is not None else []
        if not cells or any(tag(c) == "/TD" and attribute(c, "/Headers") is None
                            for c in cells):
            out.append(f"TH utan Scope: {text_hint(node)}")
    return out


def elements_below(node: Obj) -> Iterator[tuple[Obj, int]]:
    stack = [(k, 1) for k in _kids(node)]
    while stack:
        kid, depth = stack.pop()
        if is_element(kid):
            yield kid, depth
            stack.extend((k, depth + 1) for k in _kids(kid))


def headers_resolvable(pdf: pikepdf.Pdf) -> list[str]:
    """Every ID a cell's Headers names is in the IDTree and is a TH."""
    ids = _id_tree(pdf)
    out = []
    for node, _ in elements(pdf):
        headers = attribute(node, "/Headers") if tag(node) in ("/TD", "/TH") else None
        if headers is None:
            continue
        for ref in (list(headers) if isinstance(headers, pikepdf.Array) else [headers]):
            key = bytes(ref).decode("latin-1")
            target = ids.get(key)
            if target is None or tag(target) != "/TH":
                out.append(f"Headers '{key}' finns inte i IDTree")
    return out


def caption_placement(pdf: pikepdf.Pdf) -> list[str]:
    """A Caption is the first or last child of its Table (or Figure, or list)."""
    out = []
    for node, above in elements(pdf):
        if tag(node) != "/Caption":
            continue
        parent = above[-1] if above else None
        if parent is None or tag(parent) not in ("/Table", "/Figure", "/L"):
            out.append(f"Caption utanför Table (förälder {tag(parent) if parent else '-'})")
            continue
        kids = [k for k in _kids(parent) if is_element(k)]
        if kids and node.objgen not in (kids[0].objgen, kids[-1].objgen):
            out.append("Caption är varken första eller sista barnet i sin Table")
    return out


def link_contents(pdf: pikepdf.Pdf) -> list[str]:
    """Every link annotation has a description (Contents) and sits in a Link element."""
    tagged = set()
    for node, _ in elements(pdf):
        if tag(node) == "/Link":
            tagged |= {k.Obj.objgen for k in _kids(node) if isinstance(k, pikepdf.Dictionary)
                       and k.get("/Type") == "/OBJR" and "/Obj" in k}
    out = []
    for i, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            if not str(annot.get("/Contents", "")).strip():
                out.append(f"sida {i + 1}: länk utan Contents")
            if annot.objgen not in tagged:
                out.append(f"sida {i + 1}: länk utan Link-element")
    return out


def figure_alt(pdf: pikepdf.Pdf) -> list[str]:
    """Every Figure has an alternative text."""
    return [f"Figure utan Alt (sida {page_of(pdf, node)})" for node, _ in elements(pdf)
            if tag(node) == "/Figure"
            and not str(node.get("/Alt", node.get("/ActualText", ""))).strip()]


def document_lang(pdf: pikepdf.Pdf) -> list[str]:
    """The document has a language, and every language given is a well-formed tag."""
    out = []
    lang = str(pdf.Root.get("/Lang", "")).strip()
    if not lang:
        out.append("dokumentet saknar /Lang")
    elif not _LANG.match(lang):
        out.append(f"dokumentets /Lang '{lang}' är ingen språkkod")
    for node, _ in elements(pdf):
        if "/Lang" in node and not _LANG.match(str(node.Lang)):
            out.append(f"{tag(node)} har /Lang '{node.Lang}', ingen språkkod")
    return out


RULES: tuple[Rule, ...] = (untagged_content, headings_nested, headings_skip, table_structure,
                           th_scope, headers_resolvable, caption_placement, link_contents,
                           figure_alt, document_lang)


def findings(pdf: pikepdf.Pdf) -> list[str]:
    """Every failure of every rule, each line prefixed with the rule's name."""
    return [f"{rule.__name__}: {line}" for rule in RULES for line in rule(pdf)]


# ---------------------------------------------------------------------------- for messages

def page_of(pdf: pikepdf.Pdf, node: Obj) -> int | str:
    if "/Pg" not in node:
        return "?"
    return _page_numbers(pdf).get(node.Pg.objgen, -2) + 1


def text_hint(node: Obj) -> str:
    return f"{tag(node)} (objekt {node.objgen[0]})"
