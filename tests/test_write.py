"""Writing: atomic files, a fetcher that never touches the network, a reproducible PDF."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_render import make_rapport

from reportgen import write
from reportgen.errors import OutputError
from reportgen.render import builtin_templates_dir, render_html
from reportgen.write import FONTS_DIR, make_fetcher, render_pdf, write_html, write_pdf

NBSP = "\u00a0"
SIMPLE = '<!DOCTYPE html><html lang="sv"><head><title>T</title></head><body>{}</body></html>'


@pytest.fixture(scope="module")
def rapport():
    return make_rapport()


@pytest.fixture(scope="module")
def html(rapport) -> str:
    return render_html(rapport, search_paths=[builtin_templates_dir()])


@pytest.fixture(scope="module")
def pdf_bytes(rapport, html, tmp_path_factory) -> bytes:
    base = tmp_path_factory.mktemp("forbund")
    return render_pdf(html, base, title=f"{rapport.titel} – {rapport.forbund.namn}",
                      author=rapport.forbund.namn, created=rapport.datum)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return text.replace(NBSP, " ").replace("\u202f", " ")


# ---------------------------------------------------------------------------- atomic files

def test_write_html_creates_folders_and_writes_utf8(tmp_path: Path) -> None:
    target = tmp_path / "build" / "x" / "2023" / "arsredovisning.html"
    write_html(target, "<p>Årsredovisning −579 186</p>")
    assert target.read_text(encoding="utf-8") == "<p>Årsredovisning −579 186</p>"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "arsredovisning.html"
    target.write_text("gammal", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", broken_replace)
    with pytest.raises(OutputError, match="kunde inte skriva"):
        write_html(target, "ny" * 1000)
    assert target.read_text(encoding="utf-8") == "gammal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arsredovisning.html"]  # no temp left


def test_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "arsredovisning.pdf"
    target.write_bytes(b"%PDF gammal")
    real_fdopen = os.fdopen

    class Killed(BaseException):
        pass

    def dying_fdopen(fd, mode):
        f = real_fdopen(fd, mode)
        f.write(b"%PDF halv")
        f.close()
        raise Killed()

    monkeypatch.setattr(write.os, "fdopen", dying_fdopen)
    with pytest.raises(Killed):
        write._atomic_write(target, b"%PDF ny")
    assert target.read_bytes() == b"%PDF gammal"
    assert [p.name for p in tmp_path.iterdir()] == ["arsredovisning.pdf"]


def test_failed_pdf_keeps_the_old_pdf(tmp_path: Path) -> None:
    target = tmp_path / "arsredovisning.pdf"
    target.write_bytes(b"%PDF gammal")
    bad = SIMPLE.format('<img src="https://example.com/logo.png" alt="">')
    with pytest.raises(OutputError, match=re.escape("inte är tillåtna: https://example.com/logo.png")):
        write_pdf(target, bad, tmp_path)
    assert target.read_bytes() == b"%PDF gammal"


def test_existing_file_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    target.write_text("x")
    target.chmod(0o640)
    write_html(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640


# ---------------------------------------------------------------------------- fetching

def test_fetcher_refuses_network_and_outside_paths(tmp_path: Path) -> None:
    inside = tmp_path / "forbund"
    inside.mkdir()
    (inside / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    outside = tmp_path / "hemligt.txt"
    outside.write_text("nej")
    fetcher = make_fetcher([inside])

    for url in ("http://example.com/x.png", "https://example.com/x.css", "ftp://example.com/x",
                outside.as_uri(), (inside / ".." / "hemligt.txt").as_uri(),
                "file:///etc/passwd"):
        with pytest.raises(ValueError, match="hämtar inte"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6

    response = fetcher.fetch((inside / "logo.svg").as_uri())
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain;base64,aGVq").read() == b"hej"


def test_pdf_build_opens_no_socket(tmp_path: Path, monkeypatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("nätverket användes")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    bad = SIMPLE.format('<link rel="stylesheet" href="http://example.com/a.css">'
                        '<img src="http://example.com/a.png" alt="">')
    with pytest.raises(OutputError, match=re.escape("http://example.com/a.css")):
        render_pdf(bad, tmp_path)


def test_fonts_are_vendored() -> None:
    names = {p.name for p in FONTS_DIR.iterdir()}
    assert {"Inter-Regular.otf", "Inter-Italic.otf", "Inter-SemiBold.otf", "Inter-Bold.otf",
            "LICENSE-Inter.txt"} <= names
    assert "OFL" in (FONTS_DIR / "LICENSE-Inter.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- the PDF

def test_pdf_text_has_headings_and_figures(pdf_bytes: bytes) -> None:
    text = pdf_text(pdf_bytes)
    for expected in ("Årsredovisning 2023", "Förvaltningsberättelse", "Resultaträkning",
                     "Balansräkning", "Kassaflödesanalys", "Not 2", "Verksamhetens intäkter",
                     "12 516 104", "−579 186", "11 531 759", "Vår revisionsberättelse har lämnats",
                     "Avvikelse anges som positiv när utfallet är bättre än budget"):
        assert expected in text, expected


def test_pdf_pages_numbered_and_toc_has_page_numbers(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    n = len(reader.pages)
    assert f"Sida 2 av {n}" in pdf_text(pdf_bytes)
    toc = (reader.pages[1].extract_text() or "").replace(NBSP, " ")
    assert "Innehåll" in toc
    # The dotted leader, then the page the section starts on (the number hangs in the
    # gutter, so the extracted text has it after the page number).
    match = re.search(r"Förvaltningsberättelse \.{10,}\s*(\d+)", toc)
    assert match and match.group(1).startswith("3")


def test_pdf_metadata(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    meta = reader.metadata
    assert meta.title == "Årsredovisning 2023 – Samordningsförbundet Testa Nordost"
    assert meta.author == "Samordningsförbundet Testa Nordost"
    assert meta["/CreationDate"] == "D:20240408000000Z"     # from the data, not the clock
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    if write.PDF_VARIANT == "pdf/ua-1":
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        assert b"pdfuaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_pdf_is_byte_identical_across_builds(rapport, html, pdf_bytes, tmp_path: Path) -> None:
    again = render_pdf(html, tmp_path, title=f"{rapport.titel} – {rapport.forbund.namn}",
                       author=rapport.forbund.namn, created=dt.date(2024, 4, 8))
    assert again == pdf_bytes


def test_pdf_embeds_only_the_vendored_font(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Inter" in f for f in fonts), fonts


def test_weasyprint_reports_nothing(html: str, tmp_path: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        write_pdf(tmp_path / "a.pdf", html, tmp_path, created=dt.date(2024, 4, 8))
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    # Without the system library libharfbuzz-subset WeasyPrint says so on every build; that
    # is the machine, not the report (install it with WeasyPrint's other system libraries).
    assert [m for m in messages if "HarfBuzz-Subset" not in m] == []
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")
