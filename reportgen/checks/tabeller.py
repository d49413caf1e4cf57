"""Figures in the kansli's own tables and running text that reportgen does not compute:
years in table headers, netto and avvikelse columns, kvinnor + män = totalt, and shares
written in words next to the counts they come from (issue 13, "Figures that are typed but
not yet checked").

These checks read words (column headers, row names, sentences), so each is a heuristic with
stated limits; the rules are in docs/anvandarguide.md ("Kontroller av egna tabeller och
tal i text"). A sum whose columns are named unmistakably in the headers (Intäkter, Kostnader
and Netto; Budget, Utfall and Avvikelse; Kvinnor, Män and Totalt, in a table or a chart of
counts) is an error when it does not add up, like any other typed total; where a rule can
misread what it reads (a sign against the rest of a column, years, percentages and counts in
sentences) it warns instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import markdown
from ..compute.dokument import rubrikformat
from ..compute.innehall import budgettabell as compute_budgettabell
from ..compute.rakningar import drift_budget_efter, drift_resultat
from ..errors import Problem
from ..format import kr, parse_belopp
from ..load import PathKey, dotted, iter_paths
from ..model.dokument import Enkat, Tabell
from .kontext import Check, Kontext
from .typade import alla_block

# --------------------------------------------------------------------------- table helpers

_REPORT_OF_TREE = {"arsredovisning": "årsredovisningen", "tertial": "tertialrapporten",
                   "verksamhetsplan": "verksamhetsplanen"}



def _rubrik(ctx: Kontext, text: str) -> str:
    """A heading as the report prints it ({ar}, {foregaende_ar}, {forbund} filled in), for
    quoting in a message."""
    return rubrikformat(ctx.indata.arsfil.ar, ctx.indata.forbund.namn)(text)

def _tabeller(ctx: Kontext) -> Iterator[tuple[Tabell, PathKey]]:
    for block, path in alla_block(ctx.indata.arsfil):
        if block.tabell is not None:
            yield block.tabell, (*path, "tabell")


def _header(t: Tabell, i: int) -> str:
    return t.kolumner[i].rubrik.lower()


def _has_word(text: str, *words: str) -> bool:
    return any(re.search(rf"(?<!\w){w}", text) for w in words)


def _number_columns(t: Tabell) -> list[int]:
    return [i for i, k in enumerate(t.kolumner) if k.format in ("kr", "tkr", "antal")]


def _one(t: Tabell, match) -> int | None:
    """The single number column whose header *match*es (None: none or several)."""
    found = [i for i in _number_columns(t) if match(_header(t, i))]
    return found[0] if len(found) == 1 else None


@dataclass
class _Rad:
    index: int
    namn: str
    celler: list[object]
    under: str
    """The last heading row above it (lower case), '' if none."""


def _rows(t: Tabell) -> Iterator[_Rad]:
    """The typed rows (not headings, not computed sum rows) with their text and heading."""
    heading = ""
    for r, rad in enumerate(t.rader):
        texts = [c for c in rad.celler if isinstance(c, str) and c.strip()]
        if rad.rubrik:
            heading = " ".join(texts).lower()
            continue
        if rad.summa:
            continue
        yield _Rad(r, texts[0] if texts else f"rad {r + 1}", list(rad.celler), heading)


def _cell(row: _Rad, i: int | None) -> Decimal | None:
    if i is None or i >= len(row.celler):
        return None
    value = row.celler[i]
    return value if isinstance(value, Decimal) else None


# ------------------------------------------------------------------------------ tabell_ar

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def tabell_ar(ctx: Kontext) -> Iterable[Problem]:
    """Years typed as digits in a table's caption and headers fit the report's year.

    A warning when (a) a year is later than the report year in an årsredovisning or a
    tertialrapport (in a verksamhetsplan: later than three years after the plan year), or
    (b) every year the headers name is before the report year and none is written {ar}: a
    table carried over from last year. {ar} and {foregaende_ar} are never flagged.
    """
    ar = ctx.indata.arsfil.ar
    for block, path in alla_block(ctx.indata.arsfil):
        headers: list[tuple[PathKey, str]] = []
        if block.tabell is not None:
            t = block.tabell
            base = (*path, "tabell")
            headers += [((*base, "kolumner", i), k.rubrik) for i, k in enumerate(t.kolumner)]
            headers += [((*base, "grupper", i), g.rubrik) for i, g in enumerate(t.grupper)]
            if t.rubrik:
                headers.append(((*base, "rubrik"), t.rubrik))
        elif block.budgettabell is not None:
            b = block.budgettabell
            base = (*path, "budgettabell")
            headers += [((*base, "kolumner", i), k) for i, k in enumerate(b.kolumner)]
            if b.rubrik:
                headers.append(((*base, "rubrik"), b.rubrik))
        else:
            continue
        tree = str(path[0])
        last = ar + 3 if tree == "verksamhetsplan" else ar
        years = [(where, text, int(m.group(0))) for where, text in headers
                 for m in _YEAR.finditer(text)]
        report = _REPORT_OF_TREE.get(tree, "rapporten")
        for where, text, year in years:
            if year > last:
                yield Problem(
                    f"rubriken '{text}' nämner {year}, ett år efter {report}s år {ar}"
                    + (" och dess prognosår" if tree == "verksamhetsplan" else ""),
                    ctx.at(where), dotted(where), "varning", "tabell_ar",
                    hint="skriv {ar} eller {foregaende_ar} i rubriken så följer året med "
                         "rapporten; stämmer året, låt varningen stå")
        placeholder = any("{ar}" in text for _, text in headers)
        if years and not placeholder and all(year < ar for _, _, year in years):
            where, text, _ = years[0]
            named = ", ".join(sorted({str(y) for _, _, y in years}))
            yield Problem(
                f"tabellens rubriker nämner bara tidigare år ({named}), inte {report}s år "
                f"{ar}: är tabellen kvar från förra året?", ctx.at(where), dotted(where),
                "varning", "tabell_ar",
                hint="skriv {ar} för rapportåret och {foregaende_ar} för året före")


# ---------------------------------------------------------------------------- tabell_netto

def _is_income(h: str) -> bool:
    return _has_word(h, "intäkt")


def _is_cost(h: str) -> bool:
    return _has_word(h, "kostnad") and not _has_word(h, "netto")


def _is_net(h: str) -> bool:
    return _has_word(h, "netto", "nettokostnad", "resultat")


def tabell_netto(ctx: Kontext) -> Iterable[Problem]:
    """A table with one intäkt, one kostnad and one netto (or resultat) column: on every
    row netto = intäkter − kostnader (kostnader typed with or without minus sign; a
    'nettokostnad' column is kostnader − intäkter)."""
    for t, path in _tabeller(ctx):
        i, k, n = _one(t, _is_income), _one(t, _is_cost), _one(t, _is_net)
        if i is None or k is None or n is None:
            continue
        cost_is_net = "nettokostnad" in _header(t, n)
        for row in _rows(t):
            income, cost, net = _cell(row, i), _cell(row, k), _cell(row, n)
            if income is None or cost is None or net is None:
                continue
            expected = income - abs(cost)
            if cost_is_net:
                expected = -expected
            if net == expected:
                continue
            where = (*path, "rader", row.index)
            flipped = net == -expected and net != 0
            yield ctx.mismatch(
                "tabell_netto", dotted(where), ctx.at(where), net, expected,
                f"raden '{row.namn}': kolumnen '{_rubrik(ctx, t.kolumner[n].rubrik)}' ska vara "
                + ("kostnader − intäkter" if cost_is_net else "intäkter − kostnader")
                + (" och har omvänt tecken" if flipped else ""),
                hint="rätta nettot eller det belopp på raden som är fel")


# ------------------------------------------------------------------------ tabell_avvikelse

_INCOME_WORDS = ("intäkt", "bidrag", "avgift", "medlemsavgift", "tilldelning", "statliga medel")


def _better_up(row: _Rad, budget: Decimal, utfall: Decimal) -> int:
    """+1 when a higher outcome is better (income, result, costs typed negative), −1 when
    a lower one is (costs typed as positive amounts)."""
    name = row.namn.lower()
    if _has_word(name, "resultat", *_INCOME_WORDS) or _has_word(row.under, "intäkt"):
        return 1
    if budget < 0 or utfall < 0:
        return 1
    return -1


_CONVENTIONS = {
    "bättre": "positiv när utfallet är bättre än budget",
    "utfall": "utfall − budget",
    "budget": "budget − utfall",
}


def tabell_avvikelse(ctx: Kontext) -> Iterable[Problem]:
    """A table with budget, utfall and avvikelse (or differens) columns: every avvikelse is
    ± (utfall − budget) (an error otherwise), and its sign follows one rule down the
    column. The rule is the one most rows follow: positive when the outcome is better than
    budget (income and result: utfall − budget; costs: budget − utfall), or utfall − budget
    throughout, or budget − utfall throughout. A row against the rule of at least two
    others (and of at most a third of the rows) is a warning: its sign is probably flipped.
    """
    for t, path in _tabeller(ctx):
        b = _one(t, lambda h: _has_word(h, "budget") and not _has_word(h, "avvik", "diff"))
        u = _one(t, lambda h: _has_word(h, "utfall") and not _has_word(h, "avvik", "diff"))
        d = _one(t, lambda h: _has_word(h, "avvikelse", "differens", "diff"))
        if b is None or u is None or d is None:
            continue
        votes: list[tuple[_Rad, dict[str, bool]]] = []
        for row in _rows(t):
            budget, utfall, diff = _cell(row, b), _cell(row, u), _cell(row, d)
            if budget is None or utfall is None or diff is None:
                continue
            where = (*path, "rader", row.index)
            if abs(diff) != abs(utfall - budget):
                yield ctx.mismatch(
                    "tabell_avvikelse", dotted(where), ctx.at(where), diff,
                    _better_up(row, budget, utfall) * (utfall - budget),
                    f"raden '{row.namn}': avvikelsen är inte skillnaden mellan utfall "
                    f"{kr(utfall)} och budget {kr(budget)}")
                continue
            if diff == 0:
                continue
            up = _better_up(row, budget, utfall)
            votes.append((row, {"bättre": diff == up * (utfall - budget),
                                "utfall": diff == utfall - budget,
                                "budget": diff == budget - utfall}))
        if len(votes) < 3:
            continue
        rule = min(_CONVENTIONS, key=lambda c: sum(not v[c] for _, v in votes))
        against = [row for row, v in votes if not v[rule]]
        if not against or len(votes) - len(against) < 2 or 3 * len(against) > len(votes):
            continue
        for row in against:
            where = (*path, "rader", row.index, "celler", d)
            yield Problem(
                f"raden '{row.namn}': avvikelsen {kr(_cell(row, d) or Decimal(0))} har "
                f"omvänt tecken mot resten av kolumnen '{_rubrik(ctx, t.kolumner[d].rubrik)}' "
                f"({_CONVENTIONS[rule]})", ctx.at(where), dotted(where), "varning",
                "tabell_avvikelse",
                hint="byt tecken på avvikelsen, eller kontrollera om raden är en intäkt "
                     "eller en kostnad")


# --------------------------------------------------------------------------- tabell_tecken

def tabell_tecken(ctx: Kontext) -> Iterable[Problem]:
    """In a column headed intäkter or kostnader, one amount whose sign is the opposite of
    all the others (at least three) is a warning: in the resultaträkning income is
    positive and costs negative, and a table keeps one sign per column."""
    for t, path in _tabeller(ctx):
        for i in _number_columns(t):
            h = _header(t, i)
            if not (_is_income(h) or _is_cost(h)) or _is_net(h):
                continue
            values = [(row, v) for row in _rows(t) if (v := _cell(row, i)) is not None and v]
            negative = [(row, v) for row, v in values if v < 0]
            positive = [(row, v) for row, v in values if v > 0]
            for odd, rest in ((negative, positive), (positive, negative)):
                if len(odd) == 1 and len(rest) >= 3:
                    row, v = odd[0]
                    where = (*path, "rader", row.index, "celler", i)
                    yield Problem(
                        f"raden '{row.namn}': {kr(v)} i kolumnen "
                        f"'{_rubrik(ctx, t.kolumner[i].rubrik)}' har "
                        f"omvänt tecken mot kolumnens {len(rest)} andra belopp",
                        ctx.at(where), dotted(where), "varning", "tabell_tecken",
                        hint="skriv alla belopp i kolumnen med samma tecken; är beloppet en "
                             "återbetalning, låt varningen stå")


# ------------------------------------------------------------------------------ tabell_kon

def _gender(h: str) -> str | None:
    if _has_word(h, "kvinnor", "flickor"):
        return "kvinnor"
    if re.search(r"(?<!\w)(män|pojkar)(?!\w)", h):
        return "män"
    if _has_word(h, "ej uppgett", "ej angett", "ej angivet", "annat kön", "annat", "övriga"):
        return "övrigt"
    if _has_word(h, "totalt", "total", "summa", "alla"):
        return "totalt"
    return None


def _kon_delar(named: Iterable[tuple[int, str]]) -> tuple[list[int], int] | None:
    """Among (position, name) pairs: the positions of kvinnor, män (and övrigt) and of the
    one total, when there is exactly one each of kvinnor, män and totalt; else None."""
    found: dict[str, list[int]] = {}
    for i, name in named:
        if (g := _gender(name.lower())) is not None:
            found.setdefault(g, []).append(i)
    if not all(len(found.get(g, [])) == 1 for g in ("kvinnor", "män", "totalt")):
        return None
    return found["kvinnor"] + found["män"] + found.get("övrigt", []), found["totalt"][0]


def _diagram_kon(ctx: Kontext) -> Iterator[Problem]:
    """A chart whose categories (or series) are Kvinnor, Män and Totalt."""
    for block, path in alla_block(ctx.indata.arsfil):
        d = block.diagram
        if d is None or d.enhet == "procent":  # shares of each group do not add up
            continue
        if (kat := _kon_delar(enumerate(d.kategorier))) is not None:
            parts, total_k = kat
            for s in d.serier:
                computed = sum((s.varden[i] for i in parts), Decimal(0))
                typed = s.varden[total_k]
                if typed != computed:
                    where = (*path, "diagram")
                    yield ctx.mismatch("tabell_kon", dotted(where), ctx.at(where), typed,
                                       computed, f"diagrammet '{_rubrik(ctx, d.rubrik)}', "
                                       f"serien '{_rubrik(ctx, s.namn)}': "
                                       f"kvinnor + män ska bli "
                                       f"'{d.kategorier[total_k]}'")
        if (ser := _kon_delar((i, s.namn) for i, s in enumerate(d.serier))) is not None:
            parts, total_s = ser
            total = d.serier[total_s]
            for c, category in enumerate(d.kategorier):
                computed = sum((d.serier[i].varden[c] for i in parts), Decimal(0))
                if total.varden[c] != computed:
                    where = (*path, "diagram")
                    yield ctx.mismatch("tabell_kon", dotted(where), ctx.at(where),
                                       total.varden[c], computed,
                                       f"diagrammet '{_rubrik(ctx, d.rubrik)}', '{category}': "
                                       "kvinnor + män "
                                       f"ska bli serien '{_rubrik(ctx, total.namn)}'")


def tabell_kon(ctx: Kontext) -> Iterable[Problem]:
    """Kvinnor + män (+ ej uppgett / annat) = totalt where a table gives all three: in
    columns headed Kvinnor, Män and Totalt (or Summa), or in rows named so; and in a
    chart whose categories or series are named so."""
    yield from _diagram_kon(ctx)
    for t, path in _tabeller(ctx):
        rows = list(_rows(t))
        if (kol := _kon_delar((i, _header(t, i)) for i in _number_columns(t))) is not None:
            parts, total = kol
            for row in rows:
                values = [_cell(row, i) for i in parts]
                typed = _cell(row, total)
                if typed is None or any(v is None for v in values[:2]):
                    continue
                computed = sum((v for v in values if v is not None), Decimal(0))
                if typed != computed:
                    where = (*path, "rader", row.index)
                    yield ctx.mismatch("tabell_kon", dotted(where), ctx.at(where), typed,
                                       computed, f"raden '{row.namn}': kvinnor + män ska bli "
                                       f"'{_rubrik(ctx, t.kolumner[total].rubrik)}'")
        if (rad := _kon_delar(enumerate(r.namn for r in rows))) is not None:
            parts_r, total_r = [rows[k] for k in rad[0]], rows[rad[1]]
            for i in _number_columns(t):
                values = [_cell(r, i) for r in parts_r]
                typed = _cell(total_r, i)
                if typed is None or any(v is None for v in values[:2]):
                    continue
                computed = sum((v for v in values if v is not None), Decimal(0))
                if typed != computed:
                    where = (*path, "rader", total_r.index, "celler", i)
                    yield ctx.mismatch("tabell_kon", dotted(where), ctx.at(where), typed,
                                       computed,
                                       f"kolumnen '{_rubrik(ctx, t.kolumner[i].rubrik)}': "
                                       f"kvinnor + män ska bli raden '{total_r.namn}'")


# ------------------------------------------------------------------------- text: shares, kön

_SENTENCE = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZÅÄÖ0-9])|\n\s*\n|\n\s*[-*]\s+")
_INT = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+"
_AV = re.compile(rf"(?<![\d,])({_INT})\s+av\s+(?:de\s+|dem\s+|totalt\s+)?({_INT})(?!\d|,\d)")
_PROCENT = re.compile(r"(?<![\d,])(\d{1,3}(?:,\d+)?)\s*(?:%|procent)(?!\w)")
_KON = re.compile(rf"(?<![\d,])({_INT})\s+(?:är\s+|var\s+)?kvinnor\s+och\s+({_INT})\s+"
                  rf"(?:är\s+|var\s+)?män(?!\w)")
_HELHET = re.compile(rf"(?<![\d,])({_INT})\s+(?:[^\W\d]+\s+){{0,2}}?(?:personer|deltagare|"
                     rf"individer|unga|ungdomar|medarbetare|anställda|elever|kursdeltagare)"
                     rf"(?!\w)")
_OVRIGT = re.compile(r"(?:ej|inte) (?:uppgett|angett|angivit|angivet)|annat kön|okänt kön|"
                     r"uppgift saknas|övriga|icke-binär", re.IGNORECASE)


def _int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _texts(ctx: Kontext) -> Iterator[tuple[PathKey, str]]:
    """Every text of the year file with its path (YAML comments are not in the data)."""
    for path, value in iter_paths(ctx.indata.ar_source.data):
        if "kommentar" in path:  # internal, never printed
            continue
        if isinstance(value, str) and len(value) > 10 and " " in value:
            yield path, value


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def text_andel(ctx: Kontext) -> Iterable[Problem]:
    """A percentage written in a sentence that also gives its count as 'X av Y' agrees
    with X / Y (within one percentage point, so rounding and truncation both pass); a
    percentage in a sentence about soliditet agrees with this year's or last year's.

    Limits: the percentage is paired with the nearest 'X av Y' before it in the same
    sentence (or after it, if none is before); a sentence with several shares of different
    wholes can pair the wrong ones, so this warns. Numbers from {{…}} are not read.
    """
    soliditet = [y.br["soliditet"] * 100 for y in (ctx.cur, ctx.fg)
                 if y is not None and y.br is not None and "soliditet" in y.br]
    figurer = {**ctx.arsredovisning.figurer, **ctx.rapport.figurer}
    andelar = {k: v * 100 for k, v in figurer.items()
               if isinstance(v, Decimal) and 0 < abs(v) <= 1 and v != v.to_integral_value()}
    for path, text in _texts(ctx):
        for sentence in _sentences(text):
            try:
                named = [n for n in markdown.figure_names(sentence) if n in andelar]
            except markdown.FigureError:
                named = []
            if named:
                # A share fetched with {{…}}: a percentage written beside it is that share,
                # or the same share of the other year (foregaende_…).
                related = {n for name in named
                           for n in (name, name.removeprefix("foregaende_"),
                                     f"foregaende_{name}") if n in andelar}
                for m in _PROCENT.finditer(sentence):
                    percent = Decimal(m.group(1).replace(",", "."))
                    if all(abs(andelar[n] - percent) >= 1 for n in related):
                        computed = ", ".join(f"{{{{{n}}}}} = {andelar[n].quantize(Decimal(1))} %"
                                             for n in sorted(related))
                        yield Problem(
                            f"texten skriver '{m.group(0)}' bredvid {computed}", ctx.at(path),
                            dotted(path), "varning", "text_andel",
                            hint="skriv talet med {{…}} i stället, eller rätta procenttalet")
                continue
            shares = [(m.start(), _int(m.group(1)), _int(m.group(2)), m.group(0))
                      for m in _AV.finditer(sentence)]
            percents = [(m.start(), Decimal(m.group(1).replace(",", ".")), m.group(0))
                        for m in _PROCENT.finditer(sentence)]
            for pos, percent, written in percents:
                before = [s for s in shares if s[0] < pos]
                pair = before[-1] if before else (shares[0] if shares else None)
                if pair is not None:
                    _, part, whole, av = pair
                    if whole == 0 or part > whole:
                        continue
                    share = Decimal(100 * part) / whole
                    if abs(share - percent) >= 1:
                        yield Problem(
                            f"texten skriver '{written}' men {av} är "
                            f"{share.quantize(Decimal(1))} %", ctx.at(path), dotted(path),
                            "varning", "text_andel",
                            hint="rätta procenttalet eller talen; hör de till olika helheter, "
                                 "låt varningen stå")
                elif ("soliditet" in sentence.lower() and soliditet and "{{" not in sentence
                      and all(abs(s - percent) >= 1 for s in soliditet)):
                    computed = ", ".join(f"{s.quantize(Decimal(1))} %" for s in soliditet)
                    yield Problem(
                        f"texten skriver soliditeten '{written}' men den är beräknad till "
                        f"{computed} (i år, föregående år)", ctx.at(path), dotted(path),
                        "varning", "text_andel",
                        hint="skriv {{soliditet}} i texten så hämtas talet")


def text_kon(ctx: Kontext) -> Iterable[Problem]:
    """'N personer …, varav K kvinnor och M män' in one sentence: K + M = N. More than N is
    reported; fewer only when the sentence does not name the rest (ej uppgett kön, annat)."""
    for path, text in _texts(ctx):
        for sentence in _sentences(text):
            for m in _KON.finditer(sentence):
                wholes = [h for h in _HELHET.finditer(sentence[:m.start()])]
                if not wholes:
                    continue
                whole = _int(wholes[-1].group(1))
                women, men = _int(m.group(1)), _int(m.group(2))
                if women + men == whole or (women + men < whole and _OVRIGT.search(sentence)):
                    continue
                yield Problem(
                    f"texten skriver {wholes[-1].group(0)} men {women} kvinnor + {men} män = "
                    f"{women + men}", ctx.at(path), dotted(path), "varning", "text_kon",
                    hint=("skriv hur många som inte uppgett kön, eller rätta talen"
                          if women + men < whole else "rätta talen"))


_TOTAL_AVVIKELSE = re.compile(r"(?:total|totala|sammanlagd|sammanlagda|samlad|samlade|"
                              r"sammantagen|sammantagna)\s+(?:\w+\s+){0,2}?"
                              r"(?:budgetavvikelse|avvikelse mot budget)", re.IGNORECASE)
_BELOPP = re.compile(r"(?<![\d,])[−-]?\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)")


def text_budgetavvikelse(ctx: Kontext) -> Iterable[Problem]:
    """An amount in a sentence about the total budget deviation ('Total budgetavvikelse
    var … kronor') is the result's deviation of a budget table or of the driftredovisning
    (utfall − budget of the result; with and without budgetändringar).

    Limits: only sentences with 'total', 'sammanlagd', 'samlad' or 'sammantagen' before
    'budgetavvikelse' / 'avvikelse mot budget' are read, and only amounts written with
    digit groups (1 749 108); a deviation in tkr or miljoner is not compared.
    """
    known: set[Decimal] = set()
    for block, _ in alla_block(ctx.indata.arsfil):
        if block.budgettabell is not None:
            b = block.budgettabell
            rows = compute_budgettabell(b.model_copy(update={"resultat": b.resultat or "R"}))
            known.add(abs(rows.rader[-1].differens))
    dr = ctx.indata.arsfil.driftredovisning
    if dr is not None:
        budget, utfall = drift_resultat(dr)
        known |= {abs(utfall - budget), abs(utfall - drift_budget_efter(dr))}
    if not known:
        return
    for path, text in _texts(ctx):
        for sentence in _sentences(text):
            m = _TOTAL_AVVIKELSE.search(sentence)
            if m is None:
                continue
            for amount in _BELOPP.finditer(sentence[m.end():]):
                try:
                    value = abs(parse_belopp(amount.group(0).strip()))
                except ValueError:
                    continue
                if value not in known:
                    yield Problem(
                        f"texten skriver den totala budgetavvikelsen {kr(value)}, men "
                        f"resultatets avvikelse mot budget är "
                        f"{' eller '.join(kr(k) for k in sorted(known))}", ctx.at(path),
                        dotted(path), "varning", "text_budgetavvikelse",
                        hint="räkna med alla rader, även intäkterna; en delsumma ska inte "
                             "kallas total")
                break


# -------------------------------------------------------------------------- enkat_avrundning

def _possible(percent: Decimal, respondents: int) -> bool:
    """Whether *percent* (whole per cent) is k of m answers rounded, for some m ≤
    *respondents* (some skip a question); a half rounds either way (half up, half even)."""
    low, high = percent - Decimal("0.5"), percent + Decimal("0.5")
    return any(low <= Decimal(100 * k) / m <= high
               for m in range(1, respondents + 1) for k in range(m + 1))


def enkat_avrundning(ctx: Kontext) -> Iterable[Problem]:
    """Survey percentages are whole shares of the respondents: with few answers (at most
    20), a percentage that no k of m ≤ svar answers rounds to is a slip (often truncated
    instead of rounded: 6 of 9 is 67 %, not 66 %). With more answers almost every whole
    per cent is possible, so the check says nothing there."""
    for block, path in alla_block(ctx.indata.arsfil):
        e: Enkat | None = block.enkat
        if e is None or e.angivet_som != "procent":
            continue
        years = [("svar", e.svar)]
        if e.jamforelse is not None:
            years.append(("foregaende", e.jamforelse.svar))
        for n, f in enumerate(e.fragor):
            for key, respondents in years:
                s = getattr(f, key)
                if s is None or not 0 < respondents <= 20:
                    continue
                values = [s.negativt, s.varken_eller, s.positivt, s.klart_positivt]
                bad = [v for v in values if v is not None and v == v.to_integral_value()
                       and not _possible(v, respondents)]
                if bad:
                    where = (*path, "enkat", "fragor", n, key)
                    yield Problem(
                        f"fråga {n + 1}: {', '.join(f'{v} %' for v in bad)} kan inte vara en "
                        f"avrundad andel av {respondents} svar", ctx.at(where), dotted(where),
                        "varning", "enkat_avrundning",
                        hint="andelarna är troligen avkortade i stället för avrundade; räkna "
                             "om dem ur antalet svar")


CHECKS: list[Check] = [tabell_ar, tabell_netto, tabell_avvikelse, tabell_tecken, tabell_kon,
                       text_andel, text_kon, enkat_avrundning, text_budgetavvikelse]
