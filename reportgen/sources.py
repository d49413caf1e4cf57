"""Find and read the files of one report: the year file, the förbund file, the prior year.

This is the glue between :mod:`reportgen.load` and :mod:`reportgen.model`: it knows the
data layout (``data/<förbund>/forbund.yaml`` beside ``<år>.yaml``) and returns validated
objects together with the :class:`~reportgen.load.Source` of each, so later stages can
point at lines.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Location, Problem, relpath
from .load import Source, load_yaml
from .model import Arsfil, Forbund
from .model.validate import M, validate

FORBUND_FILE = "forbund.yaml"
YEAR_FILE = re.compile(r"^(\d{4})\.yaml$")


@dataclass
class Indata:
    """Everything read for one report, validated."""

    forbund: Forbund
    arsfil: Arsfil
    foregaende: Arsfil | None
    forbund_source: Source
    ar_source: Source
    foregaende_source: Source | None
    bokforing_problem: list[Problem] = field(default_factory=list)
    """Problems with the books (``bokforing:``), reported with the cross-checks; only books
    that cannot be used at all stop :func:`read`."""

    @property
    def folder(self) -> Path:
        return self.ar_source.path.parent

    @property
    def slug(self) -> str:
        """The förbund's folder name, used for output paths: ``mittbygden``."""
        return self.folder.name


def read(year_path: Path) -> Indata:
    """Load and validate the year file, its förbund file and the prior year's file.

    Every problem in all three files is collected before :class:`InputError` is raised, so
    one run shows everything that must be fixed. The prior year's file is optional.
    """
    # '..' is resolved first (data/x/sub/../2023.yaml is data/x/2023.yaml), so the förbund's
    # folder, and the output folder named after it, are the real ones.
    year_path = Path(os.path.abspath(year_path))
    match = YEAR_FILE.match(year_path.name)
    if not match:
        raise InputError([Problem(
            f"årsfilen ska heta efter året, till exempel data/mitt-forbund/2023.yaml, men heter "
            f"{year_path.name}", Location(relpath(year_path)))])
    year = int(match.group(1))
    forbund_path = year_path.parent / FORBUND_FILE
    prior_path = year_path.parent / f"{year - 1}.yaml"
    problems: list[Problem] = []

    if not forbund_path.exists():
        problems.append(Problem(
            f"{FORBUND_FILE} saknas bredvid årsfilen; där står förbundets namn, orgnr och "
            "medlemmar",
            Location(relpath(forbund_path)), hint="reportgen new skapar en mall"))
        forbund_source = None
    else:
        forbund_source = _load(forbund_path, problems)
    ar_source = _load(year_path, problems)
    prior_source = _load(prior_path, problems) if prior_path.exists() else None
    book_warnings, books_failed = _bokforing(ar_source, prior_path.exists(), prior_source,
                                             problems)

    forbund = _validate(forbund_source, Forbund, problems)
    # Without its books the year file would only repeat "belopp saknas" for every line.
    arsfil = None if books_failed else _validate(ar_source, Arsfil, problems)
    foregaende = _validate(prior_source, Arsfil, problems)
    for source, obj, expected in ((ar_source, arsfil, year), (prior_source, foregaende, year - 1)):
        if source is not None and obj is not None and obj.ar != expected:
            problems.append(Problem(
                f"filen heter {source.path.name} men anger ar: {obj.ar}",
                source.locate(("ar",)), "ar", hint=f"skriv ar: {expected} eller byt namn på filen"))

    if problems or forbund is None or arsfil is None or ar_source is None or forbund_source is None:
        raise InputError(problems)
    return Indata(forbund, arsfil, foregaende, forbund_source, ar_source, prior_source,
                  book_warnings)


def _bokforing(source: Source | None, prior_file: bool, prior_source: Source | None,
               problems: list[Problem]) -> tuple[list[Problem], bool]:
    """Fill and cross-check the year file from its books (``bokforing:``, reportgen.sie).

    Returns the problems to report with the cross-checks, and whether the books could not
    be used at all: then their errors join *problems* and the year file is not validated.
    """
    if source is None:
        return [], False
    from .sie.bokforing import apply

    try:
        books = apply(source, prior_file, prior_source)
    except InputError as exc:
        problems.extend(exc.problems)
        return [], True
    if books is None:
        return [], False
    if books.ar is None:  # the statements could not come from the books: stop here
        problems.extend(p for p in books.problems if p.severity == "fel")
        return [p for p in books.problems if p.severity != "fel"], True
    # Otherwise the books' problems (differences, unmapped accounts, the checks on the
    # books) are reported with the cross-checks; their errors still stop a build.
    return list(books.problems), False


KEY_ALIASES = {"verksamhetens_nettokostnader": "verksamhetens_nettokostnad"}
"""Keys the model accepts under a second name (the law's plural): a check that points at
the field's own name finds the line of the name the file used."""


def _alias_marks(source: Source) -> Source:
    for marks in (source.marks, source.key_marks):
        for path, where in list(marks.items()):
            if path and path[-1] in KEY_ALIASES:
                marks.setdefault((*path[:-1], KEY_ALIASES[str(path[-1])]), where)
    return source


def _load(path: Path, problems: list[Problem]) -> Source | None:
    """:func:`load_yaml`, with its problems added to *problems* instead of raised."""
    try:
        return _alias_marks(load_yaml(path))
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _validate(source: Source | None, cls: type[M], problems: list[Problem]) -> M | None:
    """:func:`validate`, with its problems added to *problems*."""
    if source is None:
        return None
    obj, found = validate(source, cls)
    problems.extend(found)
    return obj
