"""What every check receives: :class:`Kontext`, and :meth:`Kontext.mismatch` for the most
common problem, a typed figure that disagrees with the computed one.

A check is a small named function ``(Kontext) -> Iterable[Problem]``; each leaf module of
:mod:`reportgen.checks` lists its own in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from ..compute.arsredovisning import compute_arsredovisning
from ..compute.budget import BudgetplanVy, budget_vy
from ..compute.period import Periodfigurer, periodfigurer
from ..compute.rakningar import Ar
from ..compute.vy import Arsredovisning, Rapport, Verksamhetsplan
from ..errors import Location, Problem
from ..format import kr
from ..load import PathKey, Source
from ..model.mal import TERTIALER
from ..sources import Indata

Check = Callable[["Kontext"], Iterable[Problem]]


@dataclass
class Kontext:
    """What a check may look at: the computed report, the typed data and their sources."""

    rapport: Rapport
    indata: Indata

    @property
    def cur(self) -> Ar:
        """This year's computed figures."""
        return self.rapport.arsfigurer.cur

    @property
    def fg(self) -> Ar | None:
        """The prior year's computed figures (None without prior-year data)."""
        return self.rapport.arsfigurer.fg

    @property
    def fgfg(self) -> Ar | None:
        """The year before the prior year (only its balance sheet, for the prior cash flow)."""
        return self.rapport.arsfigurer.fgfg

    @property
    def arsredovisningen(self) -> Arsredovisning | None:
        """The report checked, when it is an årsredovisning (not a verksamhetsplan, which
        shares its view, nor a tertial report): a part the law asks of an annual report is
        missing only there."""
        rapport = self.rapport
        return (rapport if isinstance(rapport, Arsredovisning)
                and rapport.typ == "arsredovisning" else None)

    @cached_property
    def arsredovisning(self) -> Arsredovisning:
        """The annual report's view of the same data (its notes, statements).

        The year file's figures are checked whatever report is built from it, so a check of
        a tertialrapport still compares the notes with the statements.
        """
        if isinstance(self.rapport, Arsredovisning):
            return self.rapport
        return compute_arsredovisning(self.indata)

    @cached_property
    def budgetplan(self) -> BudgetplanVy | None:
        """The verksamhetsplan's budget view, whatever report is built (None: no budget)."""
        if isinstance(self.rapport, Verksamhetsplan):
            return self.rapport.budget
        if self.indata.arsfil.budget is None:
            return None
        return budget_vy(self.indata.arsfil.budget, self.indata.forbund)

    @cached_property
    def perioder(self) -> dict[str, Periodfigurer]:
        """Every period's computed figures (T1–T3 with economic data), whatever report is
        built: the period statements are checked with every report of the year file."""
        out: dict[str, Periodfigurer] = {}
        for t in TERTIALER:
            pf = periodfigurer(self.indata, self.rapport.arsfigurer, t)
            if pf is not None and not pf.ur_arsredovisning:  # those are the annual figures
                out[t] = pf
        return out

    def at(self, path: PathKey, source: Source | None = None) -> Location:
        return (source or self.indata.ar_source).locate_key(path)

    def prior_place(self, *path: str | int) -> tuple[Source, PathKey]:
        """Where the prior year's *path* (e.g. 'balansrakning') was typed."""
        fg_file = self.indata.foregaende
        if fg_file is not None and getattr(fg_file, str(path[0]), None) is not None:
            assert self.indata.foregaende_source is not None
            return self.indata.foregaende_source, path
        return self.indata.ar_source, ("foregaende_ar", *path)

    def mismatch(self, check: str, field: str, location: Location, typed: Decimal,
                 computed: Decimal, what: str, hint: str | None = None,
                 labels: tuple[str, str] = ("står i filen", "beräknat värde")) -> Problem:
        """A typed figure that disagrees with the computed one; accepted differences warn.

        *labels* name the two sides when neither is simply 'typed' and 'computed' (for
        example the two sides of a balance sheet).
        """
        diff = typed - computed
        accepted = next((g for g in self.indata.arsfil.godkanda_avvikelser
                         if g.kontroll == check and (g.falt in (None, field))
                         and abs(g.belopp) == abs(diff)), None)
        if labels == ("står i filen", "beräknat värde"):
            message = (f"{what}: {kr(typed)} står i filen, men beräknat värde är {kr(computed)} "
                       f"(skillnad {kr(diff)})")
        else:
            message = (f"{what}: {labels[0]} {kr(typed)}, {labels[1]} {kr(computed)} "
                       f"(skillnad {kr(diff)})")
        if accepted:
            return Problem(f"{message}; godtagen skillnad: {accepted.skal}", location, field,
                           "varning", check)
        return Problem(message, location, field, "fel", check, hint)
