"""The pipeline, in the order it runs: load → model → compute → checks → render → write.

:func:`check` runs the first four stages and returns every problem; :func:`build` runs them
all and writes nothing unless the data is free of errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import checks, sources
from .compute import (
    compute_arsredovisning,
    compute_delarsrapport,
    compute_tertial,
    compute_verksamhetsplan,
)
from .compute.delar import delar_perioder
from .compute.tertial import har_period
from .compute.vy import Rapport
from .errors import InputError, Problem, ReportgenError
from .model import Arsfil
from .model.mal import TERTIALER

Progress = Callable[[str], None]

ALLA = "alla"
"""``--report alla``: every report the year file holds data for (:func:`reports_in`)."""


def _arsredovisning_perioder(arsfil: Arsfil) -> list[str | None]:
    return [None] if arsfil.resultatrakning is not None or arsfil.balansrakning is not None else []


def _verksamhetsplan_perioder(arsfil: Arsfil) -> list[str | None]:
    return [None] if arsfil.budget is not None or arsfil.verksamhetsplan is not None else []


def _tertial_perioder(arsfil: Arsfil) -> list[str | None]:
    return [t for t in TERTIALER if har_period(arsfil, t)]


@dataclass(frozen=True)
class Report:
    """A kind of report reportgen can write from a year file."""

    name: str
    title: str
    template: str
    compute: Callable[..., Rapport]
    perioder: Callable[[Arsfil], list[str | None]]
    """The periods a year file holds data for: [None] for a report without periods, [] for
    none; asked by ``check``, ``serve``'s index and ``build --report alla``."""
    takes_period: bool = False

    def filename(self, period: str | None) -> str:
        if not (period and self.takes_period):
            return self.name
        return f"{self.name}-{period.strip().upper()}"

    def run(self, indata: sources.Indata, period: str | None) -> Rapport:
        """Compute this kind's view of *indata*."""
        return self.compute(indata, period) if self.takes_period else self.compute(indata)


REPORTS: dict[str, Report] = {
    "arsredovisning": Report("arsredovisning", "Årsredovisning", "arsredovisning.html",
                             compute_arsredovisning, _arsredovisning_perioder),
    "tertialrapport": Report("tertialrapport", "Tertialrapport", "tertialrapport.html",
                             compute_tertial, _tertial_perioder, takes_period=True),
    "delarsrapport": Report("delarsrapport", "Delårsrapport", "delarsrapport.html",
                            compute_delarsrapport, delar_perioder, takes_period=True),
    "verksamhetsplan": Report("verksamhetsplan", "Verksamhetsplan och budget",
                              "verksamhetsplan.html", compute_verksamhetsplan,
                              _verksamhetsplan_perioder),
}
"""The one table of report kinds: what each computes, renders and holds data for."""


@dataclass
class Result:
    """What a check or build found: the input read, the computed report and every problem."""

    rapport: Rapport | None
    problems: list[Problem]
    indata: sources.Indata | None = None
    """The validated input (None when it could not be read)."""

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
        rapport = kind.run(indata, period)
    except InputError as exc:
        return Result(None, [*indata.bokforing_problem, *exc.problems], indata)
    problems = [*indata.bokforing_problem, *checks.run(rapport, indata)]
    return Result(rapport, problems, indata)


def reports_in(path: Path) -> list[tuple[str, str | None]]:
    """The reports a year file holds data for: (report, period) pairs in :data:`REPORTS`
    order.

    A file that cannot be read yields the annual report, whose check then reports why.
    """
    try:
        arsfil = sources.read(Path(path)).arsfil
    except InputError:
        return [("arsredovisning", None)]
    found = [(name, period) for name, kind in REPORTS.items() for period in kind.perioder(arsfil)]
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
    return _write(result, kind, period, formats, out, say, pdf_variant), result.problems


def _write(result: Result, kind: Report, period: str | None, formats: tuple[str, ...],
           out: Path, say: Progress, pdf_variant: str | None) -> list[Path]:
    """Render and write one checked report; return the files written."""
    rapport, indata = result.rapport, result.indata
    assert rapport is not None and indata is not None
    from . import markdown, render, write  # Jinja and WeasyPrint only when writing

    target = output_dir(out, indata)
    # The period as the report computed it: --per 2024-08-31 writes delarsrapport-T2.
    tertial = getattr(rapport, "tertial", None)
    stem = kind.filename(getattr(tertial, "period", None) or period)
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
            author=rapport.forbund.namn, created=rapport.datum, variant=pdf_variant)))
    for dest, data in outputs:
        say(f"Skriver {dest}")
        write.write_bytes(dest, data)
    return [dest for dest, _ in outputs]


def build_all(path: Path, formats: tuple[str, ...] = ("html", "pdf"), out: Path = Path("build"),
              strict: bool = False, progress: Progress | None = None,
              pdf_variant: str | None = None) -> tuple[list[Path], list[Problem]]:
    """Build every report *path* holds data for (``--report alla``), or none of them.

    Every report is checked first; when any has errors (or warnings, with *strict*),
    :class:`InputError` carries all their problems and nothing is written.
    """
    say = progress or (lambda _msg: None)
    say(f"Läser {path}")
    checked = [(REPORTS[report], period, check(path, report, period))
               for report, period in reports_in(path)]
    problems: list[Problem] = []
    for _, _, result in checked:
        problems.extend(p for p in result.problems if p not in problems)
    if any(strict or p.severity == "fel" for p in problems) or \
            any(result.rapport is None for _, _, result in checked):
        raise InputError(problems)
    written: list[Path] = []
    for kind, period, result in checked:
        written.extend(_write(result, kind, period, formats, out, say, pdf_variant))
    return written, problems
