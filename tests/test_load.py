"""The input stage: YAML pitfalls, hostile input, and reading the files of one report."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen import load, sources
from reportgen.errors import InputError, Location
from reportgen.load import dotted, load_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "load"
HINT_UTF8 = ("\n    tips: spara filen som UTF-8 i din editor "
             "(i VS Code: 'Save with Encoding' → UTF-8)")
TOO_DEEP = "fel: filen är nästlad djupare än 64 nivåer (alias medräknade)"
TOO_MANY = "fel: filen har fler än 50 000 värden (alias medräknade)"


def problems(path: Path) -> list[str]:
    """The problems :func:`load_yaml` reports for *path*, as printed."""
    with pytest.raises(InputError) as info:
        load_yaml(path)
    return [str(p) for p in info.value.problems]


# ----------------------------------------------------------------------- duplicate keys


def test_duplicate_key_names_both_lines(write_file):
    path = write_file("namn: A\nsate: B\nnamn: C\n")
    assert problems(path) == [
        "x.yaml:3:1: fel: namn: nyckeln 'namn' står två gånger i samma avsnitt (först på rad 1,"
        " igen på rad 3); YAML skulle tyst behålla bara den sista"
        "\n    tips: ta bort eller byt namn på den ena"
    ]


def test_duplicate_key_in_nested_mapping(write_file):
    path = write_file("ar: 2023\nbalansrakning:\n  skulder:\n    kortfristiga: 1\n"
                      "    langfristiga: 2\n    kortfristiga: 3\n")
    [message] = problems(path)
    assert message.startswith(
        "x.yaml:6:5: fel: balansrakning.skulder.kortfristiga: nyckeln 'kortfristiga' står två "
        "gånger i samma avsnitt (först på rad 4, igen på rad 6)")


def test_duplicate_key_in_list_item(write_file):
    path = write_file("noter:\n  - id: a\n    rubrik: A\n  - id: b\n    rubrik: B\n    id: c\n")
    [message] = problems(path)
    assert message.startswith(
        "x.yaml:6:5: fel: noter[1].id: nyckeln 'id' står två gånger i samma avsnitt "
        "(först på rad 4, igen på rad 6)")


def test_every_duplicate_is_reported(write_file):
    path = write_file("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert [m.split(": fel")[0] for m in problems(path)] == ["x.yaml:2:1", "x.yaml:5:3"]


def test_same_key_in_different_mappings_is_fine(write_file):
    path = write_file("- id: a\n- id: b\n")
    assert load_yaml(path).data == [{"id": "a"}, {"id": "b"}]


# ------------------------------------------------------------------------ tabs, encodings


def test_tab_indentation(write_file):
    path = write_file("ar: 2023\nbalansrakning:\n\tskulder: 1\n")
    assert problems(path) == [
        "x.yaml:3:1: fel: tabbtecken får inte användas för indrag i YAML; använd mellanslag"]


def test_tab_after_spaces_in_indentation(write_file):
    path = write_file("a:\n  b: 1\n  \tc: 2\n")
    assert problems(path) == [
        "x.yaml:3:3: fel: tabbtecken får inte användas för indrag i YAML; använd mellanslag"]


def test_tab_inside_a_line(write_file):
    path = write_file("a:\t1\n")
    assert problems(path) == [
        "x.yaml:1:3: fel: tabbtecken får bara finnas i text inom citattecken; använd mellanslag"]


def test_tab_in_quoted_text_is_fine(write_file):
    assert load_yaml(write_file('a: "x\ty"\n')).data == {"a": "x\ty"}


def test_utf8_bom_is_accepted(write_file):
    path = write_file("\ufeffnamn: Bromölla\n")
    assert load_yaml(path).data == {"namn": "Bromölla"}
    assert load_yaml(path).marks[("namn",)] == Location("x.yaml", 1, 7)


def test_windows_1252_is_named(write_file):
    path = write_file("ar: 2023\nnamn: Bromölla\n".encode("cp1252"))
    assert problems(path) == [
        "x.yaml:2:11: fel: filen är inte sparad som UTF-8; den ser ut att vara Windows-1252 "
        "(Latin-1), där byten 0xF6 är 'ö'" + HINT_UTF8]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named(write_file, encoding):
    path = write_file("namn: Bromölla\n".encode(encoding))
    assert problems(path) == [
        "x.yaml: fel: filen är sparad som UTF-16 men ska vara UTF-8" + HINT_UTF8]


def test_unknown_encoding(write_file):
    path = write_file(b"namn: \x81\x8d\n")
    assert problems(path) == [
        "x.yaml:1:7: fel: filen är inte sparad som UTF-8; den byten 0x81 är inte UTF-8 och "
        "kodningen är okänd" + HINT_UTF8]


def test_nul_character(write_file):
    assert problems(write_file("a: 1\nb: x\x00y\n")) == [
        "x.yaml:2:5: fel: filen innehåller ett osynligt styrtecken (U+0000) som inte får finnas"
        " i YAML\n    tips: ta bort tecknet"]


def test_control_character(write_file):
    path = write_file("a: 1\nb: x\x07y\n")
    assert problems(path) == [
        "x.yaml:2:5: fel: filen innehåller ett osynligt styrtecken (U+0007) som inte får finnas"
        " i YAML\n    tips: ta bort tecknet"]


# ------------------------------------------------------------------ YAML 1.1 surprises


@pytest.mark.parametrize(("text", "value"), [
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("N", "N"),
    ("Yes", "Yes"), ("true", True), ("False", False), ("TRUE", True),
    ("0123", "0123"), ("0o17", "0o17"), ("0x1F", "0x1F"),
    ("1:30", "1:30"), ("190:20:30", "190:20:30"),
    ("12", 12), ("-12", -12), ("+12", 12), ("0", 0), ("1_000", 1000), ("12_492_000", 12492000),
    ("1_0", "1_0"), ("1__000", "1__000"),
    ("1234.50", Decimal("1234.50")), ("1.234", Decimal("1.234")), ("-0.5", Decimal("-0.5")),
    (".5", ".5"), ("1.", "1."), ("1e3", "1e3"), ("1.5e3", "1.5e3"),
    (".inf", ".inf"), (".nan", ".nan"),
    ("~", None), ("null", None), ("", None), ("=", "="),
    ("2023-12-31", dt.date(2023, 12, 31)), ("2023-1-5", "2023-1-5"),
    ("12 492 000", "12 492 000"), ("−579 186", "−579 186"),
])
def test_scalars(write_file, text, value):
    data = load_yaml(write_file(f"a: {text}\n")).data["a"]
    assert data == value
    assert type(data) is type(value)


def test_no_float_ever(write_file):
    data = load_yaml(write_file("a: [0.1, 0.2, 1234.50]\n")).data["a"]
    assert sum(data) == Decimal("1234.80")


def test_impossible_date(write_file):
    assert problems(write_file("beslutad: 2023-02-30\n")) == [
        "x.yaml:1:11: fel: beslutad: '2023-02-30' är inget giltigt datum; "
        "skriv till exempel 2023-12-31"]


@pytest.mark.parametrize(("text", "message"), [
    ("!!int 0x1F", "'0x1F' passar inte taggen !!int"),
    ("!!float .inf", "'.inf' passar inte taggen !!float"),
    ("!!bool yes", "'yes' passar inte taggen !!bool"),
])
def test_explicit_tags_are_strict(write_file, text, message):
    assert problems(write_file(f"a: {text}\n")) == [f"x.yaml:1:4: fel: a: {message}"]


def test_explicit_str_tag_keeps_text(write_file):
    assert load_yaml(write_file("a: !!str 2023\n")).data == {"a": "2023"}


@pytest.mark.parametrize("text", [
    "!!python/object/apply:os.system ['echo hej']", "!foo 1", "!!binary aGVq", "!!set {a: null}",
])
def test_other_tags_are_refused(write_file, text):
    [message] = problems(write_file(f"a: {text}\n"))
    assert message.startswith("x.yaml:1:4: fel: a: taggen !")
    assert "stöds inte; reportgen läser bara vanliga värden" in message


# ------------------------------------------------------------------------ syntax errors


@pytest.mark.parametrize(("text", "expected"), [
    ("a: b: c\n", "x.yaml:1:5: fel: ogiltig YAML: ett kolon (:) står där det inte får stå; "
                  "sätt texten inom citattecken"),
    ("a: 'x\n", "x.yaml:2:1: fel: ogiltig YAML: filen tar slut mitt i ett värde (saknas ett "
                "citattecken?)"),
    ("a: *viktigt\n", "x.yaml:1:4: fel: ogiltig YAML: okänt alias (*namn) utan motsvarande "
                      "ankare (&namn); börjar texten med * ska den stå inom citattecken"),
    ("a: @x\n", "x.yaml:1:4: fel: ogiltig YAML: ett värde kan inte börja med '@'; sätt texten "
                "inom citattecken"),
    ("a:\n  b: 1\n c: 2\n", "x.yaml:3:2: fel: ogiltig YAML: indraget stämmer inte med raderna "
                            "ovanför"),
    ("a: 1\n---\nb: 2\n", "x.yaml:2:1: fel: ogiltig YAML: filen innehåller mer än ett "
                          "YAML-dokument (en rad med ---?)"),
    ('a: "C:\\mapp"\n', "x.yaml:1:8: fel: ogiltig YAML: okänd kombination med \\ i text inom "
                        "dubbla citattecken; använd enkla citattecken ('…')"),
])
def test_syntax_errors_in_swedish(write_file, text, expected):
    assert problems(write_file(text)) == [expected]


def test_key_must_be_a_word(write_file):
    assert problems(write_file("? [a, b]\n: 1\n")) == [
        "x.yaml:1:3: fel: en nyckel måste vara ett ord, till exempel namn:"]


def test_empty_file_is_none(write_file):
    assert load_yaml(write_file("# bara en kommentar\n")).data is None


# ------------------------------------------------------------------- anchors and aliases


def test_aliases_and_merge_keys(write_file):
    path = write_file("bas: &bas {typ: kommun, namn: A}\n"
                      "lista: [*bas]\n"
                      "egen:\n  <<: *bas\n  namn: B\n")
    source = load_yaml(path)
    assert source.data == {
        "bas": {"typ": "kommun", "namn": "A"},
        "lista": [{"typ": "kommun", "namn": "A"}],
        "egen": {"typ": "kommun", "namn": "B"},
    }
    assert source.marks[("egen", "namn")] == Location("x.yaml", 5, 9)
    assert source.marks[("egen", "typ")] == Location("x.yaml", 1, 17)


def test_merge_needs_a_mapping(write_file):
    assert problems(write_file("a:\n  <<: 5\n")) == [
        "x.yaml:2:7: fel: efter << ska det stå ett alias till en mappning, "
        "till exempel <<: *standard"]


def test_billion_laughs_fails_fast():
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(InputError) as info:
            load_yaml(FIXTURES / "billion_laughs.yaml")
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1
    assert peak < 10_000_000
    [problem] = info.value.problems
    assert problem.message == "filen har fler än 50 000 värden (alias medräknade)"
    assert problem.location.line == 6


def test_billion_laughs_through_merge_keys(write_file):
    lines = ["a0: &a0 {" + ", ".join(f"k{i}: lol" for i in range(10)) + "}"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    lines += ["m:\n  <<: [" + ", ".join(["*a0"] * 10) + "]", "x: [*a8]"]
    start = time.perf_counter()
    assert problems(write_file("\n".join(lines) + "\n"))[0].endswith(TOO_MANY)
    assert time.perf_counter() - start < 1


def test_recursive_alias(write_file):
    assert problems(write_file("a: &a [1, *a]\n")) == [f"x.yaml:1:8: {TOO_DEEP}"]


# ---------------------------------------------------------------------------- size limits


def test_deep_flow_nesting(write_file):
    path = write_file("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert problems(path) == [f"x.yaml:1:67: {TOO_DEEP}"]


def test_deep_block_nesting(write_file):
    path = write_file("".join(" " * i + f"k{i}:\n" for i in range(100)))
    assert problems(path) == [f"x.yaml:64:64: {TOO_DEEP}"]


def test_nesting_at_the_limit_is_fine(write_file):
    expected: list = []
    for _ in range(62):
        expected = [expected]
    assert load_yaml(write_file("a: " + "[" * 63 + "]" * 63 + "\n")).data == {"a": expected}


def test_large_file(write_file):
    path = write_file("text: |\n" + "  lorem ipsum dolor sit amet\n" * 80_000)
    start = time.perf_counter()
    assert problems(path) == ["x.yaml: fel: filen är 2,3 MB; en rapportfil får vara högst 2 MB"]
    assert time.perf_counter() - start < 1


def test_many_values(write_file):
    path = write_file("".join(f"k{i}: {i}\n" for i in range(60_000)))
    assert problems(path) == [f"x.yaml:25000:9: {TOO_MANY}"]


# ------------------------------------------------------------------------ files and marks


def test_missing_file(write_file):
    write_file("", "annan.yaml")
    assert problems(Path("saknas.yaml")) == [
        "saknas.yaml: fel: filen finns inte\n    tips: kontrollera sökvägen och filnamnet"]


def test_directory_instead_of_file(write_file):
    write_file("", "mapp.yaml/x.yaml")
    assert problems(Path("mapp.yaml")) == ["mapp.yaml: fel: det här är en mapp, inte en fil"]


def test_unreadable_file(write_file, monkeypatch):
    path = write_file("a: 1\n")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    from reportgen import load

    monkeypatch.setattr(load.os, "open", refuse)  # the tests run as root: chmod would not do
    assert problems(path) == ["x.yaml: fel: filen får inte läsas (behörighet saknas)"]


def test_marks_and_keys(write_file):
    source = load_yaml(write_file("noter:\n  - id: a\n    rader:\n      - namn: x\n"))
    assert source.locate(("noter", 0, "rader", 0, "namn")) == Location("x.yaml", 4, 15)
    assert source.locate_key(("noter", 0, "rader", 0, "namn")) == Location("x.yaml", 4, 9)
    assert source.locate(("noter", 0, "saknas", 3)) == Location("x.yaml", 2, 5)
    assert source.locate(("annat",)) == Location("x.yaml", 1, 1)
    assert dotted(("noter", 0, "rader", 1, "namn")) == "noter[0].rader[1].namn"


def test_limits_are_documented():
    assert load.MAX_NODES == 50_000
    assert load.MAX_DEPTH == 64
    assert load.MAX_FILE_BYTES == 2_000_000


# ---------------------------------------------------------------- sources: all files at once


@pytest.fixture
def forbund_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the minimal förbund folder, with the working directory above it."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "mitt-forbund", tmp_path / "mitt-forbund")
    return Path("mitt-forbund")


def read_problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        sources.read(path)
    return [str(p).split("\n")[0] for p in info.value.problems]


def test_read_minimal(forbund_dir):
    indata = sources.read(forbund_dir / "2023.yaml")
    assert indata.forbund.namn == "Samordningsförbundet Mitt"
    assert indata.arsfil.resultatrakning.verksamhetens_kostnader.belopp == Decimal("-12100000")
    assert indata.foregaende.ar == 2022
    assert indata.slug == "mitt-forbund"


def test_read_without_prior_year(forbund_dir):
    (forbund_dir / "2022.yaml").unlink()
    indata = sources.read(forbund_dir / "2023.yaml")
    assert indata.foregaende is None and indata.foregaende_source is None


def test_problems_in_all_files_are_reported_together(forbund_dir):
    (forbund_dir / "forbund.yaml").write_text("namn: X\nnamn: Y\n", encoding="utf-8")
    (forbund_dir / "2023.yaml").write_text("ar: 2023\nnumrering: ja\n", encoding="utf-8")
    (forbund_dir / "2022.yaml").write_bytes("ar: 2022\nkommentar: Bromölla\n".encode("cp1252"))
    assert read_problems(forbund_dir / "2023.yaml") == [
        "mitt-forbund/forbund.yaml:2:1: fel: namn: nyckeln 'namn' står två gånger i samma avsnitt"
        " (först på rad 1, igen på rad 2); YAML skulle tyst behålla bara den sista",
        "mitt-forbund/2022.yaml:2:16: fel: filen är inte sparad som UTF-8; den ser ut att vara"
        " Windows-1252 (Latin-1), där byten 0xF6 är 'ö'",
        "mitt-forbund/2023.yaml:2:1: fel: numrering: okänt fält 'numrering'",
    ]


def test_validation_problems_of_all_files_together(forbund_dir):
    (forbund_dir / "forbund.yaml").write_text("namn: X\n", encoding="utf-8")
    (forbund_dir / "2022.yaml").write_text("ar: 2021\n", encoding="utf-8")
    assert read_problems(forbund_dir / "2023.yaml") == [
        "mitt-forbund/forbund.yaml:1:1: fel: sate: fältet 'sate' saknas men måste fyllas i",
        "mitt-forbund/forbund.yaml:1:1: fel: medlemmar: fältet 'medlemmar' saknas men måste "
        "fyllas i",
        "mitt-forbund/2022.yaml:1:5: fel: ar: filen heter 2022.yaml men anger ar: 2021",
    ]


def test_missing_forbund_file_and_year_file_problems(forbund_dir):
    (forbund_dir / "forbund.yaml").unlink()
    (forbund_dir / "2023.yaml").write_text("ar: 2024\n", encoding="utf-8")
    assert read_problems(forbund_dir / "2023.yaml") == [
        "mitt-forbund/forbund.yaml: fel: forbund.yaml saknas bredvid årsfilen; där står "
        "förbundets namn, orgnr och medlemmar",
        "mitt-forbund/2023.yaml:1:5: fel: ar: filen heter 2023.yaml men anger ar: 2024",
    ]


def test_missing_year_file(forbund_dir):
    assert read_problems(forbund_dir / "2030.yaml") == [
        "mitt-forbund/2030.yaml: fel: filen finns inte"]


def test_year_file_must_be_named_by_year(forbund_dir):
    assert read_problems(forbund_dir / "arsredovisning.yaml") == [
        "mitt-forbund/arsredovisning.yaml: fel: årsfilen ska heta efter året, till exempel "
        "data/mitt-forbund/2023.yaml, men heter arsredovisning.yaml"]
