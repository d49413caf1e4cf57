"""Notes: numbering in order of first reference, prior-year columns, computed sum rows."""

from __future__ import annotations

from decimal import Decimal

from ..format import ZERO
from ..format import period as period_text
from ..model import Not
from ..model.ekonomi import AnlaggningsNot
from .rakningar import Ar
from .vy import NotTabellVy, NotVy, Rad, Radtyp, Rakning


def numrering(noter: list[Not], rakningar: list[Rakning]) -> dict[str, int]:
    """Note id → number: Not 1 is the accounting principles, then order of first reference,
    then notes never referenced, in data order."""
    order: list[str] = [n.id for n in noter if n.typ == "redovisningsprinciper"][:1]
    for rakning in rakningar:
        for rad in rakning.rader:
            for note_id in rad.not_ids:
                if note_id not in order:
                    order.append(note_id)
    known = {n.id for n in noter}
    order = [i for i in order if i in known]
    order += [n.id for n in noter if n.id not in order]
    return {note_id: i + 1 for i, note_id in enumerate(order)}


def _headers(kind: str, ar: int, with_prior: bool) -> list[str]:
    years = [ar, ar - 1] if with_prior else [ar]
    if kind == "ar":
        return [str(y) for y in years]
    if kind == "datum":
        return [f"{y}-12-31" for y in years]
    if kind == "period":
        import datetime as dt
        return [period_text(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
    return []


def _prior_note(fg_noter: list[Not], note_id: str) -> Not | None:
    return next((n for n in fg_noter if n.id == note_id), None)


def allman(note: Not, ar: int, fg_note: Not | None) -> list[NotTabellVy]:
    tables = []
    for ti, t in enumerate(note.tabeller):
        prior_rows: dict[str, Decimal | None] = {}
        if fg_note is not None and ti < len(fg_note.tabeller):
            prior_rows = {r.namn: r.belopp for r in fg_note.tabeller[ti].rader}
        rows: list[Rad] = []
        acc, acc_fg, any_fg = ZERO, ZERO, False
        for r in t.rader:
            if r.rubrik:
                rows.append(Rad(r.namn, typ="underrubrik"))
                acc, acc_fg = ZERO, ZERO
                continue
            if r.summa:
                rows.append(Rad(r.namn, acc, acc_fg if any_fg else None, "summa", r.figur))
                continue
            fg_value = r.foregaende if r.foregaende is not None else prior_rows.get(r.namn)
            if fg_value is not None:
                any_fg = True
            rows.append(Rad(r.namn, r.belopp, fg_value, "post", r.figur, text_varde=r.text,
                            text_foregaende=r.text if r.text else None))
            acc += r.belopp or ZERO
            acc_fg += fg_value or ZERO
        with_prior = t.visa_foregaende and t.kolumner != "ingen"
        tables.append(NotTabellVy(t.rubrik, _headers(t.kolumner, ar, with_prior), rows,
                                  t.avser, t.tecken, ti))
    return tables


def eget_kapital(cur: Ar, fg: Ar | None) -> list[NotTabellVy]:
    b, fb = cur.br, (fg.br if fg else None)
    if b is None:
        return []

    def v(fig, key):
        return fig[key] if fig else None

    rows = [
        Rad("Ingående eget kapital", v(b, "eget_kapital_ingaende"), v(fb, "eget_kapital_ingaende"),
            id="eget_kapital_ingaende"),
    ]
    if (b.get("eget_kapital_ovriga_forandringar")
            or (fb and fb.get("eget_kapital_ovriga_forandringar"))):
        rows.append(Rad("Övriga förändringar", v(b, "eget_kapital_ovriga_forandringar"),
                        v(fb, "eget_kapital_ovriga_forandringar")))
    rows.append(Rad("Årets resultat", v(b, "arets_resultat"), v(fb, "arets_resultat"),
                    id="arets_resultat"))
    rows.append(Rad("Utgående eget kapital", v(b, "eget_kapital"), v(fb, "eget_kapital"),
                    "summa", id="eget_kapital"))
    return [NotTabellVy(None, _headers("datum", cur.ar, fg is not None and fb is not None), rows,
                        "balansrakning.eget_kapital")]


def anlaggning_figurer(a: AnlaggningsNot) -> dict[str, Decimal]:
    f = {
        "ingaende_anskaffningsvarde": a.ingaende_anskaffningsvarde,
        "inkop": a.inkop,
        "forsaljning": a.forsaljning,
        "utrangering": a.utrangering,
        "overforing": a.overforing,
        "ingaende_avskrivningar": a.ingaende_avskrivningar,
        "arets_avskrivningar": a.arets_avskrivningar,
        "aterford_avskrivning": a.aterford_avskrivning,
    }
    f["utgaende_anskaffningsvarde"] = (a.ingaende_anskaffningsvarde + a.inkop + a.forsaljning
                                       + a.utrangering + a.overforing)
    f["utgaende_avskrivningar"] = (a.ingaende_avskrivningar + a.arets_avskrivningar
                                   + a.aterford_avskrivning)
    f["utgaende_redovisat_varde"] = f["utgaende_anskaffningsvarde"] + f["utgaende_avskrivningar"]
    return f


_ANL_ROWS: list[tuple[str, str, Radtyp, bool]] = [
    ("ingaende_anskaffningsvarde", "Ingående anskaffningsvärden", "post", True),
    ("inkop", "Inköp", "post", False),
    ("forsaljning", "Försäljningar", "post", False),
    ("utrangering", "Utrangeringar", "post", False),
    ("overforing", "Överföringar", "post", False),
    ("utgaende_anskaffningsvarde", "Utgående ackumulerade anskaffningsvärden", "summa", True),
    ("ingaende_avskrivningar", "Ingående avskrivningar", "post", True),
    ("aterford_avskrivning", "Återförda avskrivningar", "post", False),
    ("arets_avskrivningar", "Årets avskrivningar", "post", True),
    ("utgaende_avskrivningar", "Utgående ackumulerade avskrivningar", "summa", True),
    ("utgaende_redovisat_varde", "Utgående redovisat värde", "totalsumma", True),
]


def anlaggning(note: Not, ar: int, fg_note: Not | None) -> list[NotTabellVy]:
    if note.anlaggning is None:
        return []
    f = anlaggning_figurer(note.anlaggning)
    ff = anlaggning_figurer(fg_note.anlaggning) if fg_note and fg_note.anlaggning else None
    rows = []
    for key, text, typ, always in _ANL_ROWS:
        if not always and not f[key] and not (ff and ff[key]):
            continue
        rows.append(Rad(text, f[key], ff[key] if ff else None, typ, key))
    if note.anlaggning.avskrivningstid:
        rows.append(Rad("Avskrivningstid", typ="post", text_varde=note.anlaggning.avskrivningstid))
    return [NotTabellVy(None, _headers("datum", ar, ff is not None), rows,
                        f"balansrakning.anlaggningstillgangar.{note.anlaggning.post}")]


def noter(all_notes: list[Not], numbers: dict[str, int], cur: Ar, fg: Ar | None,
          fg_noter: list[Not]) -> list[NotVy]:
    out = []
    for note in sorted(all_notes, key=lambda n: numbers[n.id]):
        fg_note = _prior_note(fg_noter, note.id)
        if note.typ == "eget_kapital":
            tables = eget_kapital(cur, fg)
        elif note.typ == "anlaggningstillgangar":
            tables = anlaggning(note, cur.ar, fg_note)
        else:
            tables = allman(note, cur.ar, fg_note)
        out.append(NotVy(numbers[note.id], note.id, note.rubrik, note.text, tables,
                         note.text_efter))
    return out
