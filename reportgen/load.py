"""Stage 1: read YAML files into plain Python data, keeping where every value came from.

PyYAML's node marks are kept in a map from the value's path (a tuple of mapping keys and
list indices) to its :class:`~reportgen.errors.Location`, so that every later stage can say
``file:line:column`` for any field, including pydantic's errors, whose ``loc`` is such a path.

The input is treated as hostile:

* Numbers never become floats: a YAML float is read as :class:`~decimal.Decimal` from its
  text, so ``1234.50`` is exact.
* The YAML 1.1 surprises are switched off: ``yes``/``no``/``on``/``off`` stay text, ``0123``
  stays text (not octal), ``1:30`` stays text (not sexagesimal). Dates stay dates.
* Duplicate keys, tabs, other encodings than UTF-8, control characters and tags (``!!python``)
  are refused with a Swedish message naming the line.
* Size is bounded before any data is built: the file size, the nesting depth and the number
  of values *after* expanding aliases (``&anker`` / ``*anker``), which is counted on the node
  graph without expanding it, so a "billion laughs" document is refused at once.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Location, Problem, relpath

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 2_000_000
"""Largest file read; a year file is typically below 100 kB."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists."""
MAX_NODES = 50_000
"""Most values (keys, scalars, mappings, lists) in a file, every alias expanded."""
MAX_NUMBER_CHARS = 100
"""Longest number read as a number (Python refuses ints beyond 4 300 digits)."""

TAG = "tag:yaml.org,2002:"
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:_[0-9]{3})+)")
_FLOAT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters refused in any text: see :meth:`_Builder._refuse_controls`."""
_HINT_UTF8 = "spara filen som UTF-8 i din editor (i VS Code: 'Save with Encoding' → UTF-8)"


@dataclass
class Source:
    """One YAML file, read: its data and the location of every value in it."""

    path: Path
    data: Any
    marks: dict[PathKey, Location] = field(default_factory=dict)
    key_marks: dict[PathKey, Location] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return relpath(self.path)

    def locate(self, loc: PathKey) -> Location:
        """The location of the value at *loc*, or of its nearest ancestor that exists."""
        loc = tuple(loc)
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), Location(self.name, 1, 1))

    def locate_key(self, loc: PathKey) -> Location:
        """The location of the *key* of the value at *loc* (falls back to :meth:`locate`)."""
        loc = tuple(loc)
        return self.key_marks.get(loc) or self.locate(loc)


def dotted(loc: PathKey) -> str:
    """``("noter", 2, "rader")`` → ``"noter[2].rader"``; list indices shown 0-based."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _TooBig(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(message)
        self.mark = mark


def _too_deep(mark: yaml.Mark | None) -> _TooBig:
    return _TooBig(f"filen är nästlad djupare än {MAX_DEPTH} nivåer (alias medräknade)", mark)


def _too_many(mark: yaml.Mark | None) -> _TooBig:
    limit = f"{MAX_NODES:,}".replace(",", " ")
    return _TooBig(f"filen har fler än {limit} värden (alias medräknade)", mark)


class _Bounded:
    """Composer mixin that stops at :data:`MAX_DEPTH` nesting levels and :data:`MAX_NODES`
    values (aliases counted), so hostile files fail fast and in bounded memory.

    PyYAML composes recursively, so without the depth limit ``[[[[…`` ends in RecursionError.
    """

    depth = 0
    nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        self.nodes += 1
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _too_deep(self.peek_event().start_mark)  # type: ignore[attr-defined]
            if self.nodes > MAX_NODES:
                raise _too_many(self.peek_event().start_mark)  # type: ignore[attr-defined]
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _Loader(_Bounded, yaml.SafeLoader):
    """SafeLoader with strict scalars and the limits of :class:`_Bounded`."""


# Drop the YAML 1.1 implicit resolvers that surprise people (yes/no/on/off as booleans,
# sexagesimal 1:30, octal 0123, '=' as a value) and put back strict ones. Dates stay dates.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in (TAG + "bool", TAG + "int", TAG + "float", TAG + "value")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(
    TAG + "int", re.compile(rf"^{_INT_RE.pattern}$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    TAG + "float", re.compile(rf"^{_FLOAT_RE.pattern}$"), list("-+0123456789"))


_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)
"""libyaml's scanner and parser (C), when PyYAML was built with it; else no _FastLoader."""

if _CParser is not None:
    class _FastLoader(_Bounded, yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.BaseResolver):
        """:class:`_Loader` with libyaml's scanner and parser: about 4× faster.

        Only the events come from C; composing (with the depth and size limits) and
        resolving (the strict implicit resolvers) are :class:`_Loader`'s own. Any YAML error
        makes :func:`load_yaml` read the file again with :class:`_Loader`, so every message
        and mark is PyYAML's, exactly as before.
        """

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
        yaml_path_resolvers = _Loader.yaml_path_resolvers

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)


def _loc(name: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_size(root: yaml.Node) -> None:
    """Refuse a node graph whose expansion is deeper than MAX_DEPTH or larger than MAX_NODES.

    Each distinct node is measured once (aliases share nodes), so this takes time in
    proportion to the file, not to its expansion.
    """
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (values, height)

    def measure(node: yaml.Node, depth: int) -> tuple[int, int]:
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        if id(node) not in measured:
            count, height = 1, 0
            for child in _children(node):
                child_count, child_height = measure(child, depth + 1)
                count += child_count
                height = max(height, child_height + 1)
                if count > MAX_NODES:
                    raise _too_many(node.start_mark)
            measured[id(node)] = (count, height)
        count, height = measured[id(node)]
        if depth + height > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        return count, height

    measure(root, 0)


def _tag_name(tag: str) -> str:
    return tag.replace(TAG, "!!")


class _Builder:
    """Turns the node graph into plain data, recording a mark for every path."""

    def __init__(self, name: str, loader: _Loader) -> None:
        self.name = name
        self.loader = loader
        self.marks: dict[PathKey, Location] = {}
        self.key_marks: dict[PathKey, Location] = {}
        self.problems: list[Problem] = []

    def _problem(self, message: str, node: yaml.Node, path: PathKey | None = None,
                hint: str | None = None) -> None:
        field = dotted(path) if path else None
        self.problems.append(Problem(message, _loc(self.name, node.start_mark), field, hint=hint))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.marks[path] = _loc(self.name, node.start_mark)
        if isinstance(node, yaml.MappingNode):
            if node.tag != TAG + "map":
                return self._bad_tag(node, path)
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != TAG + "seq":
                return self._bad_tag(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the third and last kind of node
        return self._scalar(node, path)

    def _bad_tag(self, node: yaml.Node, path: PathKey) -> None:
        self._problem(f"taggen {_tag_name(node.tag)} stöds inte; reportgen läser bara vanliga "
                     "värden (text, tal, datum, listor och mappningar)", node, path,
                     hint="ta bort taggen (ordet som börjar med !)")

    def _key(self, node: yaml.Node) -> str | None:
        """The text of a mapping key, or ``None`` (with a problem) if it is not a plain word."""
        if isinstance(node, yaml.ScalarNode) and node.value != "":
            return None if self._refuse_controls(node, ()) else node.value
        self._problem("en nyckel måste vara ett ord, till exempel namn:", node)
        return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        explicit, merged = self._pairs(node)
        explicit_keys = {k.value for k, _ in explicit if isinstance(k, yaml.ScalarNode)}
        pairs = []
        taken: set[str] = set()
        for key_node, value_node in merged:  # earlier merged mappings and explicit keys win
            key = self._key(key_node)
            if key is not None and key not in explicit_keys and key not in taken:
                taken.add(key)
                pairs.append((key, key_node, value_node))
        seen: dict[str, Location] = {}
        for key_node, value_node in explicit:
            key = self._key(key_node)
            if key is None:
                continue
            key_loc = _loc(self.name, key_node.start_mark)
            if key in seen:
                self._problem(
                    f"nyckeln '{key}' står två gånger i samma avsnitt (först på rad "
                    f"{seen[key].line}, igen på rad {key_loc.line}); YAML skulle tyst behålla "
                    "bara den sista", key_node, (*path, key),
                    hint="ta bort eller byt namn på den ena")
                continue
            seen[key] = key_loc
            pairs.append((key, key_node, value_node))
        result: dict[str, Any] = {}
        for key, key_node, value_node in pairs:
            self.key_marks[(*path, key)] = _loc(self.name, key_node.start_mark)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _pairs(self, node: yaml.MappingNode) -> tuple[list[Any], list[Any]]:
        """The explicit key/value pairs and those merged in with ``<<: *anker``."""
        explicit, merged = [], []
        for key_node, value_node in node.value:
            if key_node.tag != TAG + "merge":
                explicit.append((key_node, value_node))
                continue
            is_list = isinstance(value_node, yaml.SequenceNode)
            for source in value_node.value if is_list else [value_node]:
                if not isinstance(source, yaml.MappingNode):
                    self._problem("efter << ska det stå ett alias till en mappning, till exempel"
                                 " <<: *standard", source)
                    continue
                inner_explicit, inner_merged = self._pairs(source)
                merged.extend(inner_explicit + inner_merged)
        return explicit, merged

    def _refuse_controls(self, node: yaml.Node, path: PathKey) -> bool:
        """A problem (and True) when the text of *node* holds a character no report may
        hold: C0 and C1 control characters other than tab and line breaks, DEL, the
        non-characters U+FFFE and U+FFFF and lone surrogates. Double-quoted YAML can write
        all of them as escapes (``"\\0"``, ``"\\e"``, ``"\\ud800"``); they break the PDF's
        metadata, reach the HTML or crash encoders."""
        found = _FORBIDDEN.search(node.value)
        if found is None:
            return False
        char = found.group(0)
        what = "en ensam surrogat" if 0xD800 <= ord(char) <= 0xDFFF else "ett osynligt styrtecken"
        self._problem(f"texten innehåller {what} (U+{ord(char):04X}) som inte får finnas i en "
                      "rapport", node, path,
                      hint="ta bort tecknet; i text inom dubbla citattecken står det ofta som "
                           "\\-kod, till exempel \\0, \\e eller \\x1b")
        return True

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        tag, text = node.tag, node.value
        if self._refuse_controls(node, path):
            return None
        if tag == TAG + "str":
            return text
        if tag == TAG + "null":
            return None
        if tag == TAG + "bool" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        if tag in (TAG + "int", TAG + "float") and len(text) > MAX_NUMBER_CHARS:
            self._problem(f"talet har {len(text)} tecken; ett tal i en rapport har högst "
                          f"{MAX_NUMBER_CHARS}", node, path, hint="står det för många siffror?")
            return None
        if tag == TAG + "int" and _INT_RE.fullmatch(text):
            return int(text.replace("_", ""))
        if tag == TAG + "float" and (_FLOAT_RE.fullmatch(text) or _INT_RE.fullmatch(text)):
            return Decimal(text.replace("_", ""))
        if tag == TAG + "timestamp":
            try:
                return self.loader.construct_yaml_timestamp(node)
            except (ValueError, AttributeError):
                self._problem(f"'{text}' är inget giltigt datum; skriv till exempel 2023-12-31",
                             node, path)
                return None
        if tag in (TAG + "bool", TAG + "int", TAG + "float"):
            self._problem(f"'{text}' passar inte taggen {_tag_name(tag)}", node, path)
            return None
        return self._bad_tag(node, path)


def _guess_encoding(raw: bytes) -> str | None:
    """The likely encoding of bytes that are not UTF-8, in words, or ``None``."""
    head = raw[:4096]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 4:
        return "UTF-16"
    swedish = "åäöÅÄÖé"
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if any(ch in text for ch in swedish):
        return "Windows-1252 (Latin-1)"
    return None


class _NotRegular(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "en namngiven rörledning (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhet (som /dev/zero)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "något annat än en fil"


def _read_regular(path: Path) -> bytes:
    """The bytes of *path*, if it is a regular file of at most :data:`MAX_FILE_BYTES`.

    The file is opened without blocking and looked at before a byte is read, so a FIFO,
    ``/dev/zero`` or ``/dev/urandom`` is refused at once instead of hanging or filling the
    memory; the read itself is bounded too, in case the file grows meanwhile.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "directory")
    if not stat.S_ISREG(mode):
        raise _NotRegular(_file_kind(mode))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(_file_kind(info.st_mode))
        if info.st_size > MAX_FILE_BYTES:
            raise _TooLarge(info.st_size)
        raw = f.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise _TooLarge(len(raw))
    return raw


def _read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is allowed), or :class:`InputError`."""
    name = relpath(path)
    try:
        raw = _read_regular(path)
    except FileNotFoundError:
        raise InputError([Problem("filen finns inte", Location(name),
                                  hint="kontrollera sökvägen och filnamnet")]) from None
    except IsADirectoryError:
        raise InputError([Problem("det här är en mapp, inte en fil", Location(name))]) from None
    except PermissionError:
        raise InputError([Problem("filen får inte läsas (behörighet saknas)",
                                  Location(name))]) from None
    except OSError as exc:
        raise InputError([Problem(f"filen kan inte läsas ({exc.strerror})",
                                  Location(name))]) from None
    except _NotRegular as exc:
        raise InputError([Problem(f"det här är ingen vanlig fil utan {exc.kind}; reportgen läser "
                                  "bara vanliga filer", Location(name),
                                  hint="peka ut själva YAML-filen")]) from None
    except _TooLarge as exc:
        size = f"{exc.size / 1_000_000:.1f}".replace(".", ",")
        raise InputError([Problem(
            f"filen är {size} MB; en rapportfil får vara högst {MAX_FILE_BYTES // 1_000_000} MB",
            Location(name))]) from None
    guess = _guess_encoding(raw)
    if guess == "UTF-16":
        raise InputError([Problem("filen är sparad som UTF-16 men ska vara UTF-8", Location(name),
                                  hint=_HINT_UTF8)])
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        byte = raw[exc.start]
        if guess:
            char = bytes([byte]).decode("cp1252")
            found = f"ser ut att vara {guess}, där byten 0x{byte:02X} är '{char}'"
        else:
            found = f"byten 0x{byte:02X} är inte UTF-8 och kodningen är okänd"
        raise InputError([Problem(f"filen är inte sparad som UTF-8; den {found}",
                                  Location(name, line, column), hint=_HINT_UTF8)]) from None


def _compose_fast(text: str) -> tuple[Any, yaml.Node | None] | None:
    """Compose *text* with :class:`_FastLoader`; ``None`` when anything is unusual.

    Text with characters PyYAML's reader refuses, or with a tab (libyaml accepts tabs in
    places PyYAML refuses, ``a:<tab>1``), or any YAML error, or a file beyond the limits,
    is left to the pure-Python :class:`_Loader`, which reports it.
    """
    if _CParser is None or "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node)
    except (yaml.YAMLError, _TooBig, RecursionError):
        loader.dispose()
        return None
    return loader, node


def load_yaml(path: Path) -> Source:
    """Read *path* into a :class:`Source`; raise :class:`InputError` on any YAML problem."""
    path = Path(path)
    name = relpath(path)
    text = _read_text(path)
    fast = _compose_fast(text)
    if fast is not None:
        loader, node = fast
        try:
            builder = _Builder(name, loader)
            data = builder.build(node, ()) if node is not None else None
        finally:
            loader.dispose()
        if builder.problems:
            raise InputError(list(dict.fromkeys(builder.problems)))  # aliases repeat problems
        return Source(path, data, builder.marks, builder.key_marks)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise InputError([_reader_problem(name, text, exc)]) from None
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node)
        builder = _Builder(name, loader)
        data = builder.build(node, ()) if node is not None else None
    except yaml.reader.ReaderError as exc:
        raise InputError([_reader_problem(name, text, exc)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError([Problem(_yaml_message(exc, text), _loc(name, mark))]) from None
    except _TooBig as exc:
        raise InputError([Problem(str(exc), _loc(name, exc.mark))]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise InputError(list(dict.fromkeys(builder.problems)))  # aliases repeat problems
    return Source(path, data, builder.marks, builder.key_marks)


def _reader_problem(name: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(f"filen innehåller ett osynligt styrtecken (U+{ord(char):04X}) som inte får "
                   "finnas i YAML", Location(name, line, column), hint="ta bort tecknet")


_TRANSLATIONS = {
    "could not find expected ':'": "kolon (:) saknas efter nyckeln",
    "mapping values are not allowed here":
        "ett kolon (:) står där det inte får stå; sätt texten inom citattecken",
    "found undefined alias": "okänt alias (*namn) utan motsvarande ankare (&namn); "
                             "börjar texten med * ska den stå inom citattecken",
    "found unexpected end of stream": "filen tar slut mitt i ett värde (saknas ett citattecken?)",
    "did not find expected key": "indraget stämmer inte: en nyckel väntades här",
    "expected <block end>": "indraget stämmer inte med raderna ovanför",
    "found duplicate anchor": "samma ankare (&namn) står två gånger",
    "found unknown escape character": "okänd kombination med \\ i text inom dubbla citattecken; "
                                      "använd enkla citattecken ('…')",
    "expected alphabetic or numeric character": "* eller & i början av ett värde betyder alias "
                                                "eller ankare; sätt texten inom citattecken",
    "expected a single document": "filen innehåller mer än ett YAML-dokument (en rad med ---?)",
    "but found another document": "filen innehåller mer än ett YAML-dokument (en rad med ---?)",
    "expected '<document start>'": "indraget stämmer inte: de översta nycklarna ska börja "
                                   "längst till vänster, utan mellanslag före",
}


def _yaml_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's English problem in Swedish; tabs get a message of their own."""
    problem = exc.problem or ""
    mark = exc.problem_mark
    if "'\\t'" in problem and mark is not None:
        line_start = text.rfind("\n", 0, mark.index) + 1
        if not text[line_start:mark.index].strip():
            return "tabbtecken får inte användas för indrag i YAML; använd mellanslag"
        return "tabbtecken får bara finnas i text inom citattecken; använd mellanslag"
    found = re.search(r"found character '(.)' that cannot start any token", problem)
    if found:
        return (f"ogiltig YAML: ett värde kan inte börja med '{found.group(1)}'; "
                "sätt texten inom citattecken")
    if "mapping values are not allowed here" in problem and mark is not None:
        misindented = _misindented_key(text, mark.index)
        if misindented:
            return f"ogiltig YAML: {misindented}"
    said = f"{problem} {exc.context or ''}"  # a duplicate anchor is said in the context
    for english, swedish in _TRANSLATIONS.items():
        if english in said:
            return f"ogiltig YAML: {swedish}"
    # PyYAML's own words are English; the place (file:line:column) says where to look.
    return ("ogiltig YAML: filen går inte att läsa här; kontrollera indrag, kolon och "
            "citattecken på raden")


def _misindented_key(text: str, index: int) -> str | None:
    """The message for a key indented deeper than the line above (PyYAML calls it a colon
    where none may stand), or None when the colon really is inside a value."""
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    if not re.fullmatch(r"\s*(- )?[^\s:#'\"][^:#]*", line):
        return None  # text before the key on the line: a colon inside a value
    indent = len(line) - len(line.lstrip())
    for above in reversed(text[:start].splitlines()):
        if above.strip() and not above.lstrip().startswith("#"):
            above_indent = len(above) - len(above.lstrip())
            if above_indent >= indent:
                return None
            return (f"indraget stämmer inte med raden ovanför: nyckeln står längre in än "
                    f"'{above.strip()}', som har ett värde; dra in den lika långt som "
                    "nycklarna bredvid (ett mellanslag för mycket?)")
    return None


def iter_paths(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Yield ``(path, value)`` for every value in *data*, depth first."""
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from iter_paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from iter_paths(v, (*path, i))
