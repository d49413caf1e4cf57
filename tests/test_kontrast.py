"""The theme's colours and the chart palette against white (WCAG 2.1, 1.4.3 and 1.4.11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen import charts
from reportgen.build import check
from reportgen.checks.kontrast import GRAPHICS_MINIMUM, TEXT_MINIMUM, WHITE, contrast
from reportgen.render import DEFAULT_ACCENTFARG, DEFAULT_FARG

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def forbund(tmp_path: Path):
    folder = tmp_path / "testbygden"
    shutil.copytree(MINI, folder)

    def run(tema: str):
        path = folder / "forbund.yaml"
        path.write_text(path.read_text(encoding="utf-8") + tema, encoding="utf-8")
        return check(folder / "2023.yaml")

    return run


def test_known_ratios() -> None:
    assert round(contrast("#000000", WHITE), 2) == 21.0
    assert round(contrast(WHITE, WHITE), 2) == 1.0
    # The two chart colours the issue found too pale, now gone from the palette.
    assert contrast("#e69f00", WHITE) < GRAPHICS_MINIMUM
    assert contrast("#56b4e9", WHITE) < GRAPHICS_MINIMUM


def test_chart_palette_reaches_3_to_1() -> None:
    weak = {c: round(contrast(c, WHITE), 2) for c in charts.PALETTE
            if contrast(c, WHITE) < GRAPHICS_MINIMUM}
    assert weak == {}
    colours = charts.palette(DEFAULT_FARG, None, 12)
    assert all(contrast(c, WHITE) >= GRAPHICS_MINIMUM for c in colours)


def test_default_theme_is_readable() -> None:
    assert contrast(DEFAULT_FARG, WHITE) >= TEXT_MINIMUM
    assert contrast(DEFAULT_ACCENTFARG, WHITE) >= TEXT_MINIMUM


def test_pale_theme_colour_is_an_error(forbund) -> None:
    result = forbund("tema:\n  farg: '#56b4e9'\n  accentfarg: '#e69f00'\n")
    found = [p for p in result.problems if p.check == "tema_kontrast"]
    assert [p.field for p in found] == ["tema.farg", "tema.accentfarg"]
    assert all(p.severity == "fel" for p in found)
    assert "2,31:1" in found[0].message and "4,50:1" in found[0].message
    assert found[0].location.file.endswith("forbund.yaml")
    assert found[0].location.line is not None


def test_dark_theme_colour_passes(forbund) -> None:
    result = forbund("tema:\n  farg: '#1f3a56'\n  accentfarg: '#0072b2'\n")
    assert [p for p in result.problems if p.check == "tema_kontrast"] == []
