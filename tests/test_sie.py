"""The SIE reader, the checks on the books, the kontoplaner and ``reportgen sie``.

Each broken fixture in tests/fixtures/sie/ makes exactly the check it is named after fail,
with its message and the line it points at asserted.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.cli import main
from reportgen.sie import kontroller as k
from reportgen.sie import read_sie
from reportgen.sie.bokslut import bokslut, summering
from reportgen.sie.kontoplan import intervall, load
from reportgen.sie.reader import Sie, parse_bytes, tokenize

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "sie"


def shared_sie() -> Path | None:
    """The corpus of real SIE files: $REPORTGEN_SHARED/sie or <repo>/../shared/sie."""
    env = os.environ.get("REPORTGEN_SHARED")
    for base in ([Path(env)] if env else []) + [ROOT.parent / "shared", ROOT.parents[1] / "shared"]:
        if (base / "sie").is_dir():
            return base / "sie"
    return None


def problems(name: str, checks: bool = True) -> list:
    sie = read_sie(FIXTURES / name)
    found = list(sie.problem)
    if checks:
        found += k.kontrollera(sie)
    return found


def only(found: list, check: str):
    hits = [p for p in found if p.check == check and p.severity == "fel"]
    assert len(hits) >= 1, [str(p) for p in found]
    return hits


# ------------------------------------------------------------------------------ reading

def test_clean_file_reads_everything() -> None:
    sie = read_sie(FIXTURES / "ren.se")
    assert sie.problem == [] and k.kontrollera(sie) == []
    assert sie.organisation == "Testförbundet" and sie.orgnr == "222000-0001"
    assert sie.program == "Testprogram" and sie.sietyp == "4"
    assert sorted(sie.ar) == [-1, 0] and sie.ar[0].slut.isoformat() == "2023-12-31"
    assert sie.ub[(0, "1930")].belopp == Decimal("1500.00")
    assert isinstance(sie.ub[(0, "1930")].belopp, Decimal)
    v = sie.verifikationer[1]
    assert v.text == 'Projekt "Start"' and v.rad == 29
    assert v.transaktioner[0].objekt == (("6", "P1"),)
    assert sie.objektutfall("6") == {"P1": {"4010": Decimal("1500.00")}}


def test_tokenizer_quotes_escapes_and_object_lists() -> None:
    fields, problem = tokenize('#OBJEKT 6 "P 1" "Namn med \\"citat\\""')
    assert fields == ["#OBJEKT", "6", "P 1", 'Namn med "citat"'] and problem is None
    fields, problem = tokenize("#TRANS\t1930\t{1 \"10\" 6 \"P1\"}\t-5.50")
    assert fields == ["#TRANS", "1930", ["1", "10", "6", "P1"], "-5.50"] and problem is None
    _, problem = tokenize('#KONTO 1684 "Fordringar hos leverant"r"')
    assert problem and "citattecken" in problem


def test_unknown_labels_are_ignored() -> None:
    sie = parse_bytes(b"#FLAGGA 0\r\n#NYTTFALT 1 2 3\r\n#RAR 0 20230101 20231231\r\n",
                      Sie("x.se"))
    assert sie.problem == [] and 0 in sie.ar


def test_unbalanced_verifikation() -> None:
    (p,) = only(problems("obalanserad_verifikation.se"), "verifikationer_balanserar")
    assert p.location.line == 28
    assert "verifikation A 2 (2023-02-20) balanserar inte" in p.message
    assert "100 kr" in p.message


def test_ib_not_last_years_ub() -> None:
    hits = only(problems("ib_inte_ub.se"), "ib_ar_foregaende_ub")
    assert [p.location.line for p in hits] == [15, 17]
    assert hits[0].message == ("konto 1930 Bank: ingående balans 2023 är 1\xa0100 kr, men "
                               "utgående balans föregående år är 1\xa0000 kr")


def test_unmapped_account_names_account_name_and_amount() -> None:
    sie = read_sie(FIXTURES / "okontrerat_konto.se")
    _, found = bokslut(sie, load("kommun-bas"), 0)
    (p,) = only(found, "konto_har_rad")
    assert p.location.line == 25
    assert p.message == ("konto 9010 Internt konto med saldo 100 kr (2023) hör inte till "
                         "någon rad i kontoplanen Kommun-Bas")


def test_truncated_file() -> None:
    found = problems("avkortad.se", checks=False)
    (p,) = only(found, "sie_lasning")
    assert p.location.line == 29
    assert "avslutas aldrig med }: filen verkar avkortad" in p.message


def test_wrong_encoding_is_detected_and_read() -> None:
    sie = read_sie(FIXTURES / "fel_teckenkodning.se")
    assert sie.kodning == "cp1252" and sie.organisation == "Testförbundet"
    (p,) = sie.problem
    assert p.severity == "varning" and p.location.line == 6
    assert "Windows-1252, inte PC8" in p.message


def test_misencoded_names_are_warned_about_on_their_line() -> None:
    data = "#FLAGGA 0\n#FNAMN \"Ã–vningsförbundet\"\n#RAR 0 20230101 20231231\n".encode()
    sie = parse_bytes(data, Sie("x.se"))
    assert sie.kodning == "utf-8"
    lines = {p.location.line: p.message for p in sie.problem}
    assert "ser felkodat ut" in lines[2]


def test_missing_rar() -> None:
    (p,) = only(problems("saknar_rar.se", checks=False), "sie_lasning")
    assert p.location.line == 1 and "filen saknar #RAR" in p.message


def test_wrong_ksumma() -> None:
    (p,) = only(problems("fel_ksumma.se", checks=False), "sie_lasning")
    assert p.location.line == 25 and "kontrollsumman stämmer inte" in p.message


def test_right_ksumma_passes(tmp_path: Path) -> None:
    import zlib

    body = ["#PROGRAM \"X\" 1", "#RAR 0 20230101 20231231", "#UB 0 1930 0.00"]
    crc = zlib.crc32("".join(("#PROGRAMX1", "#RAR02023010120231231", "#UB019300.00")).encode())
    path = tmp_path / "ks.se"
    path.write_bytes("\r\n".join(["#FLAGGA 0", "#KSUMMA", *body, f"#KSUMMA {crc}"]).encode())
    assert read_sie(path).problem == []


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "stor.se"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200_000_000)
    sie = read_sie(big)
    (p,) = sie.problem
    assert not sie.last and p.location.line == 1
    assert p.message == "filen är 200 MB; reportgen läser SIE-filer upp till 100 MB"


def test_not_a_sie_file(tmp_path: Path) -> None:
    path = tmp_path / "x.se"
    path.write_text("<!DOCTYPE HTML>\n<html></html>\n")
    (p,) = read_sie(path).problem
    assert p.location.line == 1 and "filen är ingen SIE-fil" in p.message


# ------------------------------------------------------------------------------ checks

def test_every_check_is_listed_and_named() -> None:
    assert [c.__name__ for c in k.CHECKS] == [
        "verifikationer_balanserar", "ib_och_transaktioner_ger_ub", "transaktioner_ger_res",
        "ib_ar_foregaende_ub", "balansrakningen_balanserar"]


def _sie(text: str) -> Sie:
    return parse_bytes(text.encode("cp437"), Sie("x.se"))


HEAD = "#FLAGGA 0\n#RAR 0 20230101 20231231\n#RAR -1 20220101 20221231\n"


def test_ib_plus_transactions_must_give_ub() -> None:
    sie = _sie(HEAD + "#IB 0 1930 100\n#UB 0 1930 150\n#RES 0 3010 -40\n"
               "#VER A 1 20230101 \"x\"\n{\n#TRANS 1930 {} 40\n#TRANS 3010 {} -40\n}\n")
    (p,) = k.ib_och_transaktioner_ger_ub(sie)
    assert p.location.line == 5 and "men utgående balans är 150 kr" in p.message
    assert k.transaktioner_ger_res(sie) == []


def test_transactions_must_give_res() -> None:
    sie = _sie(HEAD + "#IB 0 1930 0\n#UB 0 1930 40\n#RES 0 3010 -50\n"
               "#VER A 1 20230101 \"x\"\n{\n#TRANS 1930 {} 40\n#TRANS 3010 {} -40\n}\n")
    (p,) = k.transaktioner_ger_res(sie)
    assert p.location.line == 6 and "men #RES säger −50 kr" in p.message


def test_balance_sheet_must_balance_with_the_result() -> None:
    sie = _sie(HEAD + "#UB 0 1930 100\n#UB 0 2091 -50\n#RES 0 3010 -40\n")
    (p,) = k.balansrakningen_balanserar(sie)
    assert p.location.line == 2 and "skillnad 10 kr" in p.message
    ok = _sie(HEAD + "#UB 0 1930 100\n#UB 0 2091 -60\n#RES 0 3010 -40\n")
    assert k.balansrakningen_balanserar(ok) == []


def test_prior_result_moved_within_eget_kapital_is_not_a_difference() -> None:
    sie = _sie(HEAD + "#UB -1 2091 -100\n#UB -1 2099 -20\n#IB 0 2091 -120\n#IB 0 2099 0\n")
    assert k.ib_ar_foregaende_ub(sie) == []


# ------------------------------------------------------------------------------ kontoplan

def test_intervall() -> None:
    assert intervall("3010-3019").matches("3015") and not intervall("3010-3019").matches("3020")
    with pytest.raises(ValueError):
        intervall("abc")


def test_shipped_kontoplaner_map_the_classes() -> None:
    kb, bas = load("kommun-bas"), load("bas")
    assert kb.rad("1930") == "balansrakning.omsattningstillgangar.kassa_och_bank"
    assert kb.rad("4010") == bas.rad("4010") == "resultatrakning.verksamhetens_kostnader"
    assert bas.rad("7830") == "resultatrakning.avskrivningar"
    assert bas.rad("8999") == "bokslut"


def test_forbund_kontoplan_goes_first(tmp_path: Path) -> None:
    (tmp_path / "kontoplan.yaml").write_text(
        "bygger_pa: kommun-bas\nkonton:\n  - {konton: \"4010\", rad: "
        "resultatrakning.avskrivningar}\n", encoding="utf-8")
    plan = load("kommun-bas", tmp_path)
    assert plan.rad("4010") == "resultatrakning.avskrivningar"
    assert plan.rad("4020") == "resultatrakning.verksamhetens_kostnader"


def test_bad_kontoplan_row_is_an_error_with_its_line(tmp_path: Path) -> None:
    from reportgen.errors import InputError

    (tmp_path / "kontoplan.yaml").write_text(
        "bygger_pa: bas\nkonton:\n  - konton: \"3010\"\n    rad: resultatrakning.fel\n",
        encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load("bas", tmp_path)
    (p,) = exc.value.problems
    assert p.location.line == 4 and "okänd rad 'resultatrakning.fel'" in p.message


def test_bokslut_signs_and_eget_kapital() -> None:
    sie = read_sie(FIXTURES / "ren.se")
    ab, found = bokslut(sie, load("kommun-bas"), 0)
    assert found == [] and ab is not None
    assert ab.rader["resultatrakning.verksamhetens_intakter"] == Decimal("2000.00")
    assert ab.rader["resultatrakning.verksamhetens_kostnader"] == Decimal("-1500.00")
    assert ab.arets_resultat == Decimal("500.00")
    assert ab.rader["balansrakning.eget_kapital"] == Decimal("1000.00")  # at the start
    assert ab.rader["balansrakning.omsattningstillgangar.kassa_och_bank"] == Decimal("1500.00")


# ------------------------------------------------------------------------------ command

def test_cli_json_has_exactly_the_keys() -> None:
    result = CliRunner().invoke(main, ["sie", str(FIXTURES / "ren.se"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["fil", "program", "organisation", "ar", "problem"]
    assert list(data["organisation"]) == ["namn", "orgnr"]
    year = data["ar"][0]
    assert list(year) == ["index", "start", "slut", "arets_resultat", "summa_tillgangar",
                          "summa_eget_kapital_och_skulder"]
    assert year == {"index": 0, "start": "2023-01-01", "slut": "2023-12-31",
                    "arets_resultat": "500.00", "summa_tillgangar": "1500.00",
                    "summa_eget_kapital_och_skulder": "1000.00"}
    assert data["problem"] == []


def test_cli_exit_1_with_problem_and_line() -> None:
    result = CliRunner().invoke(main, ["sie", str(FIXTURES / "okontrerat_konto.se"),
                                       "--kontoplan", "kommun-bas", "--format", "json"])
    assert result.exit_code == 1
    (p,) = json.loads(result.output)["problem"]
    assert p["niva"] == "fel" and p["rad"] == 25 and "9010 Internt konto" in p["meddelande"]


def test_cli_text() -> None:
    result = CliRunner().invoke(main, ["sie", str(FIXTURES / "ren.se")])
    assert result.exit_code == 0
    assert "Organisation: Testförbundet, 222000-0001" in result.output
    assert "Årets resultat:" in result.output and "500,00 kr" in result.output
    assert result.output.rstrip().endswith("Inga problem.")


def test_summering_follows_the_definitions() -> None:
    (a, b) = summering(read_sie(FIXTURES / "ren.se"))
    assert (a.index, a.arets_resultat, a.summa_tillgangar) == (0, Decimal("500.00"),
                                                               Decimal("1500.00"))
    assert b.index == -1


# ------------------------------------------------------------------------------ corpus

CORPUS = shared_sie()
ENGLISH = re.compile(r"Traceback|Error\b|NoneType|object has no attribute|invalid|expected|"
                     r"KeyError|TypeError|ValueError|IndexError|decimal\.", re.IGNORECASE)
SWEDISH = re.compile(r"\b(är|inte|saknar|filen|konto|kontot|raden|ser|men|ska|och)\b|[åäö]")


@pytest.mark.skipif(CORPUS is None, reason="../shared/sie/ (the corpus of real SIE files) "
                    "is not beside the repository")
def test_every_real_sie_file_reads_without_traceback() -> None:
    assert CORPUS is not None
    files = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")
    assert len(files) >= 40
    for path in files:
        result = CliRunner().invoke(main, ["sie", str(path), "--format", "json"])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            path, result.exception)
        data = json.loads(result.output)
        for p in data["problem"]:
            assert p["niva"] in ("fel", "varning")
            assert p["meddelande"] and not ENGLISH.search(p["meddelande"]), p
            assert SWEDISH.search(p["meddelande"]), p
            assert p["rad"] is None or p["rad"] >= 1
            assert "\n" not in p["meddelande"]
        if not data["problem"] or all(p["niva"] == "varning" for p in data["problem"]):
            assert result.exit_code == 0
        if data["fil"] and "<!DOCTYPE" in path.read_text("latin-1")[:20]:
            assert data["problem"][0]["meddelande"].startswith("filen är ingen SIE-fil")
    # The real files do read: balances of most files are there.
    read = [read_sie(p) for p in files]
    assert sum(1 for s in read if s.ub) >= 30


def test_new_with_sie_prefills_from_the_books(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "mittbygden", "2023", "--data", str(tmp_path),
                                       "--sie", str(FIXTURES / "ren.se")])
    assert result.exit_code == 0, result.output
    year = tmp_path / "mittbygden" / "2023.yaml"
    text = year.read_text(encoding="utf-8")
    assert (tmp_path / "mittbygden" / "2023.se").exists()
    assert "bokforing:\n  sie: 2023.se\n  kontoplan: kommun-bas\n" in text
    assert "    belopp: 2000  # ur bokföringen" in text
    assert "    kassa_och_bank: 1500  # ur bokföringen" in text
    assert "5 belopp ifyllda ur bokföringen" in result.output


def test_rtrans_and_btrans() -> None:
    """#RTRANS (an added row) is followed by its #TRANS copy and counted once; #BTRANS
    (a removed row) is not counted."""
    sie = _sie(HEAD + '#VER A 1 20230101 "x"\n{\n#TRANS 1930 {} 100\n#BTRANS 3010 {} -90\n'
               "#RTRANS 3010 {} -100\n#TRANS 3010 {} -100\n}\n")
    (v,) = sie.verifikationer
    assert [t.belopp for t in v.transaktioner] == [Decimal(100), Decimal(-100)]
    assert k.verifikationer_balanserar(sie) == []


def test_missing_file_and_folder_are_said_in_swedish(tmp_path: Path) -> None:
    (p,) = read_sie(tmp_path / "saknas.se").problem
    assert p.message == "filen finns inte"
    (p,) = read_sie(tmp_path).problem
    assert p.message == "det är en mapp, inte en fil"


def test_cli_with_a_forbund_kontoplan_file() -> None:
    result = CliRunner().invoke(main, ["sie", str(ROOT / "data" / "skane-nordost" / "2023.se"),
                                       "--kontoplan",
                                       str(ROOT / "data" / "skane-nordost" / "kontoplan.yaml")])
    assert result.exit_code == 0, result.output
    assert "Årets resultat:" in result.output and "−579\xa0186,00 kr" in result.output


# ------------------------------------------------------------------------------ hostile input

_LABELS = ["#FLAGGA", "#RAR", "#KONTO", "#KTYP", "#IB", "#UB", "#RES", "#OIB", "#PSALDO",
           "#PBUDGET", "#DIM", "#OBJEKT", "#VER", "#TRANS", "#RTRANS", "#BTRANS", "#KSUMMA",
           "#FNAMN", "#SIETYP", "{", "}", "#OKÄND", ""]
_FIELDS = st.sampled_from(["0", "-1", "1930", "3010", "20231231", "20230101", "202313", "-12.50",
                           "1,5", "1e5", "NaN", '""', '"a b"', '"\\"x\\""', "{}", '{6 "P1"}',
                           "{6", "}", '"', "FEL", "x" * 30, "åäö", "\t"])
_LINES = st.lists(st.tuples(st.sampled_from(_LABELS), st.lists(_FIELDS, max_size=6)),
                  max_size=40)


@settings(deadline=None, max_examples=200)
@given(_LINES, st.sampled_from(["cp437", "utf-8", "cp1252"]))
def test_any_sie_like_input_gives_problems_not_exceptions(lines, encoding) -> None:
    text = "\r\n".join(" ".join([label, *fields]) for label, fields in lines)
    sie = parse_bytes(text.encode(encoding, "replace"), Sie("x.se"))
    found = [*sie.problem, *k.kontrollera(sie)]
    plan = load("kommun-bas")
    for index in sie.ar:
        found += bokslut(sie, plan, index)[1]
    summering(sie)
    for p in found:
        assert p.location is not None and p.location.file == "x.se"
        assert p.location.line is None or p.location.line >= 1


@settings(deadline=None, max_examples=100)
@given(st.binary(max_size=2000))
def test_any_bytes_give_problems_not_exceptions(data: bytes) -> None:
    sie = parse_bytes(data, Sie("x.se"))
    k.kontrollera(sie)
