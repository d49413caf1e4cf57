"""Exceptions and the problem record every stage reports with.

Logging rules (what goes where):

* An **error** (``Problem.severity == "fel"``) means the report would be wrong or could
  not be built. Every error is collected first and printed with its place; the build then
  stops once with exit code 1 and writes nothing.
* A **warning** (``"varning"``) is printed but does not stop the build, for example a
  rounding difference the YAML accepts explicitly with a reason. ``--strict`` turns
  warnings into errors.
* A **completeness problem** (``Problem.fullstandighet``) says the report is not ready
  to sign (a ``FYLL I`` left, a placeholder, a missing comparative column): a warning in a
  draft, whose every page then says UTKAST, and an error with ``--slutlig``.
* Progress ("Skriver build/…/arsredovisning.pdf") goes to stderr and is silenced by ``-q``.

Everything the kansli reads is Swedish; code and docstrings are English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import click

Severity = Literal["fel", "varning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: 1-based line and column, as editors count."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said in Swedish for the kansli.

    ``field`` is the dotted path in the YAML (``balansrakning.skulder.kortfristiga``),
    ``check`` the name of the cross-check that found it (``None`` for schema errors).
    ``fullstandighet`` marks a completeness problem: the report is a draft (UTKAST) while
    it remains, and ``--slutlig`` makes it an error.
    """

    message: str
    location: Location | None = None
    field: str | None = None
    severity: Severity = "fel"
    check: str | None = None
    hint: str | None = None
    fullstandighet: bool = False

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f"{self.field}: " if self.field else ""
        text = f"{where}{self.severity}: {what}{self.message}"
        if self.check:
            text += f" [{self.check}]"
        if self.hint:
            text += f"\n    tips: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "fil": loc.file if loc else None,
            "rad": loc.line if loc else None,
            "kolumn": loc.column if loc else None,
            "falt": self.field,
            "allvar": self.severity,
            "kontroll": self.check,
            "meddelande": self.message,
            "tips": self.hint,
            "fullstandighet": self.fullstandighet,
        }


@dataclass
class Problems:
    """An ordered collection of problems, errors and warnings together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "fel"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "varning"]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


_UNSAFE_FOR_TERMINAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_text(text: str) -> str:
    r"""*text* safe to print on a terminal: control characters (ESC sequences, BEL, C1 such
    as U+009B), bidirectional overrides and lone surrogates are shown as ``\x1b`` or
    ``\u202e`` instead of acting on the terminal. Newline and tab stay.

    >>> terminal_text("belopp \x1b[31m5\x1b[0m\n")
    'belopp \\x1b[31m5\\x1b[0m\n'
    """
    def one(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE_FOR_TERMINAL.sub(one, text)


def json_text(text: str) -> str:
    r"""JSON text (from ``json.dumps(…, ensure_ascii=False)``) with the characters
    :func:`terminal_text` escapes written as JSON ``\u`` escapes: still the same JSON."""
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def echo(message: str = "", err: bool = False, file=None) -> None:
    """:func:`click.echo` of *message* through :func:`terminal_text`: every message
    reportgen prints goes through here."""
    click.echo(terminal_text(message), err=err, file=file)


class ReportgenError(click.ClickException):
    """Root of reportgen's exceptions; the CLI prints it as ``Fel: …`` without a traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # pragma: no cover - exercised through the CLI
        echo(f"Fel: {self.format_message()}", err=True, file=file)


class InputError(ReportgenError):
    """The input files could not be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        n = len([p for p in self.problems if p.severity == "fel"])
        self.summary = summary or (
            f"{n} fel i indata, ingen rapport skrevs." if n != 1
            else "1 fel i indata, ingen rapport skrevs."
        )
        super().__init__(self.summary)

    def format_message(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(self.summary)
        return "\n".join(lines)

    def show(self, file=None) -> None:  # pragma: no cover - exercised through the CLI
        for p in self.problems:
            echo(str(p), err=True, file=file)
        echo(f"Fel: {self.summary}", err=True, file=file)


class ReportFileError(ReportgenError):
    """A file the data refers to (logo, template, include) cannot be used."""


class OutputError(ReportgenError):
    """The report could not be written (disk, permissions, WeasyPrint failure)."""


def relpath(path: Path) -> str:
    """Show *path* relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
