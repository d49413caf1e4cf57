"""Notes: numbering in order of first reference, prior-year columns, computed sum rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..format import ZERO, procent
from ..format import period as period_text
from ..model import Not
from ..model.ekonomi import SARSKILD_LONESKATT, AnlaggningsNot, Leasingavtal, PensionsNot
from .rakningar import Ar
from .vy import AvvikelseVy, NotTabellVy, NotVy, Rad, Radtyp, Rakning


@dataclass(frozen=True)
class Notslag:
    """A standard note kind that explains one balance-sheet line (LKBR 4 kap. 6 §)."""

    figur: str
    """The computed balance-sheet figure its total equals (``Ar.br`` key)."""
    avser: str
    """The line's path in the schema (what a table's ``avser:`` would say)."""
    rad: str
    """The line as the balansräkning prints it, for messages."""


NOTSLAG: dict[str, Notslag] = {
    "fordringar": Notslag("fordringar", "balansrakning.omsattningstillgangar.fordringar",
                          "Fordringar"),
    "kortfristiga_skulder": Notslag("kortfristiga_skulder", "balansrakning.skulder.kortfristiga",
                                    "Kortfristiga skulder"),
    "langfristiga_skulder": Notslag("langfristiga_skulder", "balansrakning.skulder.langfristiga",
                                    "Långfristiga skulder"),
    "avsattningar": Notslag("summa_avsattningar", "balansrakning.avsattningar",
                            "Summa avsättningar"),
    "ansvarsforbindelser": Notslag("ansvarsforbindelser", "balansrakning.ansvarsforbindelser",
                                   "Övriga ansvarsförbindelser"),
    "pensionsforpliktelser": Notslag(
        "pensionsforpliktelser", "balansrakning.pensionsforpliktelser",
        "Pensionsförpliktelser som inte har tagits upp bland skulderna eller avsättningarna"),
}
"""Note kinds whose total is checked against a balance-sheet line
(:func:`reportgen.checks.noter.notspecifikation_stammer`, ``pensionsnot_stammer``)."""

SUMMERADE = (*NOTSLAG, "revision")
"""Note kinds whose tables get a computed sum row when the data gives none."""


def sarskild_loneskatt(pensionsforpliktelse: Decimal) -> Decimal:
    """Särskild löneskatt on a pension obligation, in whole kronor (half up).

    >>> sarskild_loneskatt(Decimal(1000000))
    Decimal('242600')
    """
    return (pensionsforpliktelse * SARSKILD_LONESKATT).quantize(Decimal(1), ROUND_HALF_UP)


def pension_figurer(p: PensionsNot) -> dict[str, Decimal]:
    """The pension note's three rows: the obligation, its löneskatt (computed) and the sum."""
    skatt = sarskild_loneskatt(p.pensionsforpliktelse)
    return {"pensionsforpliktelse": p.pensionsforpliktelse, "sarskild_loneskatt": skatt,
            "summa": p.pensionsforpliktelse + skatt}


def leasing_summa(a: Leasingavtal) -> Decimal:
    """Future minimum lease payments of one kind of contract, all maturities."""
    return a.inom_ett_ar + a.mellan_ett_och_fem_ar + a.senare_an_fem_ar


def notsumma(note: Not, ar: int, fg_note: Not | None) -> tuple[Decimal, Decimal | None]:
    """A note's total, this year and the prior year (None without prior figures): the
    pension note's sum, else the sum of every amount row of its tables."""
    if note.pension is not None:
        fg = (pension_figurer(fg_note.pension)["summa"]
              if fg_note is not None and fg_note.pension is not None else None)
        return pension_figurer(note.pension)["summa"], fg
    total, fg_total, any_fg = ZERO, ZERO, False
    for table in allman(note, ar, fg_note):
        for rad in table.rader:
            if rad.typ == "post":
                total += rad.belopp or ZERO
                if rad.foregaende is not None:
                    any_fg = True
                    fg_total += rad.foregaende
    return total, (fg_total if any_fg else None)


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


ENDAST_FOREGAENDE = "endast_foregaende"
"""The :attr:`Rad.id` of a row :func:`allman` adds from last year's note (no row typed)."""


def allman(note: Not, ar: int, fg_note: Not | None) -> list[NotTabellVy]:
    tables = []
    for ti, t in enumerate(note.tabeller):
        prior_rows: dict[str, Decimal | None] = {}
        if fg_note is not None and ti < len(fg_note.tabeller):
            prior_rows = {r.namn: r.belopp for r in fg_note.tabeller[ti].rader}
        # Rows only last year had (a kind of fordran that is gone) keep their prior-year
        # figure, before the first sum row, so the prior column still adds up. Not when
        # this year's file types its own prior-year figures.
        only_prior: list[tuple[str, Decimal]] = []
        if (fg_note is not None and ti < len(fg_note.tabeller)
                and not any(r.foregaende is not None for r in t.rader)):
            names = {r.namn for r in t.rader}
            only_prior = [(r.namn, r.belopp) for r in fg_note.tabeller[ti].rader
                          if not (r.summa or r.rubrik) and r.namn not in names
                          and r.belopp is not None]
        rows: list[Rad] = []
        acc, acc_fg, any_fg = ZERO, ZERO, False
        for r in [*t.rader, None]:
            if only_prior and (r is None or r.summa):
                for namn, belopp in only_prior:
                    rows.append(Rad(namn, None, belopp, "post", id=ENDAST_FOREGAENDE))
                    acc_fg += belopp
                any_fg, only_prior = True, []
            if r is None:
                break
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


def summerad(note: Not, ar: int, fg_note: Not | None) -> list[NotTabellVy]:
    """The tables of a standard note kind: each gets a computed sum row when the data gives
    none, and says which balance-sheet line it explains."""
    slag = NOTSLAG.get(note.typ)
    tables = allman(note, ar, fg_note)
    for table in tables:
        if not any(r.typ in ("summa", "totalsumma") for r in table.rader):
            posts = [r for r in table.rader if r.typ == "post"]
            fgs = [r.foregaende for r in posts if r.foregaende is not None]
            table.rader.append(Rad("Summa", sum((r.belopp or ZERO for r in posts), ZERO),
                                   sum(fgs, ZERO) if fgs else None, "summa"))
        if slag is not None and table.avser is None:
            table.avser = slag.avser
    return tables


def _loneskatt_text() -> str:
    return f"Särskild löneskatt ({procent(SARSKILD_LONESKATT, decimals=2)})"


def pension(note: Not, ar: int, fg_note: Not | None) -> list[NotTabellVy]:
    """The pension obligations outside the balance sheet with their särskild löneskatt."""
    tables = []
    if note.pension is not None:
        f = pension_figurer(note.pension)
        ff = (pension_figurer(fg_note.pension)
              if fg_note is not None and fg_note.pension is not None else None)
        rows = [
            Rad(note.pension.text or "Pensionsförpliktelser", f["pensionsforpliktelse"],
                ff["pensionsforpliktelse"] if ff else None, id="pensionsforpliktelse"),
            Rad(_loneskatt_text(), f["sarskild_loneskatt"],
                ff["sarskild_loneskatt"] if ff else None, id="sarskild_loneskatt"),
            Rad("Summa pensionsförpliktelser inklusive särskild löneskatt", f["summa"],
                ff["summa"] if ff else None, "summa", id="summa"),
        ]
        tables.append(NotTabellVy(None, _headers("datum", ar, ff is not None), rows,
                                  NOTSLAG["pensionsforpliktelser"].avser))
    return tables + allman(note, ar, fg_note)


_LEASING_ROWS = [
    ("inom_ett_ar", "Förfaller till betalning inom ett år"),
    ("mellan_ett_och_fem_ar", "Förfaller till betalning senare än ett år men inom fem år"),
    ("senare_an_fem_ar", "Förfaller till betalning senare än fem år"),
]


def leasing(note: Not, ar: int, fg_note: Not | None) -> list[NotTabellVy]:
    """Future minimum lease payments per kind of contract, by maturity (RKR R5)."""
    tables = []
    for avtal in note.leasing:
        # Last year's contract of the same kind (by its heading, not its place in the list).
        prior = next((a for a in fg_note.leasing if a.rubrik == avtal.rubrik), None) \
            if fg_note is not None else None
        rows = [Rad(text, getattr(avtal, key), getattr(prior, key) if prior else None, id=key)
                for key, text in _LEASING_ROWS]
        rows.append(Rad("Summa framtida minimileaseavgifter", leasing_summa(avtal),
                        leasing_summa(prior) if prior else None, "summa", id="summa"))
        if avtal.arets_avgifter is not None:
            rows.append(Rad("Årets kostnad för avtalen", avtal.arets_avgifter,
                            prior.arets_avgifter if prior else None, id="arets_avgifter"))
        tables.append(NotTabellVy(avtal.rubrik, _headers("datum", ar, prior is not None), rows))
    return tables + allman(note, ar, fg_note)


def noter(all_notes: list[Not], numbers: dict[str, int], cur: Ar, fg: Ar | None,
          fg_noter: list[Not]) -> list[NotVy]:
    out = []
    for note in sorted(all_notes, key=lambda n: numbers[n.id]):
        fg_note = _prior_note(fg_noter, note.id)
        if note.typ == "eget_kapital":
            tables = eget_kapital(cur, fg)
        elif note.typ == "anlaggningstillgangar":
            tables = anlaggning(note, cur.ar, fg_note)
        elif note.typ == "pensionsforpliktelser":
            tables = pension(note, cur.ar, fg_note)
        elif note.typ == "leasing":
            tables = leasing(note, cur.ar, fg_note)
        elif note.typ in SUMMERADE:
            tables = summerad(note, cur.ar, fg_note)
        else:
            tables = allman(note, cur.ar, fg_note)
        avvikelser = (None if note.avvikelser_rkr is None else
                      [AvvikelseVy(a.rekommendation, a.avvikelse, a.skal)
                       for a in note.avvikelser_rkr])
        out.append(NotVy(numbers[note.id], note.id, note.rubrik, note.text, tables,
                         note.text_efter, note.typ, avvikelser))
    return out
