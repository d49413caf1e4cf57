"""Verksamhetsplan och budget: Finsam allocation, capital chain, checks and the build."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reportgen import build
from reportgen.compute.budget import fordela, kommunnycklar, lagdelning, riktlinjeniva
from reportgen.model.budget import Fordelning, Riktlinje

ROOT = Path(__file__).resolve().parent.parent
NNV = ROOT / "data" / "nnv-skane" / "2020.yaml"
TRYCKT = ROOT / "tests" / "fixtures" / "budget" / "nnv-som-tryckt" / "2020.yaml"
NBSP = "\u00a0"
D = Decimal


def check(path: Path):
    return build.check(path, "verksamhetsplan")


# --------------------------------------------------------------------------- allocation

def test_law_split_half_quarter_quarter() -> None:
    assert lagdelning(D(6502000)) == (D(3251000), D(1625500), D(1625500))
    staten, region, kommunerna = lagdelning(D(1000003))
    assert staten + region + kommunerna == D(1000003)


def test_kommun_split_by_key_reproduces_the_seed() -> None:
    keys = [D("15.1953"), D("19.6063"), D("8.2006"), D("45.9982"), D("10.9997")]
    assert fordela(D(1625500), keys, D(100)) == [D(247000), D(318700), D(133300), D(747700),
                                                  D(178800)]


def test_kommun_split_by_raw_inputs() -> None:
    # Two kommuner: A has a quarter of the inhabitants, three quarters of the försörjningsmått.
    f = Fordelning.model_validate({
        "modell": [{"id": "inv", "namn": "Invånare 16–64 år", "vikt": 25},
                   {"id": "fm", "namn": "Försörjningsmått", "vikt": 75}],
        "kommuner": [{"medlem": "a", "underlag": {"inv": 1000, "fm": 600}},
                     {"medlem": "b", "underlag": {"inv": 3000, "fm": 200}}]})
    keys = kommunnycklar(f)
    # A: 0.25 × 1/4 + 0.75 × 3/4 = 0.625
    assert [str(k) for k in keys] == ["5/8", "3/8"]
    assert fordela(D(1625500), keys, D(100)) == [D(1015900), D(609600)]


def test_raw_inputs_take_precedence_over_keys_only_when_complete() -> None:
    f = Fordelning.model_validate({
        "modell": [{"id": "inv", "namn": "Invånare", "vikt": 100}],
        "kommuner": [{"medlem": "a", "nyckel": 1, "underlag": {"inv": 1}},
                     {"medlem": "b", "nyckel": 3}]})
    assert [str(k) for k in kommunnycklar(f)] == ["1/4", "3/4"]


def test_largest_remainder_whole_hundreds() -> None:
    parts = fordela(D(1000), [D(1), D(1), D(1)], D(100))
    assert parts == [D(400), D(300), D(300)]
    assert all(p % 100 == 0 for p in parts)


@given(total=st.integers(min_value=0, max_value=50_000_000).map(lambda x: D(x * 100)),
       weights=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=12))
def test_largest_remainder_sums_exactly(total: Decimal, weights: list[int]) -> None:
    parts = fordela(total, [D(w) for w in weights], D(100))
    assert sum(parts) == total
    assert all(p % 100 == 0 for p in parts)
    whole = sum(weights)
    for p, w in zip(parts, weights, strict=True):  # each part within one unit of its exact share
        assert abs(p - total * w / whole) < 100


# --------------------------------------------------------------------------- the seed

def test_nnv_budget_years_and_capital_chain() -> None:
    result = check(NNV)
    assert result.errors == [], [str(p) for p in result.errors]
    vy = result.rapport.extra["budget"]
    assert [y.ar for y in vy.ar] == [2020, 2021, 2022]
    figures = [(y.summa_intakter, y.summa_kostnader, y.arets_resultat, y.ingaende_kapital,
                y.utgaende_kapital) for y in vy.ar]
    assert figures == [
        (D(6502000), D(8502130), D(-2000130), D(4507164), D(2507034)),
        (D(6502000), D(8361170), D(-1859170), D(2507034), D(647864)),
        (D(6502000), D(6533530), D(-31530), D(647864), D(616334)),
    ]
    plan = vy.ar[0]
    assert [g.summa for g in plan.grupper] == [D(1791000), D(6252000), D(459130)]
    assert [a.belopp for a in plan.tilldelning.kommuner] == [
        D(247000), D(318700), D(133300), D(747700), D(178800)]
    # Budget rows carry the insats id, the same year after year.
    ids = {r.id for r in plan.rakning.rader if r.id}
    assert "nasta-steg-angelholm" in ids
    assert vy.ar[2].rakning.rad("nasta-steg-angelholm").belopp == D(555000)


def test_capital_chain_typed_ingaende_is_checked(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "2020.yaml").read_text(encoding="utf-8")
    text = text.replace("      # Ingående kapital räknas fram: utgående kapital 2020.\n",
                        "      ingaende_kapital: 2607034\n")
    (folder / "2020.yaml").write_text(text, encoding="utf-8")
    problems = [p for p in check(folder / "2020.yaml").errors
                if p.check == "budget_kapital_rullar"]
    assert len(problems) == 1
    assert "2 607 034".replace(" ", NBSP) in problems[0].message
    assert "2 507 034".replace(" ", NBSP) in problems[0].message


def test_the_slip_is_reported_with_file_and_line() -> None:
    result = check(TRYCKT)
    slips = [p for p in result.errors if p.field == "budget.ar.2020.summa_kostnader"]
    assert len(slips) == 1
    p = slips[0]
    assert p.location.file.endswith("nnv-som-tryckt/2020.yaml")
    line = next(i for i, text in enumerate(TRYCKT.read_text(encoding="utf-8").splitlines(), 1)
                if "summa_kostnader" in text)
    assert p.location.line == line
    assert f"8{NBSP}402{NBSP}130" in p.message and f"8{NBSP}502{NBSP}130" in p.message
    assert f":{line}:" in str(p)
    # The printed result and capital follow from the same slip and are reported too.
    fields = {q.field for q in result.errors}
    assert {"budget.ar.2020.arets_resultat", "budget.ar.2020.utgaende_kapital"} <= fields


def test_typed_shares_that_disagree_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "nnv"
    shutil.copytree(TRYCKT.parent, folder)
    path = folder / "2020.yaml"
    text = path.read_text(encoding="utf-8").replace("belopp: 247000}", "belopp: 250000}")
    text = text.replace("region: 1625500,", "region: 1600000,")
    path.write_text(text, encoding="utf-8")
    problems = [p for p in check(path).errors if p.check == "budget_fordelning"]
    assert {p.field for p in problems} == {"fordelning.bastad",
                                           "budget.ar.2020.medlemsavgifter.region"}


def test_eget_kapital_guidance_warns_above() -> None:
    result = check(NNV)
    warnings = [p for p in result.problems if p.check == "budget_eget_kapital"]
    assert len(warnings) == 1
    assert warnings[0].severity == "varning"
    assert "2020" in warnings[0].message and f"1{NBSP}300{NBSP}400" in warnings[0].message


def test_eget_kapital_guidance_levels() -> None:
    r = riktlinjeniva(Riktlinje(hogst_belopp=D(3000000), lagst_procent=D(10)), D(6502000),
                      D(500000))
    assert (r.hogst, r.lagst, r.lage) == (D(3000000), D(650200), "under")
    assert riktlinjeniva(None, D(1), D(1)) is None


# --------------------------------------------------------------------------- build

def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "nnv-skane"
    shutil.copytree(NNV.parent, folder)
    return folder


def test_build_writes_html_with_the_three_years(tmp_path: Path) -> None:
    from reportgen import render

    result = check(NNV)
    rapport = result.rapport
    indata = result.indata
    html = render.render_html(rapport, "verksamhetsplan.html", data_dir=indata.folder)
    for ar in ("Budget 2020", "Budget/Prognos 2021", "Budget/Prognos 2022"):
        assert ar in html
    for figure in ("6 502 000", "8 502 130", "−2 000 130", "2 507 034", "647 864", "616 334",
                   "247 000", "3 251 000"):
        assert figure.replace(" ", NBSP) in html, figure
    assert "budgetram om ca 8,5 mkr" in html
    for rubrik in ("Inledning", "Arbetsorganisation", "Utvecklings- och beredningsgruppen",
                   "Samordningsförbundets vision", "Strategiska inriktningar",
                   "Förväntade effekter", "Operativa åtagande", "Klientsupport i Båstad",
                   "Uppföljning och utvärdering"):
        assert rubrik in html, rubrik
    # The printed (wrong) sum only in the example's closing section on what differs from
    # the original, never in the plan itself.
    plan, _, om_exemplet = html.partition('id="om-exemplet-rattade-belopp"')
    assert "8 402 130".replace(" ", NBSP) not in plan
    assert "8 402 130".replace(" ", NBSP) in om_exemplet



def test_caption_repeating_its_heading_is_for_screen_readers_only() -> None:
    """p23: 'Ackumulerat kapital 2020–2022' stood as the heading and, spaced differently,
    again as the capital table's caption; the table keeps it (PDF/UA) but hidden."""
    from reportgen import render

    result = check(NNV)
    html = render.render_html(result.rapport, "verksamhetsplan.html",
                              data_dir=result.indata.folder)
    table = html[html.index('id="tabell-kapital"'):]
    assert table[:table.index("</caption>")].endswith(
        f'<caption class="sr-only">Ackumulerat kapital 2020{NBSP}–{NBSP}2022')
    # A caption that says something else stays visible.
    assert "<caption>Fördelning av medlemsavgifterna 2020</caption>" in html


def test_only_a_caption_equal_to_the_heading_above_it_is_hidden() -> None:
    from reportgen.htmltext import hide_repeated_captions

    frame = '<h3 id="x">{}</h3>\n<div class="tabell-ram"><table class="t"><caption>{}</caption>'
    same = frame.format('<span class="nr">2.1</span> Kapital 2020-2022', "Kapital 2020 — 2022")
    assert '<caption class="sr-only">Kapital 2020 — 2022</caption>' in hide_repeated_captions(same)
    for heading, caption in (("Kapital 2020–2022", "Kapital 2021–2023"),
                             ("Kapital", "Kapital 2020–2022")):
        html = frame.format(heading, caption)
        assert hide_repeated_captions(html) == html
    # Not the heading right above: text between them.
    html = '<h2>Kapital</h2><p>Text.</p><table><caption>Kapital</caption>'
    assert hide_repeated_captions(html) == html

def test_build_command_writes_html_and_pdf(tmp_path: Path) -> None:
    written, problems = build.build(NNV, "verksamhetsplan", ("html", "pdf"), tmp_path)
    # The source lacks the organisationsnummer: a placeholder, so the plan is a draft.
    assert [p.check for p in problems] == ["budget_eget_kapital", "orgnr_giltigt"]
    names = sorted(p.name for p in written)
    assert names == ["verksamhetsplan.html", "verksamhetsplan.pdf"]
    assert written[0].parent == tmp_path / "nnv-skane" / "2020"
    assert all(p.stat().st_size > 0 for p in written)
