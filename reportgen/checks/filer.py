"""Cross-check of the files the data refers to (today: the logo, ``tema.logotyp``).

A file named in the data must lie inside the förbund's own folder: no absolute paths, no
``..``, no symlink leading out of the folder, and no addresses (``http:``, ``file:``,
``data:`` …). It must exist, be an SVG, PNG or JPEG whose content matches its name, and be
small enough to embed. The renderer refuses the same things (without a line number); this
check says it first, at the field's line in ``forbund.yaml``, so ``reportgen check``
finds it and ``reportgen build`` never gets that far.

"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import Problem
from .kontext import Check, Kontext

MAX_LOGO_BYTES = 2_000_000
"""A logo is embedded in the HTML as a data: URI; larger than this is surely a mistake."""

LOGO_TYPES = {".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _looks_like(kind: str, head: bytes) -> bool:
    """Whether the first bytes of a file fit *kind* (SVG, PNG, JPEG)."""
    if kind == "PNG":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "JPEG":
        return head.startswith(b"\xff\xd8\xff")
    # SVG is XML: it starts with a tag, a declaration or a comment (a licence header
    # can push <svg> far down, so only the start is looked at).
    return head.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def refuse_path(value: str, folder: Path, what: str) -> tuple[str, str | None] | None:
    """Why *value* (a path typed in the data) may not be used, as (message, hint); or None.

    >>> refuse_path("https://x.se/logo.png", Path("."), "logotypen")[0]
    "logotypen ska vara en fil i förbundets mapp, inte en adress ('https://x.se/logo.png')"
    >>> refuse_path("../annat/logo.png", Path("."), "logotypen")[0]
    "logotypen får inte ligga utanför förbundets mapp ('..' i '../annat/logo.png')"
    """
    hint = "lägg filen i förbundets mapp och skriv bara filnamnet, till exempel logotyp.svg"
    text = value.strip()
    if not text:
        return f"{what} är tom", hint
    if any(ord(c) < 32 or c == "\x7f" for c in value):
        return f"{what} innehåller ett osynligt styrtecken", hint
    if _DRIVE.match(text) or text.startswith(("/", "\\", "~")):
        return f"{what} ska vara en sökväg relativt förbundets mapp, inte en absolut sökväg " \
               f"('{value}')", hint
    if _SCHEME.match(text):
        return f"{what} ska vara en fil i förbundets mapp, inte en adress ('{value}')", hint
    parts = set(PurePosixPath(text).parts) | set(PureWindowsPath(text).parts)
    if ".." in parts:
        return f"{what} får inte ligga utanför förbundets mapp ('..' i '{value}')", hint
    root = folder.resolve()
    try:
        path = (root / text).resolve()
    except (OSError, RuntimeError):  # symlink loop
        return (f"{what} '{value}' går inte att läsa (en symbolisk länk som pekar på sig "
                "själv?)"), hint
    if not path.is_relative_to(root):
        return (f"{what} '{value}' pekar ut ur förbundets mapp (en symbolisk länk till "
                f"{path}); bara filer i förbundets mapp får användas"), hint
    if not path.exists():
        return f"{what} '{value}' finns inte i förbundets mapp", hint
    if path.is_dir():
        return f"{what} '{value}' är ingen fil utan en mapp", hint
    if not path.is_file():
        return (f"{what} '{value}' är ingen vanlig fil (en FIFO, en enhet eller en socket)",
                hint)
    return None


def fil_finns(ctx: Kontext) -> Iterable[Problem]:
    """The logo (forbund.yaml ``tema.logotyp``) is a usable file inside the förbund's folder."""
    indata = ctx.indata
    name = indata.forbund.tema.logotyp
    if name is None:
        return
    where = indata.forbund_source.locate(("tema", "logotyp"))
    field = "tema.logotyp"
    what = "logotypen (tema.logotyp)"
    refused = refuse_path(name, indata.forbund_source.path.parent, what)
    if refused:
        message, hint = refused
        yield Problem(message, where, field, check="fil_finns", hint=hint)
        return
    path = (indata.forbund_source.path.parent.resolve() / name.strip()).resolve()
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        yield Problem(f"{what} '{name}' ska vara SVG, PNG eller JPEG (filnamnet slutar på "
                      f"'{path.suffix or 'ingenting'}')", where, field, check="fil_finns",
                      hint="spara logotypen som .svg, .png eller .jpg")
        return
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(512)
    except OSError as exc:
        yield Problem(f"{what} '{name}' går inte att läsa: {exc.strerror or exc}", where, field,
                      check="fil_finns")
        return
    if size > MAX_LOGO_BYTES:
        megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")
        yield Problem(f"{what} '{name}' är {megabytes} MB; en logotyp får vara högst "
                      f"{MAX_LOGO_BYTES // 1_000_000} MB", where, field,
                      check="fil_finns", hint="spara en mindre version, gärna som SVG")
    elif not _looks_like(kind, head):
        yield Problem(f"{what} '{name}' heter som en {kind}-fil men innehållet är inte {kind}",
                      where, field, check="fil_finns",
                      hint="öppna filen i ett bildprogram och spara den i rätt format")
    elif kind != "SVG":
        too_big = refuse_pixels(path)
        if too_big:
            yield Problem(f"{what} '{name}' {too_big}", where, field, check="fil_finns",
                          hint="spara en mindre version (en logotyp behöver sällan mer än "
                               "2 000 pixlar på bredden), gärna som SVG")


MAX_PIXELS = 25_000_000
"""Most pixels in a raster image (5 000 × 5 000). WeasyPrint draws through Pillow, which
refuses images far beyond this as decompression bombs, and the image would then be missing
from the PDF without a word (it is in the HTML); a logo needs a small fraction of it."""
MAX_SIDE = 20_000
"""Longest side in pixels of a raster image."""


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def refuse_pixels(path: Path) -> str | None:
    """Why the PNG or JPEG at *path* would not be drawn in the PDF, or None.

    Only the image's header is read (Pillow opens lazily), so a huge image costs nothing.
    """
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: we judge the size
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return "har fler pixlar än PDF-verktyget ritar"
    except Exception:  # Pillow raises many kinds for a broken file
        return "går inte att läsa som bild (trasig fil?)"
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        return (f"är {_thousands(width)} × {_thousands(height)} pixlar; en bild får ha högst "
                f"{_thousands(MAX_PIXELS)} pixlar ({_thousands(5000)} × {_thousands(5000)}), "
                "större bilder saknas annars i PDF:en")
    return None


CHECKS: list[Check] = [fil_finns]
