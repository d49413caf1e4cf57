"""Validate loaded YAML against the schema and say every problem in Swedish, with its place.

pydantic reports a ``loc`` (path) per error but knows nothing of YAML lines; the
:class:`~reportgen.load.Source` keeps a mark for every path, so each error is mapped back
to ``file:line:column`` here.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..load import PathKey, Source, dotted

M = TypeVar("M", bound=BaseModel)


def validate(source: Source, cls: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate *source* as *cls*; return the object (or ``None``) and every problem."""
    if not isinstance(source.data, dict):
        found = "en tom fil" if source.data is None else _kind(source.data)
        return None, [Problem(f"filen ska innehålla nycklar och värden (namn: värde), men är {found}",
                              source.locate(()))]
    try:
        return cls.model_validate(source.data), []
    except ValidationError as exc:
        problems = [_problem(source, cls, err) for err in exc.errors(include_url=False)]
        return None, _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for p in problems:
        key = (p.location, p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _clean_loc(loc: tuple[Any, ...]) -> PathKey:
    """Drop pydantic's union/validator tags (``'function-before[...]'``, class names)."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part[:1].isupper()):
            continue
        out.append(part)
    return tuple(out)


def _kind(value: Any) -> str:
    if value is None:
        return "tomt"
    if isinstance(value, bool):
        return f"ja/nej-värdet {str(value).lower()}"
    if isinstance(value, dict):
        return "en mappning (nycklar och värden)"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"texten '{short}'"
    return f"'{value}'"


def _problem(source: Source, cls: type[BaseModel], err: dict[str, Any]) -> Problem:
    loc = _clean_loc(err["loc"])
    kind = err["type"]
    field = dotted(loc) or None
    found = err.get("input")
    ctx = err.get("ctx") or {}
    hint = None
    if kind == "missing":
        message = "fältet saknas men måste fyllas i"
        location = source.locate(loc[:-1])
    elif kind == "extra_forbidden":
        message = f"okänt fält '{loc[-1]}'"
        location = source.locate_key(loc)
        allowed = _fields_at(cls, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        if close:
            hint = f"menade du '{close[0]}'?"
        elif allowed:
            hint = "tillåtna fält här: " + ", ".join(allowed)
    else:
        location = source.locate(loc)
        message = _message(kind, ctx, found, err.get("msg", ""))
    return Problem(message, location, field, hint=hint)


def _message(kind: str, ctx: dict[str, Any], found: Any, msg: str) -> str:
    got = f"fick {_kind(found)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"ett heltal väntades, {got}"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return f"ett tal väntades, {got}"
    if kind in ("string_type",):
        return f"en text väntades, {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"true eller false väntades, {got}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"ett datum som 2023-12-31 väntades, {got}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"ett av {expected} väntades, {got}".replace("'", "")
    if kind in ("list_type",):
        return f"en lista (rader som börjar med -) väntades, {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"en mappning (namn: värde) väntades, {got}"
    if kind == "string_pattern_mismatch":
        return f"värdet har fel form, {got}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"värdet måste vara minst {ctx.get('ge', ctx.get('gt'))}, {got}"
    if kind in ("less_than_equal", "less_than"):
        return f"värdet får vara högst {ctx.get('le', ctx.get('lt'))}, {got}"
    if kind == "string_too_short":
        return f"texten är för kort (minst {ctx.get('min_length')} tecken), {got}"
    if kind == "value_error":
        text = str(ctx.get("error", msg))
        return text.removeprefix("Value error, ")
    if kind == "union_tag_invalid":
        return f"okänd typ, {got}"
    return f"{msg} ({got})"


def _unwrap(tp: Any) -> list[Any]:
    """The concrete classes inside Optional/Union/Annotated/list/dict annotations."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def _fields_at(cls: type[BaseModel], loc: PathKey) -> list[str]:
    """The field names allowed at *loc*, found by walking the model classes."""
    current: list[Any] = [cls]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            for t in _unwrap(tp):
                origin = typing.get_origin(t)
                if isinstance(part, int) and origin is list:
                    nxt.extend(_unwrap(typing.get_args(t)[0]))
                elif isinstance(part, str) and origin is dict:
                    nxt.extend(_unwrap(typing.get_args(t)[1]))
                elif isinstance(part, str) and isinstance(t, type) and issubclass(t, BaseModel):
                    fld = t.model_fields.get(part) or next(
                        (f for f in t.model_fields.values() if f.alias == part), None)
                    if fld is not None:
                        nxt.extend(_unwrap(fld.annotation))
        current = nxt
    names: list[str] = []
    for tp in current:
        for t in _unwrap(tp):
            if isinstance(t, type) and issubclass(t, BaseModel):
                names.extend(f.alias or n for n, f in t.model_fields.items())
    return names
