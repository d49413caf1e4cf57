"""``reportgen sie FILE``: what reportgen reads from a SIE file, as text or JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from ..errors import InputError, Problem
from ..format import kr
from . import kontoplan as kp
from .bokslut import bokslut, summering
from .kontroller import kontrollera
from .reader import Sie, read_sie

_KODNING = {"cp437": "PC8 (CP437)", "utf-8": "UTF-8", "cp1252": "Windows-1252"}


def granska(path: Path, kontoplan: str | None = None) -> tuple[Sie, list[Problem]]:
    """Read and check *path*; with *kontoplan* (a name or a file) also map every account."""
    sie = read_sie(path)
    problems = [*sie.problem, *kontrollera(sie)]
    if kontoplan is not None and sie.last:
        try:
            plan = kp.load(kontoplan)
        except InputError as exc:
            return sie, [*problems, *exc.problems]
        for index in sorted(sie.ar, reverse=True):
            problems.extend(bokslut(sie, plan, index)[1])
    return sie, problems


def _amount(value: Decimal) -> str:
    """Exact, öre kept, as a decimal string.

    >>> _amount(Decimal("-579186")), _amount(Decimal("12.5")), _amount(Decimal("0.125"))
    ('-579186.00', '12.50', '0.125')
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return str(value)


def as_json(sie: Sie, problems: list[Problem]) -> str:
    data = {
        "fil": sie.fil,
        "program": sie.program,
        "organisation": {"namn": sie.organisation, "orgnr": sie.orgnr},
        "ar": [{"index": a.index, "start": a.start, "slut": a.slut,
                "arets_resultat": _amount(a.arets_resultat),
                "summa_tillgangar": _amount(a.summa_tillgangar),
                "summa_eget_kapital_och_skulder": _amount(a.summa_eget_kapital_och_skulder)}
               for a in summering(sie)],
        "problem": [{"niva": p.severity, "rad": p.location.line if p.location else None,
                     "meddelande": p.message} for p in problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _kr(value: Decimal) -> str:
    return f"{kr(value, decimals=2)} kr" if value else "0,00 kr"


def as_text(sie: Sie, problems: list[Problem]) -> str:
    lines = [f"Fil: {sie.fil}"]
    if sie.last:
        program = " ".join(x for x in (sie.program, sie.program_version) if x)
        lines.append(f"Program: {program or '(anges inte)'}")
        org = sie.organisation or "(anges inte)"
        lines.append(f"Organisation: {org}" + (f", {sie.orgnr}" if sie.orgnr else ""))
        lines.append(f"SIE-typ {sie.sietyp or '(anges inte)'}, teckenuppsättning "
                     f"{_KODNING.get(sie.kodning, sie.kodning)}, {sie.rader} rader, "
                     f"{len(sie.konton)} konton, {len(sie.verifikationer)} verifikationer")
        for a in summering(sie):
            lines.append(f"År {a.index}: {a.start} – {a.slut}")
            lines.append(f"  Årets resultat:                 {_kr(a.arets_resultat):>20}")
            lines.append(f"  Summa tillgångar:               {_kr(a.summa_tillgangar):>20}")
            lines.append(f"  Summa eget kapital och skulder: "
                         f"{_kr(a.summa_eget_kapital_och_skulder):>20}")
    lines.extend(str(p) for p in problems)
    n_err = len([p for p in problems if p.severity == "fel"])
    if problems:
        lines.append(f"{n_err} fel, {len(problems) - n_err} varningar.")
    else:
        lines.append("Inga problem.")
    return "\n".join(lines)
