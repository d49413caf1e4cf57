"""The insats card: every total, share and kostnad per deltagare computed from the figures
typed once, and the fields the förbund chose (forbund.yaml ``insatskort``) in its order."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..format import ZERO
from ..model.forbund import KORTFALT, KORTFALT_STANDARD, Insatskort
from ..model.insatser import Insats, Kon
from .vy import (
    AndelsradVy,
    AvslutadeVy,
    InsatsSummering,
    InsatsVy,
    KonVy,
    KortfaltVy,
    KvantMalVy,
)

AVRUNDNING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
"""The rounding rules a förbund may choose (forbund.yaml ``format.avrundning``)."""

AVRUNDNING_TEXT = {"half_up": "avrundat till hela kronor, 5 uppåt",
                   "half_even": "avrundat till hela kronor, 5 till jämn krona"}

ETIKETTER = {
    "typ": "Typ av insats",
    "projektagare": "Projektägare",
    "perioder": "Period",
    "budget_total": "Projektbudget totalt",
    "budget_ar": "Budget {ar}",
    "utfall": "Utfall {ar}",
    "avvikelse_budget": "Avvikelse mot budget {ar}",
    "deltagare": "Deltagare {ar}",
    "kostnad_per_deltagare": "Kostnad per deltagare",
    "samverkan": "Samverkan",
    "syfte": "Syfte",
    "malgrupp": "Målgrupp",
    "mal": "Mål",
    "kvantitativa_mal": "Kvantitativa mål",
    "ur_ansokan": "Ur ansökan",
    "beskrivning": "Under {ar}",
    "deltagare_kon": "Deltagare {ar} per kön",
    "avslutade": "Avslutade deltagare {ar}",
    "resultat": "Resultat",
    "maluppfyllelse": "Måluppfyllelse",
    "avvikelse": "Avvikelse från plan",
    "jamstalldhetsanalys": "Jämställdhetsanalys",
    "analys_deltagare": "Analys av deltagare",
}
"""Default labels of the built-in card fields."""

FAKTA = {"typ", "projektagare", "perioder", "budget_total", "budget_ar", "utfall",
         "avvikelse_budget", "deltagare", "kostnad_per_deltagare", "samverkan"}
"""The built-in fields shown in the card's fact box; the others are sections of their own."""

KON = (("kvinnor", "Kvinnor"), ("man", "Män"), ("annat", "Annat kön"),
       ("ej_uppgett", "Ej uppgett kön"))

PROMILLE = Decimal("0.001")


def andel(del_: Decimal | int, helhet: Decimal | int, regel: str) -> Decimal | None:
    """*del_* of *helhet* as a ratio rounded to a tenth of a percent by the förbund's rule."""
    if not helhet:
        return None
    return (Decimal(del_) / Decimal(helhet)).quantize(PROMILLE, AVRUNDNING[regel])


def kon_summa(kon: Kon) -> int | None:
    """The computed total of a number by kön (``None`` when no part is given)."""
    parts = [getattr(kon, k) for k, _ in KON if getattr(kon, k) is not None]
    return sum(parts) if parts else None


def kon_vy(kon: Kon | None, regel: str) -> KonVy | None:
    if kon is None:
        return None
    total = kon_summa(kon)
    if total is None:
        return None
    rader = [AndelsradVy(text, n, andel(n, total, regel))
             for k, text in KON if (n := getattr(kon, k)) is not None]
    return KonVy(rader, total)


def deltagare_totalt(insats: Insats) -> int | None:
    """The year's deltagare: the sum by kön when given, else the typed number."""
    if insats.deltagare_kon is not None and (total := kon_summa(insats.deltagare_kon)):
        return total
    return insats.deltagare


def _har(insats: Insats, vy: InsatsVy, falt: str) -> bool:
    if falt == "budget_total":
        return any(b.total is not None for b in insats.budget)
    if falt == "budget_ar":
        return any(b.ar is not None for b in insats.budget)
    if falt in ("deltagare", "kostnad_per_deltagare", "avvikelse_budget"):
        return getattr(vy, {"deltagare": "deltagare_totalt"}.get(falt, falt)) is not None
    if falt == "deltagare_kon":
        return vy.deltagare_kon is not None
    if falt == "avslutade":
        return vy.avslutade is not None
    if falt == "kvantitativa_mal":
        return bool(vy.kvantitativa_mal)
    if falt in KORTFALT:
        value = getattr(insats, falt)
        return value is not None and value != []
    return bool(insats.falt.get(falt))


def kortfalt(insats: Insats, vy: InsatsVy, kort: Insatskort, ar: int) -> list[KortfaltVy]:
    """The fields this card shows, in the förbund's order, with their labels; a field the
    insats has no data for is left out."""
    valda = kort.falt if kort.falt is not None else None
    pairs = ([(f.falt, f.etikett, f.faktum) for f in valda] if valda is not None
             else [(namn, None, None) for namn in KORTFALT_STANDARD])
    out = []
    for namn, etikett, faktum in pairs:
        if not _har(insats, vy, namn):
            continue
        label = etikett or ETIKETTER.get(namn) or namn.replace("_", " ").capitalize()
        if namn == "perioder" and etikett is None and len(insats.perioder) > 1:
            label = "Perioder"
        fakta = namn in FAKTA if namn in KORTFALT else bool(faktum)
        out.append(KortfaltVy(namn, label.replace("{ar}", str(ar)), fakta,
                              namn not in KORTFALT))
    return out


def insats_vy(insats: Insats, kort: Insatskort | None = None, regel: str = "half_up",
              ar: int = 0) -> InsatsVy:
    """The card of *insats*: computed totals and shares, and the fields to show."""
    totalt = deltagare_totalt(insats)
    per_deltagare = None
    if insats.utfall is not None and totalt:
        per_deltagare = (insats.utfall / totalt).quantize(Decimal(1), AVRUNDNING[regel])
    budget_ar = [b.ar for b in insats.budget if b.ar is not None]
    budget_ar_summa = sum(budget_ar, ZERO) if budget_ar else None
    avvikelse = (budget_ar_summa - insats.utfall
                 if budget_ar_summa is not None and insats.utfall is not None else None)
    avslutade = None
    if (a := insats.avslutade) is not None:
        kon = kon_vy(a.kon, regel)
        antal = kon.totalt if kon is not None else a.antal
        utfall = [AndelsradVy(u.etikett, u.antal, andel(u.antal, antal, regel) if antal else None)
                  for u in a.utfall]
        avslutade = AvslutadeVy(antal, kon, utfall)
    mal = [KvantMalVy(m.mal, m.malvarde, m.utfall,
                      andel(m.utfall, m.malvarde, regel) if m.utfall is not None else None,
                      m.grupp, m.anmarkning) for m in insats.kvantitativa_mal]
    vy = InsatsVy(insats, per_deltagare, budget_ar_summa, deltagare_totalt=totalt,
                  avvikelse_budget=avvikelse, deltagare_kon=kon_vy(insats.deltagare_kon, regel),
                  avslutade=avslutade, kvantitativa_mal=mal,
                  avrundning=AVRUNDNING_TEXT[regel])
    vy.falt = kortfalt(insats, vy, kort or Insatskort(), ar)
    return vy


def summering(insatser: list[InsatsVy]) -> InsatsSummering | None:
    """The summary table of all insatser: each column summed from the cards."""
    if not insatser:
        return None

    def total(values):
        given = [v for v in values if v is not None]
        return sum(given) if given else None

    def kon(iv: InsatsVy, key: str):
        return getattr(iv.insats.deltagare_kon, key) if iv.insats.deltagare_kon else None

    return InsatsSummering(
        budget=total(iv.budget_ar_summa for iv in insatser),
        utfall=total(iv.insats.utfall for iv in insatser),
        avvikelse=total(iv.avvikelse_budget for iv in insatser),
        kvinnor=total(kon(iv, "kvinnor") for iv in insatser),
        man=total(kon(iv, "man") for iv in insatser),
        deltagare=total(iv.deltagare_totalt for iv in insatser),
    )
