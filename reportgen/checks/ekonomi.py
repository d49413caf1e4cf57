"""Checks of the statements: balance, årets resultat, eget kapital, cash flow, notes,
prior-year figures, typed totals, flerårsöversikt, members and figures in running text."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from .. import markdown
from ..compute.noter import NOTSLAG, anlaggning_figurer
from ..compute.rakningar import Ar, drift_resultat
from ..errors import Problem
from ..format import kr, parse_belopp
from ..load import PathKey, Source, iter_paths
from ..model.base import kontrollsummor
from ..model.ekonomi import Kassaflodesanalys
from .kontext import Check, Kontext


def _years(ctx: Kontext) -> Iterator[tuple[Ar, Source, PathKey, Ar | None]]:
    """(year, source, path of its balansrakning/resultatrakning parent, year before)."""
    yield ctx.cur, ctx.indata.ar_source, (), ctx.fg
    if ctx.fg is not None:
        source, path = ctx.prior_place("balansrakning")
        yield ctx.fg, source, path[:-1], ctx.fgfg


def balansrakning_balanserar(ctx: Kontext) -> Iterable[Problem]:
    """Summa tillgångar = summa eget kapital, avsättningar och skulder, both years."""
    for year, source, base, _ in _years(ctx):
        if year.br is None:
            continue
        assets = year.br["summa_tillgangar"]
        claims = year.br["summa_eget_kapital_avsattningar_och_skulder"]
        if assets != claims:
            p = ctx.mismatch(
                "balansrakning_balanserar", f"balansrakning {year.ar}",
                ctx.at((*base, "balansrakning"), source), claims, assets,
                f"balansräkningen {year.ar} balanserar inte",
                labels=("summa eget kapital, avsättningar och skulder", "summa tillgångar"))
            yield p


_STATEMENT_TEXT = {"resultatrakning": "resultaträkningen", "balansrakning": "balansräkningen"}


def _typed_totals(year: Ar) -> Iterator[tuple[PathKey, Decimal | None, Decimal, str]]:
    """(path, typed, computed, what) for every control total of one year's statements.

    The control totals are the fields the model marks :class:`Kontrollsumma`; årets resultat
    in the balance sheet is compared by :func:`arets_resultat_samma` instead.
    """
    for part, model, computed in (("resultatrakning", year.resultatrakning, year.rr),
                                  ("balansrakning", year.balansrakning, year.br)):
        if model is None or computed is None:
            continue
        for path, mark in kontrollsummor(type(model)):
            if mark.figur == "arets_resultat":
                continue
            typed = _dig(model, path)
            what = (f"{mark.text} {year.ar}" if mark.text else
                    f"{_STATEMENT_TEXT[part]} {year.ar}, {path[-1].replace('_', ' ')}")
            yield (part, *path), typed, computed[mark.figur or path[-1]], what


def _dig(model: object, path: tuple[str, ...]) -> Decimal | None:
    for key in path:
        model = getattr(model, key, None)
    return model  # type: ignore[return-value]


def typad_summa(ctx: Kontext) -> Iterable[Problem]:
    """A total that is typed too (summa_…, årets resultat, …) equals the computed one."""
    totals = [(source, (*base, *path), typed, computed, what)
              for year, source, base, _ in _years(ctx)
              for path, typed, computed, what in _typed_totals(year)]
    arsfil, source = ctx.indata.arsfil, ctx.indata.ar_source
    if ctx.cur.bk is not None:
        totals.append((source, ("balanskrav", "balanskravsresultat"),
                       arsfil.balanskrav.balanskravsresultat, ctx.cur.bk["balanskravsresultat"],
                       "balanskravsresultatet"))
    if arsfil.driftredovisning is not None:
        budget, utfall = drift_resultat(arsfil.driftredovisning)
        for key, computed in (("resultat_budget", budget), ("resultat_utfall", utfall)):
            totals.append((source, ("driftredovisning", key),
                           getattr(arsfil.driftredovisning, key), computed,
                           f"driftredovisningens {key.replace('_', ' ')}"))
    for i, note in enumerate(arsfil.noter):
        if note.anlaggning is not None:
            totals.append((source, ("noter", i, "anlaggning", "utgaende_redovisat_varde"),
                           note.anlaggning.utgaende_redovisat_varde,
                           anlaggning_figurer(note.anlaggning)["utgaende_redovisat_varde"],
                           f"utgående redovisat värde i noten '{note.rubrik}'"))
    for src, path, typed, computed, what in totals:
        if typed is not None and typed != computed:
            field = ".".join(str(p) for p in path if p != "foregaende_ar")
            yield ctx.mismatch("typad_summa", field, ctx.at(path, src), typed, computed, what)


def arets_resultat_samma(ctx: Kontext) -> Iterable[Problem]:
    """Årets resultat is the same in RR, BR and kassaflödesanalys (the driftredovisning:
    :func:`reportgen.checks.lag.driftredovisning_stammer`)."""
    arsfil = ctx.indata.arsfil
    if ctx.cur.rr is None:
        return
    result = ctx.cur.rr["arets_resultat"]
    places: list[tuple[PathKey, Decimal, str]] = []
    if (arsfil.balansrakning is not None
            and arsfil.balansrakning.eget_kapital.arets_resultat is not None):
        places.append((("balansrakning", "eget_kapital", "arets_resultat"),
                       arsfil.balansrakning.eget_kapital.arets_resultat, "balansräkningen"))
    if arsfil.kassaflodesanalys.arets_resultat is not None:
        places.append((("kassaflodesanalys", "arets_resultat"),
                       arsfil.kassaflodesanalys.arets_resultat, "kassaflödesanalysen"))
    for path, typed, where in places:
        if typed != result:
            yield ctx.mismatch("arets_resultat_samma", ".".join(map(str, path)), ctx.at(path),
                               typed, result, f"årets resultat i {where} skiljer sig från "
                               "resultaträkningen")


def eget_kapital_rullar(ctx: Kontext) -> Iterable[Problem]:
    """Ingående eget kapital equals the prior year's utgående eget kapital, both years."""
    for year, source, base, before in _years(ctx):
        if year.br is None or before is None or before.br is None:
            continue
        opening = year.br["eget_kapital_ingaende"] + year.br["resultatutjamningsreserv"]
        if opening != before.br["eget_kapital"]:
            yield ctx.mismatch(
                "eget_kapital_rullar", f"balansrakning.eget_kapital.ingaende ({year.ar})",
                ctx.at((*base, "balansrakning", "eget_kapital", "ingaende"), source),
                opening, before.br["eget_kapital"],
                f"ingående eget kapital {year.ar} ska vara utgående eget kapital {before.ar}")


def kassaflode_stammer(ctx: Kontext) -> Iterable[Problem]:
    """Cash flow agrees with the balance sheet: changes, opening and closing likvida medel."""
    kf_model = ctx.indata.arsfil.kassaflodesanalys
    kf = ctx.cur.kf
    if kf is None:
        return
    for (key,), mark in kontrollsummor(Kassaflodesanalys):
        typed, label = getattr(kf_model, key), mark.text or key.replace("_", " ")
        if typed is not None and typed != kf[key]:
            yield ctx.mismatch("kassaflode_stammer", f"kassaflodesanalys.{key}",
                               ctx.at(("kassaflodesanalys", key)), typed, kf[key],
                               f"kassaflödesanalysen, {label} (räknat ur balansräkningen)")
    for year, source, base, _ in _years(ctx):
        if year.kf is None:
            continue
        closing = year.kf["likvida_medel_utgaende"]
        cash = year.kf["likvida_medel_enligt_balansrakning"]
        if closing != cash:
            yield ctx.mismatch(
                "kassaflode_stammer", f"kassaflodesanalys {year.ar}",
                ctx.at((*base, "balansrakning", "omsattningstillgangar", "kassa_och_bank"), source),
                cash, closing, f"likvida medel vid årets slut {year.ar} stämmer inte",
                labels=("enligt balansräkningen", "enligt kassaflödesanalysen"))


_AVSER_ALIAS = {
    "balansrakning.skulder.kortfristiga": "kortfristiga_skulder",
    "balansrakning.skulder.langfristiga": "langfristiga_skulder",
    "balansrakning.eget_kapital": "eget_kapital",
    "balansrakning.avsattningar.pensioner": "avsattningar_pensioner",
}


def statement_value(year: Ar, avser: str) -> Decimal | None:
    """The statement figure a note table explains, by its path in the schema."""
    kind = avser.split(".", 1)[0]
    figures = {"resultatrakning": year.rr, "balansrakning": year.br,
               "kassaflodesanalys": year.kf}.get(kind)
    if figures is None:
        return None
    key = _AVSER_ALIAS.get(avser, avser.rsplit(".", 1)[-1])
    return figures.get(key)


def not_stammer(ctx: Kontext) -> Iterable[Problem]:
    """Each note's total equals the statement line it explains, both years."""
    notes = {n.id: n for n in ctx.indata.arsfil.noter}
    for note in ctx.arsredovisning.noter:
        index = next(i for i, n in enumerate(ctx.indata.arsfil.noter) if n.id == note.id)
        if note.typ in NOTSLAG and all(t.avser == NOTSLAG[note.typ].avser
                                       for t in note.tabeller):
            continue  # a standard kind's total: reportgen.checks.noter
        for table in note.tabeller:
            if not table.avser:
                continue
            sums = [r for r in table.rader if r.typ in ("summa", "totalsumma")]
            path: PathKey = ("noter", index, "tabeller", table.index, "avser")
            if notes[note.id].typ in ("eget_kapital", "anlaggningstillgangar"):
                path = ("noter", index)
            if not sums:
                yield Problem("tabellen anger 'avser' men har ingen summarad (summa: true)",
                              ctx.at(path), f"noter[{index}]", check="not_stammer")
                continue
            total = sums[-1]
            for year, value in ((ctx.cur, total.belopp), (ctx.fg, total.foregaende)):
                if year is None or value is None:
                    continue
                line = statement_value(year, table.avser)
                if line is None:
                    if year is ctx.cur:
                        yield Problem(f"okänd rad i 'avser': {table.avser}", ctx.at(path),
                                      f"noter[{index}].avser", check="not_stammer",
                                      hint="till exempel resultatrakning.verksamhetens_kostnader")
                    continue
                if value * table.tecken != line:
                    yield ctx.mismatch("not_stammer", f"noter.{note.id}", ctx.at(path),
                                       value * table.tecken, line,
                                       f"Not {note.nr} {note.rubrik} ({year.ar}) summerar "
                                       f"inte till raden {table.avser} i räkningen")


def not_finns(ctx: Kontext) -> Iterable[Problem]:
    """Every 'not:' in the statements refers to a note that exists."""
    ids = {n.id for n in ctx.indata.arsfil.noter}
    source = ctx.indata.ar_source
    for path, value in iter_paths(source.data):
        if path and (path[-1] == "not" or (len(path) > 1 and path[-2] == "not")) \
                and isinstance(value, str) and value not in ids:
            yield Problem(f"noten '{value}' finns inte bland noter:", source.locate(path),
                          ".".join(map(str, path)), check="not_finns",
                          hint=("befintliga noter: " + ", ".join(sorted(ids))) if ids else None)


def foregaende_ar_stammer(ctx: Kontext) -> Iterable[Problem]:
    """Prior-year figures typed in this file equal the prior year's own file."""
    fg_file = ctx.indata.foregaende
    typed = ctx.indata.arsfil.foregaende_ar
    if fg_file is None:
        return
    if typed is not None:
        for part in ("resultatrakning", "balansrakning"):
            mine, theirs = getattr(typed, part), getattr(fg_file, part)
            if mine is None or theirs is None:
                continue
            a = mine.model_dump(exclude_none=True, by_alias=True)
            b = theirs.model_dump(exclude_none=True, by_alias=True)
            for path, value, other in _diff(a, b):
                if _is_amount(value) and _is_amount(other):
                    yield ctx.mismatch(
                        "foregaende_ar_stammer", ".".join(map(str, path)),
                        ctx.at(("foregaende_ar", part, *path)), Decimal(value), Decimal(other),
                        f"föregående års {part} skiljer sig från {fg_file.ar}.yaml")
    for i, note in enumerate(ctx.indata.arsfil.noter):
        prior = next((n for n in fg_file.noter if n.id == note.id), None)
        if prior is None:
            continue
        for ti, table in enumerate(note.tabeller):
            if ti >= len(prior.tabeller):
                continue
            theirs = {r.namn: r.belopp for r in prior.tabeller[ti].rader}
            for ri, row in enumerate(table.rader):
                if row.foregaende is not None and theirs.get(row.namn) is not None \
                        and row.foregaende != theirs[row.namn]:
                    yield ctx.mismatch(
                        "foregaende_ar_stammer", f"noter.{note.id}.{row.namn}",
                        ctx.at(("noter", i, "tabeller", ti, "rader", ri, "foregaende")),
                        row.foregaende, theirs[row.namn],
                        f"föregående år i noten '{note.rubrik}' skiljer sig från {fg_file.ar}.yaml")


def _is_amount(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _diff(a, b, path: tuple = ()):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k in b:
                yield from _diff(a[k], b[k], (*path, k))
    elif a != b:
        yield path, a, b


def flerars_stammer(ctx: Kontext) -> Iterable[Problem]:
    """Key figures typed in forbund.yaml's historik agree with years computed from files."""
    years = {y.ar: y for y in (ctx.cur, ctx.fg) if y is not None and y.rr and y.br}
    source = ctx.indata.forbund_source
    for i, h in enumerate(ctx.indata.forbund.historik):
        y = years.get(h.ar)
        if y is None or y.rr is None or y.br is None:
            continue
        pairs = {
            "verksamhetens_intakter": (h.verksamhetens_intakter, y.rr["verksamhetens_intakter"]),
            "verksamhetens_kostnader": (h.verksamhetens_kostnader,
                                        -y.rr["verksamhetens_kostnader"]),
            "arets_resultat": (h.arets_resultat, y.rr["arets_resultat"]),
            "eget_kapital": (h.eget_kapital, y.br["eget_kapital"]),
            "summa_tillgangar": (h.summa_tillgangar, y.br["summa_tillgangar"]),
        }
        for key, (typed, computed) in pairs.items():
            if typed is not None and typed != computed:
                yield ctx.mismatch("flerars_stammer", f"historik.{h.ar}.{key}",
                                   source.locate(("historik", i, key)), typed, computed,
                                   f"flerårsöversiktens {key.replace('_', ' ')} {h.ar}")
        if h.soliditet is not None:
            computed = (y.br["soliditet"] * 100).quantize(Decimal(1))
            if h.soliditet.quantize(Decimal(1)) != computed:
                yield ctx.mismatch("flerars_stammer", f"historik.{h.ar}.soliditet",
                                   source.locate(("historik", i, "soliditet")), h.soliditet,
                                   computed, f"soliditet {h.ar} i procent (eget kapital / "
                                   "totala tillgångar)")


def medlem_finns(ctx: Kontext) -> Iterable[Problem]:
    """Every utsedd_av names a member of forbund.yaml."""
    ids = [m.id for m in ctx.indata.forbund.medlemmar]
    source = ctx.indata.ar_source
    for path, value in iter_paths(source.data):
        if path and path[-1] == "utsedd_av" and "organisation" in path and value not in ids:
            close = difflib.get_close_matches(str(value), ids, n=1)
            yield Problem(f"'{value}' är ingen medlem i forbund.yaml", source.locate(path),
                          ".".join(map(str, path)), check="medlem_finns",
                          hint=(f"menade du '{close[0]}'?" if close
                                else "medlemmar: " + ", ".join(ids)))


_NUMBER = re.compile(r"(?<![\d\w])[−-]?\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])")


_OTHER_REPORTS = {
    "arsredovisning": ("verksamhetsplan", "budget", "tertial"),
    "tertialrapport": ("verksamhetsplan", "budget"),
    "delarsrapport": ("verksamhetsplan", "budget"),
    "verksamhetsplan": ("tertial",),
}
"""Parts of a year file that belong to other reports, whose figures this report lacks."""


def text_figur(ctx: Kontext) -> Iterable[Problem]:
    """Figures in running text: every {{namn}} exists, and no typed number is a near miss
    of a computed figure (for example 8 689 973 where eget kapital is 8 689 972)."""
    # The year file's texts are checked with every report built from it, so the annual
    # report's figures (its notes' too) are known whatever report this is.
    figurer = {**ctx.arsredovisning.figurer, **ctx.rapport.figurer}
    values = {v: k for k, v in figurer.items() if isinstance(v, Decimal) and abs(v) >= 10_000}
    source = ctx.indata.ar_source
    other_reports = _OTHER_REPORTS.get(ctx.rapport.typ, ())
    tertial = getattr(ctx.rapport, "tertial", None)
    own_period = getattr(tertial, "period", None)
    for path, value in iter_paths(source.data):
        if not isinstance(value, str) or len(value) < 3 or (path and path[0] in other_reports):
            continue
        if own_period and len(path) > 1 and path[0] == "tertial" and path[1] != own_period:
            continue  # another period's texts: checked with that period's report
        try:
            names = markdown.figure_names(value)
        except markdown.FigureError as exc:
            yield Problem(str(exc), source.locate(path), ".".join(map(str, path)),
                          check="text_figur")
            names = []
        for name in names:
            if name not in figurer:
                close = difflib.get_close_matches(name, list(figurer), n=1)
                yield Problem(f"okänt tal {{{{{name}}}}} i texten", source.locate(path),
                              ".".join(map(str, path)), check="text_figur",
                              hint=f"menade du {{{{{close[0]}}}}}?" if close else None)
        for m in _NUMBER.finditer(value):
            try:
                number = parse_belopp(m.group(0).replace(" ", " ").strip())
            except ValueError:
                continue
            if number in values:
                continue
            for v, name in values.items():
                if 0 < abs(abs(number) - abs(v)) <= 10:
                    yield ctx.mismatch(
                        "text_figur", ".".join(map(str, path)), source.locate(path), number, v,
                        f"texten skriver {kr(number)} men {name} är beräknat till {kr(v)}",
                        hint=f"skriv {{{{{name}}}}} i texten så hämtas talet från räkningarna")
                    break


CHECKS: list[Check] = [
    balansrakning_balanserar,
    typad_summa,
    arets_resultat_samma,
    eget_kapital_rullar,
    kassaflode_stammer,
    not_finns,
    not_stammer,
    foregaende_ar_stammer,
    flerars_stammer,
    medlem_finns,
    text_figur,
]
