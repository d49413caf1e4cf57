"""Shared building blocks of the schema: the base class, money and Markdown types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from ..format import parse_belopp


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


def _money(value: Any) -> Any:
    """Accept ints, Decimals and Swedish-formatted text; refuse floats and booleans."""
    if isinstance(value, bool):
        raise ValueError("ett belopp väntades, inte ja/nej")
    if isinstance(value, float):  # never produced by our loader; guard for callers
        raise ValueError("belopp får inte vara flyttal")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        return parse_belopp(value)
    raise ValueError(f"ett belopp väntades, fick {type(value).__name__}")


Belopp = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(lambda d: int(d) if d == d.to_integral_value() else str(d), return_type=Any),
    Field(json_schema_extra={"type": ["integer", "string"]}),
]
"""An amount in kronor: an integer (``12492000``) or Swedish text (``"12 492 000"``)."""

Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]
"""Running text in Markdown: paragraphs, lists, *emphasis*, and ``{{namn}}`` for computed figures."""

Datum = dt.date
