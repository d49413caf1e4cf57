"""The delårsrapport (LKBR 13 kap.; RKR R17): :func:`compute_delarsrapport`.

A delårsrapport covers at least half and at most two thirds of the year (six to eight
months from 1 January); with the tertials that is T2, januari–augusti, asked for as
``--period T2`` or ``--per <år>-08-31``. The check ``delar_period`` refuses a shorter or
longer period. Where the figures come from: :mod:`reportgen.compute.period`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..format import period as period_text
from ..model.mal import MANADER
from . import rakningar
from .arsredovisning import dokumentdatum, figures, years
from .ekonomi import Figurer
from .mal import PERIODTEXT
from .period import Periodfigurer, period_figurer, periodfigurer, rad_varde
from .tertial import normalise_period, period_problem, tertial_vy
from .vy import Delarsrapport, Delarstexter, Rad, Rakning

if TYPE_CHECKING:  # the loader is not needed to compute a view
    from ..sources import Indata

PERIODENS = {
    "Årets resultat": "Periodens resultat",
    "Årets kassaflöde": "Periodens kassaflöde",
    "Likvida medel vid årets början": "Likvida medel vid årets början",
    "Likvida medel vid årets slut": "Likvida medel vid periodens slut",
}
"""Row texts of the annual statements as a period's statements word them."""


def _periodens(rows: list[Rad]) -> list[Rad]:
    for r in rows:
        r.text = PERIODENS.get(r.text, r.text)
    return rows


def _utan_noter(rows: list[Rad]) -> list[Rad]:
    """The delårsrapport has no notes of its own: drop the annual report's note links."""
    for r in rows:
        r.not_id, r.ovriga_noter = None, []
    return rows


def resultatrakning_vy(pf: Periodfigurer) -> Rakning | None:
    """Period, same period prior year, helårsprognos and the year's budget."""
    cur = pf.cur
    if cur.rr is None:
        return None
    ar = pf.slut.year
    kolumner = [period_text(pf.start, pf.slut)]
    if pf.jamforelse is not None and pf.jamforelse_start and pf.jamforelse_slut:
        kolumner.append(period_text(pf.jamforelse_start, pf.jamforelse_slut))
    rows = _utan_noter(_periodens(rakningar.resultatrakning_rader(cur, pf.jamforelse)))
    fler: list[Figurer | None] = []
    if pf.prognos is not None:
        fler.append(pf.prognos)
        kolumner.append(f"Prognos {ar}")
    if pf.budget is not None:
        fler.append(pf.budget)
        kolumner.append(f"Budget {ar}")
    if pf.jamforelse is None and fler:
        # Keep the columns in place: an empty comparative column (the check
        # delar_jamforelse_saknas warns) rather than the prognos under its header.
        kolumner.insert(1, period_text(pf.start.replace(year=ar - 1),
                                       pf.slut.replace(year=ar - 1)))
    for r in rows:
        r.fler = [rad_varde(f, r.id) for f in fler]
    return Rakning("resultatrakning", "Resultaträkning", kolumner, rows)


def compute_delarsrapport(indata: Indata, period: str | None) -> Delarsrapport:
    """The view of the delårsrapport for *period* ('T2', or a date such as '2024-08-31').

    Raises :class:`InputError` in Swedish when the period is unknown, outside the year, or
    the year file has no resultaträkning for it.
    """
    period = normalise_period(period, indata, "delårsrapporten")
    arsfil, forbund = indata.arsfil, indata.forbund
    ar = arsfil.ar
    arsfigurer = years(indata)
    pf = periodfigurer(indata, arsfigurer, period)
    per = arsfil.tertial.period(period)
    if pf is None or pf.cur.rr is None or per is None:
        raise InputError([period_problem(
            f"delårsrapporten {period} behöver periodens resultaträkning", indata,
            f"skriv den under tertial.{period}.resultatrakning (1 januari till periodens slut)",
            ("tertial", period) if per is not None else ())])
    fg = arsfigurer.fg
    rr = resultatrakning_vy(pf)
    br = kf = bk = None
    if pf.cur.br is not None:
        kolumner = [pf.slut.isoformat()] + ([f"{ar - 1}-12-31"] if fg and fg.br else [])
        br = Rakning("balansrakning", "Balansräkning", kolumner,
                     _utan_noter(_periodens(rakningar.balansrakning_rader(
                         pf.cur, fg if fg and fg.br else None, None))))
    if pf.cur.kf is not None:
        kf = Rakning("kassaflodesanalys", "Kassaflödesanalys", [period_text(pf.start, pf.slut)],
                     _periodens(rakningar.kassaflode_rader(pf.cur, None)))
    if pf.prognos_bk is not None:
        visa = per.prognos.balanskrav.visa_nollrader if per.prognos else None
        if visa is None:
            visa = forbund.format.visa_nollrader
        prognos_ar = rakningar.Ar(ar, pf.prognos, None, None, pf.prognos_bk, None, None, None,
                                  None)
        rows = rakningar.balanskrav_rader(prognos_ar, None, visa)
        rows[0].text = "Årets resultat enligt prognosen"
        bk = Rakning("balanskrav", "Balanskravsresultat enligt prognos", [f"Prognos {ar}"], rows)
    t = per.delarsrapport
    texter = Delarstexter(
        **({k: getattr(t, k) for k in Delarstexter.__dataclass_fields__} if t else {}))
    beslutad = t.beslutad if t else None
    vy = tertial_vy(arsfil, period, pf)
    periodtext = PERIODTEXT[period]
    figurer = {**figures(arsfigurer.cur, arsfigurer.fg, arsfil), **period_figurer(pf)}
    return Delarsrapport(
        typ="delarsrapport",
        titel=f"Delårsrapport {ar}",
        undertitel=f"{periodtext[:1].upper()}{periodtext[1:]} {ar}",
        forbund=forbund,
        ar=ar,
        foregaende_ar=ar - 1,
        period=period_text(pf.start, pf.slut),
        datum=dokumentdatum(beslutad, pf.slut),
        figurer=figurer,
        avsnitt=[],
        medlemmar={m.id: m.namn for m in forbund.medlemmar},
        arsfigurer=arsfigurer,
        tertial=vy,
        periodfigurer=pf,
        periodslut=pf.slut,
        resultatrakning=rr,
        balansrakning=br,
        kassaflodesanalys=kf,
        balanskrav=bk,
        texter=texter,
        beslutad=beslutad,
    )


MANADER_DELAR = (6, 8)
"""A delårsrapport covers at least half and at most two thirds of the year (RKR R17)."""


def delar_perioder(arsfil) -> list[str | None]:
    """The periods a year file can have a delårsrapport for: 6–8 months, with a
    resultaträkning."""
    out: list[str | None] = []
    for t, months in MANADER.items():
        per = arsfil.tertial.period(t)
        if per is not None and per.resultatrakning is not None and \
                MANADER_DELAR[0] <= months <= MANADER_DELAR[1]:
            out.append(t)
    return out
