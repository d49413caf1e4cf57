"""``reportgen new <förbund> <år> --sie FILE``: a new year file prefilled from the books.

After :func:`reportgen.new.new` has written the year file (from last year's or from the
template), :func:`prefill` copies the SIE file beside it, adds ``bokforing:`` after
``ar:``, and writes the books' figure into every amount still marked ``# FYLL I`` that the
books have (statement lines, note rows, investment and financing flows, insats utfall). The
edit is made in the text, so comments and layout stay; each filled line says
``# ur bokföringen``. The figures remain in the file as typed values, so they are checked
against the books on every build.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, ReportgenError, relpath
from ..load import load_yaml
from .bokforing import apply

MARKER = "FYLL I"
_LINE = re.compile(r'^(?P<head>\s*(?:- )?[\w-]+:\s*)(?P<value>0|"FYLL I")(?P<tail>\s*(?:#.*)?)$')


@dataclass
class Forifyllt:
    filled: int = 0
    sie: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def _leaves(data: Any, path: tuple[str | int, ...] = ()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, (*path, i))
    else:
        yield path, data


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _number(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value)


def prefill(year_file: Path, sie_file: Path, kontoplan: str | None = None) -> Forifyllt:
    """Prefill *year_file* (just written by ``reportgen new``) from *sie_file*.

    *kontoplan* ``None`` keeps the one a carried-over ``bokforing:`` names, else kommun-bas.
    """
    result = Forifyllt()
    sie_file = Path(sie_file)
    if not sie_file.is_file():
        raise ReportgenError(f"SIE-filen {relpath(sie_file)} finns inte")
    folder = year_file.parent
    year = year_file.stem
    dest = folder / f"{year}{sie_file.suffix.lower() or '.se'}"
    if sie_file.resolve() != dest.resolve():
        shutil.copyfile(sie_file, dest)
    result.sie = dest
    text = year_file.read_text(encoding="utf-8")
    block = (f"\n# Bokföringen: räkningarna och noterna hämtas ur SIE-filen; belopp som står\n"
             f"# kvar i filen kontrolleras mot den.\nbokforing:\n  sie: {dest.name}\n"
             f"  kontoplan: {kontoplan or 'kommun-bas'}\n")
    existing = re.search(r"^bokforing:[^\n]*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)", text, re.M)
    if existing is not None:
        # Carried over from last year's file: point it at this year's books.
        body = existing.group(1)
        if not re.search(r"^[ \t]+sie:", body, re.M):
            raise ReportgenError(f"{relpath(year_file)}: bokforing: saknar sie:")
        body = re.sub(r"^([ \t]+sie:)[^\n#]*", rf"\g<1> {dest.name}", body, count=1, flags=re.M)
        if kontoplan is not None:
            body = re.sub(r"^([ \t]+kontoplan:)[^\n#]*", rf"\g<1> {kontoplan}", body,
                          count=1, flags=re.M)
        text = text[: existing.start(1)] + body + text[existing.end(1):]
    else:
        m = re.search(r"^ar: \d{4}[^\n]*\n", text, re.M)
        if m is None:
            raise ReportgenError(f"{relpath(year_file)}: hittar inte raden 'ar:' att lägga "
                                 "bokforing: efter")
        text = text[: m.end()] + block + text[m.end():]
    year_file.write_text(text, encoding="utf-8")

    source = load_yaml(year_file)
    lines = text.split("\n")
    marked: list[tuple[tuple[str | int, ...], int]] = []
    for path, value in list(_leaves(source.data)):
        if value not in (0, MARKER) or isinstance(value, bool):
            continue
        loc = source.locate(path)
        if loc.line is None or MARKER not in lines[loc.line - 1]:
            continue
        marked.append((path, loc.line))
        _set(source.data, path, None)
    try:
        books = apply(source, (folder / f"{int(year) - 1}.yaml").exists())
    except InputError as exc:
        result.problems.extend(exc.problems)
        return result
    if books is not None:
        result.problems.extend(books.problems)
    for path, line in marked:
        value = _get(source.data, path)
        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            continue
        match = _LINE.match(lines[line - 1])
        if match is None:
            continue
        lines[line - 1] = f"{match['head']}{_number(Decimal(value))}  # ur bokföringen"
        result.filled += 1
    year_file.write_text("\n".join(lines), encoding="utf-8")
    return result
