"""Figures of one year's statements, computed from their leaf amounts.

Each function returns a flat ``dict`` of named figures; the names are the schema's field
names (``verksamhetens_intakter``, ``summa_tillgangar``, …), so a typed control total
``balansrakning.summa_tillgangar`` is checked against ``br["summa_tillgangar"]``.
"""

from __future__ import annotations

from decimal import Decimal

from ..format import ZERO
from ..model import Balanskrav, Balansrakning, Kassaflodesanalys, Resultatrakning
from ..model.ekonomi import Not, Post

Figurer = dict[str, Decimal]


def belopp(post: Post | None) -> Decimal:
    return post.belopp if post is not None else ZERO


def resultatrakning(rr: Resultatrakning) -> Figurer:
    f = {
        "verksamhetens_intakter": belopp(rr.verksamhetens_intakter),
        "verksamhetens_kostnader": belopp(rr.verksamhetens_kostnader),
        "avskrivningar": belopp(rr.avskrivningar),
        "finansiella_intakter": belopp(rr.finansiella_intakter),
        "finansiella_kostnader": belopp(rr.finansiella_kostnader),
        "finansnetto": belopp(rr.finansnetto),
        "extraordinara_poster": belopp(rr.extraordinara_poster),
    }
    f["verksamhetens_nettokostnad"] = (
        f["verksamhetens_intakter"] + f["verksamhetens_kostnader"] + f["avskrivningar"])
    # LKBR 5 kap. 1 §: skatteintäkter and generella statsbidrag come between the two; a
    # förbund has neither, so its verksamhetens resultat equals its nettokostnader.
    f["verksamhetens_resultat"] = f["verksamhetens_nettokostnad"]
    f["resultat_efter_finansiella_poster"] = (
        f["verksamhetens_resultat"] + f["finansiella_intakter"] + f["finansiella_kostnader"]
        + f["finansnetto"])
    f["arets_resultat"] = f["resultat_efter_finansiella_poster"] + f["extraordinara_poster"]
    return f


ANLAGGNING = ("immateriella", "mark_och_byggnader", "maskiner_och_inventarier", "finansiella")
OMSATTNING = ("forrad", "fordringar", "kortfristiga_placeringar", "kassa_och_bank")


def balansrakning(br: Balansrakning, arets_resultat: Decimal) -> Figurer:
    """Balance-sheet figures; eget kapital includes *arets_resultat* from the resultaträkning."""
    f: Figurer = {}
    for name in ANLAGGNING:
        f[name] = belopp(getattr(br.anlaggningstillgangar, name))
    for name in OMSATTNING:
        f[name] = belopp(getattr(br.omsattningstillgangar, name))
    f["summa_anlaggningstillgangar"] = sum((f[n] for n in ANLAGGNING), ZERO)
    f["summa_omsattningstillgangar"] = sum((f[n] for n in OMSATTNING), ZERO)
    f["summa_tillgangar"] = f["summa_anlaggningstillgangar"] + f["summa_omsattningstillgangar"]

    ek = br.eget_kapital
    f["eget_kapital_ingaende"] = belopp(ek.ingaende)
    f["resultatutjamningsreserv"] = belopp(ek.resultatutjamningsreserv)
    f["eget_kapital_ovriga_forandringar"] = sum((m.belopp for m in ek.ovriga_forandringar), ZERO)
    f["arets_resultat"] = arets_resultat
    f["eget_kapital"] = (f["eget_kapital_ingaende"] + f["resultatutjamningsreserv"]
                         + f["eget_kapital_ovriga_forandringar"] + arets_resultat)

    f["avsattningar_pensioner"] = belopp(br.avsattningar.pensioner)
    f["avsattningar_ovriga"] = belopp(br.avsattningar.ovriga)
    f["summa_avsattningar"] = f["avsattningar_pensioner"] + f["avsattningar_ovriga"]
    f["langfristiga_skulder"] = belopp(br.skulder.langfristiga)
    f["kortfristiga_skulder"] = belopp(br.skulder.kortfristiga)
    f["summa_skulder"] = f["langfristiga_skulder"] + f["kortfristiga_skulder"]
    f["summa_eget_kapital_avsattningar_och_skulder"] = (
        f["eget_kapital"] + f["summa_avsattningar"] + f["summa_skulder"])
    # Panter och ansvarsförbindelser: outside the balance sheet's totals.
    f["pensionsforpliktelser"] = belopp(br.pensionsforpliktelser)
    f["ansvarsforbindelser"] = belopp(br.ansvarsforbindelser)
    f["soliditet"] = (f["eget_kapital"] / f["summa_tillgangar"]) if f["summa_tillgangar"] else ZERO
    return f


INVESTERINGAR = ("forvarv_immateriella", "forsaljning_immateriella", "forvarv_materiella",
                 "forsaljning_materiella", "forvarv_finansiella", "forsaljning_finansiella")
"""The investeringsverksamhet's lines in RKR R13's order (fields of ``Investeringar``)."""

_ANLAGGNINGSGRUPP = {"immateriella": "immateriella", "mark_och_byggnader": "materiella",
                     "maskiner_och_inventarier": "materiella", "finansiella": "finansiella"}


def investeringar(kf: Kassaflodesanalys, noter: list[Not] | None) -> Figurer | None:
    """The investeringsverksamhet line by line; ``None`` when the data cannot tell.

    Typed lines (``kassaflodesanalys.investeringar``) win. Otherwise the acquisitions are
    the fixed-asset notes' purchases (inköp), used only when they account for the whole
    investeringsverksamhet and no asset was sold (a sale's proceeds are not in a note).
    """
    if kf.investeringar is not None:
        return {k: getattr(kf.investeringar, k) for k in INVESTERINGAR}
    schedules = [n.anlaggning for n in (noter or []) if n.anlaggning is not None]
    if not schedules or any(a.forsaljning for a in schedules):
        return None
    f = dict.fromkeys(INVESTERINGAR, ZERO)
    for a in schedules:
        grupp = _ANLAGGNINGSGRUPP.get(a.post)
        if grupp is None:
            return None
        f[f"forvarv_{grupp}"] -= a.inkop
    if sum(f.values(), ZERO) != kf.investeringsverksamheten:
        return None
    return f


def kassaflode(kf: Kassaflodesanalys, rr: Figurer, br: Figurer,
               fg_br: Figurer | None, noter: list[Not] | None = None) -> Figurer | None:
    """Kassaflödesanalys by the indirect method; ``None`` without the prior balance sheet.

    *noter* (the year's notes) let the investeringsverksamhet be itemised from the
    fixed-asset notes when ``kassaflodesanalys.investeringar`` is not typed.
    """
    if fg_br is None:
        return None
    f: Figurer = {"arets_resultat": rr["arets_resultat"]}
    f["justering_avskrivningar"] = -rr["avskrivningar"]
    f["justering_ovriga"] = kf.ovriga_justeringar
    f["justering_ej_likviditetspaverkande"] = (
        f["justering_avskrivningar"] + kf.ovriga_justeringar
        + sum((j.belopp for j in kf.justeringar), ZERO))
    f["medel_fore_rorelsekapital"] = f["arets_resultat"] + f["justering_ej_likviditetspaverkande"]
    f["forandring_fordringar"] = -(br["fordringar"] - fg_br["fordringar"])
    f["forandring_forrad"] = -(br["forrad"] - fg_br["forrad"])
    f["forandring_skulder"] = br["kortfristiga_skulder"] - fg_br["kortfristiga_skulder"]
    f["lopande_verksamheten"] = (f["medel_fore_rorelsekapital"] + f["forandring_fordringar"]
                                 + f["forandring_forrad"] + f["forandring_skulder"])
    detalj = investeringar(kf, noter)
    if detalj is None and not kf.investeringsverksamheten:
        detalj = dict.fromkeys(INVESTERINGAR, ZERO)  # no investments: every line is zero
    if detalj is not None:
        f.update(detalj)
    f["investeringsverksamheten"] = (sum(detalj.values(), ZERO)
                                     if kf.investeringar is not None and detalj is not None
                                     else kf.investeringsverksamheten)
    f["finansieringsverksamheten"] = (sum((r.belopp for r in kf.finansiering), ZERO)
                                      if kf.finansiering else kf.finansieringsverksamheten)
    f["arets_kassaflode"] = (f["lopande_verksamheten"] + f["investeringsverksamheten"]
                             + f["finansieringsverksamheten"])
    f["likvida_medel_ingaende"] = fg_br["kassa_och_bank"] + fg_br["kortfristiga_placeringar"]
    f["likvida_medel_utgaende"] = f["likvida_medel_ingaende"] + f["arets_kassaflode"]
    f["likvida_medel_enligt_balansrakning"] = br["kassa_och_bank"] + br["kortfristiga_placeringar"]
    return f


def balanskrav(bk: Balanskrav, arets_resultat: Decimal) -> Figurer:
    f: Figurer = {"arets_resultat": arets_resultat}
    f["realisationsvinster"] = -bk.realisationsvinster
    f["realisationsvinster_undantag"] = bk.realisationsvinster_undantag
    f["realisationsforluster_undantag"] = bk.realisationsforluster_undantag
    f["orealiserade_forluster"] = bk.orealiserade_forluster
    f["aterforing_orealiserade_forluster"] = bk.aterforing_orealiserade_forluster
    f["resultat_efter_justeringar"] = sum(
        (f[k] for k in ("arets_resultat", "realisationsvinster", "realisationsvinster_undantag",
                        "realisationsforluster_undantag", "orealiserade_forluster",
                        "aterforing_orealiserade_forluster")), ZERO)
    f["reservering_rur"] = -bk.reservering_rur
    f["anvandning_rur"] = bk.anvandning_rur
    f["balanskravsresultat"] = (f["resultat_efter_justeringar"] + f["reservering_rur"]
                                + f["anvandning_rur"])
    return f
