"""Swedish number and date formatting, on Babel's ``sv_SE`` locale; used by every template.

Every template filter comes from here (see :data:`FILTERS`). Amounts are
:class:`~decimal.Decimal`; nothing here ever goes through float.

>>> kr(Decimal("12516104"))
'12\\xa0516\\xa0104'
>>> kr(Decimal("-579186"))
'−579\\xa0186'
>>> procent(Decimal("0.19"))
'19\\xa0%'
>>> datum(dt.date(2023, 12, 31))
'2023-12-31'
>>> datum_text(dt.date(2023, 12, 31))
'31 december 2023'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "sv_SE"
MINUS = "\u2212"
NBSP = "\u00a0"
EN_DASH = "\u2013"


@dataclass(frozen=True)
class Options:
    """Formatting settings a förbund may change in its ``forbund.yaml`` (``format:``).

    ``minus`` is the sign put before negative numbers (U+2212 by default, ``-`` allowed);
    ``noll`` is how zero is shown (``0`` or ``–``).
    """

    minus: str = MINUS
    noll: str = "0"


DEFAULT = Options()

ROUNDING_RULE = (
    "Belopp i tkr och mnkr avrundas till närmaste heltal; exakt halva avrundas uppåt "
    "(från noll). Summor räknas på hela kronor och avrundas sedan, så en summa kan skilja "
    "sig från summan av de avrundade raderna."
)


def _group(value: Decimal, decimals: int, opts: Options) -> str:
    q = Decimal(1).scaleb(-decimals)
    value = value.quantize(q, rounding=ROUND_HALF_UP)
    if value == 0:
        return opts.noll
    text = format_decimal(abs(value), format="#,##0" + ("." + "0" * decimals if decimals else ""),
                          locale=LOCALE)
    text = text.replace("\u202f", NBSP).replace(" ", NBSP)
    return (opts.minus if value < 0 else "") + text


def kr(value: Decimal | int | None, opts: Options = DEFAULT) -> str:
    """Whole kronor with non-breaking thin groups and a real minus sign."""
    if value is None:
        return ""
    return _group(Decimal(value), 0, opts)


def tkr(value: Decimal | int | None, opts: Options = DEFAULT) -> str:
    """Thousands of kronor, rounded half up: ``tkr(Decimal("12516104"))`` → ``'12\\xa0516'``."""
    if value is None:
        return ""
    return _group(Decimal(value) / 1000, 0, opts)


def mnkr(value: Decimal | int | None, opts: Options = DEFAULT, decimals: int = 1) -> str:
    """Millions of kronor with one decimal: ``mnkr(Decimal("12492000"))`` → ``'12,5'``."""
    if value is None:
        return ""
    return _group(Decimal(value) / 1_000_000, decimals, opts)


def procent(value: Decimal | None, decimals: int = 0, opts: Options = DEFAULT) -> str:
    """A ratio (0.19) as percent with a non-breaking space: ``'19\\xa0%'``."""
    if value is None:
        return ""
    number = _group(Decimal(value) * 100, decimals, Options(minus=opts.minus, noll="0"))
    return f"{number}{NBSP}%"


def antal(value: int | Decimal | None, opts: Options = DEFAULT) -> str:
    """A count, grouped like an amount: ``antal(1200)`` → ``'1\\xa0200'``."""
    if value is None:
        return ""
    return _group(Decimal(value), 0, Options(minus=opts.minus, noll="0"))


def datum(value: dt.date | None) -> str:
    """ISO date for tables: ``2023-12-31``."""
    return value.isoformat() if value else ""


def datum_text(value: dt.date | None) -> str:
    """Date in running text: ``31 december 2023``."""
    if value is None:
        return ""
    return format_date(value, format="d MMMM y", locale=LOCALE)


def period(start: dt.date, end: dt.date) -> str:
    """A date range with an en dash: ``'2023-01-01 – 2023-12-31'`` (spaces non-breaking)."""
    return f"{datum(start)}{NBSP}{EN_DASH} {datum(end)}"


_AMOUNT_RE = re.compile(r"^[+\-\u2212\u2013]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?$|^[+\-\u2212\u2013]?\d+(?:[.,]\d+)?$")


def parse_belopp(text: str) -> Decimal:
    """Read an amount written the Swedish way, exactly, or refuse it.

    >>> parse_belopp("12 492 000")
    Decimal('12492000')
    >>> parse_belopp("−579 186")
    Decimal('-579186')
    >>> parse_belopp("1 234,50")
    Decimal('1234.50')
    >>> parse_belopp("12,5 mkr")
    Traceback (most recent call last):
    ...
    ValueError: '12,5 mkr' är inte ett belopp; skriv till exempel 12492000 eller "12 492 000"
    """
    cleaned = text.strip()
    if not _AMOUNT_RE.match(cleaned):
        raise ValueError(f"'{text}' är inte ett belopp; skriv till exempel 12492000 eller \"12 492 000\"")
    sign = -1 if cleaned[0] in "-\u2212\u2013" else 1
    digits = cleaned.lstrip("+-\u2212\u2013")
    digits = re.sub(r"[ \u00a0\u202f]", "", digits).replace(",", ".")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - regex guarantees the form
        raise ValueError(f"'{text}' är inte ett belopp") from None
    return value * sign


FILTERS = {
    "kr": kr,
    "tkr": tkr,
    "mnkr": mnkr,
    "procent": procent,
    "antal": antal,
    "datum": datum,
    "datum_text": datum_text,
}
