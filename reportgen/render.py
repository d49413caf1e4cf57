"""Stage 5: the view model through Jinja templates to one HTML document.

One environment factory (:func:`make_env`) registers every filter in one place. Templates
are looked up in order in the förbund's ``templates/``, the docs repo's ``templates/`` (the
folder holding ``data/``, :func:`repository_of`) and the built-in ``templates/``; the first
file found wins, and ``inbyggd/<name>`` always reaches the built-in one (to wrap it in an
override).
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
import stat
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypedDict

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from . import format as fmt
from . import htmltext, markdown
from .compute.vy import Rapport
from .errors import ReportFileError, relpath

BUILTIN_PREFIX = "inbyggd"
DEFAULT_FARG = "#1f3a56"
"""Headings and rules: a dark, slightly blue grey."""
DEFAULT_ACCENTFARG = "#4d7391"


def builtin_templates_dir() -> Path:
    """The built-in templates: inside the installed wheel, else the checkout's top level."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise ReportFileError(f"hittar inte de inbyggda mallarna (sökte i {package}/templates "
                          f"och {package.parent}/templates)")


def repository_of(forbund_dir: Path) -> Path:
    """The repository a förbund folder belongs to: the folder that holds ``data/``.

    A year file lives in ``<repository>/data/<förbund>/<år>.yaml``, so the repository is the
    förbund folder's grandparent, wherever the build is started from.

    >>> repository_of(Path("/docs/data/mitt-forbund")).as_posix()
    '/docs'
    """
    return Path(forbund_dir).absolute().parent.parent


def template_search_paths(forbund_dir: Path | None = None, cwd: Path | None = None) -> list[Path]:
    """Where templates are looked up, first match wins.

    ``<forbund_dir>/templates`` → ``<repository>/templates`` (a docs repository's overrides;
    skipped when it is the built-in folder itself, as in a checkout of reportgen) → the
    built-in templates. The repository is *cwd* when given, else :func:`repository_of` the
    förbund folder: never the folder the command happens to run in. Folders that do not
    exist are left out.
    """
    builtin = builtin_templates_dir()
    paths: list[Path] = []
    candidates = []
    if forbund_dir is not None:
        candidates.append(Path(forbund_dir) / "templates")
    if cwd is not None:
        candidates.append(Path(cwd) / "templates")
    elif forbund_dir is not None:
        candidates.append(repository_of(forbund_dir) / "templates")
    for candidate in candidates:
        if candidate.is_dir() and candidate.resolve() != builtin.resolve() \
                and candidate.resolve() not in [p.resolve() for p in paths]:
            paths.append(candidate)
    paths.append(builtin)
    return paths


# ---------------------------------------------------------------------------- filters

def _options(ctx: Any) -> fmt.Options:
    """The förbund's number settings (minus sign, zero) from the template context."""
    rapport = ctx.get("rapport") if ctx is not None else None
    settings = getattr(getattr(rapport, "forbund", None), "format", None)
    if settings is None:
        return fmt.DEFAULT
    return fmt.Options(minus=settings.minustecken, noll=settings.noll)


def _number_filter(function: Callable[..., str]) -> Callable[..., str]:
    @jinja2.pass_context
    def apply(ctx, value, *args, **kwargs):
        kwargs.setdefault("opts", _options(ctx))
        return function(value, *args, **kwargs)

    apply.__doc__ = function.__doc__
    apply.__name__ = function.__name__
    return apply


@jinja2.pass_context
def tal(ctx, value: Any, format: str = "kr") -> str:
    """A cell of a data table by its column format (text, kr, tkr, procent, antal)."""
    if value is None:
        return ""
    if format == "text" or not isinstance(value, (Decimal, int)):
        return str(value)
    opts = _options(ctx)
    if format == "procent":
        return fmt.procent(Decimal(value), opts=opts)
    return getattr(fmt, format)(value, opts=opts)


@jinja2.pass_context
def md(ctx, text: str | None, niva: int = 0) -> Markup:
    """Markdown block with ``{{figurer}}`` resolved; headings go below section level *niva*."""
    if not text:
        return Markup("")
    rapport = ctx.get("rapport")
    html = markdown.render_block(text, getattr(rapport, "figurer", None), _options(ctx), niva)
    return Markup(html)


@jinja2.pass_context
def md_inline(ctx, text: str | None) -> Markup:
    """One line of Markdown, no ``<p>``."""
    if not text:
        return Markup("")
    rapport = ctx.get("rapport")
    return Markup(markdown.render_inline(text, getattr(rapport, "figurer", None), _options(ctx)))


@jinja2.pass_context
def siffra(ctx, value: Decimal | int | None) -> str:
    """A measured value as it was typed: whole numbers grouped, decimals with a comma.

    >>> siffra(None, Decimal("1200")), siffra(None, Decimal("4.5"))
    ('1\xa0200', '4,5')
    """
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return fmt.antal(value, opts=_options(ctx))
    return fmt.kr(value, opts=_options(ctx), decimals=-int(value.as_tuple().exponent))


_CSS_UNSAFE = re.compile(r'[^A-Za-z0-9 ,._\-åäöÅÄÖéÉüÜ]')


def css_str(value: str | None) -> Markup:
    """A quoted CSS string that cannot end the string or the ``<style>`` element.

    >>> print(css_str('Open "Sans"'))
    "Open \\000022 Sans\\000022 "
    """
    text = _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group(0)):06x} ", value or "")
    return Markup(f'"{text}"')


def heading_tag(niva: int) -> str:
    """'h1' … 'h6' for a section level."""
    return f"h{max(1, min(int(niva), 6))}"


FILTERS: dict[str, Callable[..., Any]] = {
    **{name: (_number_filter(f) if name in ("kr", "tkr", "mnkr", "procent", "antal") else f)
       for name, f in fmt.FILTERS.items()},
    "tal": tal,
    "siffra": siffra,
    "md": md,
    "md_inline": md_inline,
    "css_str": css_str,
    "rubrik": heading_tag,
}
"""Every filter the templates may use, registered in :func:`make_env`."""


# ---------------------------------------------------------------------------- environment

MAX_TEMPLATE_BYTES = 1_000_000
"""A template larger than this is a mistake (or a device file); it is not read."""


class TemplateLoader(jinja2.BaseLoader):
    """Templates from *search_paths* (first match wins) and ``inbyggd/<name>`` from the
    built-in folder, and nothing else.

    A förbund's templates are data, not code: a name must be relative and without ``..``
    or backslashes, and the file it names must be a regular file that lies inside the
    folder it was found in once every symbolic link is followed (a link inside the folder
    is fine, a link out of it is refused). Every file loaded is added to :attr:`read`.
    """

    def __init__(self, search_paths: Sequence[Path], builtin: Path) -> None:
        self.search_paths = [Path(p) for p in search_paths]
        self.builtin = Path(builtin)
        self.read: list[Path] = []

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = _template_parts(template)
        roots = self.search_paths
        if parts[0] == BUILTIN_PREFIX and len(parts) > 1:
            roots, parts = [self.builtin], parts[1:]
        for root in roots:
            path = _template_file(root, parts, template)
            if path is None:
                continue
            try:
                with path.open("rb") as f:
                    raw = f.read(MAX_TEMPLATE_BYTES + 1)
                mtime = path.stat().st_mtime_ns
            except OSError as exc:
                raise ReportFileError(f"mallen {relpath(path)} går inte att läsa: "
                                      f"{exc.strerror or exc}") from None
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise ReportFileError(f"mallen {relpath(path)} är större än "
                                      f"{MAX_TEMPLATE_BYTES // 1_000_000} MB")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ReportFileError(f"mallen {relpath(path)} är inte sparad som UTF-8") from None
            if path not in self.read:
                self.read.append(path)

            def uptodate(path: Path = path, mtime: int = mtime) -> bool:
                try:
                    return path.stat().st_mtime_ns == mtime
                except OSError:
                    return False

            return text, str(path), uptodate
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for root in self.search_paths:
            if root.is_dir():
                found.update(p.relative_to(root).as_posix() for p in root.rglob("*")
                             if p.is_file())
        return sorted(found)


def _template_parts(name: str) -> list[str]:
    """The folders and file of a template name, or :class:`ReportFileError` for a name that
    could reach outside a templates folder."""
    if not name or "\\" in name or "\x00" in name or name.startswith(("/", "~")) \
            or re.match(r"^[A-Za-z]:", name):
        raise ReportFileError(f"mallnamnet '{_printable(name)}' ska vara relativt mappen "
                              "templates/, till exempel block/styrelse.html")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts or not parts:
        raise ReportFileError(f"mallnamnet '{_printable(name)}' får inte innehålla '..'; "
                              "en mall kan bara hämta andra mallar i templates/")
    return parts


def _template_file(root: Path, parts: list[str], name: str) -> Path | None:
    """The regular file *parts* names inside *root*, or None when there is none there."""
    candidate = root.joinpath(*parts)
    if not os.path.lexists(candidate):
        return None
    try:
        resolved = candidate.resolve(strict=True)
        inside = resolved.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        raise ReportFileError(f"mallen {relpath(candidate)} går inte att läsa (en symbolisk "
                              "länk som inte leder någonstans?)") from None
    if not inside:
        raise ReportFileError(f"mallen {relpath(candidate)} är en symbolisk länk ut ur "
                              f"{relpath(root)}; bara filer i mappen templates/ får användas")
    if not stat.S_ISREG(resolved.stat().st_mode):
        if resolved.is_dir():
            return None
        raise ReportFileError(f"mallen {relpath(candidate)} är ingen vanlig fil")
    return resolved


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)[:200]


class SandboxedEnvironment(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox: a template cannot reach Python's internals (``__globals__``,
    ``__class__``, ``os``), only the data it is given and our filters."""


def make_env(search_paths: Sequence[Path]) -> jinja2.Environment:
    """The one Jinja environment: sandboxed, autoescape, StrictUndefined, our filters, our
    search path (see :class:`TemplateLoader`)."""
    env = SandboxedEnvironment(
        loader=TemplateLoader(search_paths, builtin_templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


# ---------------------------------------------------------------------------- context

class TemaVy(TypedDict):
    farg: str
    accentfarg: str
    typsnitt: str | None
    justerare: bool
    sidhuvud: str | None


class Mallkontext(TypedDict):
    """What every template receives."""

    rapport: Rapport
    forbund: Any
    tema: TemaVy
    logotyp: str | None
    """The logo as a ``data:`` URI (so the HTML stands alone), or None."""
    skapad: str
    """The document date (ISO) from the data, for metadata; never the clock."""


def _logo_uri(rapport: Rapport, data_dir: Path | None) -> str | None:
    name = rapport.forbund.tema.logotyp
    if not name or data_dir is None:
        return None
    root = Path(data_dir).resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        raise ReportFileError(f"logotypen {name} ligger utanför förbundets mapp {relpath(root)}")
    if not path.is_file():
        raise ReportFileError(f"logotypen {relpath(path)} finns inte (tema.logotyp i forbund.yaml)")
    mime = mimetypes.guess_type(path.name)[0]
    if mime not in ("image/svg+xml", "image/png", "image/jpeg"):
        raise ReportFileError(f"logotypen {relpath(path)} ska vara SVG, PNG eller JPEG")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def context(rapport: Rapport, data_dir: Path | None = None) -> Mallkontext:
    t = rapport.forbund.tema
    return Mallkontext(
        rapport=rapport,
        forbund=rapport.forbund,
        # A förbund that sets only its main colour gets it for the accents too.
        tema=TemaVy(farg=t.farg or DEFAULT_FARG,
                  accentfarg=t.accentfarg or t.farg or DEFAULT_ACCENTFARG,
                  typsnitt=t.typsnitt, justerare=t.justerare, sidhuvud=t.sidhuvud),
        logotyp=_logo_uri(rapport, data_dir),
        skapad=rapport.datum.isoformat(),
    )


def render_html(rapport: Rapport, template: str = "arsredovisning.html",
                search_paths: Sequence[Path] | None = None,
                data_dir: Path | None = None, read: list[Path] | None = None) -> str:
    """Render *rapport* to one HTML document (styles inline, logo embedded).

    *search_paths* defaults to :func:`template_search_paths` of *data_dir*. Raises
    :class:`reportgen.markdown.FigureError` for a bad ``{{figur}}`` in a text and
    :class:`ReportFileError` (in Swedish, with the template's file and line) for a broken
    template, whatever went wrong in it. Every template and the logo read are appended to
    *read*.
    """
    if search_paths is None:
        search_paths = template_search_paths(data_dir)
    kontext = context(rapport, data_dir)
    if read is not None and kontext["logotyp"] and data_dir is not None:
        logo = (Path(data_dir) / str(rapport.forbund.tema.logotyp).strip()).resolve()
        if logo not in read:
            read.append(logo)
    return render_template(make_env(search_paths), template, kontext, read)


def render_template(env: jinja2.Environment, template: str, kontext: Mallkontext,
                    read: list[Path] | None = None) -> str:
    """Render *template* of *env*; every template error becomes a :class:`ReportFileError`
    naming the template file and line (the one mapping, for build and serve alike), in
    Swedish, whatever went wrong: syntax, an undefined name, something the sandbox refuses,
    a division by zero, endless recursion. Every template loaded is appended to *read*."""
    loader = env.loader
    try:
        html = env.get_template(template).render(**kontext)
        html = htmltext.hide_repeated_captions(html)  # a caption repeating its heading
        return htmltext.keep_dates_whole(html)  # 2023-12-31 never breaks at a hyphen
    except (ReportFileError, markdown.FigureError):
        raise
    except jinja2.TemplateNotFound as exc:
        paths = getattr(loader, "search_paths", [])
        where = ", ".join(relpath(Path(p)) for p in paths)
        raise ReportFileError(f"{_template_place(exc)}mallen {_printable(str(exc.name))} finns "
                              f"inte (sökte i {where})") from None
    except jinja2.TemplateSyntaxError as exc:
        place = f"{relpath(Path(exc.filename))}:{exc.lineno}" if exc.filename else exc.name
        raise ReportFileError(f"{place}: fel i mallen: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise ReportFileError(f"{_template_place(exc)}mallen försöker använda något som inte "
                              f"är tillåtet i en mall ({exc})") from None
    except jinja2.TemplateError as exc:
        raise ReportFileError(f"{_template_place(exc)}fel i mallen: {exc.message}") from None
    except RecursionError as exc:
        raise ReportFileError(f"{_template_place(exc)}mallen anropar sig själv utan slut "
                              "(ett makro som leder tillbaka till sig självt)") from None
    except ZeroDivisionError as exc:
        raise ReportFileError(f"{_template_place(exc)}mallen delar med noll") from None
    except Exception as exc:  # anything else a template can do wrong at run time
        raise ReportFileError(f"{_template_place(exc)}mallen gick inte att använda: "
                              f"{_runtime_text(exc)}") from None
    finally:
        if read is not None and isinstance(loader, TemplateLoader):
            read.extend(p for p in loader.read if p not in read)


_RUNTIME = {
    TypeError: "ett värde av fel typ (till exempel text där ett tal väntades)",
    ValueError: "ett ogiltigt värde",
    KeyError: "en nyckel som inte finns",
    IndexError: "en rad eller kolumn som inte finns",
    AttributeError: "ett fält som inte finns",
    OverflowError: "ett för stort tal",
    MemoryError: "för mycket minne",
}


def _runtime_text(exc: BaseException) -> str:
    for kind, words in _RUNTIME.items():
        if isinstance(exc, kind):
            return words
    return "ett oväntat fel i mallen"


def _template_place(exc: BaseException) -> str:
    """'templates/x.html:12: ' for the innermost template frame of *exc*, else ''."""
    place = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css", ".svg")):
            place = f"{relpath(Path(filename))}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return place
