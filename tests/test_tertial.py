"""Issue #4: the tertialrapport on demand for T1, T2 or T3.

Covers the seed's goals in the T1 report, the status rules (including 'lagre'), period
validation messages, budget periodisation arithmetic, the checks of the tertial block, and
the CLI writing build/<förbund>/<år>/tertialrapport-T1.html and .pdf.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import build, render
from reportgen.checks import run as run_checks
from reportgen.cli import main
from reportgen.compute.mal import bedom, kombinera, mal_vy
from reportgen.compute.tertial import budget_hittills, compute_tertial, normalise_period
from reportgen.errors import InputError
from reportgen.model.mal import Indikator, Mal
from reportgen.sources import read

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "tertial" / "testbygden" / "2024.yaml"
SKANE_NORDOST = ROOT / "data" / "skane-nordost" / "2022.yaml"
SEED = Path("/work/shared/seeds/skane-nordost-tertialrapport-2022-t1.txt")

# Goals and targets of the seed (tertialrapport januari–april 2022, Skåne Nordost), as
# printed; the report must contain each of them.
SEED_MAL = {
    1: ("Aktiv hemsida", [
        "85% av anmälningarna till Akademi SFSNO kommer från förbundets hemsida",
        "400 unika individer per tertial ska ha besökt förbundets hemsida"]),
    2: ("Akademi SFSNO", [
        "Minst sex kompetenshöjande aktiviteter ska erbjudas under året via akademien",
        "Minst 300 individer ska ha deltagit på erbjudna aktiviteter under året i akademien",
        "Varje genomförd aktivitet ska utvärderas med enkät"]),
    3: ("Utredning av konsultationsteam", [
        "Genomföra utredning och erfarenhetsinhämtning från andra förbund",
        "Genomföra workshop med medlemsorganisationerna kring konsultationsteam och "
        "samverkansforum",
        "Ta beslut om konsultationsteam och ev organisering första halvåret 2022"]),
    4: ("Tema arbete beredningsgrupp och fördjupning implementering/leda i organisatoriska "
        "mellanrum", [
        "Genomföra fyra samverkansdialoger kring aktuella teman för fler i arbete i "
        "beredningsgruppen",
        "Genomföra utbildning i att leda i organisatoriska mellanrum för kansli, "
        "beredningsgrupp och styrelse",
        "Genomföra workshop med beredningsgrupp och styrelse kring implementeringsfrågan"]),
    5: ("Öka kunskapen om samverkan med näringslivet och ta fram strategi", [
        "Genomföra utredning och erfarenhetsinhämtning från andra förbund",
        "Genomföra en workshop med medlemsorganisationer och näringslivsgruppen i Skåne "
        "Nordost kring strategi",
        "Ta beslut om arbetssätt för Samordningsförbundet i näringslivsfrågor i slutet av 2022"]),
    6: ("Socialt företagande", [
        "Genomföra utredning och erfarenhetsinhämtning från andra förbund",
        "Genomföra utredning och erfarenhetsinhämtning från sociala företag i området kring "
        "deras behov",
        "Genomföra utredning och erfarenhetsinhämtning från medlemsorganisationerna",
        "Ta beslut om arbetssätt för förbundet kring socialt företagande första halvåret 2022"]),
    7: ("Budget enligt NNS riktlinjer", [
        "Stödja initiativ till insatser och ta beslut om finansiering enligt förbundets "
        "prioriteringar",
        "Använda och utvärdera framtagen process för ansökan och mall för bedömning"]),
    8: ("Synliggöra och öka kunskapen om Samordningsförbundet Skåne Nordost", [
        "Nå mål under Aktiv hemsida och Akademi SFSNO",
        "40 inlägg på LinkedIn under året kring förbundets verksamhet"]),
    9: ("Skapa möjligheter genom goda exempel på samverkansinsatser", [
        "Omvärldsbevaka löpande och sprida information på hemsidan, linkedin, beredningsgrupp "
        "och andra forum"]),
    10: ("Skapa tydlighet och kvalitet i insatser", [
        "Insatserna ska registreras i SUS",
        "Processerna ska följa avtal kring mål, rapportering och utvärdering",
        "Utbyte sker över processgränserna vid 2 tillfällen",
        "Genomföra projektutbildning för personalen i insatserna"]),
}


# ---------------------------------------------------------------------------- helpers

def text_of(html: str) -> str:
    """Visible text of an HTML document, whitespace collapsed, for 'contains' tests."""
    html = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", html)
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


@pytest.fixture
def stub_css(tmp_path_factory) -> Path:
    """A last-resort templates folder with an empty css/rapport.css (used only when the
    built-in one is missing, e.g. while the base layout is being written)."""
    folder = tmp_path_factory.mktemp("stub")
    (folder / "css").mkdir()
    (folder / "css" / "rapport.css").write_text("", encoding="utf-8")
    return folder


def render_tertial(path: Path, period: str, stub: Path) -> tuple[object, str]:
    result = build.check(path, "tertialrapport", period)
    assert result.rapport is not None, result.problems
    assert not result.errors, [str(p) for p in result.errors]
    search = [*render.template_search_paths(path.parent), stub]
    return result.rapport, render.render_html(result.rapport, "tertialrapport.html", search)


def ind(**kw) -> Indikator:
    base = {"id": "x", "namn": "X", "malvarde": Decimal(6)}
    base.update({k: Decimal(v) if k == "malvarde" else v for k, v in kw.items()})
    return Indikator(**base)


# ---------------------------------------------------------------------------- the seed

@pytest.mark.skipif(not SKANE_NORDOST.exists(), reason="data/skane-nordost/2022.yaml saknas")
def test_t1_report_contains_every_goal_and_target_of_the_seed(stub_css) -> None:
    rapport, html = render_tertial(SKANE_NORDOST, "T1", stub_css)
    text = text_of(html)
    assert "Tertialrapport Samordningsförbundet Skåne Nordost 2022 Januari – april" in text
    for nummer, (rubrik, targets) in SEED_MAL.items():
        assert f"Mål {nummer} – {rubrik}" in text, rubrik
        for target in targets:
            assert norm(target) in text, target
    if rapport.tertial.ekonomi:
        assert "Ekonomisk hushållning och budgetuppföljning" in text
        assert "Rekvirering sker enligt plan från processerna" in text


@pytest.mark.skipif(not SEED.exists() or not SKANE_NORDOST.exists(), reason="seed saknas")
def test_expected_goals_match_the_seed_file() -> None:
    """SEED_MAL above is what the seed prints (guards the constants themselves)."""
    seed = norm(SEED.read_text(encoding="utf-8"))
    for nummer, (rubrik, targets) in SEED_MAL.items():
        assert f"Mål {nummer}" in seed and rubrik in seed
        for target in targets:
            assert norm(target) in seed, target


@pytest.mark.skipif(not SKANE_NORDOST.exists(), reason="data/skane-nordost/2022.yaml saknas")
def test_seed_statuses_t1() -> None:
    rapport = compute_tertial(read(SKANE_NORDOST), "T1")
    status = {m.mal.nummer: m.status for m in rapport.tertial.mal}
    assert status[1] == "uppfyllt"  # 668 ≥ 400 besökare, 100 % ≥ 85 %


# ---------------------------------------------------------------------------- status rules

def test_per_tertial_target_compared_directly() -> None:
    i = ind(malvarde=400, per="tertial")
    assert bedom(i, Decimal(668), "T1") == "uppfyllt"
    assert bedom(i, Decimal(400), "T2") == "uppfyllt"
    assert bedom(i, Decimal(399), "T2") == "ej uppfyllt"


def test_annual_target_is_pro_rated_in_t1_and_t2() -> None:
    i = ind(malvarde=6)  # per år, summing
    assert bedom(i, Decimal(2), "T1") == "pågår"       # 2 ≥ 6 × 4/12
    assert bedom(i, Decimal(1), "T1") == "ej uppfyllt"  # behind plan
    assert bedom(i, Decimal(6), "T1") == "uppfyllt"     # the whole year's target reached
    assert bedom(i, Decimal(4), "T2") == "pågår"        # 4 ≥ 6 × 8/12
    assert bedom(i, Decimal(3), "T2") == "ej uppfyllt"


def test_annual_target_at_t3_is_final() -> None:
    i = ind(malvarde=6)
    assert bedom(i, Decimal(6), "T3") == "uppfyllt"
    assert bedom(i, Decimal(5), "T3") == "ej uppfyllt"


def test_percent_is_not_pro_rated() -> None:
    i = ind(malvarde=85, enhet="%")
    assert bedom(i, Decimal(90), "T1") == "pågår"
    assert bedom(i, Decimal(30), "T1") == "ej uppfyllt"  # 30 ≥ 85 × 4/12, but a level
    assert bedom(i, Decimal(85), "T3") == "uppfyllt"


def test_lagre_inverts_the_comparison() -> None:
    per_tertial = ind(malvarde=14, riktning="lagre", per="tertial")
    assert bedom(per_tertial, Decimal(12), "T1") == "uppfyllt"
    assert bedom(per_tertial, Decimal(15), "T1") == "ej uppfyllt"
    level = ind(malvarde=14, riktning="lagre", summeras=False)
    assert bedom(level, Decimal(14), "T2") == "pågår"
    assert bedom(level, Decimal(15), "T2") == "ej uppfyllt"
    assert bedom(level, Decimal(14), "T3") == "uppfyllt"
    assert bedom(level, Decimal(15), "T3") == "ej uppfyllt"
    budget = ind(malvarde=1200, riktning="lagre")  # at most 1 200 per year, summing
    assert bedom(budget, Decimal(400), "T1") == "pågår"        # ≤ 1 200 × 4/12
    assert bedom(budget, Decimal(401), "T1") == "ej uppfyllt"  # ahead of the allowed pace
    assert bedom(budget, Decimal(0), "T1") == "pågår"          # never final before T3
    assert bedom(budget, Decimal(1200), "T3") == "uppfyllt"


def test_goal_status_combines_indicators() -> None:
    assert kombinera(["uppfyllt", "uppfyllt"]) == "uppfyllt"
    assert kombinera(["uppfyllt", "pågår"]) == "pågår"
    assert kombinera(["uppfyllt", "ej uppfyllt"]) == "delvis uppfyllt"
    assert kombinera(["pågår", "ej uppfyllt"]) == "delvis uppfyllt"
    assert kombinera(["ej uppfyllt", "ej uppfyllt"]) == "ej uppfyllt"
    assert kombinera([]) is None


def test_hand_set_status_without_indicators_and_symbol() -> None:
    mal = Mal(id="m", nummer=3, rubrik="Utredning",
              uppfoljning={"T1": {"status": "pågår", "text": "x"}})
    vy = mal_vy(mal, "T1")
    assert (vy.status, vy.symbol, vy.status_beraknad) == ("pågår", "…", False)
    assert vy.rubrik == "Mål 3 – Utredning"
    assert mal_vy(mal, "T2").status is None and mal_vy(mal, "T2").symbol == "–"


def test_computed_status_wins_over_hand_set_with_a_warning() -> None:
    indata = read(FIXTURE)
    mal = indata.arsfil.mal[1]
    mal.uppfoljning["T1"].status = "ej uppfyllt"  # indicators say pågår
    rapport = compute_tertial(indata, "T1")
    vy = next(m for m in rapport.tertial.mal if m.mal.id == "akademi")
    assert (vy.status, vy.symbol) == ("pågår", "…")
    problems = [p for p in run_checks(rapport, indata) if p.check == "tertial_status"]
    assert len(problems) == 1 and problems[0].severity == "varning"
    assert "'ej uppfyllt'" in problems[0].message and "'pågår'" in problems[0].message


def test_fixture_statuses_t1_and_t2() -> None:
    indata = read(FIXTURE)
    t1 = {m.mal.id: m.status for m in compute_tertial(indata, "T1").tertial.mal}
    assert t1 == {"hemsida": "uppfyllt", "akademi": "pågår", "sjukskrivning": "pågår",
                  "utredning": "pågår"}
    t2 = {m.mal.id: m.status for m in compute_tertial(indata, "T2").tertial.mal}
    # 350 < 400 besökare but 90 % ≥ 85 %; 3 < 6 × 8/12 aktiviteter; väntetid not followed up
    assert t2 == {"hemsida": "delvis uppfyllt", "akademi": "ej uppfyllt",
                  "sjukskrivning": None, "utredning": "uppfyllt"}


# ---------------------------------------------------------------------------- periods

def test_period_is_case_insensitive() -> None:
    assert normalise_period("t1") == "T1"
    assert normalise_period(" T2 ") == "T2"


@pytest.mark.parametrize("value", ["T4", "T0", "tertial 1", "2"])
def test_unknown_period_is_refused_in_swedish(value: str) -> None:
    with pytest.raises(InputError) as exc:
        compute_tertial(read(FIXTURE), value)
    message = exc.value.format_message()
    assert f"okänd period '{value}'" in message
    assert "T1 (januari–april), T2 (januari–augusti) eller T3 (januari–december)" in message


@pytest.mark.parametrize("value", [None, "", "  "])
def test_missing_period_is_refused(value) -> None:
    with pytest.raises(InputError) as exc:
        compute_tertial(read(FIXTURE), value)
    assert "tertialrapporten behöver en period" in exc.value.format_message()
    assert "--period T1" in exc.value.format_message()


def test_unwritten_period_names_the_period_and_the_file() -> None:
    with pytest.raises(InputError) as exc:
        compute_tertial(read(FIXTURE), "T3")
    problem = exc.value.problems[0]
    assert "ingen uppföljning för T3" in problem.message
    assert "2024.yaml" in problem.message and "2024.yaml" in str(problem.location)
    assert "uppföljning finns för T1, T2" in problem.hint


def test_report_without_period_through_check() -> None:
    result = build.check(FIXTURE, "tertialrapport", None)
    assert result.rapport is None
    (problem,) = result.errors
    assert "behöver en period" in problem.message


# ---------------------------------------------------------------------------- budget

def test_budget_periodised_evenly_rounded_half_up() -> None:
    assert budget_hittills(Decimal(2621720), "T1") == Decimal(873907)    # 873 906,67
    assert budget_hittills(Decimal(2621720), "T2") == Decimal(1747813)   # 1 747 813,33
    assert budget_hittills(Decimal(10012349), "T2") == Decimal(6674899)
    assert budget_hittills(Decimal(12000000), "T3") == Decimal(12000000)
    assert budget_hittills(Decimal(2), "T1") == Decimal(1)               # 0,67 → 1
    assert budget_hittills(Decimal(1), "T1") == Decimal(0)               # 0,33 → 0


def test_budget_monthly_profile_and_half_up() -> None:
    profil = [Decimal("1000.5")] + [Decimal(0)] * 11
    assert budget_hittills(Decimal("1000.5"), "T1", profil) == Decimal(1001)  # not banker's
    profil = [Decimal(0)] * 3 + [Decimal(500000)] * 9
    assert budget_hittills(Decimal(4500000), "T1", profil) == Decimal(500000)
    assert budget_hittills(Decimal(4500000), "T2", profil) == Decimal(2500000)


def test_budget_table_t1() -> None:
    b = compute_tertial(read(FIXTURE), "T1").tertial.budget
    rows = {r.id or r.typ: r for r in b.rader}
    p = rows["personal"]
    assert (p.budget_ar, p.budget_hittills, p.utfall, p.avvikelse) == (
        Decimal(2621720), Decimal(873907), Decimal(800000), Decimal(73907))
    assert (p.prognos, p.avvikelse_prognos) == (Decimal(2500000), Decimal(121720))
    i = rows["insatser"]  # monthly profile: nothing budgeted January–March
    assert (i.budget_hittills, i.avvikelse, i.profil) == (Decimal(500000), Decimal(100000), True)
    income = rows["intakter"]
    assert income.avvikelse == Decimal(0)
    res = rows["resultat"]
    assert res.budget_hittills == Decimal(4000000 - 873907 - 500000)
    assert res.utfall == Decimal(2800000)
    assert res.avvikelse == Decimal(173907) == sum(r.avvikelse for r in b.rader[:-1])
    assert res.prognos == Decimal(5000000) and res.avvikelse_prognos == Decimal(121720)
    assert b.kolumn_hittills == "jan–apr" and b.har_profil


def test_budget_income_avvikelse_sign() -> None:
    indata = read(FIXTURE)
    indata.arsfil.tertial.T1.budget[2].utfall = Decimal(3900000)
    b = compute_tertial(indata, "T1").tertial.budget
    assert next(r for r in b.rader if r.id == "intakter").avvikelse == Decimal(-100000)


# ---------------------------------------------------------------------------- checks

def test_checks_report_unknown_ids_and_bad_profile(tmp_path) -> None:
    folder = tmp_path / "testbygden"
    shutil.copytree(FIXTURE.parent, folder)
    path = folder / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("{id: personal, utfall: 800000", "{id: personel, utfall: 800000")
    text = text.replace("utfall: {aktiviteter: 2}", "utfall: {aktivitet: 2}")
    text = text.replace("500000, 500000]", "500000, 400000]")
    path.write_text(text, encoding="utf-8")
    problems = build.check(path, "tertialrapport", "T1").problems
    by_check = {p.check: p for p in problems if p.severity == "fel"}
    assert "budgetraden 'personel' finns inte i driftredovisningen" in \
        by_check["tertial_budget_id"].message
    assert "utfall för 'aktivitet'" in by_check["tertial_utfall_id"].message
    assert "summerar inte till radens årsbudget" in by_check["tertial_budgetprofil"].message
    assert all(p.location and p.location.line for p in by_check.values())


# ---------------------------------------------------------------------------- rendering

def test_t2_shows_history_and_status_words_with_symbols(stub_css) -> None:
    _, html = render_tertial(FIXTURE, "T2", stub_css)
    text = text_of(html)
    assert "Tertialrapport Samordningsförbundet Testbygden 2024 Januari – augusti" in text
    assert "Mål 1 – Aktiv hemsida" in text
    assert "T1 (januari – april): ✓ uppfyllt" in text  # earlier period, one line
    assert "Hemsidan hade 668 unika besökare" in text   # its text, collapsed in <details>
    assert "◐ delvis uppfyllt" in text and "✗ ej uppfyllt" in text
    assert "<details>" in html
    assert "Ekonomisk hushållning och budgetuppföljning" in text
    assert "Prognosen pekar mot ett överskott." in text
    assert "Budget jan–aug" in text


def test_t1_indicator_table_and_budget(stub_css) -> None:
    _, html = render_tertial(FIXTURE, "T1", stub_css)
    text = text_of(html)
    assert "Unika besökare 400 per tertial 668 besökare ✓ uppfyllt" in text
    assert "Aktiviteter 6 per år 2 2 aktiviteter … pågår" in text  # delmål 6 × 4/12 = 2
    assert "högst 14" in text
    assert "873 907" in text and "73 907" in text
    assert "Tidigare uppföljning" not in text


# ---------------------------------------------------------------------------- CLI

def test_cli_writes_html_and_pdf(tmp_path) -> None:
    pytest.importorskip("reportgen.write")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(FIXTURE), "--report", "tertialrapport",
                                  "--period", "t1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "testbygden" / "2024"
    html = folder / "tertialrapport-T1.html"
    pdf = folder / "tertialrapport-T1.pdf"
    assert html.is_file() and pdf.is_file()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Mål 1 – Aktiv hemsida" in text_of(html.read_text(encoding="utf-8"))


def test_cli_refuses_unknown_period(tmp_path) -> None:
    result = CliRunner().invoke(main, ["build", str(FIXTURE), "--report", "tertialrapport",
                                       "--period", "T4", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "okänd period 'T4'" in result.output
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())
