"""Cross-check of the theme's colours against white paper (WCAG 2.1, 1.4.3 and 1.4.11).

``tema.farg`` colours headings, links, table captions and the cover's band (and the
skip link's background behind white text); ``tema.accentfarg`` the section numbers in
headings and the table of contents. Both are *text* colours, so both need 4.5:1 against
white. The charts use ``tema.farg`` first and then the built-in palette
(:data:`reportgen.charts.PALETTE`); graphical objects need 3:1 (1.4.11), which a text
colour that passes already has. A colour that fails is an error: the report would not
meet the accessibility law the förbund publishes under.

>>> round(contrast("#1f3a56", "#ffffff"), 2)
11.68
>>> round(contrast("#e69f00", "#ffffff"), 2)
2.25
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem
from .kontext import Check, Kontext

WHITE = "#ffffff"
TEXT_MINIMUM = 4.5
"""WCAG 2.1 1.4.3: text (and images of text) against its background."""
GRAPHICS_MINIMUM = 3.0
"""WCAG 2.1 1.4.11: graphical objects needed to understand the content (chart bars)."""


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rrggbb`` (0 black, 1 white)."""
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _ratio(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + ":1"


ROLES = {
    "farg": "rubriker, länkar, tabellrubriker och diagram",
    "accentfarg": "avsnittsnumren i rubriker och innehållsförteckningen",
}


def tema_kontrast(ctx: Kontext) -> Iterable[Problem]:
    """``tema.farg`` and ``tema.accentfarg`` reach 4.5:1 against white (they colour text)."""
    tema = ctx.indata.forbund.tema
    for field, role in ROLES.items():
        value = getattr(tema, field)
        if value is None:
            continue
        ratio = contrast(value, WHITE)
        if ratio < TEXT_MINIMUM:
            yield Problem(
                f"tema.{field} {value} har kontrasten {_ratio(ratio)} mot vitt papper; "
                f"färgen används för {role} och behöver minst {_ratio(TEXT_MINIMUM)} "
                "(WCAG 2.1, 1.4.3)",
                ctx.indata.forbund_source.locate(("tema", field)), f"tema.{field}",
                check="tema_kontrast",
                hint="välj en mörkare nyans av samma färg (kontrollera med en "
                     "kontrastkalkylator), eller ta bort raden för standardfärgen")


CHECKS: list[Check] = [tema_kontrast]
