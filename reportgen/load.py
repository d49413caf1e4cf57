"""Stage 1: read YAML files into plain Python data, keeping where every value came from.

PyYAML's node marks are kept in a map from the value's path (a tuple of mapping keys and
list indices) to its :class:`~reportgen.errors.Location`, so that every later stage can say
``file:line:column`` for any field, including pydantic's errors, whose ``loc`` is such a path.

Numbers never become floats: a YAML float is read as :class:`~decimal.Decimal` from its
text, so ``1234.50`` is exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Location, Problem, relpath

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 5_000_000
MAX_DEPTH = 64
MAX_NODES = 500_000


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


class _Loader(yaml.SafeLoader):
    """SafeLoader that resolves floats to Decimal and leaves construction to :func:`_build`."""


# Remove the YAML 1.1 implicit resolvers that surprise people (yes/no/on/off as booleans,
# sexagesimal 1:30, octal 0123) and put back strict ones. Dates stay dates.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in (
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789"),
)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation as exc:  # pragma: no cover - resolver guarantees the form
        raise ValueError(text) from exc


def _loc(source_name: str, node: yaml.Node) -> Location:
    m = node.start_mark
    return Location(source_name, m.line + 1, m.column + 1)


class _Builder:
    def __init__(self, name: str, loader: _Loader) -> None:
        self.name = name
        self.loader = loader
        self.marks: dict[PathKey, Location] = {}
        self.key_marks: dict[PathKey, Location] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def build(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(f"filen har fler än {MAX_NODES} värden")
        if depth > MAX_DEPTH:
            raise _TooBig(f"filen är nästlad djupare än {MAX_DEPTH} nivåer")
        self.marks[path] = _loc(self.name, node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        self.loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int) or isinstance(key, bool):
                self.problems.append(Problem(
                    "en nyckel måste vara ett ord, till exempel namn:",
                    _loc(self.name, key_node), None))
                continue
            key = str(key)
            key_loc = _loc(self.name, key_node)
            if key in seen:
                first = seen[key]
                self.problems.append(Problem(
                    f"nyckeln '{key}' står två gånger i samma avsnitt (först på rad {first.line},"
                    f" igen på rad {key_loc.line}); YAML skulle tyst behålla bara den sista",
                    key_loc, dotted((*path, key)),
                    hint="ta bort eller byt namn på den ena"))
                continue
            seen[key] = key_loc
            self.key_marks[(*path, key)] = key_loc
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:float":
            return _decimal(node.value)
        if node.tag == "tag:yaml.org,2002:int":
            return int(node.value.replace("_", ""))
        return self.loader.construct_object(node, deep=True)


class _TooBig(Exception):
    pass


def _read_text(path: Path) -> str:
    name = relpath(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem("filen finns inte", Location(name))]) from None
    except OSError as exc:
        raise InputError([Problem(f"filen kan inte läsas ({exc.strerror})", Location(name))]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Problem(
            f"filen är {len(raw) // 1_000_000} MB; en rapportfil får vara högst "
            f"{MAX_FILE_BYTES // 1_000_000} MB", Location(name))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = "Windows-1252 eller ISO-8859-1" if any(b in raw for b in (b"\xe5", b"\xe4", b"\xf6", b"\xc5", b"\xc4", b"\xd6")) else "okänd"
        raise InputError([Problem(
            f"filen är inte sparad som UTF-8 (ser ut som {guess})",
            Location(name, line),
            hint="spara filen som UTF-8 i din editor (i VS Code: 'Save with Encoding' → UTF-8)")]) from None


def load_yaml(path: Path) -> Source:
    """Read *path* into a :class:`Source`; raise :class:`InputError` on any YAML problem."""
    path = Path(path)
    name = relpath(path)
    text = _read_text(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        builder = _Builder(name, loader)
        data = builder.build(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise InputError([Problem(_yaml_message(exc), loc)]) from None
    except _TooBig as exc:
        raise InputError([Problem(str(exc), Location(name))]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
    return Source(path, data, builder.marks, builder.key_marks)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "ogiltig YAML"
    if "found character '\\t'" in problem or "\t" in str(exc.problem_mark and exc.problem_mark.buffer or ""):
        if "\\t" in problem:
            return "tabbtecken får inte användas för indrag i YAML; använd mellanslag"
    translations = {
        "could not find expected ':'": "kolon (:) saknas efter nyckeln",
        "mapping values are not allowed here": "ett kolon (:) står där det inte får stå; sätt texten inom citattecken",
        "found undefined alias": "okänt alias (*namn) utan motsvarande ankare (&namn)",
        "found unexpected end of stream": "filen tar slut mitt i ett värde (saknas ett citattecken?)",
        "did not find expected key": "indraget stämmer inte: en nyckel väntades här",
        "found duplicate anchor": "samma ankare (&namn) står två gånger",
    }
    for english, swedish in translations.items():
        if english in problem:
            return f"ogiltig YAML: {swedish}"
    return f"ogiltig YAML: {problem}"


def iter_paths(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Yield ``(path, value)`` for every value in *data*, depth first."""
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from iter_paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from iter_paths(v, (*path, i))
