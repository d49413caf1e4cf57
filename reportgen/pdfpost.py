"""Repair WeasyPrint's structure tree with pikepdf, then claim only what the file meets.

WeasyPrint tags the PDF from the box tree, page by page (its issues #1836 and #2482 discuss
the gaps). What it writes for our templates, and what this module does about it:

* Margin boxes (running header, "Sida X av Y", the justerare box) get marked-content ids
  that no structure element in the tree reaches. They become pagination **Artifacts**.
* Leaders (the table of contents' dots) are text inside the link. They become Artifacts;
  a table header repeated on a continuation page likewise.
* Anonymous boxes (a heading with an absolutely placed number, a table wrapper, a
  pseudo-element) become a nested element of the same kind: H1 > H1, Table > Table, Link >
  Link. An element made from the same HTML element as its parent, with the same tag, is
  merged into the parent.
* The tree is built per page: a section broken over three pages is three Sect elements,
  ``main`` a Part per page. Neighbours made from the same HTML element are merged, so
  there is one Sect per section; their content items keep their own page (MCR).
* TH cells get a /Scope (from the HTML ``scope``, else their place), the IDs that TD
  /Headers name are collected into the /IDTree, and references to removed cells dropped.
* The table of contents' list becomes TOC/TOCI, one Link in each TOCI.
* An element whose HTML element has its own ``lang`` gets /Lang.

Facts about the HTML (which element a structure element was made from, its lang, scope,
class) are recorded while WeasyPrint builds the tree: :func:`recording` wraps its
``_build_box_tree`` for the duration of one ``write_pdf`` and collects them by object
number. If a WeasyPrint version no longer has that function, nothing is recorded, the
repairs that need the facts are skipped, and the self-check below decides.

Finally :func:`reportgen.pdfcheck.findings` runs on the result. Only when it finds nothing
does the file keep (PDF/A level A) or get (PDF/UA-1) its accessibility identification;
otherwise PDF/A-2a is lowered to PDF/A-2b, the PDF/UA identification is removed, and a
:class:`ConformanceWarning` says why. Same bytes in, same bytes out: nothing depends on
the clock or on object identity, and pikepdf writes a content-derived /ID.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from . import pdfcheck

Obj = Any  # a pikepdf object; its stubs type dictionary access too loosely to help


class ConformanceWarning(UserWarning):
    """The PDF does not pass the structure checks, so it does not claim PDF/UA or level A."""


# ---------------------------------------------------------------------------- recording

@dataclass(frozen=True)
class Hint:
    """What the HTML said about the element a structure element was made from."""

    key: int  # the same number for every box of one HTML element
    html: str  # the HTML tag (with the pseudo-element, e.g. 'a::after')
    lang: str | None
    scope: str | None
    classes: frozenset[str]
    leader: bool
    text: str | None = None  # a link's text, its description


@dataclass
class Recording:
    hints: dict[int, Hint] = field(default_factory=dict)
    _keys: dict[int, int] = field(default_factory=dict)
    _alive: list[Any] = field(default_factory=list)  # keeps id() of elements unique

    def note(self, number: int, box: Any) -> None:
        element = getattr(box, "element", None)
        if element is None or number in self.hints:
            return
        key = self._keys.get(id(element))
        if key is None:
            key = self._keys[id(element)] = len(self._keys)
            self._alive.append(element)
        attrib = getattr(element, "attrib", {})
        self.hints[number] = Hint(
            key=key, html=str(getattr(box, "element_tag", "") or ""),
            lang=attrib.get("lang") or None, scope=attrib.get("scope") or None,
            classes=frozenset(str(attrib.get("class", "")).split()),
            leader=bool(getattr(box, "is_leader", False)),
            text=" ".join("".join(element.itertext()).split()) or None
            if getattr(element, "tag", None) == "a" else None)


_current: contextvars.ContextVar[Recording | None] = contextvars.ContextVar(
    "reportgen_pdf_recording", default=None)


def _install() -> bool:
    """Wrap WeasyPrint's tree builder once; False if this WeasyPrint has none."""
    try:
        from weasyprint.pdf import tags
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        return False
    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        return False
    if getattr(original, "_reportgen", False):
        return True

    def build_box_tree(box, *args, **kwargs):
        recording = _current.get()
        real = getattr(box, "_box", box)  # an AbsolutePlaceholder stands for its box
        for element in original(box, *args, **kwargs):
            number = getattr(element, "number", None)
            if recording is not None and isinstance(number, int):
                recording.note(number, real)
            yield element

    build_box_tree._reportgen = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_box_tree
    return True


@contextlib.contextmanager
def recording() -> Iterator[Recording]:
    """Collect :class:`Hint` s while WeasyPrint writes a PDF inside the ``with`` block."""
    found = Recording()
    _install()
    token = _current.set(found)
    try:
        yield found
    finally:
        _current.reset(token)


# ---------------------------------------------------------------------------- the tree

@dataclass
class Mark:
    """A marked-content item: MCID *mcid* on page *page* (index)."""

    page: int
    mcid: int


@dataclass(eq=False)
class Node:
    obj: Obj
    kids: list[Node | Mark | Obj]  # Dictionary: an OBJR
    hint: Hint | None

    @property
    def tag(self) -> str:
        return str(self.obj.get("/S", ""))

    def elements(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.elements()

    def marks(self) -> Iterator[Mark]:
        for kid in self.kids:
            if isinstance(kid, Mark):
                yield kid
            elif isinstance(kid, Node):
                yield from kid.marks()


class _Tree:
    def __init__(self, pdf: pikepdf.Pdf, hints: dict[int, Hint]) -> None:
        self.pdf = pdf
        self.hints = hints
        self.pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        self.artifacts: set[tuple[int, int]] = set()  # (page, mcid) to mark as Artifact
        self.seen: set[tuple[int, int]] = set()
        root = pdf.Root.StructTreeRoot
        self.roots = [self.read(k, -1) for k in pdfcheck._kids(root) if pdfcheck.is_element(k)]

    def read(self, obj: Obj, page: int) -> Node:
        self.seen.add(obj.objgen)
        if "/Pg" in obj:
            page = self.pages.get(obj.Pg.objgen, page)
        kids: list[Node | Mark | Obj] = []
        for kid in pdfcheck._kids(obj):
            if pdfcheck.is_element(kid):
                if kid.objgen not in self.seen:
                    kids.append(self.read(kid, page))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                kids.append(Mark(self.pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page,
                                 int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary):
                kids.append(kid)  # OBJR
            else:
                kids.append(Mark(page, int(kid)))
        return Node(obj, kids, self.hints.get(obj.objgen[0]))

    def drop(self, node: Node) -> None:
        """Remove *node* from the tree; its content becomes Artifact."""
        self.artifacts |= {(m.page, m.mcid) for m in node.marks()}

    # -------------------------------------------------------------------- repairs

    def remove_leaders(self, node: Node) -> None:
        kept: list[Node | Mark | Obj] = []
        for kid in node.kids:
            if isinstance(kid, Node) and kid.hint is not None and kid.hint.leader:
                self.drop(kid)
                kept.extend(self.objrs(kid))  # the leader's link area stays the link's
                continue
            if isinstance(kid, Node):
                self.remove_leaders(kid)
            kept.append(kid)
        node.kids = kept

    @staticmethod
    def objrs(node: Node) -> list[Obj]:
        return [k for n in node.elements() for k in n.kids if isinstance(k, pikepdf.Dictionary)]

    def collapse(self, node: Node) -> None:
        """Merge a kid made from the same HTML element and with the same tag into *node*."""
        changed = True
        while changed:
            changed = False
            kids: list[Node | Mark | Obj] = []
            for kid in node.kids:
                if (isinstance(kid, Node) and kid.tag == node.tag and kid.hint is not None
                        and node.hint is not None and kid.hint.key == node.hint.key):
                    kids.extend(kid.kids)
                    changed = True
                else:
                    kids.append(kid)
            node.kids = kids
        for kid in node.kids:
            if isinstance(kid, Node):
                self.collapse(kid)

    def merge_fragments(self, kids: Sequence[Node | Mark | Obj]) -> list[Node | Mark | Obj]:
        """Neighbours made from one HTML element (a box broken over pages) become one."""
        out: list[Node | Mark | Obj] = []
        for kid in kids:
            last = out[-1] if out else None
            if (isinstance(kid, Node) and isinstance(last, Node) and kid.tag == last.tag
                    and kid.hint is not None and last.hint is not None
                    and kid.hint.key == last.hint.key):
                last.kids.extend(kid.kids)
                continue
            out.append(kid)
        for kid in out:
            if isinstance(kid, Node):
                if kid.tag == "/Table":
                    self.drop_repeated_headers(kid)
                    self.caption_first(kid)
                kid.kids = self.merge_fragments(kid.kids)
        return out

    def drop_repeated_headers(self, table: Node) -> None:
        """A THead/TFoot repeated on a continuation page is drawn again, not read again."""
        seen: dict[tuple[str, int], Node] = {}
        kept: list[Node | Mark | Obj] = []
        for kid in table.kids:
            if isinstance(kid, Node) and kid.tag in ("/THead", "/TFoot") and kid.hint:
                first = seen.get((kid.tag, kid.hint.key))
                if first is not None:
                    self.remap_ids(kid, first)
                    self.drop(kid)
                    continue
                seen[(kid.tag, kid.hint.key)] = kid
            kept.append(kid)
        table.kids = kept

    @staticmethod
    def caption_first(table: Node) -> None:
        """HTML's caption is the table's first child; a visually hidden (absolutely placed)
        caption is drawn, and so tagged, after the header row. Put it back first."""
        captions = [k for k in table.kids if isinstance(k, Node) and k.tag == "/Caption"]
        if captions:
            table.kids = captions + [k for k in table.kids if all(k is not c for c in captions)]

    def remap_ids(self, removed: Node, kept: Node) -> None:
        old = [n for n in removed.elements() if n.tag == "/TH" and "/ID" in n.obj]
        new = [n for n in kept.elements() if n.tag == "/TH" and "/ID" in n.obj]
        for a, b in zip(old, new, strict=False):
            self.id_map[bytes(a.obj.ID)] = bytes(b.obj.ID)

    id_map: dict[bytes, bytes]

    def links_in_links(self, node: Node, link: Node | None = None) -> None:
        """A link annotation belongs to the Link element around the box that drew it
        (WeasyPrint also hangs one on each span inside the link)."""
        if node.tag == "/Link" and link is None:
            link = node
        kept: list[Node | Mark | Obj] = []
        for kid in node.kids:
            annot = kid.get("/Obj") if isinstance(kid, pikepdf.Dictionary) else None
            if annot is not None and node.tag != "/Link" and annot.get("/Subtype") == "/Link":
                if link is not None:
                    link.kids.append(kid)
                    continue
                node.obj.S = pikepdf.Name("/Link")
            kept.append(kid)
        node.kids = kept
        for kid in list(node.kids):
            if isinstance(kid, Node):
                self.links_in_links(kid, link)

    def retag_toc(self, node: Node, in_toc: bool = False) -> None:
        inside = in_toc or bool(node.hint and "innehallsforteckning" in node.hint.classes)
        if inside and node.tag == "/L":
            node.obj.S = pikepdf.Name("/TOC")
        elif inside and node.tag == "/LI":
            node.obj.S = pikepdf.Name("/TOCI")
            kids: list[Node | Mark | Obj] = []
            for kid in node.kids:  # TOCI holds the Link itself, not a list body
                if isinstance(kid, Node) and kid.tag in ("/LBody", "/Lbl"):
                    kids.extend(kid.kids)
                else:
                    kids.append(kid)
            node.kids = kids
        for kid in node.kids:
            if isinstance(kid, Node):
                self.retag_toc(kid, inside)

    def prune(self, node: Node) -> bool:
        """Drop empty grouping elements; True if *node* itself is empty and may go."""
        node.kids = [k for k in node.kids if not (isinstance(k, Node) and self.prune(k))]
        keep_empty = {"/TD", "/TH", "/TR", "/Document"}
        return not node.kids and node.tag not in keep_empty

    def annotate(self, root_lang: str) -> None:
        for node in self.all():
            hint = node.hint
            if hint and hint.html == "figure" and node.tag == "/NonStruct":
                # An HTML figure that is not an image (a quotation, a chart with its data
                # table): a group, its figcaption a paragraph (Caption belongs to a Table).
                node.obj.S = pikepdf.Name("/Div")
                for kid in node.kids:
                    if isinstance(kid, Node) and kid.tag == "/Caption":
                        kid.obj.S = pikepdf.Name("/P")
            if node.tag == "/Link" and hint and hint.text:
                for kid in node.kids:
                    if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid:
                        kid.Obj.Contents = pikepdf.String(hint.text)
            if hint and hint.lang and hint.lang.lower() != root_lang.lower():
                node.obj.Lang = pikepdf.String(hint.lang)
            if node.tag == "/TH":
                self.scope(node)

    def scope(self, th: Node) -> None:
        scope = (th.hint.scope or "").lower() if th.hint else ""
        name = {"col": "/Column", "colgroup": "/Column", "row": "/Row",
                "rowgroup": "/Row"}.get(scope)
        if name is None:
            row = self.parent.get(id(th))
            group = self.parent.get(id(row)) if row is not None else None
            in_head = group is not None and group.tag == "/THead"
            has_td = row is not None and any(isinstance(k, Node) and k.tag == "/TD"
                                             for k in row.kids)
            name = "/Row" if has_td and not in_head else "/Column"
        attrs = th.obj.get("/A")
        if not isinstance(attrs, pikepdf.Dictionary):
            attrs = pikepdf.Dictionary(O=pikepdf.Name("/Table"))
            th.obj.A = attrs
        attrs.Scope = pikepdf.Name(name)

    def all(self) -> Iterator[Node]:
        for root in self.roots:
            yield from root.elements()

    # -------------------------------------------------------------------- write back

    def write(self) -> None:
        pdf = self.pdf
        pages = list(pdf.pages)
        struct_root = pdf.Root.StructTreeRoot
        by_page: dict[int, dict[int, Obj]] = {}
        annots: dict[int, Obj] = {}
        ids: dict[bytes, Obj] = {}

        def put(node: Node, parent: Obj) -> None:
            obj = node.obj
            obj.P = parent
            page = self.pages.get(obj.Pg.objgen, -1) if "/Pg" in obj else -1
            if page < 0:
                first = next(node.marks(), None)
                if first is not None:
                    obj.Pg = pages[first.page].obj
                    page = first.page
            array = pikepdf.Array()
            for kid in node.kids:
                if isinstance(kid, Node):
                    put(kid, obj)
                    array.append(kid.obj)
                elif isinstance(kid, Mark):
                    if kid.page == page:
                        array.append(kid.mcid)
                    else:
                        array.append(pdf.make_indirect(pikepdf.Dictionary(
                            Type=pikepdf.Name("/MCR"), Pg=pages[kid.page].obj, MCID=kid.mcid)))
                    by_page.setdefault(kid.page, {})[kid.mcid] = obj
                else:
                    array.append(kid)
                    annot = kid.get("/Obj")
                    if annot is not None and "/StructParent" in annot:
                        annots[int(annot.StructParent)] = obj
            obj.K = array
            if "/ID" in obj:
                ids[bytes(obj.ID)] = obj

        for root in self.roots:
            put(root, struct_root)
        struct_root.K = pikepdf.Array([r.obj for r in self.roots])

        nums = pikepdf.Array()
        entries: list[tuple[int, Obj]] = []
        for i, page in enumerate(pages):
            if "/StructParents" not in page.obj:
                continue
            marks = by_page.get(i, {})
            size = max(marks, default=-1) + 1
            entries.append((int(page.obj.StructParents), pikepdf.Array(
                [marks.get(m, None) for m in range(size)])))
        entries += [(k, v) for k, v in annots.items()]
        for key, value in sorted(entries, key=lambda e: e[0]):
            nums.append(key)
            nums.append(value)
        struct_root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        struct_root.ParentTreeNextKey = max((k for k, _ in entries), default=-1) + 1

        # Headers that name a removed cell point at the kept one, or go.
        for node in self.all():
            attrs = node.obj.get("/A")
            if node.tag != "/TD" or not isinstance(attrs, pikepdf.Dictionary) \
                    or "/Headers" not in attrs:
                continue
            refs = [self.id_map.get(bytes(r), bytes(r)) for r in attrs.Headers]
            refs = [r for r in dict.fromkeys(refs) if r in ids]
            if refs:
                attrs.Headers = pikepdf.Array([pikepdf.String(r) for r in refs])
            else:
                del attrs["/Headers"]
        if ids:
            names = pikepdf.Array()
            for name in sorted(ids):
                names.append(pikepdf.String(name))
                names.append(ids[name])
            struct_root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=names))

        referenced = {(p, m) for p, marks in by_page.items() for m in marks}
        _mark_artifacts(pdf, referenced, layout=self.artifacts)

    parent: dict[int, Node]

    def index_parents(self) -> None:
        self.parent = {}
        for node in self.all():
            for kid in node.kids:
                if isinstance(kid, Node):
                    self.parent[id(kid)] = node


# ---------------------------------------------------------------------------- content

_PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name("/Pagination"))
_LAYOUT = pikepdf.Dictionary(Type=pikepdf.Name("/Layout"))


def _mark_artifacts(pdf: pikepdf.Pdf, referenced: set[tuple[int, int]],
                    layout: set[tuple[int, int]]) -> None:
    """Every marked-content sequence with an MCID the tree does not reach becomes an
    Artifact: a layout artifact if the repairs took it out (*layout*: leaders, repeated
    table headers), else a pagination artifact (the margin boxes: header, footer)."""

    def rewrite(owner: Obj, page: int, seen: set) -> None:
        resources = owner.get("/Resources", {})
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                rewrite(xobject, page, seen)
        instructions = pikepdf.parse_content_stream(owner)
        changed = False
        out: list[Any] = []
        for instruction in instructions:
            operands, operator = instruction.operands, instruction.operator
            if str(operator) == "BDC" and len(operands) > 1 \
                    and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1] \
                    and (page, int(operands[1].MCID)) not in referenced:
                kind = _LAYOUT if (page, int(operands[1].MCID)) in layout else _PAGINATION
                out.append(([pikepdf.Name("/Artifact"), kind], operator))
                changed = True
            else:
                out.append(instruction)
        if changed:
            data = pikepdf.unparse_content_stream(out)
            if isinstance(owner, pikepdf.Stream):
                owner.write(data)
            else:
                owner.Contents = pdf.make_stream(data)

    for i, page in enumerate(pdf.pages):
        rewrite(page.obj, i, set())


# ---------------------------------------------------------------------------- metadata

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFUA_EXTENSION = (
    '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    "</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>"
    "</rdf:Description>")
_UA_ID = ('<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          'rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>')


def _identify(pdf: pikepdf.Pdf, passes: bool) -> None:
    """Claim PDF/UA-1 (and keep PDF/A level A) only if the structure checks pass."""
    if "/Metadata" not in pdf.Root:
        return
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    is_pdfa = "pdfaid:part" in xmp
    # Whatever WeasyPrint wrote about PDF/UA goes; it is added back when earned.
    xmp = re.sub(r'\s*pdfuaid:part="\d+"', "", xmp)
    xmp = re.sub(r'\s*xmlns:pdfuaid="[^"]*"', "", xmp)
    if passes:
        extra = (_PDFUA_EXTENSION if is_pdfa else "") + _UA_ID
        xmp = xmp.replace("</rdf:RDF>", extra + "</rdf:RDF>", 1)
    else:
        xmp = xmp.replace('pdfaid:conformance="A"', 'pdfaid:conformance="B"')
    pdf.Root.Metadata = pdf.make_stream(
        xmp.encode("utf-8"), Type=pikepdf.Name("/Metadata"), Subtype=pikepdf.Name("/XML"))


# ---------------------------------------------------------------------------- entry point

def finish(data: bytes, hints: dict[int, Hint] | None = None, *, lang: str = "sv",
           label: str = "PDF:en") -> bytes:
    """Repair the structure tree of WeasyPrint's *data*, check it, identify it honestly."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            tree = _Tree(pdf, hints or {})
            tree.id_map = {}
            for root in tree.roots:
                tree.remove_leaders(root)
                tree.collapse(root)
            tree.roots = [n for n in tree.merge_fragments(tree.roots) if isinstance(n, Node)]
            for root in tree.roots:
                tree.links_in_links(root)
                tree.retag_toc(root)
                tree.prune(root)
            tree.index_parents()
            tree.annotate(str(pdf.Root.get("/Lang", lang)))
            tree.write()
        problems = pdfcheck.findings(pdf)
        _identify(pdf, passes=not problems)
        if problems:
            shown = "; ".join(problems[:5]) + (f" (och {len(problems) - 5} till)"
                                               if len(problems) > 5 else "")
            warnings.warn(f"{label} klarar inte strukturkontrollerna för PDF/UA och märks "
                          f"därför inte som PDF/UA-1 eller PDF/A nivå A: {shown}",
                          ConformanceWarning, stacklevel=2)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()
