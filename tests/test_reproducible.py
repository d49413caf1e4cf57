"""No output holds a path of the machine; the same data builds to the same bytes wherever
its folder is (issue #20, item 3).

A Markdown link to a bare ``#`` became a PDF link to ``file:///<checkout>/data/<förbund>/``:
it leaked the folder (a user name) into the published file and made PDFs differ between
checkouts. Here every example is built from two folders of different names and depths;
HTML and PDF must be byte-identical, and the PDF's links go only to anchors in the report
or to http(s)/mailto.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen import build, markdown

pypdf = pytest.importorskip("pypdf")

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = sorted((p.parent.name, p.name) for p in DATA.glob("*/[0-9][0-9][0-9][0-9].yaml"))
PDFS = [("ostra-sodertorn", "2023.yaml", "arsredovisning", None),
        ("nnv-skane", "2020.yaml", "verksamhetsplan", None)]
"""The PDFs compared (typesetting is slow): the one with the '#' link, and a plan."""


def two_copies(tmp_path: Path, folder: str) -> tuple[Path, Path]:
    a = tmp_path / "a" / "data" / folder
    b = tmp_path / "en-annan-användare" / "utcheckning med mellanslag" / "data" / folder
    shutil.copytree(DATA / folder, a)
    shutil.copytree(DATA / folder, b)
    return a, b


def machine_paths(data: bytes, *folders: Path) -> list[str]:
    text = data.decode("latin-1")
    found = [str(f) for f in folders if str(f) in data.decode("utf-8", "replace")]
    found += [m for m in ("file:", "/tmp/", "/home/", "/work/") if m in text]
    return found


@pytest.mark.parametrize(("folder", "year"), EXAMPLES)
def test_every_report_of_every_example_is_the_same_html_from_any_folder(tmp_path, folder,
                                                                        year):
    a, b = two_copies(tmp_path, folder)
    for report, period in build.reports_in(a / year):
        [html_a], _ = build.build(a / year, report, ("html",), a.parent.parent / "ut", period)
        [html_b], _ = build.build(b / year, report, ("html",), b.parent.parent / "ut", period)
        assert html_a.read_bytes() == html_b.read_bytes(), f"{report} {period or ''} differs"
        assert machine_paths(html_a.read_bytes(), a, tmp_path) == []


def pdf_links(path: Path) -> list[str]:
    found = []
    for page in pypdf.PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None:
                found.append(str(action.get_object().get("/URI", "")))
    return found


@pytest.mark.parametrize(("folder", "year", "report", "period"), PDFS)
def test_pdf_is_the_same_from_any_folder_and_links_nowhere_local(tmp_path, folder, year,
                                                                 report, period):
    a, b = two_copies(tmp_path, folder)
    [pdf_a], _ = build.build(a / year, report, ("pdf",), a.parent.parent / "ut", period)
    [pdf_b], _ = build.build(b / year, report, ("pdf",), b.parent.parent / "ut", period)
    for uri in pdf_links(pdf_a):
        assert uri.startswith(("http:", "https:", "mailto:")), uri
    assert pdf_a.read_bytes() == pdf_b.read_bytes(), "the PDF depends on the folder"


def test_bare_anchor_link_is_text_and_relative_links_are_not_links():
    html = markdown.render_inline("Läs [Brister i samverkan](#) och [bilagan](bilaga.pdf) "
                                  "och [här](#mal) och [webben](https://example.se)")
    assert "Brister i samverkan" in html and 'href="#"' not in html
    assert 'href="bilaga.pdf"' not in html
    assert '<a href="#mal">här</a>' in html and '<a href="https://example.se">' in html


def test_pdf_drops_links_that_would_resolve_to_the_machine(tmp_path):
    from reportgen.write import render_pdf

    page = ('<!DOCTYPE html><html lang="sv"><head><title>T</title></head><body>'
            '<h1 id="mal">Mål</h1><p><a href="#">tom</a> <a href="bilaga.pdf">relativ</a> '
            '<a href="#saknas">död</a> <a href="#mal">mål</a> '
            '<a href="https://example.se/">webb</a></p></body></html>')
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(render_pdf(page, tmp_path))
    assert pdf_links(pdf) == ["https://example.se/"]
    assert str(tmp_path) not in pdf.read_bytes().decode("latin-1")
