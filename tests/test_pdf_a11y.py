"""The example reports as PDFs: tagged, archival, navigable and reproducible.

Every example is built twice with ``reportgen build --format pdf`` (subprocesses, in
parallel, once for the module); the first build is inspected with pikepdf and pypdf, the
second must be byte-identical to it.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from reportgen.build import check
from reportgen.cli import main

ROOT = Path(__file__).resolve().parent.parent

# name: (year file, report, period, PDF path under the output folder, document date)
EXAMPLES = {
    "skane-nordost-arsredovisning": ("data/skane-nordost/2023.yaml", "arsredovisning", None,
                                     "skane-nordost/2023/arsredovisning.pdf"),
    "ostra-sodertorn-arsredovisning": ("data/ostra-sodertorn/2023.yaml", "arsredovisning", None,
                                       "ostra-sodertorn/2023/arsredovisning.pdf"),
    "skane-nordost-tertialrapport": ("data/skane-nordost/2022.yaml", "tertialrapport", "T1",
                                     "skane-nordost/2022/tertialrapport-T1.pdf"),
    "nnv-skane-verksamhetsplan": ("data/nnv-skane/2020.yaml", "verksamhetsplan", None,
                                  "nnv-skane/2020/verksamhetsplan.pdf"),
    "exempel-delarsrapport": ("data/exempel/2024.yaml", "delarsrapport", "T2",
                              "exempel/2024/delarsrapport-T2.pdf"),
}
DELAR_AVSNITT = ["Förenklad förvaltningsberättelse", "Resultaträkning", "Balansräkning",
                 "Kassaflödesanalys", "Noter"]
"""The delårsrapport's top-level sections (bookmarks and table of contents)."""
NAMES = list(EXAMPLES)


def _command(name: str, out: Path) -> list[str]:
    path, report, period, _ = EXAMPLES[name]
    cmd = [sys.executable, "-m", "reportgen", "build", str(ROOT / path), "--report", report,
           "--format", "pdf", "--out", str(out), "--quiet"]
    return cmd + (["--period", period] if period else [])


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """name → (first build, second build) of every example, built in parallel."""
    first, second = tmp_path_factory.mktemp("forsta"), tmp_path_factory.mktemp("andra")
    jobs = [(name, out) for out in (first, second) for name in NAMES]
    running: list[tuple[str, subprocess.Popen]] = []
    failures = []
    width = max(2, min(4, os.cpu_count() or 2))
    while jobs or running:
        while jobs and len(running) < width:
            name, out = jobs.pop(0)
            proc = subprocess.Popen(_command(name, out), cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            running.append((name, proc))
        time.sleep(0.05)
        for item in [r for r in running if r[1].poll() is not None]:
            running.remove(item)
            name, proc = item
            stdout, stderr = proc.communicate()
            if proc.returncode:
                failures.append(f"{name}: {stderr or stdout}")
    assert not failures, "\n".join(failures)
    return {name: (first / EXAMPLES[name][3], second / EXAMPLES[name][3]) for name in NAMES}


@pytest.fixture(scope="module")
def rapporter() -> dict:
    """The computed report of every example (for the headings and anchors it must have)."""
    out = {}
    for name, (path, report, period, _) in EXAMPLES.items():
        result = check(ROOT / path, report, period)
        assert result.rapport is not None, result.problems
        out[name] = result.rapport
    return out


@pytest.fixture(scope="module")
def pdfs(builds) -> Iterator[dict[str, pikepdf.Pdf]]:
    opened = {name: pikepdf.open(first) for name, (first, _) in builds.items()}
    yield opened
    for pdf in opened.values():
        pdf.close()


# ---------------------------------------------------------------------------- helpers

def outline_titles(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, depth first."""
    found: list[tuple[int, str]] = []

    def walk(item, depth: int) -> None:
        while item is not None:
            found.append((depth, " ".join(str(item.Title).split())))
            if "/First" in item:
                walk(item.First, depth + 1)
            item = item.get("/Next")

    outlines = pdf.Root.get("/Outlines")
    if outlines is not None:
        walk(outlines.get("/First"), 0)
    return found


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Dictionary, list[str]]]:
    """(tag, element, ancestor tags) for every element of the structure tree."""
    stack = [(pdf.Root.StructTreeRoot, [])]
    seen = set()
    while stack:
        node, ancestors = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.objgen != (0, 0):  # a direct object has no number: never a cycle
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        tag = str(node.get("/S", ""))
        if tag:
            yield tag, node, ancestors
        kids = node.get("/K")
        if kids is None:
            continue
        below = [*ancestors, tag] if tag else ancestors
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            stack.append((kid, below))


def link_destinations(pdf: pikepdf.Pdf, pages: range | None = None) -> set[str]:
    """The named destinations of the link annotations (on *pages*, else on every page)."""
    found = set()
    for i, page in enumerate(pdf.pages):
        if pages is not None and i not in pages:
            continue
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot:
                dest = annot.A.get("/D")
            if isinstance(dest, pikepdf.String):
                found.add(str(dest))
    return found


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destination → index of the page it points to."""
    names = pdf.Root.Names.Dests.Names
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    return {str(names[i]): pages.get(names[i + 1][0].objgen, -1)
            for i in range(0, len(names), 2)}


def xmp(pdf: pikepdf.Pdf) -> dict[str, object]:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        return {key.split("}")[-1]: meta[key] for key in meta}


# ---------------------------------------------------------------------------- tagged PDF

@pytest.mark.parametrize("name", NAMES)
def test_tagged_with_language_and_title(name, pdfs, rapporter) -> None:
    pdf, rapport = pdfs[name], rapporter[name]
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == "sv"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    title = str(pdf.docinfo["/Title"])
    assert rapport.forbund.namn in title and title == xmp(pdf)["title"]


@pytest.mark.parametrize("name", NAMES)
def test_metadata_from_the_data(name, pdfs, rapporter) -> None:
    pdf, rapport = pdfs[name], rapporter[name]
    info = pdf.docinfo
    assert str(info["/Author"]) == rapport.forbund.namn
    assert rapport.forbund.namn in str(info["/Subject"])
    keywords = [k.strip() for k in str(info["/Keywords"]).split(",")]
    assert str(rapport.ar) in keywords and rapport.forbund.namn in keywords
    assert all(m.namn in keywords for m in rapport.forbund.medlemmar)
    # The dates come from the data (decided/signed, else the year's end), never the clock.
    created = str(info["/CreationDate"])
    assert re.fullmatch(r"D:\d{8}000000Z", created) and created == str(info["/ModDate"])
    assert created[2:6] in (str(rapport.ar), str(rapport.ar + 1))


@pytest.mark.parametrize("name", NAMES)
def test_archival_pdf_a_2a_by_default(name, pdfs) -> None:
    pdf = pdfs[name]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        pdfa = "{http://www.aiim.org/pdfa/ns/id/}"
        assert (meta[pdfa + "part"], meta[pdfa + "conformance"]) == ("2", "A")
        # Level A and PDF/UA-1 are claimed because the structure checks pass
        # (tests/test_pdf_structure.py checks both the rules and the claim).
        assert meta["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
    assert "/OutputIntents" in pdf.Root  # sRGB, as PDF/A requires
    assert pdf.pdf_version == "1.7"


@pytest.mark.parametrize("name", NAMES)
def test_every_font_embedded_and_one_family(name, pdfs) -> None:
    fonts = {}
    for page in pdfs[name].pages:
        for font in page.Resources.get("/Font", {}).values():
            descriptors = [font.get("/FontDescriptor")] + [
                d.get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
            embedded = any(d is not None and any(k in d for k in
                                                 ("/FontFile", "/FontFile2", "/FontFile3"))
                           for d in descriptors)
            fonts[str(font.get("/BaseFont"))] = embedded
    assert fonts and all(fonts.values()), fonts
    assert all("Inter" in f for f in fonts), f"andra typsnitt än Inter: {sorted(fonts)}"


@pytest.mark.parametrize("name", NAMES)
def test_outline_has_every_top_level_heading(name, pdfs, rapporter) -> None:
    titles = outline_titles(pdfs[name])
    rapport = rapporter[name]
    if rapport.typ == "delarsrapport":  # its title, its sections, the parts of the first
        assert titles[0][0] == 0 and all((0, t) in titles for t in DELAR_AVSNITT), titles
        assert (1, "Balanskravsresultat enligt prognos") in titles, titles
    elif rapport.typ != "tertialrapport":
        expected = [" ".join(a.titel.split()) for a in rapport.avsnitt]
        top = [t for depth, t in titles if depth == 0]
        assert [t for t in expected if t not in top] == [], titles
        # Numbered subsections are bookmarked too, nested under their section.
        sub = [" ".join(d.titel.split()) for a in rapport.avsnitt for d in a.delar if d.nummer]
        assert all((1, t) in titles for t in sub), titles
    else:  # the tertialrapport: its title, then one bookmark per goal
        mal = [" ".join(m.rubrik.split()) for m in rapport.extra["tertial"].mal]
        assert titles[0][0] == 0 and all((1, t) in titles for t in mal), titles


@pytest.mark.parametrize("name", NAMES)
def test_toc_and_note_references_are_links(name, pdfs, rapporter) -> None:
    pdf, rapport = pdfs[name], rapporter[name]
    targets = named_destinations(pdf)
    if rapport.typ == "delarsrapport":
        linked = link_destinations(pdf, range(targets["innehall-rubrik"],
                                              targets["innehall-rubrik"] + 1))
        expected = {"forvaltningsberattelse", "balanskrav", "resultatrakning", "balansrakning",
                    "kassaflodesanalys", "noter"}
        assert expected <= linked, sorted(expected - linked)
    elif rapport.typ != "tertialrapport":
        start = targets["innehall-rubrik"]  # the table of contents' heading
        toc_pages = range(start, start + 3)
        linked = link_destinations(pdf, toc_pages)
        expected = {a.anchor for a in rapport.avsnitt if a.i_innehall}
        assert expected and expected <= linked, sorted(expected - linked)
    else:
        linked = link_destinations(pdf)
        expected = {m.anchor for m in rapport.extra["tertial"].mal}
        assert expected <= linked, sorted(expected - linked)
    assert expected <= targets.keys()
    if rapport.typ == "arsredovisning":
        notes = {d for d in link_destinations(pdf) if d.startswith("not-")}
        assert notes and notes <= targets.keys()


@pytest.mark.parametrize("name", NAMES)
def test_tables_tagged_with_header_cells(name, pdfs) -> None:
    tags = list(struct_elements(pdfs[name]))
    tables = [t for t, _, _ in tags if t == "/Table"]
    th = [(node, above) for t, node, above in tags if t == "/TH"]
    assert tables and th
    assert all("/TR" in above and "/Table" in above for _, above in th)
    assert any(t == "/THead" for t, _, _ in tags)
    assert all(t in {x for x, _, _ in tags} for t in ("/H1", "/P", "/L", "/LI", "/Link"))


@pytest.mark.parametrize("name", NAMES)
def test_page_numbers_and_running_header(name, builds, rapporter) -> None:
    reader = PdfReader(io.BytesIO(builds[name][0].read_bytes()))
    n = len(reader.pages)
    last = " ".join((reader.pages[-1].extract_text() or "").split())
    assert f"Sida {n} av {n}" in last
    middle = " ".join((reader.pages[min(2, n - 1)].extract_text() or "").split())
    assert rapporter[name].forbund.namn in middle  # the running header


# ---------------------------------------------------------------------------- reproducible

@pytest.mark.parametrize("name", NAMES)
def test_two_builds_are_byte_identical(name, builds) -> None:
    first, second = builds[name]
    assert first.read_bytes() == second.read_bytes()


def test_pdf_variant_option(tmp_path: Path) -> None:
    """--pdf-variant pdf/ua-1 stamps the PDF/UA identifier instead of the PDF/A one."""
    path, report, period, pdf_path = EXAMPLES["skane-nordost-tertialrapport"]
    result = CliRunner().invoke(main, ["build", str(ROOT / path), "-r", report, "-p", period,
                                       "--format", "pdf", "-o", str(tmp_path), "-q",
                                       "--pdf-variant", "pdf/ua-1"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / pdf_path) as pdf:
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()
        assert b"pdfaid:part" not in pdf.Root.Metadata.read_bytes()
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "sv"
    bad = CliRunner().invoke(main, ["build", str(ROOT / path), "-r", report, "-p", period,
                                    "--pdf-variant", "pdf/x-4", "-o", str(tmp_path)])
    assert bad.exit_code != 0 and "pdf/a-2a" in bad.output
