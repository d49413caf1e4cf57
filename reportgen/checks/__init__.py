"""Stage 4: cross-checks. Each check is a small named function that yields problems.

A check receives a :class:`~reportgen.checks.kontext.Kontext` (the computed report plus the
sources, so it can point at lines) and yields :class:`~reportgen.errors.Problem`. Checks are
errors by default; a difference accepted in the year file's ``godkanda_avvikelser`` (with a
reason) becomes a warning.

Each leaf module ends with its own ``CHECKS`` list; :data:`CHECKS` composes them here in a
fixed order. No leaf imports this package and nothing registers itself on import: a new
leaf module runs once it is added to the list below (``tests/test_checks_package.py`` fails
for a leaf that is not).
"""

from __future__ import annotations

from ..compute.vy import Rapport
from ..errors import Problem
from ..sources import Indata
from . import (
    budget,
    delar,
    ekonomi,
    fardig,
    filer,
    innehall,
    insatser,
    kontrast,
    lag,
    noter,
    tabeller,
    tertial,
    typade,
)
from .kontext import Check, Kontext

LEAVES = (ekonomi, innehall, insatser, budget, filer, kontrast, tertial, delar, typade, lag,
          fardig, tabeller, noter)
"""The leaf modules, in the order their checks run."""

CHECKS: list[Check] = [check for leaf in LEAVES for check in leaf.CHECKS]


def run(rapport: Rapport, indata: Indata, checks: list[Check] | None = None) -> list[Problem]:
    """Run every check and return all problems found, in check order."""
    ctx = Kontext(rapport, indata)
    problems: list[Problem] = []
    for check in checks or CHECKS:
        problems.extend(check(ctx))
    return problems


__all__ = ["CHECKS", "LEAVES", "Check", "Kontext", "run"]
