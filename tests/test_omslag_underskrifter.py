"""The cover's diarienummer and date as fields; signatures as two sections, utsedd_av
optional and the place from the förbund's säte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.build import build, check

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def folder(mini_folder: Path) -> Path:
    return mini_folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def html_of(folder: Path, tmp_path: Path) -> str:
    written, _ = build(folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    return re.sub(r"\s+", " ", written[0].read_text(encoding="utf-8"))


def test_cover_shows_diarienummer_and_date(folder: Path, tmp_path: Path) -> None:
    edit(folder / "2023.yaml", "arsredovisning:\n",
         "arsredovisning:\n  diarienummer: Dnr 2024/12\n  datum: 2024-03-20\n")
    page = html_of(folder, tmp_path)
    cover = page[page.index('class="omslag-fakta"'):]
    cover = cover[:cover.index("</dl>")]
    assert "<dt>Diarienummer</dt><dd>Dnr 2024/12</dd>" in cover
    assert "<dt>Datum</dt><dd><span class=\"datum\">2024-03-20</span></dd>" in cover


def test_place_from_sate_and_utsedd_av_optional(folder: Path, tmp_path: Path) -> None:
    path = folder / "2023.yaml"
    edit(path, "  ort: Testby\n", "")
    edit(path, "{namn: Frida Holm, utsedd_av: kommunerna}", "{namn: Frida Holm}")
    edit(path, "{namn: David Falk, utsedd_av: af}", "{namn: David Falk}")
    assert not check(path).errors
    page = html_of(folder, tmp_path)
    signatures = page[page.index('class="underskrifter"'):]
    assert '<p class="ort-datum">Testby <span class="datum">2024-04-08</span></p>' in signatures
    assert '<span class="namn">Frida Holm</span> <span class="roll"></span>' in signatures
    assert "Ej angivet" in page  # David Falk's group in the styrelse table


def test_signatures_as_two_sections(folder: Path, tmp_path: Path) -> None:
    edit(folder / "2023.yaml", "arsredovisning:\n", """\
arsredovisning:
  avsnitt:
    - rubrik: Styrelsens underskrifter
      block: underskrifter_styrelse
    - rubrik: Revisorernas påteckning
      ny_sida: true
      block: underskrifter_revisorer
""")
    page = html_of(folder, tmp_path)
    styrelse = page.index("Styrelsens underskrifter</h")
    revisorer = page.index("Revisorernas påteckning</h")
    assert styrelse < revisorer
    assert 'aria-label="Styrelsens ledamöter"' in page[styrelse:revisorer]
    assert "Frida Holm" not in page[styrelse:revisorer]
    assert "Vår revisionsberättelse har lämnats" in page[revisorer:]
    assert "Frida Holm" in page[revisorer:]


def test_running_header_names_the_year_when_the_cover_title_does_not(
        folder: Path, tmp_path: Path) -> None:
    """Skåne Nordost 2023's cover says 'Årsredovisning' over 'Verksamhetsår 2023' (as the
    seed does); the page header after the cover said only 'Årsredovisning'."""
    import pypdf

    edit(folder / "2023.yaml", "arsredovisning:\n",
         "arsredovisning:\n  titel: Årsredovisning\n  undertitel: Verksamhetsår 2023\n")
    written, _ = build(folder / "2023.yaml", formats=("pdf",), out=tmp_path / "ut")
    pages = [p.extract_text() for p in pypdf.PdfReader(written[0]).pages]
    assert pages[0].count("Årsredovisning") >= 1 and "Årsredovisning 2023" not in pages[0]
    for i, page in enumerate(pages[1:], start=2):
        assert "Årsredovisning 2023" in page, f"sida {i}: sidhuvudet saknar året"


def test_running_header_keeps_a_title_that_names_the_year(
        folder: Path, tmp_path: Path) -> None:
    page = html_of(folder, tmp_path)
    assert 'string-set: rapporttitel "Årsredovisning 2023";' in page
    assert "Årsredovisning 2023 2023" not in page
