"""The pipeline, in the order it runs: load → model → compute → checks → render → write.

:func:`check` runs the first four stages and returns every problem; :func:`build` runs them
all and writes nothing unless the data is free of errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import checks, compute, sources
from .compute.budget import compute_verksamhetsplan
from .compute.tertial import compute_tertial
from .compute.vy import Rapport
from .errors import InputError, Problem, ReportgenError

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Report:
    """A kind of report reportgen can write from a year file."""

    name: str
    title: str
    template: str
    compute: Callable[..., Rapport]
    takes_period: bool = False

    def filename(self, period: str | None) -> str:
        if not (period and self.takes_period):
            return self.name
        return f"{self.name}-{period.strip().upper()}"


REPORTS: dict[str, Report] = {
    "arsredovisning": Report("arsredovisning", "Årsredovisning", "arsredovisning.html",
                             compute.compute),
    "tertialrapport": Report("tertialrapport", "Tertialrapport", "tertialrapport.html",
                             compute_tertial, takes_period=True),
    "verksamhetsplan": Report("verksamhetsplan", "Verksamhetsplan och budget",
                              "verksamhetsplan.html", compute_verksamhetsplan),
}


@dataclass
class Result:
    """What a check or build found: the computed report (if any) and every problem."""

    rapport: Rapport | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fel"]


def check(path: Path, report: str = "arsredovisning", period: str | None = None) -> Result:
    """Load, validate, compute and cross-check *path*; never raises for bad input."""
    kind = _report(report)
    try:
        indata = sources.read(Path(path))
    except InputError as exc:
        return Result(None, exc.problems)
    try:
        rapport = kind.compute(indata, period) if kind.takes_period else kind.compute(indata)
    except InputError as exc:
        return Result(None, exc.problems)
    problems = checks.run(rapport, indata)
    rapport.extra["indata"] = indata
    return Result(rapport, problems)


def reports_in(path: Path) -> list[tuple[str, str | None]]:
    """The reports a year file holds data for: (report, period) pairs, annual report first.

    Used by ``reportgen check`` without ``--report``, so that one command checks every
    report a file can produce. A file that cannot be read yields the annual report, whose
    check then reports why.
    """
    try:
        arsfil = sources.read(Path(path)).arsfil
    except InputError:
        return [("arsredovisning", None)]
    found: list[tuple[str, str | None]] = []
    if arsfil.resultatrakning is not None or arsfil.balansrakning is not None:
        found.append(("arsredovisning", None))
    if "verksamhetsplan" in REPORTS and (getattr(arsfil, "budget", None) is not None
                                         or getattr(arsfil, "verksamhetsplan", None) is not None):
        found.append(("verksamhetsplan", None))
    if "tertialrapport" in REPORTS:
        periods = sorted({p for m in arsfil.mal for p in m.uppfoljning})
        found.extend(("tertialrapport", p) for p in periods)
    return found or [("arsredovisning", None)]


def check_all(path: Path) -> list[Problem]:
    """Check every report *path* holds data for; each problem once."""
    problems: list[Problem] = []
    for report, period in reports_in(path):
        for p in check(path, report, period).problems:
            if p not in problems:
                problems.append(p)
    return problems


def _report(name: str) -> Report:
    try:
        return REPORTS[name]
    except KeyError:
        raise ReportgenError(
            f"okänd rapport '{name}'; välj en av: {', '.join(REPORTS)}") from None


def pdf_title(rapport: Rapport) -> str:
    """The title a PDF viewer shows: 'Årsredovisning 2023 – Samordningsförbundet X'.

    The year and the förbund are added unless the report's own title already has them.
    """
    title = rapport.titel
    if str(rapport.ar) not in title:
        title = f"{title} {rapport.ar}"
    if rapport.forbund.namn not in title:
        title = f"{title} – {rapport.forbund.namn}"
    return title


def document_date(rapport: Rapport) -> dt.date:
    """The date stamped into the PDF: from the data (decision date), never the clock."""
    decided = rapport.arsfil.arsredovisning.beslutad
    return rapport.extra.get("datum") or decided or dt.date(rapport.ar, 12, 31)


def output_dir(out: Path, indata: sources.Indata) -> Path:
    return Path(out) / indata.slug / str(indata.arsfil.ar)


def build(path: Path, report: str = "arsredovisning", formats: tuple[str, ...] = ("html", "pdf"),
          out: Path = Path("build"), period: str | None = None, strict: bool = False,
          progress: Progress | None = None,
          pdf_variant: str | None = None) -> tuple[list[Path], list[Problem]]:
    """Build *report* of the year file *path*; return the files written and the warnings.

    *pdf_variant* is one of ``write.PDF_VARIANTS`` (None: ``write.PDF_VARIANT``).

    Raises :class:`InputError` with every problem when the data has errors (or warnings,
    with *strict*); nothing is written then.
    """
    say = progress or (lambda _msg: None)
    kind = _report(report)
    say(f"Läser {path}")
    result = check(path, report, period)
    blocking = result.problems if strict else result.errors
    if blocking or result.rapport is None:
        raise InputError(result.problems)
    rapport = result.rapport
    indata: sources.Indata = rapport.extra["indata"]
    from . import markdown, render, write  # Jinja and WeasyPrint only when writing

    target = output_dir(out, indata)
    stem = kind.filename(period)
    search = render.template_search_paths(indata.folder)
    try:
        html = render.render_html(rapport, kind.template, search, data_dir=indata.folder)
    except markdown.FigureError as exc:  # the checks catch these first; a safety net
        raise ReportgenError(f"{indata.ar_source.name}: {exc}") from None
    # Typeset first, write after: a failing PDF must not leave a new HTML beside an old PDF.
    outputs: list[tuple[Path, bytes]] = []
    if "html" in formats:
        outputs.append((target / f"{stem}.html", html.encode("utf-8")))
    if "pdf" in formats:
        say(f"Sätter PDF för {target / stem}.pdf")
        outputs.append((target / f"{stem}.pdf", write.render_pdf(
            html, indata.folder, allowed=search, title=pdf_title(rapport),
            author=rapport.forbund.namn, created=document_date(rapport), variant=pdf_variant)))
    for dest, data in outputs:
        say(f"Skriver {dest}")
        write.write_bytes(dest, data)
    return [dest for dest, _ in outputs], result.problems
