"""The statements have the lines the law names, in its order (LKBR 2018:597, issue 12),
and the checks of reportgen/checks/lag.py warn where the data lacks a required line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import build, check
from reportgen.compute.vy import Arsredovisning


@pytest.fixture
def mini(mini_check):
    """Edit the mini copy and check it (conftest.mini_check)."""
    return mini_check


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(needle):
            return i
    raise AssertionError(needle)


def _rows(result, which: str) -> list[tuple[str, str]]:
    rapport = result.rapport
    assert isinstance(rapport, Arsredovisning)
    rakning = getattr(rapport, which)
    return [(r.text, r.typ) for r in rakning.rader]


# ------------------------------------------------------------------ resultaträkning, 5 kap.

def test_resultatrakning_has_the_laws_lines_in_order(mini) -> None:
    texts = [t for t, _ in _rows(mini(), "resultatrakning")]
    assert texts == [
        "Verksamhetens intäkter", "Verksamhetens kostnader", "Avskrivningar",
        "Verksamhetens nettokostnader", "Verksamhetens resultat",
        "Finansiella intäkter", "Finansiella kostnader",
        "Resultat efter finansiella poster", "Extraordinära poster", "Årets resultat"]


def test_verksamhetens_resultat_equals_nettokostnader(mini) -> None:
    rows = {r.id: r for r in mini().rapport.resultatrakning.rader}
    assert rows["verksamhetens_resultat"].belopp == rows["verksamhetens_nettokostnad"].belopp
    assert rows["verksamhetens_resultat"].typ == "summa"


def test_typed_verksamhetens_resultat_is_checked(mini) -> None:
    result = mini("resultatrakning:\n", "resultatrakning:\n  verksamhetens_resultat: 1\n")
    (p,) = [p for p in result.problems if p.check == "typad_summa"]
    assert "verksamhetens resultat" in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "  verksamhetens_resultat")


def test_financial_items_stay_on_separate_lines_unless_the_data_merges_them(mini) -> None:
    texts = [t for t, _ in _rows(mini(), "resultatrakning")]
    assert "Finansiella intäkter och kostnader" not in texts


# ------------------------------------------------------------------- balansräkning, 6 kap.

def test_balansrakning_groups_in_the_laws_order(mini) -> None:
    rows = _rows(mini(), "balansrakning")
    texts = [t for t, _ in rows]
    assert texts.index("Omsättningstillgångar") < texts.index("Summa tillgångar") < texts.index(
        "Eget kapital") < texts.index("Skulder") < texts.index("Panter och ansvarsförbindelser")
    assert texts[-1] == ("Pensionsförpliktelser som inte har tagits upp bland skulderna "
                         "eller avsättningarna")
    # groups without data are left out
    assert "Anläggningstillgångar" not in texts and "Avsättningar" not in texts


def test_eget_kapital_in_the_laws_order(mini) -> None:
    mini("    ingaende: {belopp: 9269158, not: ek}\n",
         "    ingaende: {belopp: 9169158, not: ek}\n    resultatutjamningsreserv: 100000\n")
    result = check(mini.folder / "2023.yaml")
    texts = [t for t, _ in _rows(result, "balansrakning")]
    i = texts.index("Eget kapital")
    assert texts[i + 1:i + 5] == ["Årets resultat", "Resultatutjämningsreserv",
                                  "Övrigt eget kapital", "Summa eget kapital"]


def test_materiella_anlaggningstillgangar_have_their_own_subheading(mini) -> None:
    result = mini("  omsattningstillgangar:\n",
                  "  anlaggningstillgangar:\n    immateriella: 100\n"
                  "    maskiner_och_inventarier: 200\n    finansiella: 300\n"
                  "  omsattningstillgangar:\n    kortfristiga_placeringar: 0\n")
    rows = _rows(result, "balansrakning")
    start = rows.index(("Anläggningstillgångar", "underrubrik"))
    assert rows[start:start + 6] == [
        ("Anläggningstillgångar", "underrubrik"),
        ("Immateriella anläggningstillgångar", "post"),
        ("Materiella anläggningstillgångar", "delrubrik"),
        ("Maskiner och inventarier", "post"),
        ("Finansiella anläggningstillgångar", "post"),
        ("Summa anläggningstillgångar", "summa"),
    ]


def test_panter_och_ansvarsforbindelser_both_lines(mini) -> None:
    result = mini("  pensionsforpliktelser: 0\n",
                  "  pensionsforpliktelser: 1200\n  ansvarsforbindelser: 500\n")
    rows = _rows(result, "balansrakning")
    assert rows[-3:] == [
        ("Panter och ansvarsförbindelser", "rubrik"),
        ("Pensionsförpliktelser som inte har tagits upp bland skulderna eller avsättningarna",
         "post"),
        ("Övriga ansvarsförbindelser", "post")]
    # outside the balance sheet: the totals do not move
    assert not [p for p in result.problems if p.severity == "fel"]


def test_pensionsforpliktelser_anges_warns_naming_the_paragraph(mini) -> None:
    result = mini("  pensionsforpliktelser: 0\n", "")
    (p,) = [p for p in result.problems if p.check == "pensionsforpliktelser_anges"]
    assert p.severity == "varning"
    assert "Pensionsförpliktelser som inte har tagits upp" in p.message
    assert "LKBR 6 kap. 1 §" in p.message
    assert p.location.file.endswith("2023.yaml")
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "balansrakning:")


# --------------------------------------------------------------- kassaflödesanalys, 8 kap.

def _kf(result) -> list[tuple[str, str]]:
    return _rows(result, "kassaflodesanalys")


def test_kassaflodesanalys_has_three_sections_with_their_lines(mini) -> None:
    texts = [t for t, _ in _kf(mini())]
    assert texts == [
        "Den löpande verksamheten", "Årets resultat",
        "Justering för ej likviditetspåverkande poster", "Avskrivningar",
        "Medel från verksamheten före förändring av rörelsekapital",
        "Ökning (−)/minskning (+) av kortfristiga fordringar",
        "Ökning (+)/minskning (−) av kortfristiga skulder",
        "Kassaflöde från den löpande verksamheten",
        "Investeringsverksamheten", "Kassaflöde från investeringsverksamheten",
        "Finansieringsverksamheten", "Kassaflöde från finansieringsverksamheten",
        "Årets kassaflöde", "Likvida medel vid årets början", "Likvida medel vid årets slut"]


def test_typed_adjustments_investments_and_financing_are_itemised(mini) -> None:
    result = mini("kassaflodesanalys:\n", "kassaflodesanalys:\n"
                  "  justeringar:\n    - {text: Förändring av avsättningar, belopp: 500}\n"
                  "  investeringar:\n    forvarv_materiella: -300\n"
                  "    forsaljning_finansiella: 100\n"
                  "  finansiering:\n    - {text: Nyupptagna lån, belopp: 1000}\n")
    rows = {r.text: r for r in result.rapport.kassaflodesanalys.rader}
    assert rows["Förändring av avsättningar"].belopp == 500
    assert rows["Investering i materiella anläggningstillgångar"].belopp == -300
    assert rows["Försäljning av finansiella anläggningstillgångar"].belopp == 100
    assert rows["Kassaflöde från investeringsverksamheten"].belopp == -200
    assert rows["Nyupptagna lån"].belopp == 1000
    assert rows["Kassaflöde från finansieringsverksamheten"].belopp == 1000
    texts = list(rows)
    assert (texts.index("Justering för ej likviditetspåverkande poster")
            < texts.index("Förändring av avsättningar")
            < texts.index("Medel från verksamheten före förändring av rörelsekapital"))
    assert "Försäljning av immateriella anläggningstillgångar" not in texts  # zero both years


def test_kassaflode_delsummor_typed_total_differs_from_its_lines(mini) -> None:
    result = mini("kassaflodesanalys:\n", "kassaflodesanalys:\n"
                  "  investeringar:\n    forvarv_materiella: -300\n"
                  "  investeringsverksamheten: -400\n")
    (p,) = [p for p in result.problems if p.check == "kassaflode_delsummor"]
    assert p.severity == "fel"
    assert "investeringsverksamheten" in p.message and "−400" in p.message.replace("\xa0", "")
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "  investeringsverksamheten")


def test_kassaflode_specificeras_warns_for_a_bare_total(mini) -> None:
    result = mini("kassaflodesanalys:\n", "kassaflodesanalys:\n"
                  "  investeringsverksamheten: -400\n  finansieringsverksamheten: 400\n")
    found = [p for p in result.problems if p.check == "kassaflode_specificeras"]
    assert [p.field for p in found] == ["kassaflodesanalys.investeringsverksamheten",
                                        "kassaflodesanalys.finansieringsverksamheten"]
    assert all(p.severity == "varning" and "LKBR 8 kap. 1 §" in p.message for p in found)
    assert "förvärv och försäljning" in found[0].message
    assert found[0].location.line == _line_of(mini.folder / "2023.yaml",
                                              "  investeringsverksamheten")
    assert found[1].location.line == _line_of(mini.folder / "2023.yaml",
                                              "  finansieringsverksamheten")


def test_investments_are_itemised_from_the_fixed_asset_note() -> None:
    """Östra Södertörn's seed: Not 5 inköp 38 896 = investeringsverksamheten."""
    result = check(Path(__file__).parent.parent / "data" / "ostra-sodertorn" / "2023.yaml")
    rows = {r.text: r for r in result.rapport.kassaflodesanalys.rader}
    assert rows["Investering i materiella anläggningstillgångar"].belopp == -38896
    assert rows["Investering i materiella anläggningstillgångar"].foregaende == 0
    assert not [p for p in result.problems if p.check == "kassaflode_specificeras"]


def test_no_engine_text_says_finansieringsanalys() -> None:
    root = Path(__file__).parent.parent
    for folder in ("reportgen", "templates"):
        for path in (root / folder).rglob("*"):
            if path.suffix in (".py", ".html", ".yaml", ".css"):
                assert "finansieringsanalys" not in path.read_text(encoding="utf-8").lower(), path


# ------------------------------------------------------ investeringsredovisning, 10 kap. 2 §

INVESTERINGAR = ("investeringsredovisning:\n  rader:\n"
                 "    - {namn: Inventarier, budget: 400, utfall: 300}\n"
                 "    - {namn: Programvara, grupp: immateriella, budget: 100, utfall: 150}\n")


def test_investeringsredovisning_budget_utfall_avvikelse_and_sum(mini, tmp_path: Path) -> None:
    result = mini("kassaflodesanalys:\n", INVESTERINGAR + "kassaflodesanalys:\n"
                  "  investeringar: {forvarv_materiella: -300, forvarv_immateriella: -150}\n"
                  "  finansiering: [{text: Nyupptagna lån, belopp: 450}]\n")
    assert not result.errors, [str(p) for p in result.errors]
    vy = result.rapport.investeringsredovisning
    assert [(r.namn, r.budget, r.utfall, r.avvikelse, r.summa) for r in vy.rader] == [
        ("Inventarier", 400, 300, 100, False), ("Programvara", 100, 150, -50, False),
        ("Summa investeringar", 500, 450, 50, True)]
    assert not [p for p in result.problems if p.check.startswith("investeringsredovisning")]
    # the standard section tree shows it, with its sign rule stated
    written, _ = build(mini.folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "Investeringsredovisning 2023" in html and "Summa investeringar" in html
    assert "Avvikelse är budget minus utfall" in html


def test_investeringsredovisning_stammer_against_the_cash_flow(mini) -> None:
    result = mini("kassaflodesanalys:\n", INVESTERINGAR + "kassaflodesanalys:\n")
    (p,) = [p for p in result.problems if p.check == "investeringsredovisning_stammer"]
    assert p.severity == "fel"
    assert "kassaflödesanalysen" in p.message and "450" in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "investeringsredovisning:")


def test_investeringsredovisning_stammer_against_the_fixed_asset_note(tmp_path: Path) -> None:
    folder = tmp_path / "ostra"
    shutil.copytree(Path(__file__).parent.parent / "data" / "ostra-sodertorn", folder)
    path = folder / "2023.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      utfall: 38896\n", "      utfall: 38000\n", 1),
                    encoding="utf-8")
    found = [p for p in check(path).problems if p.check == "investeringsredovisning_stammer"]
    assert len(found) == 2
    assert "noten om anläggningstillgångar" in found[1].message
    assert "38\xa0896" in found[1].message and "38\xa0000" in found[1].message
    assert found[1].location.line == _line_of(path, "investeringsredovisning:")


def test_investeringsredovisning_komplett_warns_for_missing_part_and_budget(mini) -> None:
    result = mini("kassaflodesanalys:\n", "kassaflodesanalys:\n"
                  "  investeringar: {forvarv_materiella: -300}\n")
    (p,) = [p for p in result.problems if p.check == "investeringsredovisning_komplett"]
    assert p.severity == "varning" and "LKBR 10 kap. 2 §" in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "kassaflodesanalys:")

    text = (mini.folder / "2023.yaml").read_text(encoding="utf-8")
    (mini.folder / "2023.yaml").write_text(
        text.replace("kassaflodesanalys:\n", "investeringsredovisning:\n  rader:\n"
                     "    - {namn: Inventarier, utfall: 300}\nkassaflodesanalys:\n", 1),
        encoding="utf-8")
    result = check(mini.folder / "2023.yaml")
    (p,) = [p for p in result.problems if p.check == "investeringsredovisning_komplett"]
    assert "'Inventarier' saknar budget" in p.message
    assert p.field == "investeringsredovisning.rader[0].budget"
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "    - {namn: Inventarier")


# --------------------------------------------------------- driftredovisning, 10 kap. 1 §

FINANS_RAD = ("    - {id: finansiellt, namn: Finansiella intäkter och kostnader, typ: intakt, "
              "budget: 0, utfall: 251520}\n")


def test_driftredovisning_stammer_names_both_figures(mini) -> None:
    result = mini(FINANS_RAD, "")
    (p,) = [p for p in result.problems if p.check == "driftredovisning_stammer"]
    assert p.severity == "fel"
    assert "driftredovisningens resultat (utfall)" in p.message
    assert "resultaträkningens årets resultat" in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "driftredovisning:")


def test_driftredovisning_ties_to_the_rr_line_it_names(mini) -> None:
    # without the financial row, the driftredovisning is the verksamhet's nettokostnader
    result = mini("driftredovisning:\n" + "  rader:\n",
                  "driftredovisning:\n  avser: verksamhetens_nettokostnad\n  rader:\n")
    (p,) = [p for p in result.problems if p.check == "driftredovisning_stammer"]
    assert "resultaträkningens verksamhetens nettokostnader" in p.message
    text = (mini.folder / "2023.yaml").read_text(encoding="utf-8")
    (mini.folder / "2023.yaml").write_text(text.replace(FINANS_RAD, ""), encoding="utf-8")
    result = check(mini.folder / "2023.yaml")
    assert not [p for p in result.problems if p.check == "driftredovisning_stammer"]


def test_driftredovisning_budgetandringar_columns(mini, tmp_path: Path) -> None:
    result = mini("budget: 2979472, utfall: 2235892}",
                  "budget: 2979472, budgetandring: -500000, utfall: 2235892}")
    vy = result.rapport.driftredovisning
    assert vy.visa_andringar
    row = vy.rader[0]
    assert (row.budget, row.budgetandring, row.budget_efter) == (2979472, -500000, 2479472)
    assert row.avvikelse == 2479472 - 2235892  # against the budget after the changes
    total = vy.rader[-1]
    assert total.typ == "resultat" and total.budgetandring == 500000
    assert total.avvikelse == total.utfall - total.budget_efter
    written, _ = build(mini.folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    html = html.replace("&shy;", "")  # the header may break at a soft hyphen (pages, #16)
    assert "Budgetändringar" in html and "Budget efter ändringar" in html
    assert "bättre än budget efter ändringar" in html


# ------------------------------------------------- förvaltningsberättelsen, 11 kap., R15

def test_balanskrav_rows_have_todays_names(mini) -> None:
    result = mini("balanskrav:\n", "balanskrav:\n  visa_nollrader: true\n")
    texts = [t for t, _ in _rows(result, "balanskrav")]
    assert "± Orealiserade vinster och förluster i värdepapper" in texts
    assert "± Återföring av orealiserade vinster och förluster i värdepapper" in texts
    assert texts.index("± Orealiserade vinster och förluster i värdepapper") < texts.index(
        "= Årets resultat efter balanskravsjusteringar")


def test_balanskrav_reglering_anges_is_an_error_until_given(mini, tmp_path: Path) -> None:
    result = mini("  reglering: Underskottet är planerat; det egna kapitalet minskas mot "
                  "riktvärdet.\n", "  visa_nollrader: false\n")
    (p,) = [p for p in result.problems if p.check == "balanskrav_reglering_anges"]
    assert p.severity == "fel"
    assert "negativt (−579\xa0186 kr)" in p.message and "LKBR 11 kap. 12 §" in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "balanskrav:")
    # given, it is shown under the balanskravsutredning
    result = mini("balanskrav:\n", "balanskrav:\n  reglering: Återställs under 2025.\n")
    assert not [p for p in result.problems if p.check == "balanskrav_reglering_anges"]
    written, _ = build(mini.folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "Återställs under 2025." in html


def test_sjukfranvaro_skyddas_for_ten_or_fewer(mini, tmp_path: Path) -> None:
    result = mini("personal: {antal_anstallda: 2}\n",
                  "personal:\n  antal_anstallda: 10\n  sjukdagar: 12\n")
    (p,) = [p for p in result.problems if p.check == "sjukfranvaro_skyddas"]
    assert p.severity == "fel" and "tio eller färre" in p.message
    assert p.field == "personal.sjukdagar"
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "  sjukdagar")
    # eleven may report it
    result = mini("  antal_anstallda: 10\n", "  antal_anstallda: 11\n")
    assert not [p for p in result.problems if p.check == "sjukfranvaro_skyddas"]


# ------------------------------------------------ förvaltningsberättelsen, 11 kap. (RKR R15)

def _html(mini, tmp_path: Path) -> str:
    written, _ = build(mini.folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    return next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")


INGA = "  handelser_efter_balansdagen: {inga: true}\n"


def test_handelser_efter_balansdagen_none_stated_in_words(mini, tmp_path: Path) -> None:
    result = mini()
    assert not [p for p in result.problems if p.check == "handelser_efter_balansdagen_anges"]
    html = _html(mini, tmp_path)
    part = html[html.index("Händelser efter balansdagen</h"):]
    assert part.index("Inga väsentliga händelser har inträffat efter balansdagen.") < 400
    # its own part, under Händelser av väsentlig betydelse (LKBR 11 kap.)
    assert html.index("Händelser av väsentlig betydelse") < html.index(
        "Händelser efter balansdagen")


def test_handelser_efter_balansdagen_text_is_shown(mini, tmp_path: Path) -> None:
    mini(INGA, "  handelser_efter_balansdagen:\n    text: I januari 2024 flyttade kansliet.\n")
    html = _html(mini, tmp_path)
    assert "I januari 2024 flyttade kansliet." in html
    assert "Inga väsentliga händelser har inträffat efter balansdagen." not in html


def test_handelser_efter_balansdagen_anges_warns_naming_the_part(mini, tmp_path: Path) -> None:
    result = mini(INGA, "")
    (p,) = [p for p in result.problems if p.check == "handelser_efter_balansdagen_anges"]
    assert p.severity == "varning" and p.fullstandighet
    assert "Händelser efter balansdagen" in p.message and "LKBR 11 kap." in p.message
    assert "RKR R15" in p.message and p.field == "arsredovisning.handelser_efter_balansdagen"
    assert p.location.file.endswith("2023.yaml")
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "arsredovisning:")
    assert "efter balansdagen." not in _html(mini, tmp_path)  # nothing invented


def test_handelser_efter_balansdagen_text_or_inga_not_both(mini) -> None:
    result = mini(INGA, "  handelser_efter_balansdagen:\n    inga: true\n    text: Något.\n")
    (p,) = result.errors
    assert "antingen text:" in p.message and "inte båda" in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "    inga: true")


MAL = """mal:
  - id: deltagare
    rubrik: Fler deltagare
    bedomning: delvis uppfyllt
    uppfoljning:
      T3: {text: Insatserna nådde 80 deltagare.}
  - id: besok
    rubrik: Besök
    indikatorer:
      - {id: besok, namn: Besök, malvarde: 100}
    uppfoljning:
      T3: {utfall: {besok: 120}}
  - id: eget-kapital
    typ: finansiellt
    rubrik: Eget kapital inom riktvärdet
    uppfoljning:
      T3: {status: ej uppfyllt, text: Det egna kapitalet är över riktvärdet.}
"""
SAMLAD = "  samlad_bedomning: Förbundet har i huvudsak haft en god ekonomisk hushållning.\n"


def test_goals_with_the_years_bedomning_as_word_and_symbol(mini, tmp_path: Path) -> None:
    result = mini("resultatrakning:\n", MAL + "resultatrakning:\n")
    mini("arsredovisning:\n", "arsredovisning:\n" + SAMLAD)
    result = check(mini.folder / "2023.yaml", slutlig=True)
    assert not [p for p in result.problems
                if p.check in ("mal_bedomda", "samlad_bedomning_anges")]
    vyer = {v.mal.id: v for v in result.rapport.malvyer}
    assert [(v.status, v.arsbedomd) for v in vyer.values()] == [
        ("delvis uppfyllt", True), ("uppfyllt", True), ("ej uppfyllt", True)]
    assert vyer["besok"].status_beraknad
    html = _html(mini, tmp_path)
    # symbol hidden from screen readers, the word beside it
    assert ('<span class="status-etikett">Bedömning:</span> <span class="symbol halvcirkel" '
            'aria-hidden="true"><span class="tecken">◐</span></span> delvis uppfyllt') in html
    assert '<span class="symbol" aria-hidden="true">✗</span>\n ej uppfyllt' in html or (
        'aria-hidden="true">✗</span> ej uppfyllt' in html)
    # both kinds: a heading each, verksamhetsmål first; the conclusion leads
    order = [html.index(s) for s in ("Styrelsens samlade bedömning", ">Verksamhetsmål<",
                                     "Fler deltagare", ">Finansiella mål<",
                                     "Eget kapital inom riktvärdet")]
    assert order == sorted(order)
    assert "i huvudsak haft en god ekonomisk hushållning" in html


def test_mal_bedomda_warns_in_draft_errs_when_final(mini) -> None:
    mini("resultatrakning:\n", MAL.replace("    bedomning: delvis uppfyllt\n", "")
         + "resultatrakning:\n")
    result = mini("arsredovisning:\n", "arsredovisning:\n" + SAMLAD)
    (p,) = [p for p in result.problems if p.check == "mal_bedomda"]
    assert p.severity == "varning" and p.fullstandighet and result.rapport.utkast
    assert "'Fler deltagare' saknar årets bedömning" in p.message
    assert "LKBR 11 kap." in p.message and p.field == "mal[0].bedomning"
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "  - id: deltagare")
    (p,) = [p for p in check(mini.folder / "2023.yaml", slutlig=True).problems
            if p.check == "mal_bedomda"]
    assert p.severity == "fel"


def test_year_bedomning_is_not_an_earlier_periods_status(mini, tmp_path: Path) -> None:
    """Without a typed bedömning or a T3 status, a T2 status is shown as what it is."""
    goal = ("mal:\n  - id: a\n    rubrik: Aktiv hemsida\n    uppfoljning:\n"
            "      T2: {status: uppfyllt}\n")
    mini("resultatrakning:\n", goal + "resultatrakning:\n")
    result = mini("arsredovisning:\n", "arsredovisning:\n" + SAMLAD)
    (v,) = result.rapport.malvyer
    assert v.status == "uppfyllt" and not v.arsbedomd
    assert [p.check for p in result.problems if p.check == "mal_bedomda"] == ["mal_bedomda"]
    assert "(efter januari – augusti, inte årets bedömning)" in _html(mini, tmp_path)


def test_samlad_bedomning_anges_when_there_are_goals(mini) -> None:
    assert not [p for p in mini().problems if p.check == "samlad_bedomning_anges"]  # no goals
    result = mini("resultatrakning:\n", MAL + "resultatrakning:\n")
    (p,) = [p for p in result.problems if p.check == "samlad_bedomning_anges"]
    assert p.severity == "varning" and p.fullstandighet
    assert "samlade bedömning av god ekonomisk hushållning" in p.message
    assert "LKBR 11 kap." in p.message and p.field == "arsredovisning.samlad_bedomning"
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "arsredovisning:")
    (p,) = [p for p in check(mini.folder / "2023.yaml", slutlig=True).problems
            if p.check == "samlad_bedomning_anges"]
    assert p.severity == "fel"


# ------------------------------------------------------------------------- flerårsöversikt

def test_flerarsoversikt_rows_have_one_stated_definition(mini, tmp_path: Path) -> None:
    from reportgen.compute.rakningar import FLERARS_RADER

    f = mini().rapport.flerarsoversikt
    assert [r.definition for r in f.rader] == [d for *_, d in FLERARS_RADER]
    assert f.rader[1].definition.startswith("Verksamhetens kostnader i resultaträkningen")
    html = _html(mini, tmp_path)
    dl = html[html.index('<dl class="definitioner">'):]
    assert "<dt>Verksamhetens kostnader</dt>" in dl and "<dt>Soliditet</dt>" in dl
    assert not f.fotnoter and 'class="fotnot"' not in html


def test_flerarsoversikt_earlier_basis_gets_a_numbered_footnote(mini, tmp_path: Path) -> None:
    mini("  - {ar: 2021, eget_kapital: 2262458, summa_tillgangar: 3210240, antal_anstallda: 2}\n",
         "  - ar: 2021\n    eget_kapital: 2262458\n    summa_tillgangar: 3210240\n"
         "    antal_anstallda: 2\n    anmarkning:\n"
         "      eget_kapital: Före rättelsen av periodiseringen 2022.\n"
         "      antal_anstallda: Räknat som årsarbetare.\n"
         "  - {ar: 2020, arets_resultat: 5, anmarkning: Räknat enligt äldre uppställning.}\n",
         file="forbund.yaml")
    f = mini().rapport.flerarsoversikt
    assert f.ar == [2023, 2022, 2021, 2020]
    assert f.fotnoter == ["Räknat enligt äldre uppställning.",
                          "Före rättelsen av periodiseringen 2022.", "Räknat som årsarbetare."]
    assert f.ar_fotnoter == [None, None, None, 1]
    rows = {r.text: r.fotnoter for r in f.rader}
    assert rows["Eget kapital"] == [None, None, 2, None]
    assert rows["Antal anställda"] == [None, None, 3, None]
    html = _html(mini, tmp_path)
    assert ('<a href="#flerar-fotnot-2" aria-label="anmärkning 2">2</a>') in html
    assert '<li id="flerar-fotnot-2" value="2">Före rättelsen av periodiseringen 2022.</li>' in html


def test_flerarsoversikt_anmarkning_names_a_key_figure(mini) -> None:
    result = mini("  - {ar: 2021, eget_kapital: 2262458,",
                  "  - {ar: 2021, anmarkning: {kostnad: x}, eget_kapital: 2262458,",
                  file="forbund.yaml")
    assert result.errors and result.errors[0].location.file.endswith("forbund.yaml")


def test_handelser_efter_balansdagen_visas_in_an_own_section_tree(mini, tmp_path: Path) -> None:
    """With its own avsnitt: tree, a report must place the block, or the text never prints."""
    tree = ("  avsnitt:\n    - rubrik: Förvaltningsberättelse\n"
            "      text: Förbundet arbetar med samverkan.\n")
    result = mini("arsredovisning:\n", "arsredovisning:\n" + tree)
    (p,) = [p for p in result.problems if p.check == "handelser_efter_balansdagen_visas"]
    assert p.severity == "varning" and p.fullstandighet
    assert "visas inte" in p.message and "LKBR 11 kap." in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", INGA.rstrip("\n"))
    result = mini(tree, tree + "    - rubrik: Efter balansdagen\n"
                  "      block: handelser_efter_balansdagen\n")
    assert not [p for p in result.problems if p.check == "handelser_efter_balansdagen_visas"]
    assert "Inga väsentliga händelser har inträffat efter balansdagen." in _html(mini, tmp_path)


def test_samlad_bedomning_visas_needs_the_goal_block(mini) -> None:
    tree = ("  avsnitt:\n    - rubrik: Förvaltningsberättelse\n"
            "      block: handelser_efter_balansdagen\n")
    result = mini("arsredovisning:\n", "arsredovisning:\n" + SAMLAD + tree)
    (p,) = [p for p in result.problems if p.check == "samlad_bedomning_visas"]
    assert p.severity == "varning" and p.fullstandighet and "blocket mal" in p.message
    assert p.location.line == _line_of(mini.folder / "2023.yaml", "  samlad_bedomning:")
    result = mini(tree, tree + "    - rubrik: God ekonomisk hushållning\n      block: mal\n")
    assert not [p for p in result.problems if p.check == "samlad_bedomning_visas"]
