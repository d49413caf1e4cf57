"""The pipeline, in the order it runs: load → model → compute → checks → render → write.

:func:`check` runs the first four stages and returns every problem; :func:`build` runs them
all and writes nothing unless the data is free of errors.

Draft and final: a completeness problem (:mod:`reportgen.checks.fardig`) is a warning in a
draft, whose every page then says UTKAST (``rapport.utkast``), and an error with
``slutlig`` (``--slutlig``), so a report ready to sign has none and no mark.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import checks, sources
from .checks import fardig
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
    written = "arsredovisning" in arsfil.model_fields_set  # its own texts, figures or not
    held = written or arsfil.resultatrakning is not None or arsfil.balansrakning is not None
    return [None] if held else []


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


def slutliga(problems: Iterable[Problem], slutlig: bool) -> list[Problem]:
    """*problems* as a final build sees them: with *slutlig*, completeness problems are
    errors."""
    return [replace(p, severity="fel") if slutlig and p.fullstandighet else p
            for p in problems]


def check(path: Path, report: str = "arsredovisning", period: str | None = None,
          slutlig: bool = False, rendera: bool = False) -> Result:
    """Load, validate, compute and cross-check *path*; never raises for bad input.

    With *rendera* the report is also rendered (not written) and scanned for placeholders
    left in it; with *slutlig* completeness problems are errors. ``rapport.utkast`` says
    whether any completeness problem remains.
    """
    kind = _report(report)
    try:
        indata = sources.read(Path(path))
    except InputError as exc:
        return Result(None, exc.problems)
    missing = _not_held(kind, indata)
    if missing is not None:
        return Result(None, [missing], indata)
    try:
        rapport = kind.run(indata, period)
    except InputError as exc:
        return Result(None, [*indata.bokforing_problem, *exc.problems], indata)
    problems = [*indata.bokforing_problem, *checks.run(rapport, indata)]
    if rendera and not any(p.severity == "fel" for p in problems):
        # A broken template or {{figur}} is left to build, which reports it with its place.
        with contextlib.suppress(ReportgenError):
            html = _html(rapport, kind, indata, [])
            problems.extend(fardig.platshallare_i_html(html, indata))
    rapport.utkast = any(p.fullstandighet for p in problems)
    return Result(rapport, slutliga(problems, slutlig), indata)


_HELD_BY = {
    "arsredovisning": "varken arsredovisning:, resultatrakning: eller balansrakning:",
    "verksamhetsplan": "varken budget: eller verksamhetsplan:",
}
"""What a year file lacks when it holds nothing for a report without periods (the tertial
report names its missing period itself, :func:`reportgen.compute.tertial.ensure_written`)."""


def _not_held(kind: Report, indata: sources.Indata) -> Problem | None:
    """A problem when *indata* holds no data for *kind*: an empty shell is never built."""
    if kind.takes_period or kind.perioder(indata.arsfil):
        return None
    held = [(name, period) for name, other in REPORTS.items()
            for period in other.perioder(indata.arsfil)]
    names = ", ".join(REPORTS[n].title.lower() + (f" {p}" if p else "") for n, p in held)
    options = list(dict.fromkeys(f"--report {n}" + (f" --period {p}" if p else "")
                                 for n, p in held))
    hint = (f"filen har uppgifter till {names}: bygg med {' eller '.join(options)}, "
            "eller allt med --report alla" if held else "skriv uppgifterna i årsfilen")
    return Problem(f"årsfilen har inga uppgifter till {kind.title.lower()} "
                   f"({_HELD_BY.get(kind.name, 'uppgifterna saknas')})",
                   indata.ar_source.locate(("ar",)), hint=hint,
                   check="rapport_har_uppgifter")


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


def check_all(path: Path, slutlig: bool = False, rendera: bool = False) -> list[Problem]:
    """Check every report *path* holds data for; each problem once."""
    problems: list[Problem] = []
    for report, period in reports_in(path):
        for p in check(path, report, period, slutlig, rendera).problems:
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
    """``<out>/<förbund>/<år>``; never outside *out*, whatever the year file's path."""
    target = Path(out) / indata.slug / str(indata.arsfil.ar)
    if indata.slug in ("", ".", "..") or not Path(os.path.abspath(target)).is_relative_to(
            os.path.abspath(out)):
        raise ReportgenError(f"kan inte skriva rapporten för {indata.ar_source.name} i "
                             f"{out}: förbundets mapp har inget namn")
    return target


@dataclass
class Built:
    """What a build wrote, what it warned about and every file it read.

    *read_files* is what ``make`` needs for a dependency file: the year file, forbund.yaml,
    the prior year's file (when there is one), the logo, the templates and the engine's own
    files, each resolved, in the order read. *seen* holds each of them as it was just before
    it was read, ``(st_mtime_ns, st_size)`` (None: it did not exist), so that a file saved
    while the build ran can be told from the one that was built (:mod:`reportgen.stamps`).
    """

    written: list[Path]
    problems: list[Problem]
    read_files: list[Path]
    seen: dict[Path, tuple[int, int] | None] = field(default_factory=dict)


def read_files(indata: sources.Indata) -> list[Path]:
    """The data files a check of *indata* read, resolved: year, förbund, prior year."""
    found = [indata.ar_source.path, indata.forbund_source.path]
    if indata.foregaende_source is not None:
        found.append(indata.foregaende_source.path)
    return [Path(p).resolve() for p in found]


def data_candidates(path: Path) -> list[Path]:
    """The data files a check of the year file *path* may read, before it reads them: the
    year file, forbund.yaml and the prior year's file (which may not exist)."""
    path = Path(path)
    match = sources.YEAR_FILE.match(path.name)
    found = [path, path.parent / sources.FORBUND_FILE]
    if match:
        found.append(path.parent / f"{int(match.group(1)) - 1}.yaml")
    return [p.absolute() for p in found]


def before_reading(path: Path) -> dict[Path, tuple[int, int] | None]:
    """What the files a check of *path* may read look like before it reads them: the data
    candidates and every file beside the year file (its SIE file and kontoplan are named
    only inside the year file)."""
    seen: dict[Path, tuple[int, int] | None] = {}
    snapshot(data_candidates(path), seen)
    folder = Path(path).absolute().parent
    with contextlib.suppress(OSError):
        snapshot(sorted(p for p in folder.iterdir() if p.is_file()), seen)
    return seen


def book_files(indata: sources.Indata) -> list[Path]:
    """The files the books of *indata* are read from (``bokforing:``): the SIE file, the
    förbund's kontoplan.yaml (present or not) and a kontoplan file named there, with the
    folder's other YAML files that such a plan may build on (``bygger_pa``). The shipped
    kontoplaner belong to :func:`engine_files`."""
    spec = indata.ar_source.data.get("bokforing") if isinstance(indata.ar_source.data, dict) \
        else None
    if not isinstance(spec, dict) or not isinstance(spec.get("sie"), str):
        return []
    folder = indata.folder.absolute()
    found = [folder / spec["sie"], folder / "kontoplan.yaml"]
    plan = str(spec.get("kontoplan", ""))
    if plan.endswith((".yaml", ".yml")):
        found.append(folder / plan)
        found.extend(sorted(p for p in folder.glob("*.y*ml") if p.name != sources.FORBUND_FILE
                            and not sources.YEAR_FILE.match(p.name)))
    return list(dict.fromkeys(found))


def _seen(indata: sources.Indata, before: dict[Path, tuple[int, int] | None],
          inputs: list[Path]) -> dict[Path, tuple[int, int] | None]:
    """*before* narrowed to what was read, and the render inputs as they are now."""
    seen = {p: before[p] for p in data_candidates(indata.ar_source.path) if p in before}
    for p in book_files(indata):
        if p in before:
            seen[p] = before[p]
    snapshot([*book_files(indata), *inputs], seen)
    return seen


def snapshot(paths: Iterable[Path], into: dict[Path, tuple[int, int] | None]) -> None:
    """Record each path's (mtime in ns, size) in *into*, unless it is there already."""
    for p in paths:
        if p in into:
            continue
        try:
            st = p.stat()
        except OSError:
            into[p] = None
        else:
            into[p] = (st.st_mtime_ns, st.st_size)


def _render_inputs(indata: sources.Indata) -> list[Path]:
    """Every file rendering *indata* may read besides the data: the logo, each file and
    folder of the template search path (a new file in a folder is an override that did
    not exist before) and the engine's own files (loaded modules, fonts, metadata)."""
    from . import render

    found: list[Path] = []
    logo = indata.forbund.tema.logotyp
    if logo:
        found.append((indata.folder / str(logo).strip()).absolute())
    # The override folders, present or not: one created later must rebuild the report.
    found += [(indata.folder / "templates").absolute(),
              (render.repository_of(indata.folder) / "templates").absolute()]
    for root in render.template_search_paths(indata.folder):
        found.append(root.absolute())
        found.extend(sorted(p.absolute() for p in root.rglob("*")
                            if not p.name.startswith(".")))
    return found + engine_files()


def engine_files() -> list[Path]:
    """The files of reportgen itself a build may run or read: its modules (all of them, not
    only those loaded so far), its fonts and its installed metadata (rewritten by every
    ``pip install``). The built-in templates are on the search path already."""
    package = Path(__file__).absolute().parent
    found = sorted([*package.rglob("*.py"), *(package / "sie" / "kontoplaner").glob("*.yaml")])
    found.extend(sorted((package / "fonts").glob("*")))
    try:
        dist = importlib.metadata.distribution("reportgen")
        found.extend(Path(str(f.locate())).absolute() for f in dist.files or ()
                     if f.name == "METADATA")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
        pass
    return found


def build(path: Path, report: str = "arsredovisning", formats: tuple[str, ...] = ("html", "pdf"),
          out: Path = Path("build"), period: str | None = None, strict: bool = False,
          progress: Progress | None = None, pdf_variant: str | None = None,
          slutlig: bool = False) -> tuple[list[Path], list[Problem]]:
    """Build *report* of the year file *path*; return the files written and the warnings.

    *pdf_variant* is one of ``write.PDF_VARIANTS`` (None: ``write.PDF_VARIANT``). Without
    *slutlig* a report with completeness problems is built as a draft marked UTKAST. See
    :func:`build_report` for the files read, too.

    Raises :class:`InputError` with every problem when the data has errors (or warnings,
    with *strict*; or completeness problems, with *slutlig*); nothing is written then.
    """
    built = build_report(path, report, formats, out, period, strict, progress, pdf_variant,
                         slutlig)
    return built.written, built.problems


def build_report(path: Path, report: str = "arsredovisning",
                 formats: tuple[str, ...] = ("html", "pdf"), out: Path = Path("build"),
                 period: str | None = None, strict: bool = False,
                 progress: Progress | None = None, pdf_variant: str | None = None,
                 slutlig: bool = False) -> Built:
    """:func:`build`, returning a :class:`Built` with the files read as well."""
    say = progress or (lambda _msg: None)
    kind = _report(report)
    say(f"Läser {path}")
    before = before_reading(path)
    result = check(path, report, period, slutlig)
    blocking = result.problems if strict else result.errors
    if blocking or result.rapport is None or result.indata is None:
        raise InputError(result.problems)
    inputs = [*book_files(result.indata), *_render_inputs(result.indata)]
    seen = _seen(result.indata, before, inputs)
    read: list[Path] = []
    html = _final_html(result, kind, strict, slutlig, read)
    written = _write(result, html, kind, period, formats, out, say, pdf_variant)
    return Built(written, result.problems, _read(read, inputs), seen)


def _read(read: list[Path], inputs: list[Path]) -> list[Path]:
    """The files read: the data and templates the build loaded (*read*), then the other
    render inputs that are files (folders, which are in *seen* for new overrides, left
    out)."""
    return list(dict.fromkeys([*read, *(p.resolve() for p in inputs if p.is_file())]))


def _html(rapport: Rapport, kind: Report, indata: sources.Indata, read: list[Path]) -> str:
    """The report's HTML; every file read (data, logo, templates) is added to *read*."""
    from . import markdown, render  # Jinja only when rendering

    search = render.template_search_paths(indata.folder)
    read.extend(p for p in read_files(indata) if p not in read)
    try:
        return render.render_html(rapport, kind.template, search, data_dir=indata.folder,
                                  read=read)
    except markdown.FigureError as exc:  # the checks catch these first; a safety net
        raise ReportgenError(f"{indata.ar_source.name}: {exc}") from None


def _final_html(result: Result, kind: Report, strict: bool, slutlig: bool,
                read: list[Path]) -> str:
    """The report's HTML, scanned for placeholders before anything is written.

    A placeholder left is a completeness problem: with *slutlig* (or *strict*) it stops the
    build; in a draft it is added to ``result.problems`` and the report says UTKAST.
    """
    rapport, indata = result.rapport, result.indata
    assert rapport is not None and indata is not None
    html = _html(rapport, kind, indata, read)
    found = slutliga(fardig.platshallare_i_html(html, indata), slutlig)
    if not found:
        return html
    result.problems.extend(p for p in found if p not in result.problems)
    if slutlig or strict:
        raise InputError(result.problems)
    if not rapport.utkast:
        rapport.utkast = True
        html = _html(rapport, kind, indata, read)
    return html


def _write(result: Result, html: str, kind: Report, period: str | None,
           formats: tuple[str, ...], out: Path, say: Progress,
           pdf_variant: str | None) -> list[Path]:
    """Write one checked and rendered report; return the files written.

    The HTML and the PDF are both made completely before either is written, and then put
    in place together (:func:`reportgen.write.write_files`): a failed or killed build leaves
    the new pair or the old pair, never one of each.
    """
    rapport, indata = result.rapport, result.indata
    assert rapport is not None and indata is not None
    from . import render, write  # WeasyPrint only when writing

    target = output_dir(out, indata)
    # The period as the report computed it: --per 2024-08-31 writes delarsrapport-T2.
    tertial = getattr(rapport, "tertial", None)
    stem = kind.filename(getattr(tertial, "period", None) or period)
    search = render.template_search_paths(indata.folder)
    outputs: list[tuple[Path, bytes]] = []
    if "html" in formats:
        outputs.append((target / f"{stem}.html", html.encode("utf-8")))
    if "pdf" in formats:
        say(f"Sätter PDF för {target / stem}.pdf")
        outputs.append((target / f"{stem}.pdf", write.render_pdf(
            html, indata.folder, allowed=search, title=pdf_title(rapport),
            author=rapport.forbund.namn, created=rapport.datum, variant=pdf_variant)))
    for dest, _ in outputs:
        say(f"Skriver {dest}")
    write.write_files(outputs)
    return [dest for dest, _ in outputs]


def build_all(path: Path, formats: tuple[str, ...] = ("html", "pdf"), out: Path = Path("build"),
              strict: bool = False, progress: Progress | None = None,
              pdf_variant: str | None = None,
              slutlig: bool = False) -> tuple[list[Path], list[Problem]]:
    """Build every report *path* holds data for (``--report alla``), or none of them.

    Every report is checked first; when any has errors (or warnings, with *strict*),
    :class:`InputError` carries all their problems and nothing is written. See
    :func:`build_all_report` for the files read, too.
    """
    built = build_all_report(path, formats, out, strict, progress, pdf_variant, slutlig)
    return built.written, built.problems


def build_all_report(path: Path, formats: tuple[str, ...] = ("html", "pdf"),
                     out: Path = Path("build"), strict: bool = False,
                     progress: Progress | None = None, pdf_variant: str | None = None,
                     slutlig: bool = False) -> Built:
    """:func:`build_all`, returning a :class:`Built` with every file read by any report:
    what ``make``'s dependency file for the year file lists."""
    say = progress or (lambda _msg: None)
    say(f"Läser {path}")
    before = before_reading(path)
    checked = [(REPORTS[report], period, check(path, report, period, slutlig))
               for report, period in reports_in(path)]
    problems: list[Problem] = []
    for _, _, result in checked:
        problems.extend(p for p in result.problems if p not in problems)
    if any(strict or p.severity == "fel" for p in problems) or \
            any(result.rapport is None or result.indata is None for _, _, result in checked):
        raise InputError(problems)
    indata = checked[0][2].indata
    assert indata is not None
    inputs = [*book_files(indata), *_render_inputs(indata)]
    seen = _seen(indata, before, inputs)
    read: list[Path] = []
    rendered = []
    for kind, _, result in checked:  # every report rendered and scanned before writing
        try:
            rendered.append(_final_html(result, kind, strict, slutlig, read))
        finally:
            problems.extend(p for p in result.problems if p not in problems)
    written: list[Path] = []
    for (kind, period, result), html in zip(checked, rendered, strict=True):
        written.extend(_write(result, html, kind, period, formats, out, say, pdf_variant))
    return Built(written, problems, _read(read, inputs), seen)
