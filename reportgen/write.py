"""Stage 6: write the HTML and the PDF, atomically and without touching the network.

Both writers render completely in memory first, then write a temporary file in the target
folder and ``os.replace`` it over the target: a failed or killed build never leaves a
truncated file, and the previous good file stays until the new one is complete.

WeasyPrint fetches through :class:`LocalFetcher`, which serves ``file:`` URLs inside the
allowed folders (built-in templates, the vendored fonts, the förbund's folder) and
``data:`` URLs, and refuses everything else; a refused resource fails the build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import mimetypes
import os
import re
import secrets
import time
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import pdfpost, tabellbrytning
from .errors import OutputError, relpath

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
"""Inter (SIL Open Font License 1.1, see fonts/LICENSE-Inter.txt), so every machine
typesets the PDF with the same glyphs."""

FONT_FACES = (
    ("Inter-Regular.otf", 400, "normal"),
    ("Inter-Italic.otf", 400, "italic"),
    ("Inter-SemiBold.otf", 600, "normal"),
    ("Inter-Bold.otf", 700, "normal"),
)

PDF_VARIANTS: tuple[str, ...] = ("pdf/a-2a", "pdf/a-3a", "pdf/ua-1")
"""The PDF variants ``reportgen build --pdf-variant`` offers; every one is tagged (the tags
come from the HTML structure: headings, tables with th/caption, lists, links, lang), so a
screen reader can read the PDF whichever is chosen."""

PDF_VARIANT: str = "pdf/a-2a"
"""The default: PDF/A-2 level A, archival *and* accessible in one standard. Level A requires
the tagged structure, Unicode text and the document language; PDF/A-2 embeds every font,
carries an sRGB output intent and XMP metadata, and allows the transparency the logo and
the charts use (PDF/A-1 does not). PDF/A-3 only adds embedded files of any kind, which
archives (Riksarkivet's format rules) do not want. ``pdf/ua-1`` stamps the PDF/UA-1
identifier instead of the PDF/A one; the tagging is the same."""


# ---------------------------------------------------------------------------- atomic files

TEMP_SUFFIX = ".tmp"
"""Every file a build writes before it is in place ends so, and starts with a dot."""
STALE_SECONDS = 600
"""A temporary file that names no process (an older reportgen's) is left alone this long."""
_OWNED = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-z_]+\.(?P<role>new|old|pair)\.tmp$")


def _temp_path(path: Path, role: str) -> Path:
    """A new, unused temporary name beside *path* that names this process: a later build
    can tell whether the process that made it still runs (see :func:`clean_stale`)."""
    token = secrets.token_hex(4)
    return path.parent / f".{path.name}.{os.getpid()}-{token}.{role}{TEMP_SUFFIX}"


def _write_temp(path: Path, data: bytes, mode: int) -> Path:
    tmp = _temp_path(path, "new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def _atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = (path.stat().st_mode & 0o777) if path.exists() else 0o644
    tmp = _write_temp(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"kunde inte skriva {relpath(Path(path))}: {exc.strerror or exc}")


def write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to *path* atomically: the old file stays until the new one is complete."""
    try:
        _atomic_write(Path(path), data)
    except OSError as exc:
        raise _write_error(path, exc) from exc


def write_html(path: Path, html: str) -> None:
    """Write *html* (UTF-8) to *path* atomically."""
    write_bytes(path, html.encode("utf-8"))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(folder: Path) -> list[Path]:
    """Finish or remove what killed builds left in *folder*; return the files touched.

    A ``.pair.tmp`` journal of a dead process means it was killed while putting its files
    in place: every new file it still lists is put in place now (all its files were
    complete before the journal was written), so the set is the new one again. Temporary
    files of dead processes go; a temporary file that names no process (from an older
    reportgen) goes once it is :data:`STALE_SECONDS` old. A running build's files stay.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    touched: list[Path] = []
    entries = sorted(folder.iterdir(), key=lambda p: not p.name.endswith(".pair.tmp"))
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
            continue
        owned = _OWNED.match(name)
        try:
            if owned is None:
                if time.time() - entry.lstat().st_mtime < STALE_SECONDS or not entry.is_file():
                    continue
            elif _alive(int(owned["pid"])):
                continue
            if owned is not None and owned["role"] == "pair":
                for line in entry.read_text(encoding="utf-8").splitlines():
                    tmp_name, _, dest_name = line.partition("\t")
                    tmp = folder / tmp_name
                    if tmp_name and dest_name and "/" not in tmp_name + dest_name and tmp.is_file():
                        os.replace(tmp, folder / dest_name)
                        touched.append(folder / dest_name)
            if entry.exists():
                entry.unlink()
                touched.append(entry)
        except OSError:
            continue  # another build is cleaning the same folder
    return touched


def write_files(files: Sequence[tuple[Path, bytes]]) -> None:
    """Put *files* in place together: afterwards all are new, or all are as before.

    Every file is written completely (and synced) to a temporary file beside its target
    first; only then are they renamed into place, one after the other. A failure while
    renaming (a full disk, a folder where the PDF should be) puts back the files already
    replaced, and removes new ones that had no predecessor, so a failed build never leaves
    a new HTML beside an old PDF or a lone HTML. A kill during the renames (no code runs
    then) leaves a journal, which the next build of the folder completes first
    (:func:`clean_stale`).
    """
    staged: list[tuple[Path, Path]] = []  # (temporary, target)
    replaced: list[tuple[Path, Path | None]] = []  # (target, a link to its old content)
    spare: list[Path] = []  # links to old content of targets not yet replaced
    journal: Path | None = None
    current: Path | None = None
    try:
        for dest, _ in files:
            current = Path(dest)
            current.parent.mkdir(parents=True, exist_ok=True)
            clean_stale(current.parent)
            if current.is_dir() or (current.exists() and not current.is_file()):
                raise IsADirectoryError(21, "det finns en mapp (eller något annat än en fil) "
                                            "med det namnet; ta bort den")
        for dest, data in files:
            current = Path(dest)
            mode = (current.stat().st_mode & 0o777) if current.exists() else 0o644
            staged.append((_write_temp(current, data, mode), current))
        if len(staged) > 1 and len({dest.parent for _, dest in staged}) == 1:
            journal = _temp_path(staged[0][1], "pair")
            _write_temp_text(journal, "".join(f"{tmp.name}\t{dest.name}\n"
                                              for tmp, dest in staged))
        for tmp, dest in staged:
            current = dest
            old: Path | None = None
            if dest.exists():
                old = _temp_path(dest, "old")
                os.link(dest, old)
                spare.append(old)
            os.replace(tmp, dest)
            if old is not None:
                spare.remove(old)
            replaced.append((dest, old))
    except BaseException as exc:
        for dest, old in reversed(replaced):
            with contextlib.suppress(OSError):
                if old is not None:
                    os.replace(old, dest)
                else:
                    os.unlink(dest)
        leftovers = [tmp for tmp, _ in staged] + spare + [old for _, old in replaced if old]
        for path in [*leftovers, *([journal] if journal else [])]:
            with contextlib.suppress(OSError):
                os.unlink(path)
        if isinstance(exc, OSError):
            raise _write_error(current or Path("."), exc) from exc
        raise
    for path in [old for _, old in replaced if old] + ([journal] if journal else []):
        with contextlib.suppress(OSError):
            os.unlink(path)


def _write_temp_text(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


# ---------------------------------------------------------------------------- fetching

class RefusedURL(ValueError):
    """WeasyPrint asked for something outside the allowed folders."""


def make_fetcher(allowed: Iterable[Path]):
    """A WeasyPrint URL fetcher serving only ``data:`` and ``file:`` inside *allowed*."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(p).resolve() for p in allowed]

    class LocalFetcher(URLFetcher):
        """Serves local files inside the allowed folders; refuses the network."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, timeout=1)
            self.roots = roots
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                              {"Content-Type": mime})
            self.refused.append(url)
            raise RefusedURL(f"hämtar inte {url}: bara filer i förbundets mapp, mallarna "
                             "och typsnitten får användas")

    return LocalFetcher()


def font_css() -> str:
    """@font-face rules for the vendored Inter, as absolute file: URLs."""
    rules = []
    for name, weight, style in FONT_FACES:
        rules.append(
            "@font-face { font-family: \"Inter\"; "
            f"src: url(\"{(FONTS_DIR / name).as_uri()}\") format(\"opentype\"); "
            f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


# ---------------------------------------------------------------------------- PDF

def _pdf_date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.isoformat()}T00:00:00Z"


SAFE_LINK_SCHEMES = ("http:", "https:", "mailto:")


def keep_safe_links(document: Any) -> int:
    """Drop every link of a rendered WeasyPrint document that goes anywhere but to an
    anchor in the document or to http(s)/mailto; return how many were dropped.

    WeasyPrint resolves a relative link (``#`` alone, ``bilaga.pdf``) against the base URL,
    the förbund's folder on this machine: kept, such a link would put a local path (a user
    name) into the published PDF and make PDFs differ between checkouts. An anchor that no
    page defines would be a dead link; it goes too.
    """
    anchors = {name for page in document.pages for name in page.anchors}
    dropped = 0
    for page in document.pages:
        kept = []
        for link in page.links:
            kind, target = link[0], str(link[1])
            if (kind == "internal" and target in anchors) or (
                    kind == "external" and target.lower().startswith(SAFE_LINK_SCHEMES)):
                kept.append(link)
            else:
                dropped += 1
        page.links[:] = kept
    return dropped


def check_variant(variant: str | None) -> str:
    """*variant* (None: the default) if reportgen offers it, else an :class:`OutputError`."""
    chosen = (variant or PDF_VARIANT).strip().lower()
    if chosen not in PDF_VARIANTS:
        raise OutputError(f"okänd PDF-variant '{variant}'; välj en av: {', '.join(PDF_VARIANTS)}")
    return chosen


def render_pdf(html: str, base_url: Path, *, allowed: Sequence[Path] = (),
               title: str | None = None, author: str | None = None, lang: str = "sv",
               created: dt.date | dt.datetime | None = None,
               variant: str | None = None) -> bytes:
    """Typeset *html* to PDF bytes (nothing written). See :func:`write_pdf`."""
    variant = check_variant(variant)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from .render import builtin_templates_dir

    base = Path(base_url).resolve()
    fetcher = make_fetcher([base, builtin_templates_dir(), FONTS_DIR, *allowed])
    fonts = FontConfiguration()
    stylesheets = [CSS(string=font_css(), font_config=fonts, url_fetcher=fetcher)]

    def typeset(text: str) -> Any:
        return HTML(string=text, base_url=base.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=fonts)

    try:
        # Tables are kept whole or split by the rule in reportgen/tabellbrytning.py: short
        # ones always whole; the layout is read and typeset again only when a longer one
        # split near the bottom of a page and should have moved whole.
        whole, total = tabellbrytning.korta(html)
        document = typeset(tabellbrytning.markera(html, whole, total) or html)
        for _ in range(tabellbrytning.OMGANGAR - 1):
            try:
                more, found = tabellbrytning.hela(document)
            except Exception:  # reads WeasyPrint's layout; the first layout is still good
                break
            marked = (tabellbrytning.markera(html, whole + more, total)
                      if more and found == total else None)
            if marked is None:
                break
            whole = sorted(whole + more)
            document = typeset(marked)
    except Exception as exc:  # WeasyPrint raises many kinds; report them the same way
        raise OutputError(f"PDF kunde inte sättas: {type(exc).__name__}: {exc}") from exc
    if fetcher.refused:
        raise OutputError("PDF:en hämtar resurser som inte är tillåtna: "
                          + ", ".join(sorted(set(fetcher.refused))))
    keep_safe_links(document)
    meta = document.metadata
    if title:
        meta.title = title
    if author:
        meta.authors = [author]
    meta.lang = lang
    stamp = _pdf_date(created) if created else meta.created
    meta.created = meta.modified = stamp
    meta.generator = "reportgen"
    try:
        with warnings.catch_warnings():
            # PDF/A: WeasyPrint 70 opens its sRGB profile for the output intent and never
            # closes the file; the ResourceWarning is WeasyPrint's, not a problem of ours.
            warnings.simplefilter("ignore", ResourceWarning)
            with pdfpost.recording() as recorded:
                data = document.write_pdf(pdf_variant=variant)
    except Exception as exc:  # drawing can fail too (an unsupported CSS value)
        raise OutputError(f"PDF kunde inte skrivas: {type(exc).__name__}: {exc}") from exc
    # The structure tree repaired, checked, and the identification kept only if earned.
    return pdfpost.finish(data, recorded.hints, lang=lang)


def write_pdf(path: Path, html: str, base_url: Path, *, allowed: Sequence[Path] = (),
              title: str | None = None, author: str | None = None, lang: str = "sv",
              created: dt.date | dt.datetime | None = None,
              variant: str | None = None) -> None:
    """Typeset *html* and write the PDF to *path* atomically.

    *base_url* is the folder relative URLs in the HTML resolve against (the förbund's
    data folder); it, the built-in templates, the fonts and *allowed* are the only
    places WeasyPrint may read from. *created* (a date from the data, never the clock)
    becomes the PDF's creation and modification date, so two builds of the same data are
    byte-identical. Title, author and language override the HTML's ``<title>``,
    ``<meta name=author>`` and ``lang``; subject and keywords come from the HTML's
    ``<meta name=description>`` and ``<meta name=keywords>``. *variant* is one of
    :data:`PDF_VARIANTS` (None: :data:`PDF_VARIANT`).
    """
    write_bytes(path, render_pdf(html, base_url, allowed=allowed, title=title, author=author,
                                 lang=lang, created=created, variant=variant))
