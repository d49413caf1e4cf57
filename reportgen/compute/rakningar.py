"""The statements as rows (Rakning): resultaträkning, balansräkning, kassaflödesanalys,
balanskravsutredning, plus the driftredovisning and the flerårsöversikt."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..format import ZERO
from ..model import Arsfil, Balanskrav, Balansrakning, Kassaflodesanalys, Resultatrakning
from ..model.ekonomi import Driftredovisning, Investeringsredovisning
from ..model.forbund import Forbund
from . import ekonomi
from .ekonomi import Figurer
from .vy import (
    DriftradVy,
    DriftVy,
    Flerarsrad,
    FlerarsVy,
    InvesteringradVy,
    InvesteringVy,
    Rad,
    Radtyp,
)


@dataclass
class Ar:
    """One year's computed figures (``None`` where the data has no such statement)."""

    ar: int
    rr: Figurer | None
    br: Figurer | None
    kf: Figurer | None
    bk: Figurer | None
    resultatrakning: Resultatrakning | None
    balansrakning: Balansrakning | None
    driftredovisning: Driftredovisning | None
    antal_anstallda: int | None
    kassaflodesanalys: Kassaflodesanalys | None = None
    """The typed kassaflödesanalys the ``kf`` figures were computed from (its typed rows)."""


def _v(fig: Figurer | None, key: str) -> Decimal | None:
    return None if fig is None else fig.get(key)


def _notes(post) -> list[str]:
    value = getattr(post, "not_", None) if post is not None else None
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _note(post) -> str | None:
    notes = _notes(post)
    return notes[0] if notes else None


def _row(text: str, belopp, foregaende, typ: Radtyp, id: str, *posts) -> Rad:
    """A statement row whose notes are those of the first of *posts* that has any."""
    notes = next((n for n in (_notes(p) for p in posts) if n), [])
    return Rad(text, belopp, foregaende, typ, id, notes[0] if notes else None,
               ovriga_noter=notes[1:])


def _label(post, default: str) -> str:
    return (getattr(post, "etikett", None) or default) if post is not None else default


def resultatrakning_rader(cur: Ar, fg: Ar | None) -> list[Rad]:
    rr = cur.resultatrakning
    assert rr is not None and cur.rr is not None
    figurer = cur.rr
    fr = fg.rr if fg else None
    fgrr = fg.resultatrakning if fg else None

    def post(key: str, text: str, typ: Radtyp = "post") -> Rad:
        p = getattr(rr, key, None)
        q = getattr(fgrr, key, None) if fgrr else None
        return _row(_label(p, text), figurer[key], _v(fr, key), typ, key, p, q)

    netto = rr.finansnetto is not None or (fgrr is not None and fgrr.finansnetto is not None)
    if netto:
        def total(fig: Figurer | None) -> Decimal | None:
            if fig is None:
                return None
            return fig["finansiella_intakter"] + fig["finansiella_kostnader"] + fig["finansnetto"]

        p = rr.finansnetto or (fgrr.finansnetto if fgrr else None)
        financial = [Rad(_label(p, "Finansiella intäkter och kostnader"), total(cur.rr), total(fr),
                         "post", "finansnetto", _note(p))]
    else:
        financial = [post("finansiella_intakter", "Finansiella intäkter"),
                     post("finansiella_kostnader", "Finansiella kostnader")]
    return [
        post("verksamhetens_intakter", "Verksamhetens intäkter"),
        post("verksamhetens_kostnader", "Verksamhetens kostnader"),
        post("avskrivningar", "Avskrivningar"),
        post("verksamhetens_nettokostnad", "Verksamhetens nettokostnader", "summa"),
        post("verksamhetens_resultat", "Verksamhetens resultat", "summa"),
        *financial,
        post("resultat_efter_finansiella_poster", "Resultat efter finansiella poster", "summa"),
        post("extraordinara_poster", "Extraordinära poster"),
        post("arets_resultat", "Årets resultat", "totalsumma"),
    ]


_ANL_TEXT = {
    "immateriella": "Immateriella anläggningstillgångar",
    "mark_och_byggnader": "Mark, byggnader och tekniska anläggningar",
    "maskiner_och_inventarier": "Maskiner och inventarier",
    "finansiella": "Finansiella anläggningstillgångar",
}
_OMS_TEXT = {
    "forrad": "Förråd m.m.",
    "fordringar": "Fordringar",
    "kortfristiga_placeringar": "Kortfristiga placeringar",
    "kassa_och_bank": "Kassa och bank",
}


def balansrakning_rader(cur: Ar, fg: Ar | None, ek_not: str | None) -> list[Rad]:
    br = cur.balansrakning
    assert br is not None and cur.br is not None
    figurer = cur.br
    fb = fg.br if fg else None
    fgbr = fg.balansrakning if fg else None
    rows: list[Rad] = []

    def post(obj_path: tuple[str, ...], key: str, text: str, typ: Radtyp = "post",
             always: bool = True, utanfor: bool = False) -> None:
        """*utanfor*: a line outside the balance sheet, which no sum implies: a year
        that does not type it shows no amount rather than 0."""
        p = _dig(br, obj_path)
        q = _dig(fgbr, obj_path) if fgbr else None
        if not always and p is None and q is None:
            return
        value = figurer[key] if p is not None or not utanfor else None
        prior = _v(fb, key) if q is not None or not utanfor else None
        rows.append(_row(_label(p, text), value, prior, typ, key, p, q))

    def has(*path: str) -> bool:
        return any(_dig(b, path) is not None for b in (br, fgbr) if b is not None)

    # LKBR 6 kap. 1 §: the groups and lines in the law's order; a group without data in
    # either year is left out, the order never changes.
    rows.append(Rad("Tillgångar", typ="rubrik"))
    if any(has("anlaggningstillgangar", n) for n in _ANL_TEXT):
        rows.append(Rad("Anläggningstillgångar", typ="underrubrik"))
        post(("anlaggningstillgangar", "immateriella"), "immateriella",
             _ANL_TEXT["immateriella"], always=False)
        if has("anlaggningstillgangar", "mark_och_byggnader") or has(
                "anlaggningstillgangar", "maskiner_och_inventarier"):
            rows.append(Rad("Materiella anläggningstillgångar", typ="delrubrik"))
            for n in ("mark_och_byggnader", "maskiner_och_inventarier"):
                post(("anlaggningstillgangar", n), n, _ANL_TEXT[n], always=False)
        post(("anlaggningstillgangar", "finansiella"), "finansiella",
             _ANL_TEXT["finansiella"], always=False)
        post((), "summa_anlaggningstillgangar", "Summa anläggningstillgångar", "summa")
    rows.append(Rad("Omsättningstillgångar", typ="underrubrik"))
    for n, text in _OMS_TEXT.items():
        post(("omsattningstillgangar", n), n, text, always=False)
    post((), "summa_omsattningstillgangar", "Summa omsättningstillgångar", "summa")
    post((), "summa_tillgangar", "Summa tillgångar", "totalsumma")

    rows.append(Rad("Eget kapital, avsättningar och skulder", typ="rubrik"))
    rows.append(Rad("Eget kapital", typ="underrubrik", not_id=ek_not))
    post((), "arets_resultat", "Årets resultat")
    post(("eget_kapital", "resultatutjamningsreserv"), "resultatutjamningsreserv",
         "Resultatutjämningsreserv", always=False)
    post(("eget_kapital", "ingaende"), "eget_kapital_ingaende", "Övrigt eget kapital")
    if ek_not and rows[-1].not_id == ek_not:
        rows[-1].not_id = None  # the note is already on the 'Eget kapital' heading
    for i, m in enumerate(br.eget_kapital.ovriga_forandringar):
        rows.append(Rad(m.text, m.belopp, None, "post", f"eget_kapital_forandring_{i}"))
    post((), "eget_kapital", "Summa eget kapital", "summa")
    if has("avsattningar", "pensioner") or has("avsattningar", "ovriga"):
        rows.append(Rad("Avsättningar", typ="underrubrik"))
        post(("avsattningar", "pensioner"), "avsattningar_pensioner",
             "Avsättningar för pensioner och liknande förpliktelser", always=False)
        post(("avsattningar", "ovriga"), "avsattningar_ovriga", "Andra avsättningar", always=False)
        post((), "summa_avsattningar", "Summa avsättningar", "summa")
    rows.append(Rad("Skulder", typ="underrubrik"))
    post(("skulder", "langfristiga"), "langfristiga_skulder", "Långfristiga skulder", always=False)
    post(("skulder", "kortfristiga"), "kortfristiga_skulder", "Kortfristiga skulder")
    post((), "summa_skulder", "Summa skulder", "summa")
    post((), "summa_eget_kapital_avsattningar_och_skulder",
         "Summa eget kapital, avsättningar och skulder", "totalsumma")
    if has("pensionsforpliktelser") or has("ansvarsforbindelser"):
        rows.append(Rad("Panter och ansvarsförbindelser", typ="rubrik"))
        post(("pensionsforpliktelser",), "pensionsforpliktelser",
             "Pensionsförpliktelser som inte har tagits upp bland skulderna eller avsättningarna",
             always=False, utanfor=True)
        post(("ansvarsforbindelser",), "ansvarsforbindelser", "Övriga ansvarsförbindelser",
             always=False, utanfor=True)
    return rows


def _dig(obj, path: tuple[str, ...]):
    for part in path:
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


_INVESTERING_TEXT = {
    "forvarv_immateriella": "Investering i immateriella anläggningstillgångar",
    "forsaljning_immateriella": "Försäljning av immateriella anläggningstillgångar",
    "forvarv_materiella": "Investering i materiella anläggningstillgångar",
    "forsaljning_materiella": "Försäljning av materiella anläggningstillgångar",
    "forvarv_finansiella": "Investering i finansiella anläggningstillgångar",
    "forsaljning_finansiella": "Försäljning av finansiella anläggningstillgångar",
}


def _typed_rows(cur: Ar, fg: Ar | None, field: str, id_prefix: str) -> list[Rad]:
    """Rows typed as a list (justeringar, finansiering), matched across years by text."""
    mine = getattr(cur.kassaflodesanalys, field, None) or []
    prior = (getattr(fg.kassaflodesanalys, field, None) or []) if fg else []
    texts = [r.text for r in mine] + [r.text for r in prior if r.text not in
                                      {m.text for m in mine}]
    this = {r.text: r.belopp for r in mine}
    last = {r.text: r.belopp for r in prior}
    return [Rad(t, this.get(t), last.get(t) if fg and fg.kf is not None else None, "post",
                f"{id_prefix}_{i}") for i, t in enumerate(texts)]


def kassaflode_rader(cur: Ar, fg: Ar | None) -> list[Rad]:
    """The kassaflödesanalys (LKBR 8 kap., RKR R13): its three sections with their lines."""
    k, fk = cur.kf, (fg.kf if fg else None)

    def r(key: str, text: str, typ: Radtyp = "post") -> Rad:
        return Rad(text, _v(k, key), _v(fk, key), typ, key)

    def nonzero(key: str) -> bool:
        return any(_v(x, key) for x in (k, fk))

    justeringar = [r("justering_avskrivningar", "Avskrivningar"),
                   *_typed_rows(cur, fg, "justeringar", "justering"),
                   *([r("justering_ovriga", "Övriga ej likviditetspåverkande poster")]
                     if nonzero("justering_ovriga") else [])]
    investering = [r(key, text) for key, text in _INVESTERING_TEXT.items() if nonzero(key)]
    return [
        Rad("Den löpande verksamheten", typ="underrubrik"),
        r("arets_resultat", "Årets resultat"),
        Rad("Justering för ej likviditetspåverkande poster", typ="delrubrik",
            id="justering_ej_likviditetspaverkande"),
        *justeringar,
        r("medel_fore_rorelsekapital",
          "Medel från verksamheten före förändring av rörelsekapital", "summa"),
        r("forandring_fordringar", "Ökning (−)/minskning (+) av kortfristiga fordringar"),
        *([r("forandring_forrad", "Ökning (−)/minskning (+) av förråd")]
          if nonzero("forandring_forrad") else []),
        r("forandring_skulder", "Ökning (+)/minskning (−) av kortfristiga skulder"),
        r("lopande_verksamheten", "Kassaflöde från den löpande verksamheten", "summa"),
        Rad("Investeringsverksamheten", typ="underrubrik"),
        *investering,
        r("investeringsverksamheten", "Kassaflöde från investeringsverksamheten", "summa"),
        Rad("Finansieringsverksamheten", typ="underrubrik"),
        *_typed_rows(cur, fg, "finansiering", "finansiering"),
        r("finansieringsverksamheten", "Kassaflöde från finansieringsverksamheten", "summa"),
        r("arets_kassaflode", "Årets kassaflöde", "summa"),
        r("likvida_medel_ingaende", "Likvida medel vid årets början"),
        r("likvida_medel_utgaende", "Likvida medel vid årets slut", "totalsumma"),
    ]


_BK_ROWS: list[tuple[str, str, Radtyp]] = [
    ("arets_resultat", "Årets resultat enligt resultaträkningen", "post"),
    ("realisationsvinster", "− Samtliga realisationsvinster", "post"),
    ("realisationsvinster_undantag", "+ Realisationsvinster enligt undantagsmöjlighet", "post"),
    ("realisationsforluster_undantag", "+ Realisationsförluster enligt undantagsmöjlighet", "post"),
    ("orealiserade_forluster", "± Orealiserade vinster och förluster i värdepapper", "post"),
    ("aterforing_orealiserade_forluster",
     "± Återföring av orealiserade vinster och förluster i värdepapper", "post"),
    ("resultat_efter_justeringar", "= Årets resultat efter balanskravsjusteringar", "summa"),
    ("reservering_rur", "− Reservering till resultatutjämningsreserv", "post"),
    ("anvandning_rur", "+ Användning av resultatutjämningsreserv", "post"),
    ("balanskravsresultat", "= Balanskravsresultat", "totalsumma"),
]


def balanskrav_rader(cur: Ar, fg: Ar | None, visa_nollrader: bool) -> list[Rad]:
    rows = []
    for key, text, typ in _BK_ROWS:
        value = _v(cur.bk, key)
        prior = _v(fg.bk if fg else None, key)
        if (typ == "post" and key != "arets_resultat" and not visa_nollrader
                and not value and not prior):
            continue
        rows.append(Rad(text, value, prior, typ, key))
    return rows


def driftredovisning(cur: Ar, fg: Ar | None) -> DriftVy | None:
    dr = cur.driftredovisning
    if dr is None:
        return None
    prior_rows = {}
    if fg is not None and fg.driftredovisning is not None:
        for r in fg.driftredovisning.rader:
            prior_rows[r.id or r.namn] = r
    rows: list[DriftradVy] = []
    for r in dr.rader:
        p = prior_rows.get(r.id or r.namn)
        efter = r.budget + r.budgetandring
        rows.append(DriftradVy(
            r.namn, r.typ, r.budget, r.utfall, avvikelse(r.typ, efter, r.utfall),
            p.budget + p.budgetandring if p else None, p.utfall if p else None,
            avvikelse(p.typ, p.budget + p.budgetandring, p.utfall) if p else None,
            r.budgetandring, efter))
    rows.append(resultatrad(dr, fg.driftredovisning if fg else None))
    return DriftVy(cur.ar, cur.ar - 1, rows,
                   dr.visa_foregaende_ar and fg is not None and fg.driftredovisning is not None,
                   any(r.budgetandring for r in dr.rader))


def investeringsredovisning(ar: int, ir: Investeringsredovisning | None) -> InvesteringVy | None:
    """Budget, utfall and avvikelse per investment and their sum (LKBR 10 kap. 2 §)."""
    if ir is None:
        return None
    rows = [InvesteringradVy(r.namn, r.budget, r.utfall,
                             r.budget - r.utfall if r.budget is not None else None)
            for r in ir.rader]
    budgets = [r.budget for r in ir.rader]
    budget = None if any(b is None for b in budgets) else sum(
        (b for b in budgets if b is not None), ZERO)
    utfall = sum((r.utfall for r in ir.rader), ZERO)
    rows.append(InvesteringradVy("Summa investeringar", budget, utfall,
                                 budget - utfall if budget is not None else None, True))
    return InvesteringVy(ar, rows, ir.text)


def avvikelse(typ: str, budget: Decimal, utfall: Decimal) -> Decimal:
    """Positive when the outcome is better than budget, for income and cost alike.

    >>> (avvikelse("kostnad", Decimal(100), Decimal(80)),
    ...  avvikelse("intakt", Decimal(100), Decimal(80)))
    (Decimal('20'), Decimal('-20'))
    """
    return budget - utfall if typ == "kostnad" else utfall - budget


def drift_resultat(dr: Driftredovisning) -> tuple[Decimal, Decimal]:
    """(budget, utfall) of the result: income minus costs."""
    sign = {"intakt": 1, "kostnad": -1}
    budget = sum((sign[r.typ] * r.budget for r in dr.rader), ZERO)
    utfall = sum((sign[r.typ] * r.utfall for r in dr.rader), ZERO)
    return budget, utfall


def drift_budget_efter(dr: Driftredovisning) -> Decimal:
    """The result's budget after the year's budgetändringar."""
    sign = {"intakt": 1, "kostnad": -1}
    return sum((sign[r.typ] * (r.budget + r.budgetandring) for r in dr.rader), ZERO)


def resultatrad(dr: Driftredovisning, fg: Driftredovisning | None) -> DriftradVy:
    b, u = drift_resultat(dr)
    be = drift_budget_efter(dr)
    fb = drift_budget_efter(fg) if fg else None
    fu = drift_resultat(fg)[1] if fg else None
    return DriftradVy("Resultat", "resultat", b, u, u - be, fb, fu,
                      (fu - fb) if fu is not None and fb is not None else None, be - b, be)


FLERARS_RADER: list[tuple[str, str, Literal["kr", "procent", "antal"], str]] = [
    ("verksamhetens_intakter", "Verksamhetens intäkter", "kr",
     "Verksamhetens intäkter i resultaträkningen."),
    ("verksamhetens_kostnader", "Verksamhetens kostnader", "kr",
     "Verksamhetens kostnader i resultaträkningen, som positivt belopp (utan avskrivningar)."),
    ("arets_resultat", "Årets resultat", "kr", "Årets resultat i resultaträkningen."),
    ("eget_kapital", "Eget kapital", "kr",
     "Summa eget kapital i balansräkningen vid årets slut."),
    ("soliditet", "Soliditet", "procent",
     "Eget kapital i procent av summa tillgångar vid årets slut."),
    ("antal_anstallda", "Antal anställda", "antal",
     "Antal anställda på kansliet under året, som i avsnittet om personalen."),
]
"""The flerårsöversikt's rows: (key, text, format, definition), each defined once. The keys
are the field names of forbund.yaml's ``historik`` (and of its ``anmarkning``)."""


def flerarsoversikt(years: list[Ar], forbund: Forbund) -> FlerarsVy:
    """Up to five years, newest first: computed years, then the förbund's historik.

    Each row carries its definition; a historik year's ``anmarkning`` (computed on another
    basis) becomes a numbered footnote on the year or on the one figure.
    """
    data: dict[int, dict[str, Decimal | None]] = {}
    for y in years:
        if y.rr is None or y.br is None:
            continue
        data[y.ar] = {
            "verksamhetens_intakter": y.rr["verksamhetens_intakter"],
            "verksamhetens_kostnader": -y.rr["verksamhetens_kostnader"],
            "arets_resultat": y.rr["arets_resultat"],
            "eget_kapital": y.br["eget_kapital"],
            "soliditet": y.br["soliditet"],
            "antal_anstallda": (Decimal(y.antal_anstallda) if y.antal_anstallda is not None
                                else None),
        }
    for h in forbund.historik:
        if h.ar in data:
            continue  # computed years win; a typed duplicate is checked in checks.py
        soliditet = h.soliditet / 100 if h.soliditet is not None else None
        if h.eget_kapital is not None and h.summa_tillgangar:
            soliditet = h.eget_kapital / h.summa_tillgangar
        data[h.ar] = {
            "verksamhetens_intakter": h.verksamhetens_intakter,
            "verksamhetens_kostnader": h.verksamhetens_kostnader,
            "arets_resultat": h.arets_resultat,
            "eget_kapital": h.eget_kapital,
            "soliditet": soliditet,
            "antal_anstallda": Decimal(h.antal_anstallda) if h.antal_anstallda is not None
            else None,
        }
    ar = sorted(data, reverse=True)[:5]
    anmarkningar: dict[int, str | dict[str, str]] = {
        h.ar: (h.anmarkning if isinstance(h.anmarkning, str)
               else {str(k): v for k, v in h.anmarkning.items()})
        for h in forbund.historik if h.anmarkning}
    fotnoter: list[str] = []

    def fotnot(text: str | None) -> int | None:
        """The number of *text*'s footnote (one number per distinct text)."""
        if not text:
            return None
        if text not in fotnoter:
            fotnoter.append(text)
        return fotnoter.index(text) + 1

    ar_fotnoter = [fotnot(a) if isinstance(a := anmarkningar.get(y), str) else None
                   for y in ar]
    rows = []
    for key, text, fmt, definition in FLERARS_RADER:
        per_year = [a.get(key) if isinstance(a := anmarkningar.get(y), dict) else None
                    for y in ar]
        rows.append(Flerarsrad(text, fmt, [data[y][key] for y in ar], definition,
                               [fotnot(t) for t in per_year]))
    return FlerarsVy(ar, rows, ar_fotnoter, fotnoter)


def ar_figurer(arsfil: Arsfil | None, year: int, rr: Resultatrakning | None,
               br: Balansrakning | None, fg_br_fig: Figurer | None, drift=None,
               antal_anstallda: int | None = None,
               typed_kf: Kassaflodesanalys | None = None) -> Ar:
    """Compute one year's figures from whichever statements exist."""
    rrf = ekonomi.resultatrakning(rr) if rr else None
    brf = ekonomi.balansrakning(br, rrf["arets_resultat"] if rrf else ZERO) if br else None
    kf = bk = None
    if rrf is not None and brf is not None:
        # Without the year's own file (prior year typed in foregaende_ar), investment and
        # financing flows and balanskrav adjustments are taken as zero; the cash-flow check
        # then reports any difference against the balance sheet.
        kf_model = arsfil.kassaflodesanalys if arsfil else (typed_kf or Kassaflodesanalys())
        bk_model = arsfil.balanskrav if arsfil else Balanskrav()
        kf = ekonomi.kassaflode(kf_model, rrf, brf, fg_br_fig,
                                arsfil.noter if arsfil else None)
        bk = ekonomi.balanskrav(bk_model, rrf["arets_resultat"])
        return Ar(year, rrf, brf, kf, bk, rr, br, drift, antal_anstallda, kf_model)
    return Ar(year, rrf, brf, kf, bk, rr, br, drift, antal_anstallda)
