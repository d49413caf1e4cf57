"""Find and read the files of one report: the year file, the förbund file, the prior year.

This is the glue between :mod:`reportgen.load` and :mod:`reportgen.model`: it knows the
data layout (``data/<förbund>/forbund.yaml`` beside ``<år>.yaml``) and returns validated
objects together with the :class:`~reportgen.load.Source` of each, so later stages can
point at lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Location, Problem, relpath
from .load import Source, load_yaml
from .model import Arsfil, Forbund
from .model.validate import validate

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

    @property
    def folder(self) -> Path:
        return self.ar_source.path.parent

    @property
    def slug(self) -> str:
        """The förbund's folder name, used for output paths: ``skane-nordost``."""
        return self.folder.name


def read(year_path: Path) -> Indata:
    """Load and validate the year file, its förbund file and the prior year's file.

    Every problem in all three files is collected before :class:`InputError` is raised.
    """
    year_path = Path(year_path)
    problems: list[Problem] = []
    match = YEAR_FILE.match(year_path.name)
    if not match:
        raise InputError([Problem(
            "årsfilen ska heta efter året, till exempel data/mitt-forbund/2023.yaml",
            Location(relpath(year_path)))])
    forbund_path = year_path.parent / FORBUND_FILE
    if not forbund_path.exists():
        raise InputError([Problem(
            f"{FORBUND_FILE} saknas bredvid årsfilen; där står förbundets namn, orgnr och medlemmar",
            Location(relpath(forbund_path)),
            hint="reportgen new skapar en mall")])

    sources: list[Source] = []
    for path in (forbund_path, year_path):
        try:
            sources.append(load_yaml(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    forbund_source, ar_source = sources

    forbund, p1 = validate(forbund_source, Forbund)
    arsfil, p2 = validate(ar_source, Arsfil)
    problems.extend(p1)
    problems.extend(p2)
    if arsfil is not None and arsfil.ar != int(match.group(1)):
        problems.append(Problem(
            f"filen heter {year_path.name} men anger ar: {arsfil.ar}",
            ar_source.locate(("ar",)), "ar"))

    foregaende = None
    foregaende_source = None
    prior_path = year_path.parent / f"{int(match.group(1)) - 1}.yaml"
    if prior_path.exists():
        try:
            foregaende_source = load_yaml(prior_path)
            foregaende, p3 = validate(foregaende_source, Arsfil)
            problems.extend(p3)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems or forbund is None or arsfil is None:
        raise InputError(problems)
    return Indata(forbund, arsfil, foregaende, forbund_source, ar_source, foregaende_source)
