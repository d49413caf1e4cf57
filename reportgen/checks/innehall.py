"""Cross-checks of the content blocks (key figures, surveys, tables) in the section tree.

Each check walks the year file's ``arsredovisning.avsnitt`` tree with the YAML path of
every block, so a problem points at its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from ..compute.dokument import tabell as compute_tabell
from ..errors import Problem
from ..format import kr
from ..load import PathKey, dotted
from ..model.dokument import Avsnitt, Block, Svarsfordelning
from .kontext import Check, Kontext


def blocks(avsnitt: list[Avsnitt] | None,
           base: PathKey = ("arsredovisning", "avsnitt")) -> Iterator[tuple[Block, PathKey]]:
    """Every content block of the tree with its YAML path, depth first."""
    for i, a in enumerate(avsnitt or []):
        for k, b in enumerate(a.innehall):
            yield b, (*base, i, "innehall", k)
        yield from blocks(a.delar, (*base, i, "delar"))


def _tree(ctx: Kontext) -> list[Avsnitt] | None:
    return ctx.indata.arsfil.arsredovisning.avsnitt


KON_TEXT = {"kvinnor": "kvinnor", "man": "män", "ej_uppgett": "ej uppgett"}


def andelar_stammer(ctx: Kontext) -> Iterable[Problem]:
    """Key figures: a part is not larger than its whole, and women + men + not stated
    add up to the count."""
    for block, path in blocks(_tree(ctx)):
        if block.nyckeltal is None:
            continue
        for n, p in enumerate(block.nyckeltal.poster):
            where = (*path, "nyckeltal", "poster", n)
            if p.av is not None and p.antal > p.av:
                yield Problem(f"antal ({p.antal}) är större än av ({p.av}); en del kan inte "
                              "vara större än helheten", ctx.at((*where, "antal")),
                              dotted((*where, "antal")), check="andelar_stammer")
            parts = {k: getattr(p, k) for k in KON_TEXT if getattr(p, k) is not None}
            if not parts:
                continue
            total = sum(parts.values())
            if total != p.antal:
                listed = " + ".join(f"{v} {KON_TEXT[k]}" for k, v in parts.items())
                hint = None
                if total < p.antal and "ej_uppgett" not in parts:
                    hint = f"ange ej_uppgett: {p.antal - total} om resten inte uppgett kön"
                yield Problem(f"könsfördelningen blir {total} ({listed}) men antal är "
                              f"{p.antal}", ctx.at(where), dotted(where),
                              check="andelar_stammer", hint=hint)


def _parts(s: Svarsfordelning) -> Decimal:
    return s.negativt + s.varken_eller + s.positivt


def enkat_stammer(ctx: Kontext) -> Iterable[Problem]:
    """Surveys: percentages per question add up to 100 ± 1 (error); counts add up to the
    number of respondents (warning, since some respondents skip a question)."""
    for block, path in blocks(_tree(ctx)):
        e = block.enkat
        if e is None:
            continue
        for n, f in enumerate(e.fragor):
            years = [("svar", f.svar, e.ar or ctx.indata.arsfil.ar, e.svar)]
            if f.foregaende is not None and e.jamforelse is not None:
                years.append(("foregaende", f.foregaende, e.jamforelse.ar, e.jamforelse.svar))
            for key, s, year, respondents in years:
                where = (*path, "enkat", "fragor", n, key)
                total = _parts(s)
                if e.angivet_som == "procent":
                    if abs(total - 100) > 1:
                        yield Problem(
                            f"fråga {n + 1} ({year}): negativt + varken eller + positivt blir "
                            f"{total} % men ska bli 100 % (±1 för avrundning)",
                            ctx.at(where), dotted(where), check="enkat_stammer")
                elif total != respondents:
                    yield Problem(
                        f"fråga {n + 1} ({year}): svaren blir {total} personer men "
                        f"{respondents} svarade på enkäten", ctx.at(where), dotted(where),
                        "varning", "enkat_stammer",
                        hint="stämmer det att några hoppade över frågan? annars är ett tal fel")


def tabell_summa(ctx: Kontext) -> Iterable[Problem]:
    """A figure typed in a table's sum row equals the computed sum (it is never used)."""

    for block, path in blocks(_tree(ctx)):
        t = block.tabell
        if t is None:
            continue
        vy = compute_tabell(t)
        for r, (rad, typ) in enumerate(zip(t.rader, vy.radtyper, strict=True)):
            if typ != "summa":
                continue
            for i, kolumn in enumerate(t.kolumner):
                if kolumn.format in ("text", "procent") or i >= len(rad.celler):
                    continue
                typed = rad.celler[i]
                computed = vy.rader[r][i]
                if isinstance(typed, Decimal) and typed != computed:
                    where = (*path, "tabell", "rader", r)
                    yield ctx.mismatch("tabell_summa", dotted(where), ctx.at(where), typed,
                                       computed, f"summaraden i kolumnen '{kolumn.rubrik}'",
                                       hint=f"beräknat: {kr(computed)}; ta bort talet så "
                                       "räknas summan fram")


def tabell_format(ctx: Kontext) -> Iterable[Problem]:
    """Every column of a table states its format (kr, tkr, procent, antal, text); without
    it the column is read as kr, which may be wrong."""
    for block, path in blocks(_tree(ctx)):
        t = block.tabell
        if t is None:
            continue
        for i, kolumn in enumerate(t.kolumner):
            if "format" in kolumn.model_fields_set:
                continue
            where = (*path, "tabell", "kolumner", i)
            namn = f"'{kolumn.rubrik}'" if kolumn.rubrik else f"nummer {i + 1}"
            yield Problem(f"kolumnen {namn} anger inget format; den läses som kr",
                          ctx.at(where), dotted(where), "varning", "tabell_format",
                          hint="skriv format: kr, tkr, procent, antal eller text")


CHECKS: list[Check] = [andelar_stammer, enkat_stammer, tabell_summa, tabell_format]
