"""Shared building blocks of the schema: the base class, money and Markdown types.

pydantic's lax mode converts more than YAML users expect (``"no"`` → ``False``, ``"0123"``
→ ``123``, ``0`` → 1970-01-01 for a date). :class:`Base` refuses those conversions, and in
turn accepts a date or a number where the field is text (``bildat: 2019-03-01``).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ..format import AMOUNT_PATTERN, parse_belopp, too_many_decimals


def unwrap(tp: Any) -> list[Any]:
    """The alternatives inside ``Optional``, ``Union`` and ``Annotated``.

    >>> unwrap(int | None)
    [<class 'int'>, <class 'NoneType'>]
    """
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(tp) for t in unwrap(arg)]
    return [tp]


def _accepts(alternatives: list[Any], value: Any) -> bool:
    """Whether one of the field's alternatives takes *value* without conversion."""
    for tp in alternatives:
        if typing.get_origin(tp) is Literal:
            if value in typing.get_args(tp) and type(value) in map(type, typing.get_args(tp)):
                return True
        elif isinstance(tp, type) and isinstance(value, tp):
            if tp is int and isinstance(value, bool):
                continue
            if tp is dt.date and isinstance(value, dt.datetime):
                continue
            return True
    return False


def _literal_texts(alternatives: list[Any]) -> list[str]:
    return [v for tp in alternatives if typing.get_origin(tp) is Literal
            for v in typing.get_args(tp) if isinstance(v, str)]


def fit(value: Any, annotation: Any) -> Any:
    """Make *value* from YAML fit a field of type *annotation*, or refuse it clearly.

    >>> fit(dt.date(2019, 3, 1), str | None)
    '2019-03-01'
    >>> fit("no", bool)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.PydanticCustomError: true eller false väntades
    """
    alternatives = unwrap(annotation)
    if value is None or _accepts(alternatives, value):
        return value
    if isinstance(value, list):
        items = [typing.get_args(tp)[0] for tp in alternatives if typing.get_origin(tp) is list]
        return [fit(v, items[0]) for v in value] if len(items) == 1 else value
    if isinstance(value, dict):
        values = [typing.get_args(tp)[1] for tp in alternatives if typing.get_origin(tp) is dict]
        return {k: fit(v, values[0]) for k, v in value.items()} if len(values) == 1 else value
    is_number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if is_number and str(value) in _literal_texts(alternatives):
        return str(value)
    if str in alternatives and (is_number or isinstance(value, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if bool in alternatives:
        raise PydanticCustomError("bool_type", "true eller false väntades")
    if int in alternatives and Decimal not in alternatives and isinstance(value, str | bool):
        raise PydanticCustomError("int_type", "ett heltal väntades")
    if dt.date in alternatives and str not in alternatives and isinstance(value, int | Decimal):
        raise PydanticCustomError("date_type", "ett datum väntades")
    return value


class Base(BaseModel):
    """Every schema class forbids unknown keys, so a misspelt field is an error, not ignored."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=False,
        populate_by_name=True,
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
        arbitrary_types_allowed=False,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _fit_yaml_value(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        return value if field is None else fit(value, field.annotation)

    @field_validator("*", mode="after")
    @classmethod
    def _bounded_numbers(cls, value: Any) -> Any:
        check_number_bounds(value)
        return value


MAX_BELOPP = Decimal(10) ** 15
"""No amount in a förbund's report comes near a thousand thousand million kronor; a larger
one is a typing mistake (and would overflow Decimal arithmetic with 28 digits)."""

MAX_DECIMALER = 10
"""Most decimals in any number: a percentage or a weight never needs more."""


def check_number_bounds(value: Any) -> None:
    """Refuse a number (alone, or in a list or mapping of numbers) that no report holds.

    Every int and Decimal field is bounded like the amounts: below :data:`MAX_BELOPP` and
    with at most :data:`MAX_DECIMALER` decimals. Larger values are typing mistakes, and
    they make Decimal arithmetic (28 digits) fail deep in the computations. Nested models
    check their own fields.
    """
    if isinstance(value, bool):
        return
    if isinstance(value, list | tuple):
        for item in value:
            check_number_bounds(item)
    elif isinstance(value, dict):
        for item in value.values():
            check_number_bounds(item)
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError("talet måste vara ändligt (inte NaN eller oändligt)")
        if abs(number) >= MAX_BELOPP:
            raise ValueError(f"talet {_short(value)} är orimligt stort (högst 15 siffror före "
                             "decimaltecknet); står det för många siffror?")
        if int(number.as_tuple().exponent) < -MAX_DECIMALER:
            raise ValueError(f"talet {_short(value)} har fler än {MAX_DECIMALER} decimaler")


def _short(value: int | Decimal) -> str:
    if isinstance(value, int) and value.bit_length() > 200:
        return f"med {len(format(Decimal(value), 'f').lstrip('-'))} siffror"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _money(value: Any) -> Any:
    """Accept whole kronor, öre (two decimals) and Swedish-formatted text; refuse the rest."""
    if isinstance(value, str):
        value = parse_belopp(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    elif not (isinstance(value, Decimal) and value.is_finite()):
        raise PydanticCustomError("belopp_type", "ett belopp väntades")
    if value.as_tuple().exponent < -2:
        raise ValueError(too_many_decimals(str(value)))
    if abs(value) >= MAX_BELOPP:
        raise ValueError(f"beloppet {value} är orimligt stort (högst 15 siffror); "
                         "står det för många siffror?")
    return value


BELOPP_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "exclusiveMinimum": -int(MAX_BELOPP),
         "exclusiveMaximum": int(MAX_BELOPP)},
        {"type": "number", "multipleOf": 0.01, "exclusiveMinimum": -int(MAX_BELOPP),
         "exclusiveMaximum": int(MAX_BELOPP)},
        {"type": "string", "pattern": AMOUNT_PATTERN},
    ],
}
"""What :func:`_money` accepts, for the editor: whole kronor, kronor and öre (two
decimals), or the text :func:`reportgen.format.parse_belopp` reads ("12 492 000",
"1 234,50"); "FYLL I" or "11 100 428 kr" are flagged as ``check`` flags them."""

Belopp = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(lambda d: int(d) if d == d.to_integral_value() else str(d), return_type=Any),
    WithJsonSchema(BELOPP_SCHEMA),
]
"""An amount in kronor: an integer (``12492000``) or Swedish text (``"12 492 000"``)."""

@dataclass(frozen=True)
class Kontrollsumma:
    """Marks a control total: a figure reportgen computes, typed only to be compared.

    ``Annotated[Belopp | None, Kontrollsumma()]``. What ``reportgen check`` compares and what
    ``reportgen new`` clears are derived from these marks (:func:`kontrollsummor`), so a new
    control total needs no list kept by hand.
    """

    figur: str | None = None
    """The computed figure it is compared with, when not named like the field."""
    text: str | None = None
    """How a message names it, when not simply the field's name with spaces."""


KontrollBelopp = Annotated[Belopp | None, Kontrollsumma()]
"""An optional control total named like the computed figure it is compared with."""


def kontrollsummor(cls: type[BaseModel], prefix: tuple[str, ...] = (),
                   _seen: frozenset[type] = frozenset()
                   ) -> list[tuple[tuple[str, ...], Kontrollsumma]]:
    """Every control total of *cls* and its nested classes: (field path, mark).

    A list is entered as ``*`` (any index), as the patterns of :mod:`reportgen.new` are.

    >>> from reportgen.model.ekonomi import Resultatrakning
    >>> [".".join(p) for p, _ in kontrollsummor(Resultatrakning)]  # doctest: +NORMALIZE_WHITESPACE
    ['verksamhetens_nettokostnad', 'verksamhetens_resultat', 'resultat_efter_finansiella_poster',
     'arets_resultat']
    """
    found: list[tuple[tuple[str, ...], Kontrollsumma]] = []
    for name, info in cls.model_fields.items():
        key = info.alias or name
        mark = next((m for m in info.metadata if isinstance(m, Kontrollsumma)), None)
        if mark is not None:
            found.append(((*prefix, key), mark))
            continue
        for inner, star in _nested_models(info.annotation):
            if inner not in _seen:  # a section holds sections: enter each class once
                found.extend(kontrollsummor(inner, (*prefix, key, *(("*",) if star else ())),
                                            _seen | {cls}))
    return found


def _nested_models(annotation: Any) -> list[tuple[type[BaseModel], bool]]:
    """The schema classes inside an annotation, and whether they sit in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, False)]
    out: list[tuple[type[BaseModel], bool]] = []
    for arg in get_args(annotation):
        star = get_origin(annotation) in (list, tuple)
        out.extend((cls, star or inner_star) for cls, inner_star in _nested_models(arg))
    return out


Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]
"""Running text in Markdown: paragraphs, lists, *emphasis*, ``{{namn}}`` for computed figures."""

Datum = dt.date
