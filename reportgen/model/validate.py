"""Validate loaded YAML against the schema and say every problem in Swedish, with its place.

pydantic reports a ``loc`` (path) per error but knows nothing of YAML lines; the
:class:`~reportgen.load.Source` keeps a mark for every path, so each error is mapped back
to ``file:line:column`` here. Every message says what was expected and what was found:
``ett heltal väntades, fick texten '0123'``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Location, Problem
from ..load import PathKey, Source, dotted
from .base import unwrap

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "int_type": "ett heltal",
    "int_parsing": "ett heltal",
    "int_from_float": "ett heltal",
    "int_parsing_size": "ett heltal av rimlig storlek",
    "decimal_type": "ett tal",
    "decimal_parsing": "ett tal",
    "float_type": "ett tal",
    "float_parsing": "ett tal",
    "finite_number": "ett tal",
    "string_type": "en text",
    "bool_type": "true eller false",
    "bool_parsing": "true eller false",
    "date_type": "ett datum som 2023-12-31",
    "date_parsing": "ett datum som 2023-12-31",
    "date_from_datetime_parsing": "ett datum som 2023-12-31",
    "date_from_datetime_inexact": "ett datum utan klockslag, som 2023-12-31",
    "list_type": "en lista (rader som börjar med -)",
    "dict_type": "en mappning (namn: värde)",
    "model_type": "en mappning (namn: värde)",
    "model_attributes_type": "en mappning (namn: värde)",
    "belopp_type": 'ett belopp (till exempel 12492000 eller "12 492 000")',
}
"""What each pydantic error type (and our own from :mod:`.base`) expected, in Swedish."""

_LIMITS = {
    "greater_than_equal": ("minst", "ge"),
    "greater_than": ("större än", "gt"),
    "less_than_equal": ("högst", "le"),
    "less_than": ("mindre än", "lt"),
}

_PATTERNS = {
    r"^[a-z0-9][a-z0-9_-]*$":
        "ett id av små bokstäver a–z, siffror, - och _ (till exempel mitt-id)",
    r"^\d{6}-\d{4}$": "ett organisationsnummer som 222000-2790",
    r"^#[0-9a-fA-F]{6}$": "en färg som #1f4e79",
}
"""The schema's ``pattern=`` constraints, said in words."""


def validate(source: Source, cls: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate *source* as *cls*; return the object (or ``None``) and every problem."""
    if not isinstance(source.data, dict):
        found = "en tom fil" if source.data is None else kind(source.data)
        message = f"filen ska innehålla nycklar och värden (namn: värde), men är {found}"
        return None, [Problem(message, source.locate(()))]
    try:
        return cls.model_validate(source.data), []
    except ValidationError as exc:
        return None, _problems(source, cls, exc.errors(include_url=False))


def kind(value: Any) -> str:
    """What *value* is, in words: ``texten 'yes'``, ``talet 5``, ``en lista``."""
    if value is None:
        return "ett tomt värde"
    if isinstance(value, bool):
        return f"ja/nej-värdet {str(value).lower()}"
    if isinstance(value, int | Decimal):
        return f"talet {value}"
    if isinstance(value, dt.datetime):
        return f"tidpunkten {value.isoformat(' ')}"
    if isinstance(value, dt.date):
        return f"datumet {value.isoformat()}"
    if isinstance(value, dict):
        return "en mappning (nycklar och värden)"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"texten '{short}'"
    return f"'{value}'"


def _data_loc(data: Any, loc: tuple[Any, ...], error_type: str) -> PathKey:
    """pydantic's *loc* reduced to the keys and indices that exist in the YAML data.

    Union alternatives (``str``, ``function-before[…]``) and the fields a scalar is
    wrapped into (a statement line typed as a bare number becomes ``{belopp: …}``) are
    dropped, so the path is the one the kansli wrote. A missing field stays at the end.
    """
    out: list[str | int] = []
    for i, part in enumerate(loc):
        in_dict = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_dict or in_list:
            data = data[part]
            out.append(part)
        elif error_type == "missing" and isinstance(data, dict) and i == len(loc) - 1:
            out.append(part)
    return tuple(out)


def _problems(source: Source, cls: type[BaseModel], errors: list[Any]) -> list[Problem]:
    """One problem per place, sorted by line; the alternatives of a union are said together.

    A missing field is left out when a misspelt key beside it already says "menade du …?".
    """
    by_place: dict[tuple[PathKey, bool], list[Any]] = {}
    for err in errors:
        loc = _data_loc(source.data, err["loc"], err["type"])
        by_place.setdefault((loc, "[key]" in err["loc"]), []).append(err)
    misspelt = {(*loc[:-1], close) for (loc, _), errs in by_place.items() for err in errs
                if err["type"] == "extra_forbidden" and (close := _closest_field(cls, loc))}
    problems: list[Problem] = []
    for (loc, on_key), errs in by_place.items():
        errs = [e for e in errs if not (e["type"] == "missing" and loc in misspelt)]
        location = source.locate_key(loc) if on_key else source.locate(loc)
        expected = [_EXPECTED[e["type"]] for e in errs if e["type"] in _EXPECTED]
        if expected and len(expected) == len(errs):
            found = errs[0].get("input")
            message = f"{_join(list(dict.fromkeys(expected)))} väntades, fick {kind(found)}"
            problems.append(Problem(message, location, dotted(loc) or None,
                                    hint=_hint(errs[0]["type"], found)))
        else:
            problems.extend(_problem(source, cls, loc, location, e) for e in errs)
    return sorted(dict.fromkeys(problems), key=_line)


def _line(problem: Problem) -> tuple[int, int]:
    loc = problem.location
    return (loc.line or 0, loc.column or 0) if loc else (0, 0)


def _closest_field(cls: type[BaseModel], loc: PathKey) -> str | None:
    """The allowed field most like the unknown key at the end of *loc*, if one is close."""
    close = difflib.get_close_matches(str(loc[-1]), _fields_at(cls, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _join(words: list[str]) -> str:
    """``['a', 'b', 'c']`` → ``'a, b eller c'``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " eller " + words[-1]


def _problem(source: Source, cls: type[BaseModel], loc: PathKey, location: Location,
             err: dict[str, Any]) -> Problem:
    """The problem for one pydantic error at *loc* (already reduced to the YAML's path)."""
    error_type = err["type"]
    field = dotted(loc) or None
    found = err.get("input")
    ctx = err.get("ctx") or {}
    got = f"fick {kind(found)}"
    hint = None
    if error_type == "missing":
        message = f"fältet '{loc[-1]}' saknas men måste fyllas i"
        location = source.locate_key(loc[:-1])
    elif error_type == "extra_forbidden":
        message = f"okänt fält '{loc[-1]}'"
        location = source.locate_key(loc)
        close = _closest_field(cls, loc)
        allowed = _fields_at(cls, loc[:-1])
        if close:
            hint = f"menade du '{close}'?"
        elif allowed:
            hint = "tillåtna fält här: " + ", ".join(allowed)
    elif error_type == "literal_error":
        options = [o.strip("'") for o in re.split(r", | or ", str(ctx.get("expected", "")))]
        message = f"{_join(options)} väntades, {got}"
        near = difflib.get_close_matches(str(found), options, n=1, cutoff=0.6)
        hint = f"menade du '{near[0]}'?" if near else None
    elif error_type == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        message = f"{_PATTERNS.get(pattern, f'text som följer mönstret {pattern}')} väntades, {got}"
    elif error_type in _LIMITS:
        words, key = _LIMITS[error_type]
        message = f"värdet måste vara {words} {ctx.get(key)}, {got}"
    elif error_type == "string_too_short":
        message = f"texten är för kort, minst {ctx.get('min_length')} tecken väntades, {got}"
    elif error_type in ("too_short", "too_long"):
        limit = ctx.get("min_length" if error_type == "too_short" else "max_length")
        words = "minst" if error_type == "too_short" else "högst"
        message = (f"{words} {limit} {'rad' if limit == 1 else 'rader'} väntades, "
                   f"fick {ctx.get('actual_length')}")
    elif error_type in ("value_error", "assertion_error"):
        message = str(ctx.get("error", err.get("msg", ""))).removeprefix("Value error, ")
    else:
        message = f"ogiltigt värde ({err.get('msg', error_type)}), {got}"
    return Problem(message, location, field, hint=hint)


def _hint(error_type: str, found: Any) -> str | None:
    """A tip for the common mistakes behind an error."""
    if not isinstance(found, str):
        return None
    text = found.strip()
    if error_type == "bool_type":
        return "skriv true eller false (yes, no, on och off läses som text)"
    if error_type in ("int_type", "int_parsing") and re.fullmatch(r"[-+]?0[0-9]+", text):
        return f"skriv talet utan inledande nollor: {int(text)}"
    if error_type in ("int_type", "int_parsing") and re.fullmatch(r"[-+]?[1-9][0-9]*", text):
        return f"skriv talet utan citattecken: {text}"
    if error_type in ("int_type", "int_parsing", "decimal_parsing") and re.search(r"\d\s+\d", text):
        return "skriv talet utan mellanrum: " + re.sub(r"\s+", "", text)
    if error_type == "decimal_parsing" and re.fullmatch(r"[-+]?[0-9]+,[0-9]+", text):
        return "skriv decimaltal med punkt: " + text.replace(",", ".")
    return None


def _fields_at(cls: type[BaseModel], loc: PathKey) -> list[str]:
    """The field names allowed at *loc*, found by walking the model classes."""
    current: list[Any] = [cls]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            for t in unwrap(tp):
                origin = typing.get_origin(t)
                if isinstance(part, int) and origin is list:
                    nxt.extend(unwrap(typing.get_args(t)[0]))
                elif isinstance(part, str) and origin is dict:
                    nxt.extend(unwrap(typing.get_args(t)[1]))
                elif isinstance(part, str) and isinstance(t, type) and issubclass(t, BaseModel):
                    fld = t.model_fields.get(part) or next(
                        (f for f in t.model_fields.values() if f.alias == part), None)
                    if fld is not None:
                        nxt.extend(unwrap(fld.annotation))
        current = nxt
    names: list[str] = []
    for tp in current:
        for t in unwrap(tp):
            if isinstance(t, type) and issubclass(t, BaseModel):
                names.extend(f.alias or n for n, f in t.model_fields.items())
    return list(dict.fromkeys(names))
