"""Swedish number and date formatting, and reading amounts back exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.format import (
    EN_DASH,
    MINUS,
    NBSP,
    ROUNDING_RULE,
    Options,
    antal,
    datum,
    datum_text,
    kr,
    mnkr,
    parse_belopp,
    period,
    procent,
    tkr,
)

DASH_ZERO = Options(noll="–")
HYPHEN = Options(minus="-")


@pytest.mark.parametrize(("value", "opts", "expected"), [
    (Decimal("12492000"), Options(), f"12{NBSP}492{NBSP}000"),
    (Decimal("-579186"), Options(), f"{MINUS}579{NBSP}186"),
    (Decimal("-579186"), HYPHEN, f"-579{NBSP}186"),
    (Decimal("999"), Options(), "999"),
    (Decimal("1000"), Options(), f"1{NBSP}000"),
    (Decimal("0"), Options(), "0"),
    (Decimal("0"), DASH_ZERO, "–"),
    (Decimal("-0.4"), DASH_ZERO, "–"),
    (Decimal("0.5"), Options(), "1"),
    (Decimal("-0.5"), Options(), f"{MINUS}1"),
    (Decimal("2.5"), Options(), "3"),
    (12, Options(), "12"),
    (None, Options(), ""),
])
def test_kr(value, opts, expected):
    assert kr(value, opts) == expected


def test_kr_with_ore():
    assert kr(Decimal("-1234.5"), decimals=2) == f"{MINUS}1{NBSP}234,50"
    assert kr(Decimal("0.004"), DASH_ZERO, decimals=2) == "–"


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("12516104"), f"12{NBSP}516"),
    (Decimal("12516500"), f"12{NBSP}517"),
    (Decimal("12516499"), f"12{NBSP}516"),
    (Decimal("1500"), "2"),
    (Decimal("-1500"), f"{MINUS}2"),
    (Decimal("2500"), "3"),
    (Decimal("499"), "0"),
    (Decimal("-499"), "0"),
])
def test_tkr_rounds_half_away_from_zero(value, expected):
    assert tkr(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("12492000"), "12,5"),
    (Decimal("12450000"), "12,5"),
    (Decimal("12449999"), "12,4"),
    (Decimal("-1250000"), f"{MINUS}1,3"),
    (Decimal("1234567890"), f"1{NBSP}234,6"),
])
def test_mnkr(value, expected):
    assert mnkr(value) == expected


def test_rounding_rule_is_stated():
    assert "bort från noll" in ROUNDING_RULE
    assert "1 500 kr blir 2 tkr och −1 500 kr blir −2 tkr" in ROUNDING_RULE


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (Decimal("0.19"), 0, f"19{NBSP}%"),
    (Decimal("0.195"), 0, f"20{NBSP}%"),
    (Decimal("0.125"), 1, f"12,5{NBSP}%"),
    (Decimal("-0.05"), 0, f"{MINUS}5{NBSP}%"),
    (Decimal("12.5"), 0, f"1{NBSP}250{NBSP}%"),
    (Decimal("0"), 0, f"0{NBSP}%"),
])
def test_procent(value, decimals, expected):
    assert procent(value, decimals) == expected


def test_zero_setting_does_not_touch_counts_and_percent():
    assert procent(Decimal(0), opts=DASH_ZERO) == f"0{NBSP}%"
    assert antal(0, DASH_ZERO) == "0"
    assert antal(1200) == f"1{NBSP}200"


def test_dates():
    day = dt.date(2023, 12, 31)
    assert datum(day) == "2023-12-31"
    assert datum(None) == ""
    assert datum_text(day) == "31 december 2023"
    assert datum_text(dt.date(2024, 3, 1)) == "1 mars 2024"
    assert datum_text(None) == ""
    assert period(dt.date(2023, 1, 1), day) == f"2023-01-01{NBSP}{EN_DASH} 2023-12-31"


@pytest.mark.parametrize("text", [
    kr(Decimal("-123456789012")), tkr(Decimal("-123456789012")), mnkr(Decimal("-123456789012")),
    procent(Decimal("-1234.5")), antal(1234567),
])
def test_numbers_never_wrap(text):
    assert " " not in text and "\u2009" not in text and "\u202f" not in text


# ----------------------------------------------------------------------------- parse_belopp


@pytest.mark.parametrize(("text", "value"), [
    ("12492000", Decimal("12492000")),
    ("12 492 000", Decimal("12492000")),
    ("1 234,50", Decimal("1234.50")),
    ("1234,5", Decimal("1234.5")),
    ("1234.50", Decimal("1234.50")),
    ("0,50", Decimal("0.50")),
    ("0", Decimal("0")),
    ("-0", Decimal("0")),
    ("+12", Decimal("12")),
    ("−579 186", Decimal("-579186")),
    ("–579 186", Decimal("-579186")),
    ("-579 186", Decimal("-579186")),
    ("579\u00a0186", Decimal("579186")),
    ("579\u202f186", Decimal("579186")),
    ("579\u2009186", Decimal("579186")),
    ("  12 492 000 ", Decimal("12492000")),
    ("1 000 000 000 000 000 000 000 000 000 001", Decimal("1000000000000000000000000000001")),
])
def test_parse_belopp(text, value):
    parsed = parse_belopp(text)
    assert parsed == value
    assert str(parsed) == str(value)


NOT_AN_AMOUNT = "'{}' är inte ett belopp; skriv till exempel 12492000 eller \"12 492 000\""


@pytest.mark.parametrize(("text", "message"), [
    ("1.234", '1.234 har tre decimaler, men ett belopp har högst två (ören); menade du '
              'tusental? skriv 1234 eller "1 234"'),
    ("1,234", '1,234 har tre decimaler, men ett belopp har högst två (ören); menade du '
              'tusental? skriv 1234 eller "1 234"'),
    ("−12.492", '−12.492 har tre decimaler, men ett belopp har högst två (ören); menade du '
                'tusental? skriv -12492 eller "-12 492"'),
    ("1,2345", "1,2345 har fler decimaler än två, men ett belopp har högst två (ören)"),
    ("12,5 mkr", NOT_AN_AMOUNT.format("12,5 mkr")),
    ("12 492 000 kr", NOT_AN_AMOUNT.format("12 492 000 kr")),
    ("1 23", NOT_AN_AMOUNT.format("1 23")),
    ("1 2345", NOT_AN_AMOUNT.format("1 2345")),
    ("12  492", NOT_AN_AMOUNT.format("12  492")),
    ("1.234.567", NOT_AN_AMOUNT.format("1.234.567")),
    ("1.234,50", NOT_AN_AMOUNT.format("1.234,50")),
    ("1,234.50", NOT_AN_AMOUNT.format("1,234.50")),
    ("0123", NOT_AN_AMOUNT.format("0123")),
    ("- 5", NOT_AN_AMOUNT.format("- 5")),
    ("--5", NOT_AN_AMOUNT.format("--5")),
    ("5-", NOT_AN_AMOUNT.format("5-")),
    ("(5)", NOT_AN_AMOUNT.format("(5)")),
    ("1e3", NOT_AN_AMOUNT.format("1e3")),
    ("NaN", NOT_AN_AMOUNT.format("NaN")),
    ("", NOT_AN_AMOUNT.format("")),
    ("–", NOT_AN_AMOUNT.format("–")),
    ("١٢٣", NOT_AN_AMOUNT.format("١٢٣")),
])
def test_parse_belopp_refuses_what_could_be_misread(text, message):
    with pytest.raises(ValueError) as info:
        parse_belopp(text)
    assert str(info.value) == message


# ------------------------------------------------------------------------------ properties

ORE = st.integers(min_value=-10**13, max_value=10**13).map(lambda n: Decimal(n).scaleb(-2))
KRONOR = st.integers(min_value=-10**13, max_value=10**13).map(Decimal)


@settings(database=None)
@given(st.lists(ORE, max_size=30), st.sampled_from([Options(), HYPHEN]))
def test_formatted_amounts_read_back_exactly(values, opts):
    parsed = [parse_belopp(kr(v, opts, decimals=2)) for v in values]
    assert parsed == values
    assert sum(parsed, Decimal(0)) == sum(values, Decimal(0))


@settings(database=None)
@given(st.lists(KRONOR, max_size=30))
def test_whole_kronor_read_back_exactly(values):
    assert sum((parse_belopp(kr(v)) for v in values), Decimal(0)) == sum(values, Decimal(0))


@settings(database=None)
@given(KRONOR)
def test_tkr_follows_the_stated_rule(value):
    """Nearest thousand; an exact half goes away from zero (ROUNDING_RULE)."""
    shown = parse_belopp(tkr(value))
    assert shown == shown.to_integral_value()
    distance = abs(value - shown * 1000)
    assert distance <= 500
    if distance == 500:
        assert abs(shown * 1000) > abs(value)
