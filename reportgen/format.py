"""Swedish number and date formatting, used by every template; and reading amounts back.

Every template filter comes from here (see :data:`FILTERS`). Amounts are
:class:`~decimal.Decimal`; nothing here ever goes through float. A formatted number never
wraps: digit groups are separated by a no-break space (U+00A0), the minus sign is U+2212
(which does not break from its digits) and the percent sign is joined by a no-break space.

>>> kr(Decimal("12516104"))
'12\\xa0516\\xa0104'
>>> kr(Decimal("-579186"))
'−579\\xa0186'
>>> kr(Decimal("-579186"), Options(minus="-"))
'-579\\xa0186'
>>> kr(0), kr(0, Options(noll="–"))
('0', '–')
>>> tkr(Decimal("12516500")), tkr(Decimal("-1500"))
('12\\xa0517', '−2')
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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
"""The zero amount: the one start value of every sum of Decimal amounts."""

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

ROUNDING = ROUND_HALF_UP
ROUNDING_RULE = (
    "Belopp i tkr och mnkr avrundas till närmaste heltal (mnkr: en decimal); exakt halva "
    "avrundas bort från noll, så 1 500 kr blir 2 tkr och −1 500 kr blir −2 tkr. Summor räknas "
    "på hela kronor och avrundas sedan, så en summa kan skilja sig från summan av de "
    "avrundade raderna."
)
"""The rounding rule in words, for the report's accounting principles."""

ORE_REGEL = (
    "Beloppen är avrundade till hela kronor. Summorna är beräknade i kronor och öre före "
    "avrundningen och kan därför skilja sig med någon krona från summan av de avrundade "
    "raderna."
)
"""The rule of a report kept in öre (``belopp_i_ore: true``), printed under its statements:
every sum is computed in öre and each printed amount rounded once, so the balance sheet
balances in print and every row agrees with the books, while a column may be off by a krona
or so against its printed rows."""


def _number(value: Decimal, decimals: int, opts: Options) -> str:
    """*value* rounded by :data:`ROUNDING` to *decimals*, grouped, with the minus of *opts*."""
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUNDING)
    if value == 0:
        return opts.noll
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (opts.minus if value < 0 else "") + text


def kr(value: Decimal | int | None, opts: Options = DEFAULT, decimals: int = 0) -> str:
    """Kronor, whole by default; ``decimals=2`` shows öre.

    >>> kr(Decimal("1234.5"), decimals=2)
    '1\\xa0234,50'
    >>> kr(None)
    ''
    """
    if value is None:
        return ""
    return _number(Decimal(value), decimals, opts)


def tkr(value: Decimal | int | None, opts: Options = DEFAULT) -> str:
    """Thousands of kronor, rounded half away from zero: ``'12\\xa0516'`` for 12 516 104."""
    if value is None:
        return ""
    return _number(Decimal(value).scaleb(-3), 0, opts)


def mnkr(value: Decimal | int | None, opts: Options = DEFAULT, decimals: int = 1) -> str:
    """Millions of kronor with one decimal.

    >>> mnkr(Decimal("12492000")), mnkr(Decimal("12450000")), mnkr(Decimal("-50000"))
    ('12,5', '12,5', '−0,1')
    """
    if value is None:
        return ""
    return _number(Decimal(value).scaleb(-6), decimals, opts)


def procent(value: Decimal | None, decimals: int = 0, opts: Options = DEFAULT) -> str:
    """A ratio (0.19) as percent with a no-break space; zero is always ``0``.

    >>> procent(Decimal("0.125"), decimals=1), procent(Decimal("-0.05")), procent(0)
    ('12,5\\xa0%', '−5\\xa0%', '0\\xa0%')
    """
    if value is None:
        return ""
    number = _number(Decimal(value).scaleb(2), decimals, Options(minus=opts.minus, noll="0"))
    return f"{number}{NBSP}%"


def antal(value: int | Decimal | None, opts: Options = DEFAULT) -> str:
    """A count, grouped like an amount; zero is always ``0``: ``antal(1200)`` → ``'1\\xa0200'``."""
    if value is None:
        return ""
    return _number(Decimal(value), 0, Options(minus=opts.minus, noll="0"))


def datum(value: dt.date | None) -> str:
    """ISO date for tables: ``2023-12-31``."""
    return value.isoformat() if value else ""


def datum_text(value: dt.date | None) -> str:
    """Date in running text: ``31 december 2023``."""
    if value is None:
        return ""
    from babel.dates import format_date  # Babel only when a date is written out (not in check)

    return format_date(value, format="d MMMM y", locale=LOCALE)


def period(start: dt.date, end: dt.date) -> str:
    """A date range with an en dash; the space before the dash does not break.

    >>> period(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    '2023-01-01\\xa0– 2023-12-31'
    """
    return f"{datum(start)}{NBSP}{EN_DASH} {datum(end)}"


_SIGNS = "+-\u2212\u2013"
_SPACES = " \u00a0\u2009\u202f"
_AMOUNT_RE = re.compile(
    r"(?P<sign>[+\-\u2212\u2013]?)"
    rf"(?P<whole>0|[1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+|[1-9][0-9]*)"
    r"(?:[,.](?P<fraction>[0-9]+))?"
)


AMOUNT_PATTERN = (
    r"^\s*[+\-\u2212\u2013]?"
    r"(0|[1-9][0-9]{0,2}([ \u00a0\u2009\u202f][0-9]{3})+|[1-9][0-9]*)"
    r"([,.][0-9]{1,2})?\s*$"
)
"""The amount text :func:`parse_belopp` accepts (at most two decimals, the öre), as a
JSON Schema pattern (ECMA-262 and Python read it alike): the editor flags what ``check`` does.

>>> bool(re.fullmatch(AMOUNT_PATTERN, "12 492 000")), bool(re.fullmatch(AMOUNT_PATTERN, "FYLL I"))
(True, False)
>>> [bool(re.fullmatch(AMOUNT_PATTERN, t)) for t in ("1 234,50", "−579 186", "11 100 428 kr")]
[True, True, False]
"""


def too_many_decimals(text: str) -> str:
    """The message for an amount with more than two decimals, most likely a mistyped thousand.

    >>> too_many_decimals("1.234")  # doctest: +ELLIPSIS
    '1.234 har tre decimaler, men ... menade du tusental? skriv 1234 eller "1 234"'
    """
    whole, _, fraction = text.replace(",", ".").partition(".")
    if len(fraction) != 3 or not whole.lstrip(_SIGNS).isdigit():
        return f"{text} har fler decimaler än två, men ett belopp har högst två (ören)"
    digits = int(whole.lstrip(_SIGNS) + fraction)
    sign = "-" if whole[:1] in _SIGNS[1:] else ""
    grouped = f"{digits:,}".replace(",", " ")
    return (f"{text} har tre decimaler, men ett belopp har högst två (ören); menade du tusental?"
            f' skriv {sign}{digits} eller "{sign}{grouped}"')


def parse_belopp(text: str) -> Decimal:
    """Read an amount written the Swedish way, exactly, or refuse it.

    Digits may be grouped by three with a space, no-break space or thin space; the minus may
    be ``-``, ``−`` (U+2212) or ``–`` (U+2013); öre follow a comma (or point), at most two.
    Anything that could be read two ways is refused rather than guessed.

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
    >>> parse_belopp("1.234")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 1.234 har tre decimaler, ... menade du tusental? skriv 1234 eller "1 234"
    """
    cleaned = text.strip()
    match = _AMOUNT_RE.fullmatch(cleaned)
    if not match:
        raise ValueError(
            f"'{text}' är inte ett belopp; skriv till exempel 12492000 eller \"12 492 000\"")
    fraction = match["fraction"] or ""
    if len(fraction) > 2:
        raise ValueError(too_many_decimals(cleaned))
    whole = re.sub(f"[{_SPACES}]", "", match["whole"])
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    negative = match["sign"] in ("-", MINUS, EN_DASH) and value != 0
    return value.copy_negate() if negative else value


FILTERS: dict[str, Callable[..., str]] = {
    "kr": kr,
    "tkr": tkr,
    "mnkr": mnkr,
    "procent": procent,
    "antal": antal,
    "datum": datum,
    "datum_text": datum_text,
    "period": period,
}
"""The template filters, by name; :mod:`reportgen.render` registers them."""
