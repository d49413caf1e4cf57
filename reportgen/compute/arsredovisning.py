"""The årsredovisning's view: :func:`compute_arsredovisning`, and the year's parts that the
other report kinds share (:func:`years`, :func:`figures`, :func:`organisation`, …)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..format import ORE_REGEL
from ..format import period as period_text
from ..model import Arsfil
from ..model.organisation import Ledamot
from . import dokument, noter, rakningar
from .insatser import insats_vy, summering
from .mal import arsmal_vyer
from .rakningar import Ar
from .vy import (
    Arsfigurer,
    Arsredovisning,
    Gruppering,
    OrganisationVy,
    Person,
    Rakning,
    Signatur,
    UnderskrifterVy,
)

if TYPE_CHECKING:  # the loader and validator are not needed to compute a view
    from ..sources import Indata

ROLL_ORDNING = ["ordförande", "1:e vice ordförande", "vice ordförande", "2:e vice ordförande"]


def years(indata: Indata) -> Arsfigurer:
    """This year's and the prior year's figures, from the prior file when it exists."""
    cur_file, fg_file = indata.arsfil, indata.foregaende
    typed = cur_file.foregaende_ar

    def first(*values):
        return next((v for v in values if v is not None), None)

    fg_rr = first(fg_file and fg_file.resultatrakning, typed and typed.resultatrakning)
    fg_br = first(fg_file and fg_file.balansrakning, typed and typed.balansrakning)
    fg_drift = first(fg_file and fg_file.driftredovisning, typed and typed.driftredovisning)
    fg_anst = first(fg_file and fg_file.personal and fg_file.personal.antal_anstallda,
                    typed and typed.antal_anstallda)
    # The year before the prior year, for the prior year's cash-flow column.
    fgfg_br = first(fg_file and fg_file.foregaende_ar and fg_file.foregaende_ar.balansrakning,
                    typed and typed.ingaende_balansrakning)

    fgfg = rakningar.ar_figurer(None, cur_file.ar - 2, None, fgfg_br, None) if fgfg_br else None
    fg = None
    if fg_rr is not None or fg_br is not None:
        fg = rakningar.ar_figurer(fg_file, cur_file.ar - 1, fg_rr, fg_br,
                                  fgfg.br if fgfg else None, fg_drift, fg_anst,
                                  typed.kassaflodesanalys if typed else None)
    cur = rakningar.ar_figurer(
        cur_file, cur_file.ar, cur_file.resultatrakning, cur_file.balansrakning,
        fg.br if fg else None, cur_file.driftredovisning,
        cur_file.personal.antal_anstallda if cur_file.personal else None)
    return Arsfigurer(cur, fg, fgfg)


def arsredovisning_delar(indata: Indata) -> dict[str, Any]:
    """The year's parts of the årsredovisning, as keyword arguments of its view.

    The verksamhetsplan's view takes them too (its sections may show any standard block).
    """
    arsfil = indata.arsfil
    forbund = indata.forbund
    ar = arsfil.ar
    arsfigurer = years(indata)
    cur, fg = arsfigurer.cur, arsfigurer.fg
    start, end = dt.date(ar, 1, 1), dt.date(ar, 12, 31)
    periods = [period_text(start, end), period_text(dt.date(ar - 1, 1, 1), dt.date(ar - 1, 12, 31))]
    dates = [f"{ar}-12-31", f"{ar - 1}-12-31"]
    with_prior = fg is not None

    rr = br = kf = bk = None
    ek_not = next((n.id for n in arsfil.noter if n.typ == "eget_kapital"), None)
    if cur.rr is not None:
        rr = Rakning("resultatrakning", "Resultaträkning", periods[: 1 + with_prior],
                     rakningar.resultatrakning_rader(cur, fg))
    if cur.br is not None:
        br = Rakning("balansrakning", "Balansräkning", dates[: 1 + with_prior],
                     rakningar.balansrakning_rader(cur, fg, ek_not))
    if cur.kf is not None:
        kf = Rakning("kassaflodesanalys", "Kassaflödesanalys", periods[: 1 + with_prior],
                     rakningar.kassaflode_rader(cur, fg))
    if cur.bk is not None:
        visa = arsfil.balanskrav.visa_nollrader
        if visa is None:
            visa = forbund.format.visa_nollrader
        bk = Rakning("balanskrav", "Balanskravsutredning", [str(ar), str(ar - 1)][: 1 + with_prior],
                     rakningar.balanskrav_rader(cur, fg, visa))

    for rakning in (rr, br, kf, bk):
        if rakning is not None:
            utan_tom_jamforelse(rakning)
    statements = [r for r in (rr, br, kf) if r is not None]
    for rakning in statements:
        if arsfil.arsredovisning.jamforelse_saknas and not har_jamforelse(rakning):
            rakning.anmarkningar.append(arsfil.arsredovisning.jamforelse_saknas.strip())
        if arsfil.belopp_i_ore:
            rakning.anmarkningar.append(ORE_REGEL)
    numbers = noter.numrering(arsfil.noter, statements)
    for rakning in statements:
        for rad in rakning.rader:
            if rad.not_id:
                rad.not_nr = numbers.get(rad.not_id)
                rad.ovriga_nr = [numbers[i] for i in rad.ovriga_noter if i in numbers]
        rakning.har_noter = any(rad.not_ids for rad in rakning.rader)
    fg_noter = (indata.foregaende.noter if indata.foregaende
                else (arsfil.foregaende_ar.noter if arsfil.foregaende_ar else []))
    notes = noter.noter(arsfil.noter, numbers, cur, fg, fg_noter)

    insatser = [insats_vy(i, forbund.insatskort, forbund.format.avrundning, ar)
                for i in arsfil.insatser]
    medlemmar = {m.id: m.namn for m in forbund.medlemmar}
    # A note row's figure may have no amount this year; it then prints as nothing.
    figurer: dict[str, Decimal | None] = dict(figures(cur, fg, arsfil))
    for note in notes:
        for table in note.tabeller:
            for rad in table.rader:
                if note.id in numbers and rad.id and note_has_figure(arsfil, note.id, rad.id):
                    figurer[rad.id] = rad.belopp
    underskrift = underskrifter(arsfil, forbund.sate)
    beslutad = arsfil.arsredovisning.beslutad
    return dict(
        forbund=forbund,
        ar=ar,
        foregaende_ar=ar - 1,
        period=periods[0],
        datum=dokumentdatum(beslutad, underskrift.datum if underskrift else None, end),
        figurer=figurer,
        medlemmar=medlemmar,
        arsfigurer=arsfigurer,
        resultatrakning=rr,
        balansrakning=br,
        kassaflodesanalys=kf,
        balanskrav=bk,
        balanskrav_text=arsfil.balanskrav.text,
        balanskrav_reglering=arsfil.balanskrav.reglering,
        driftredovisning=rakningar.driftredovisning(cur, fg),
        investeringsredovisning=rakningar.investeringsredovisning(
            ar, arsfil.investeringsredovisning),
        flerarsoversikt=rakningar.flerarsoversikt([y for y in (cur, fg) if y], forbund),
        noter=notes,
        insatser=insatser,
        insatser_summa=summering(insatser),
        organisation=organisation(arsfil, medlemmar),
        kansli=list(arsfil.organisation.kansli) if arsfil.organisation else [],
        personal=arsfil.personal,
        underskrifter=underskrift,
        mal=arsfil.mal,
        malvyer=arsmal_vyer(arsfil.mal),
        beslutad=beslutad,
        diarienummer=arsfil.arsredovisning.diarienummer,
        omslagsdatum=arsfil.arsredovisning.datum,
        samlad_bedomning=arsfil.arsredovisning.samlad_bedomning,
        handelser_efter_balansdagen=arsfil.arsredovisning.handelser_efter_balansdagen,
    )


def har_jamforelse(rakning: Rakning) -> bool:
    """Whether a statement's comparative column shows any amount (zero counts: it is a
    figure; only a column with no value at all is missing), as :func:`utan_tom_jamforelse`."""
    return any(r.foregaende is not None for r in rakning.rader
               if r.typ in ("post", "summa", "totalsumma"))


def utan_tom_jamforelse(rakning: Rakning) -> None:
    """Drop a statement's comparative column when no row has a value in it: a prior-year
    header over blanks says nothing (the year file's ``jamforelse_saknas`` says why)."""
    if len(rakning.kolumner) == 2 and all(
            r.foregaende is None and r.text_foregaende is None for r in rakning.rader):
        rakning.kolumner = rakning.kolumner[:1]


def dokumentdatum(*candidates: dt.date | None) -> dt.date:
    """The first date the data gives: the one rule for a report's document date.

    Each report kind passes its candidates in order (decision date, signing date, and last
    the period's end, which always exists); the clock is never read.

    >>> dokumentdatum(None, dt.date(2024, 4, 8), dt.date(2023, 12, 31))
    datetime.date(2024, 4, 8)
    """
    return next(d for d in candidates if d is not None)


def compute_arsredovisning(indata: Indata) -> Arsredovisning:
    """Compute the view of the årsredovisning for *indata*."""
    arsfil = indata.arsfil
    format_rubrik = dokument.rubrikformat(arsfil.ar, indata.forbund.namn)
    delar = arsredovisning_delar(indata)
    avsnitt_model = arsfil.arsredovisning.avsnitt or dokument.standard_avsnitt()
    tree = dokument.Numrering(format_rubrik, arsfil.arsredovisning.texter, delar["insatser"],
                              arsfil.arsredovisning.numrering).build(avsnitt_model)
    return Arsredovisning(
        typ="arsredovisning",
        titel=format_rubrik(arsfil.arsredovisning.titel or "Årsredovisning {ar}"),
        undertitel=(format_rubrik(arsfil.arsredovisning.undertitel)
                    if arsfil.arsredovisning.undertitel else None),
        avsnitt=tree,
        **delar,
    )


def figures(cur: Ar, fg: Ar | None, arsfil: Arsfil) -> dict[str, Decimal]:
    """The named figures running text may quote as {{namn}}."""
    out: dict[str, Decimal] = {}
    for prefix, year in (("", cur), ("foregaende_", fg)):
        if year is None:
            continue
        for group in (year.rr, year.br, year.bk):
            for k, v in (group or {}).items():
                out.setdefault(prefix + k, v)
        if year.driftredovisning is not None:
            budget, _ = rakningar.drift_resultat(year.driftredovisning)
            out[prefix + "budgeterat_resultat"] = budget
            for r in year.driftredovisning.rader:
                if r.id:
                    out[f"{prefix}{r.id}_budget"] = r.budget
                    out[f"{prefix}{r.id}_utfall"] = r.utfall
    if cur.rr is not None:
        out["verksamhetens_kostnader_positivt"] = -cur.rr["verksamhetens_kostnader"]
    return out


def note_has_figure(arsfil: Arsfil, note_id: str, name: str) -> bool:
    """Whether a row of note *note_id* exposes its amount as {{name}} (``figur:``)."""
    note = next(n for n in arsfil.noter if n.id == note_id)
    return any(r.figur == name for t in note.tabeller for r in t.rader)


def _term(person) -> str | None:
    def month(value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    parts = []
    if person.fom:
        parts.append(f"fr.o.m. {month(person.fom)}")
    if person.tom:
        parts.append(f"t.o.m. {month(person.tom)}")
    return ", ".join(parts) or None


def _group(people, medlemmar: dict[str, str], with_role: bool) -> list[Gruppering]:
    groups: dict[str, Gruppering] = {}
    for p in people:
        org = medlemmar.get(p.utsedd_av, p.utsedd_av) if p.utsedd_av else ""
        if getattr(p, "enhet", None):
            org = f"{org} ({p.enhet})"
        extra = [x for x in ((p.roll if with_role else None), _term(p)) if x]
        groups.setdefault(org, Gruppering(org, [])).personer.append(
            Person(p.namn or "", ", ".join(extra) or None))
    return list(groups.values())


def organisation(arsfil: Arsfil, medlemmar: dict[str, str]) -> OrganisationVy | None:
    org = arsfil.organisation
    if org is None:
        return None
    return OrganisationVy(
        ledamoter=_group(under_aret(org.styrelse.ledamoter, arsfil.ar), medlemmar, True),
        ersattare=_group(org.styrelse.ersattare, medlemmar, True),
        beredningsgrupp=_group(org.beredningsgrupp, medlemmar, False),
        antal_moten=org.styrelse.antal_moten,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def signeringsdag(arsfil: Arsfil) -> dt.date:
    """The day the sitting board is taken on: the signing date, else the year end."""
    u = arsfil.underskrifter
    return (u.datum if u and u.datum else None) or dt.date(arsfil.ar, 12, 31)


def under_aret(ledamoter: list[Ledamot], ar: int) -> list[Ledamot]:
    """The ledamöter who sat during year *ar*: not those who took their seat after it."""
    end = dt.date(ar, 12, 31)
    return [le for le in ledamoter if not (isinstance(le.fom, dt.date) and le.fom > end)]


def underskrifter(arsfil: Arsfil, sate: str = "") -> UnderskrifterVy | None:
    u = arsfil.underskrifter
    if u is None:
        return None
    ledamoter = arsfil.organisation.styrelse.ledamoter if arsfil.organisation else []
    by_name = {ledamot.namn: ledamot for ledamot in ledamoter}
    if u.ledamoter is not None:
        names = u.ledamoter
    else:
        current = [ledamot for ledamot in ledamoter if ledamot.sitter(signeringsdag(arsfil))]
        current.sort(key=lambda x: ROLL_ORDNING.index(x.roll) if x.roll in ROLL_ORDNING else 99)
        names = [ledamot.namn for ledamot in current]
    signers = [Signatur(n, _capital(roll) if n in by_name and (roll := by_name[n].roll)
                        else "Ledamot") for n in names]
    revisorer = [Signatur(r.namn, ", ".join(
        x for x in (r.titel, f"utsedd av {r.utsedd_av}" if r.utsedd_av else None) if x))
                 for r in u.revisorer]
    revisorer = [Signatur(s.namn, _capital(s.roll)) for s in revisorer]
    return UnderskrifterVy(u.ort or sate, u.datum, signers, revisorer, u.revisorstext, u.intygande,
                           u.revisionsberattelse_datum)
