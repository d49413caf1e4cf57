"""Schema validation: every pydantic error said in Swedish, with file:line:column and field."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from reportgen.load import Source, load_yaml
from reportgen.model import Arsfil, Forbund
from reportgen.model.base import Base
from reportgen.model.validate import _problems, validate

FORBUND = "namn: F\norgnr: 222000-0000\nsate: S\nmedlemmar: [{id: a, namn: A, typ: kommun}]\n"


def check(write_file, text: str, cls: type[BaseModel] = Arsfil) -> list[str]:
    """The problems of *text* validated as *cls*, as printed."""
    obj, problems = validate(load_yaml(write_file(text)), cls)
    assert (obj is None) == bool(problems)
    return [str(p) for p in problems]


def valid(write_file, text: str, cls: type[BaseModel] = Arsfil) -> Any:
    obj, problems = validate(load_yaml(write_file(text)), cls)
    assert problems == []
    return obj


# --------------------------------------------------------------- statement lines, amounts


def test_bare_number_line_reports_the_line_not_belopp(write_file):
    text = ("ar: 2023\nresultatrakning:\n  verksamhetens_intakter: yes\n"
            "  verksamhetens_kostnader: -5\n")
    assert check(write_file, text) == [
        "x.yaml:3:27: fel: resultatrakning.verksamhetens_intakter: 'yes' är inte ett belopp; "
        'skriv till exempel 12492000 eller "12 492 000"']


def test_wrong_type_for_amount_says_expected_and_found(write_file):
    text = ("ar: 2023\nresultatrakning:\n  verksamhetens_intakter: true\n"
            "  verksamhetens_kostnader: [1, 2]\n")
    expected = 'ett belopp (till exempel 12492000 eller "12 492 000") väntades'
    assert check(write_file, text) == [
        f"x.yaml:3:27: fel: resultatrakning.verksamhetens_intakter: {expected}, "
        "fick ja/nej-värdet true",
        f"x.yaml:4:28: fel: resultatrakning.verksamhetens_kostnader: {expected}, fick en lista",
    ]


def test_missing_amount_in_a_line_mapping_names_belopp(write_file):
    text = ("ar: 2023\nresultatrakning:\n  verksamhetens_intakter:\n    not: intakter\n"
            "  verksamhetens_kostnader: -5\n")
    assert check(write_file, text) == [
        "x.yaml:3:3: fel: resultatrakning.verksamhetens_intakter.belopp: fältet 'belopp' saknas "
        "men måste fyllas i"]


@pytest.mark.parametrize(("typed", "amount"), [
    ("12492000", Decimal("12492000")),
    ('"12 492 000"', Decimal("12492000")),
    ("12 492 000", Decimal("12492000")),
    ('"1 234,50"', Decimal("1234.50")),
    ("1234.50", Decimal("1234.50")),
    ("−579 186", Decimal("-579186")),
    ("–579 186", Decimal("-579186")),
    ('"579\u00a0186"', Decimal("579186")),
    ('"579\u202f186"', Decimal("579186")),
    ("-0.5", Decimal("-0.5")),
])
def test_amounts_accepted(write_file, typed, amount):
    text = (f"ar: 2023\nresultatrakning:\n  verksamhetens_intakter: {typed}\n"
            "  verksamhetens_kostnader: 0\n")
    rr = valid(write_file, text).resultatrakning
    assert rr.verksamhetens_intakter.belopp == amount


@pytest.mark.parametrize(("typed", "message"), [
    ("1.234", '1.234 har tre decimaler, men ett belopp har högst två (ören); menade du tusental? '
              'skriv 1234 eller "1 234"'),
    ("-12.492", '-12.492 har tre decimaler, men ett belopp har högst två (ören); menade du '
                'tusental? skriv -12492 eller "-12 492"'),
    ('"1.234"', '1.234 har tre decimaler, men ett belopp har högst två (ören); menade du tusental?'
                ' skriv 1234 eller "1 234"'),
    ('"1,234"', '1,234 har tre decimaler, men ett belopp har högst två (ören); menade du tusental?'
                ' skriv 1234 eller "1 234"'),
    ("1.2345", "1.2345 har fler decimaler än två, men ett belopp har högst två (ören)"),
    ("12,5 mkr", "'12,5 mkr' är inte ett belopp; skriv till exempel 12492000 eller \"12 492 000\""),
    ("1 23", "'1 23' är inte ett belopp; skriv till exempel 12492000 eller \"12 492 000\""),
    ("0123", "'0123' är inte ett belopp; skriv till exempel 12492000 eller \"12 492 000\""),
])
def test_amounts_refused(write_file, typed, message):
    text = f"ar: 2023\nkassaflodesanalys:\n  investeringsverksamheten: {typed}\n"
    assert check(write_file, text) == [
        f"x.yaml:3:29: fel: kassaflodesanalys.investeringsverksamheten: {message}"]


# ------------------------------------------------------------------- YAML 1.1 leftovers


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "ja", "nej"])
def test_yes_no_is_not_a_boolean(write_file, word):
    text = f"ar: 2023\narsredovisning:\n  numrering: {word}\n"
    assert check(write_file, text) == [
        f"x.yaml:3:14: fel: arsredovisning.numrering: true eller false väntades, "
        f"fick texten '{word}'"
        "\n    tips: skriv true eller false (yes, no, on och off läses som text)"]


def test_number_is_not_a_boolean(write_file):
    assert check(write_file, "ar: 2023\narsredovisning:\n  numrering: 1\n") == [
        "x.yaml:3:14: fel: arsredovisning.numrering: true eller false väntades, fick talet 1"]


def test_leading_zero_is_not_octal_nor_silently_dropped(write_file):
    assert check(write_file, "ar: 02023\n") == [
        "x.yaml:1:5: fel: ar: ett heltal väntades, fick texten '02023'"
        "\n    tips: skriv talet utan inledande nollor: 2023"]


def test_quoted_number_for_an_integer(write_file):
    assert check(write_file, "ar: '2023'\n") == [
        "x.yaml:1:5: fel: ar: ett heltal väntades, fick texten '2023'"
        "\n    tips: skriv talet utan citattecken: 2023"]


def test_sexagesimal_is_text(write_file):
    assert check(write_file, "ar: 2023\npersonal:\n  antal_anstallda: 1:30\n") == [
        "x.yaml:3:20: fel: personal.antal_anstallda: ett heltal väntades, fick texten '1:30'"]


def test_boolean_is_not_an_integer(write_file):
    assert check(write_file, "ar: true\n") == [
        "x.yaml:1:5: fel: ar: ett heltal väntades, fick ja/nej-värdet true"]


def test_decimal_comma_in_a_plain_number_field(write_file):
    text = "ar: 2023\npersonal:\n  antal_anstallda: 3\n  sjukfranvaro_procent: 6,25\n"
    assert check(write_file, text) == [
        "x.yaml:4:25: fel: personal.sjukfranvaro_procent: ett tal väntades, fick texten '6,25'"
        "\n    tips: skriv decimaltal med punkt: 6.25"]


# ------------------------------------------------------------------------ dates and text


def test_date_where_text_is_expected_becomes_text(write_file):
    forbund = valid(write_file, FORBUND + "bildat: 2019-03-01\nkortnamn: 2023\n", Forbund)
    assert forbund.bildat == "2019-03-01"
    assert forbund.kortnamn == "2023"


def test_date_or_text_field_keeps_the_date(write_file):
    text = ("ar: 2023\norganisation:\n  styrelse:\n    ledamoter:\n"
            "      - {namn: A, utsedd_av: a, tom: 2023-03-31, fom: april}\n")
    ledamot = valid(write_file, text).organisation.styrelse.ledamoter[0]
    assert ledamot.tom == dt.date(2023, 3, 31)
    assert ledamot.fom == "april"


def test_union_says_every_alternative(write_file):
    text = ("ar: 2023\norganisation:\n  styrelse:\n    ledamoter:\n"
            "      - namn: A\n        utsedd_av: a\n        tom: true\n")
    assert check(write_file, text) == [
        "x.yaml:7:14: fel: organisation.styrelse.ledamoter[0].tom: en text eller ett datum som "
        "2023-12-31 väntades, fick ja/nej-värdet true"]


def test_number_is_not_a_date(write_file):
    assert check(write_file, "ar: 2023\narsredovisning:\n  beslutad: 20240315\n") == [
        "x.yaml:3:13: fel: arsredovisning.beslutad: ett datum som 2023-12-31 väntades, "
        "fick talet 20240315"]


def test_quoted_date_is_a_date(write_file):
    arsfil = valid(write_file, "ar: 2023\narsredovisning:\n  beslutad: '2024-03-15'\n")
    assert arsfil.arsredovisning.beslutad == dt.date(2024, 3, 15)


def test_text_is_not_a_date(write_file):
    assert check(write_file, "ar: 2023\narsredovisning:\n  beslutad: 15 mars 2024\n") == [
        "x.yaml:3:13: fel: arsredovisning.beslutad: ett datum som 2023-12-31 väntades, "
        "fick texten '15 mars 2024'"]


def test_datetime_is_not_a_date(write_file):
    assert check(write_file, "ar: 2023\narsredovisning:\n  beslutad: 2024-03-15 10:30:00\n") == [
        "x.yaml:3:13: fel: arsredovisning.beslutad: ett datum utan klockslag, som 2023-12-31 "
        "väntades, fick tidpunkten 2024-03-15 10:30:00"]


def test_number_for_a_text_choice(write_file):
    forbund = valid(write_file, FORBUND + "format:\n  noll: 0\n", Forbund)
    assert forbund.format.noll == "0"


def test_mapping_where_text_is_expected(write_file):
    assert check(write_file, "namn: {a: 1}\n" + FORBUND.split("\n", 1)[1], Forbund) == [
        "x.yaml:1:7: fel: namn: en text väntades, fick en mappning (nycklar och värden)"]


# ------------------------------------------------------------------ unknown and missing keys


def test_did_you_mean_at_top_level(write_file):
    assert check(write_file, "ar: 2023\narsredovsning: {}\n") == [
        "x.yaml:2:1: fel: arsredovsning: okänt fält 'arsredovsning'"
        "\n    tips: menade du 'arsredovisning'?"]


def test_did_you_mean_nested_hides_the_missing_field(write_file):
    text = "ar: 2023\nresultatrakning:\n  verksamhetens_intakte: 1\n  verksamhetens_kostnader: 1\n"
    assert check(write_file, text) == [
        "x.yaml:3:3: fel: resultatrakning.verksamhetens_intakte: okänt fält 'verksamhetens_intakte'"
        "\n    tips: menade du 'verksamhetens_intakter'?"]


def test_did_you_mean_inside_lists(write_file):
    text = ("ar: 2023\nnoter:\n  - id: a\n    rubrik: A\n    tabeller:\n      - rader:\n"
            "          - namn: x\n            belop: 5\n")
    assert check(write_file, text) == [
        "x.yaml:8:13: fel: noter[0].tabeller[0].rader[0].belop: okänt fält 'belop'"
        "\n    tips: menade du 'belopp'?"]


def test_unknown_key_lists_the_allowed_ones(write_file):
    text = "ar: 2023\npersonal:\n  antal_anstallda: 1\n  xyz: 2\n"
    [message] = check(write_file, text)
    assert message.startswith("x.yaml:4:3: fel: personal.xyz: okänt fält 'xyz'\n    tips: "
                              "tillåtna fält här: antal_anstallda, sjukdagar")


def test_missing_field_points_at_its_parent(write_file):
    text = ("ar: 2023\nbalansrakning:\n  omsattningstillgangar: {}\n"
            "  eget_kapital: {ingaende: 5}\n  skulder: {kortfristiga: 1}\n")
    assert check(write_file, text) == [
        "x.yaml:3:3: fel: balansrakning.omsattningstillgangar.kassa_och_bank: fältet "
        "'kassa_och_bank' saknas men måste fyllas i"]


def test_missing_top_level_field(write_file):
    assert check(write_file, "arsredovisning: {}\n") == [
        "x.yaml:1:1: fel: ar: fältet 'ar' saknas men måste fyllas i"]


# -------------------------------------------------------------- choices, patterns, limits


def test_choice_with_did_you_mean(write_file):
    text = FORBUND.replace("typ: kommun", "typ: komun")
    assert check(write_file, text, Forbund) == [
        "x.yaml:4:35: fel: medlemmar[0].typ: stat, region eller kommun väntades, "
        "fick texten 'komun'"
        "\n    tips: menade du 'kommun'?"]


def test_choice_of_a_mapping_key_points_at_the_key(write_file):
    text = "ar: 2023\nmal:\n  - id: a\n    rubrik: B\n    uppfoljning:\n      T4: {}\n"
    assert check(write_file, text) == [
        "x.yaml:6:7: fel: mal[0].uppfoljning.T4: T1, T2 eller T3 väntades, fick texten 'T4'"]


def test_patterns_in_words(write_file):
    text = FORBUND.replace("222000-0000", "2220000000").replace("id: a", "id: Bromölla")
    assert check(write_file, text, Forbund) == [
        "x.yaml:2:8: fel: orgnr: ett organisationsnummer som 222000-2790 väntades, fick texten "
        "'2220000000'",
        "x.yaml:4:18: fel: medlemmar[0].id: ett id av små bokstäver a–z, siffror, - och _ (till "
        "exempel mitt-id) väntades, fick texten 'Bromölla'",
    ]


@pytest.mark.parametrize(("personal", "message"), [
    ("antal_anstallda: -1", "3:20: fel: personal.antal_anstallda: värdet måste vara minst 0, "
                            "fick talet -1"),
    ("antal_anstallda: 1\n  sjukfranvaro_procent: 100.5",
     "4:25: fel: personal.sjukfranvaro_procent: värdet måste vara högst 100, fick talet 100.5"),
])
def test_limits(write_file, personal, message):
    assert check(write_file, f"ar: 2023\npersonal:\n  {personal}\n") == [f"x.yaml:{message}"]


def test_text_too_short(write_file):
    text = "ar: 2023\ngodkanda_avvikelser:\n  - {kontroll: x, belopp: 1, skal: kort}\n"
    assert check(write_file, text) == [
        "x.yaml:3:36: fel: godkanda_avvikelser[0].skal: texten är för kort, minst 5 tecken "
        "väntades, fick texten 'kort'"]


# ------------------------------------------------------------------------- whole file


@pytest.mark.parametrize(("text", "found"), [
    ("", "en tom fil"), ("- a\n", "en lista"), ("hej\n", "texten 'hej'"),
])
def test_file_must_be_a_mapping(write_file, text, found):
    assert check(write_file, text) == [
        f"x.yaml:1:1: fel: filen ska innehålla nycklar och värden (namn: värde), men är {found}"]


def test_problems_are_sorted_by_line(write_file):
    text = "ar: 20230\narsredovisning:\n  numrering: nej\n  beslutad: 0\nxyz: 1\n"
    lines = [p.split(":")[1] for p in check(write_file, text)]
    assert lines == ["1", "3", "4", "5"]


# ---------------------------------------------------- every error type has Swedish words


def _schema_classes() -> list[type[Base]]:
    found, todo = [], [Base]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


HOSTILE = [True, "yes", "0123", "x", "", [], {}, [1], {"a": 1}, dt.date(2023, 1, 1),
           dt.datetime(2023, 1, 1, 10), Decimal("1.5"), Decimal("1.234"), -1, 0, 10**30, None,
           "2023-13-01", "12 mkr", "T4", "A B"]


@pytest.mark.parametrize("cls", _schema_classes(), ids=lambda c: c.__name__)
def test_every_error_is_said_in_swedish(cls):
    """Each field of each schema class, given each hostile value, gets a Swedish message."""
    for name, info in cls.model_fields.items():
        for value in HOSTILE:
            data = {info.alias or name: value}
            try:
                cls.model_validate(data)
            except ValidationError as exc:
                errors = exc.errors(include_url=False)
            else:
                continue
            for problem in _problems(Source(Path("x.yaml"), data), cls, errors):
                assert "ogiltigt värde" not in problem.message, (cls, name, value, problem)
                assert "Input should" not in problem.message, (cls, name, value, problem)
                assert not re.search(r"function-|\.(str|date|int|decimal)\b", problem.field or "")
