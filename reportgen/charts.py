"""Charts as inline SVG, drawn with matplotlib (imported only when a report has a chart).

Choices, and why:

* **Text as paths** (``svg.fonttype: 'path'``). With ``'none'`` the SVG keeps ``<text>``
  elements and names a font family; the viewer (WeasyPrint, a browser, a PDF reader after
  conversion) then picks whatever font it has, so widths, kerning and even the minus sign
  may differ from what matplotlib measured, and labels collide or get clipped. As paths the
  glyphs are drawn in Inter (the report's own font, bundled in ``reportgen/fonts``) exactly
  as laid out, in every viewer and in the PDF. What is lost (selectable text) is given back
  to assistive technology by the ``aria-label``/``<title>`` and by the data table that
  always follows the chart.
* **Deterministic bytes**: ``svg.hashsalt`` fixed, no date or creator in the metadata, and
  every ``id`` inside the SVG prefixed with the chart's id, so two builds are byte-identical
  and several charts can be inlined in one HTML document without id clashes.
* **Numbers** go through :mod:`reportgen.format` (non-breaking thousands, decimal comma,
  real minus sign, ``64 %`` with a non-breaking space); shares are computed in Decimal.
* **Colours**: the theme colour first, then :data:`PALETTE`: Okabe–Ito's hues, which stay
  distinguishable with the common colour-vision deficiencies, keeping only those with at
  least 3:1 against white (WCAG 2.1, 1.4.11) and darkening orange into amber; its light
  sky blue and yellow (2.3:1 and 1.3:1) are replaced by slate grey. The theme colour is a
  text colour, checked for 4.5:1 (``reportgen/checks/kontrast.py``). Parts are also
  labelled directly, so colour is never the only carrier of meaning. No 3D, no shadows,
  no frame, light grid lines only along the value axis.
"""

from __future__ import annotations

import io
import re
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from . import format as fmt

if TYPE_CHECKING:
    from .compute.innehall import DiagramVy

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#946A00", "#5A6572", "#000000"]
"""After Okabe & Ito (2008), colour-blind safe, every colour at least 3:1 against white:
blue 5.2, vermillion 3.9, bluish green 3.4, reddish purple 3.1, amber 4.9, slate 5.9."""
TEXT = "#222222"
GRID = "#d9d9d9"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Inter"
WIDTH_CM = 16.0

_ready = False



def _tight(fig) -> None:
    """Fit the axes to the labels; very long labels (they are data) may not fit, and
    matplotlib then warns and keeps the layout it has, which is acceptable for a chart."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Tight layout not applied")
        fig.tight_layout()


def _setup():
    """Import matplotlib with the SVG backend, register Inter, set the style once."""
    global _ready
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        from .errors import ReportFileError

        raise ReportFileError("rapporten har diagram men matplotlib saknas; installera om "
                              "reportgen (pip install reportgen)") from None

    matplotlib.use("svg", force=True)
    from matplotlib import font_manager

    if not _ready:
        for path in sorted(FONT_DIR.glob("Inter-*.otf")):
            font_manager.fontManager.addfont(str(path))
        _ready = True
    return matplotlib


def _style() -> dict:
    family = FONT_FAMILY if any(FONT_DIR.glob("Inter-*.otf")) else "DejaVu Sans"
    return {
        "svg.fonttype": "path",
        "svg.hashsalt": "reportgen",
        "svg.image_inline": True,
        "font.family": family,
        "font.size": 8.5,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "axes.edgecolor": "#999999",
        "axes.linewidth": 0.6,
        "axes.unicode_minus": True,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "legend.frameon": False,
        "figure.dpi": 72,
        "path.simplify": False,
    }


def palette(farg: str | None, accentfarg: str | None, n: int) -> list[str]:
    """*n* colours: the theme colour, then :data:`PALETTE` (accent colour is kept for text)."""
    if farg:
        # A theme colour is usually a dark blue: the next colour must contrast with it.
        rest = [PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[4], PALETTE[0], *PALETTE[5:]]
        colours = [farg] + [c for c in rest if c.lower() != farg.lower()]
    else:
        colours = list(PALETTE)
    while len(colours) < n:
        colours += colours
    return colours[:n]


def label(value: Decimal, enhet: str) -> str:
    """A value as printed on the chart: ``label(Decimal(1200), 'antal')`` → ``'1 200'``.

    >>> label(Decimal("1200"), "antal"), label(Decimal("12.5"), "procent")
    ('1\\xa0200', '12,5\\xa0%')
    >>> label(Decimal("-2073888"), "kr")
    '−2\\xa0073\\xa0888'
    >>> label(Decimal("1234.5"), "antal")
    '1\\xa0234,5'
    """
    if enhet == "procent":
        decimals = 0 if value == value.to_integral_value() else 1
        return fmt.procent(value / 100, decimals=decimals)
    if enhet == "kr":
        return fmt.kr(value)
    if enhet == "tkr":
        return fmt.tkr(value)
    if value != value.to_integral_value():
        return fmt._number(value, 1, fmt.Options(noll="0"))
    return fmt.antal(value)


def _axis_label(value: float, enhet: str) -> str:
    number = Decimal(str(round(float(value), 6)))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return label(number, enhet)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def svg(d: DiagramVy, farg: str | None = None, accentfarg: str | None = None) -> str:
    """Draw *d* and return the ``<svg>`` element, ready to inline in HTML."""
    matplotlib = _setup()
    with matplotlib.rc_context(_style()):
        import matplotlib.pyplot as plt

        fig = _pie(plt, d, farg) if d.typ in ("cirkel", "ring") else _bars(plt, d, farg)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None},
                    bbox_inches="tight", pad_inches=0.05, transparent=True)
        plt.close(fig)
    return _inline(buf.getvalue(), d)


def _bars(plt, d: DiagramVy, farg: str | None):
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    n_cat, n_ser = len(d.kategorier), len(d.serier)
    horizontal = d.typ == "liggande"
    stacked = d.typ == "staplad"
    colours = palette(farg, None, n_ser)
    height = (0.6 * n_cat * (1 if stacked else max(1, n_ser) ** 0.5) + 1.6
              if horizontal else 7.0) / 2.54
    fig, ax = plt.subplots(figsize=(WIDTH_CM / 2.54, height))
    positions: list[float] = list(range(n_cat))
    group = 0.8
    width = group if stacked or n_ser == 1 else group / n_ser
    bottoms = [0.0] * n_cat
    single = n_ser == 1
    for si, (name, values) in enumerate(d.serier):
        floats = [float(v) for v in values]
        if stacked:
            pos = positions
            base = bottoms[:]
        else:
            pos = [p - group / 2 + width * (si + 0.5) for p in positions]
            base = [0.0] * n_cat
        draw = ax.barh if horizontal else ax.bar
        bars = draw(pos, floats, width * 0.92, base, color=colours[si], label=name,
                    linewidth=0, zorder=2)
        if stacked:
            bottoms = [b + f for b, f in zip(bottoms, floats, strict=True)]
        if not stacked and (single or n_cat * n_ser <= 16):
            labels = [label(v, d.enhet) for v in values]
            ax.bar_label(bars, labels=labels, padding=2, fontsize=7.5, color=TEXT)
    if stacked:
        totals = [Decimal(0)] * n_cat
        for _, values in d.serier:
            totals = [t + v for t, v in zip(totals, values, strict=True)]
        for p, t, b in zip(positions, totals, bottoms, strict=True):
            text = label(t, d.enhet)
            if horizontal:
                ax.annotate(text, (b, p), xytext=(3, 0), textcoords="offset points",
                            va="center", fontsize=7.5)
            else:
                ax.annotate(text, (p, b), xytext=(0, 3), textcoords="offset points",
                            ha="center", fontsize=7.5)
    formatter = FuncFormatter(lambda v, _pos: _axis_label(v, d.enhet))
    value_axis, cat_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    value_axis.set_major_formatter(formatter)
    value_axis.set_major_locator(MaxNLocator(nbins=5, integer=d.enhet != "procent"))
    wrap = 28 if horizontal else max(6, int(90 / max(n_cat, 1)))
    cat_axis.set_ticks(positions, [_wrap(k, wrap) for k in d.kategorier])
    if horizontal:
        ax.invert_yaxis()
        ax.grid(axis="x", color=GRID, linewidth=0.6, zorder=0)
        if d.axeltext:
            ax.set_xlabel(d.axeltext)
    else:
        ax.grid(axis="y", color=GRID, linewidth=0.6, zorder=0)
        if d.axeltext:
            ax.set_ylabel(d.axeltext)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left" if horizontal else "bottom"].set_visible(True)
    ax.spines["bottom" if horizontal else "left"].set_visible(False)
    ax.margins(**({"x": 0.08} if horizontal else {"y": 0.1}))
    if n_ser > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if not horizontal else -0.08),
                  ncol=min(n_ser, 4), handlelength=1, handleheight=1)
    _tight(fig)
    return fig


def _pie(plt, d: DiagramVy, farg: str | None):
    values = d.serier[0][1]
    n = len(values)
    colours = palette(farg, None, n)
    fig, ax = plt.subplots(figsize=(WIDTH_CM / 2.54, 6.5 / 2.54))
    wedgeprops = {"linewidth": 1.2, "edgecolor": "white"}
    if d.typ == "ring":
        wedgeprops["width"] = 0.42
    ax.pie([float(v) for v in values], colors=colours, startangle=90, counterclock=False,
           wedgeprops=wedgeprops)
    ax.set_aspect("equal")
    # The legend carries every label with value and computed share, so small parts stay
    # readable and colour is not the only key.
    labels = [f"{k}: {label(v, d.enhet)} ({fmt.procent(s) if s is not None else ''})"
              for k, v, s in zip(d.kategorier, values, d.andelar, strict=True)]
    ax.legend(labels, loc="center left", bbox_to_anchor=(1.02, 0.5), handlelength=1,
              handleheight=1)
    _tight(fig)
    return fig


_ID = re.compile(r'\bid="([^"]+)"')


def _inline(text: str, d: DiagramVy) -> str:
    """Strip the XML prologue, prefix ids, add role, title and size for inlining."""
    start = text.index("<svg")
    text = text[start:]
    # matplotlib's <style> would apply to the whole HTML page; its two properties are
    # inherited, so they move to the root element instead.
    text = re.sub(r"\s*<style[^>]*>.*?</style>", "", text, flags=re.S)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    ids = set(_ID.findall(text))
    prefix = d.id
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r'(href="#|url\(#)([^")]+)',
                  lambda m: m.group(1) + (f"{prefix}-{m.group(2)}" if m.group(2) in ids
                                          else m.group(2)), text)
    title_id = f"{prefix}-titel"
    alt = escape(d.alt, {'"': "&quot;"})
    text = re.sub(
        r"<svg([^>]*)>",
        lambda m: (f'<svg{_size(m.group(1))} role="img" '
                   f'aria-label="{alt}" class="diagram-svg" '
                   'style="stroke-linejoin:round;stroke-linecap:butt">'
                   f'<title id="{title_id}">{escape(d.alt)}</title>'),
        text, count=1)
    return text.strip() + "\n"


def _size(attrs: str) -> str:
    """Keep matplotlib's size in pt, so 8.5 pt text is 8.5 pt on the page; CSS may shrink
    it (``max-width: 100%; height: auto``) on narrow screens."""
    return attrs
