"""Rules that had two copies now have one: the document date and the goals' year outcome."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf

from reportgen.build import build, check

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


def test_pdf_and_html_carry_the_same_document_date(tmp_path: Path) -> None:
    """The mini fixture has no decision date: both take the signing date, 2024-04-08."""
    folder = tmp_path / "testbygden"
    shutil.copytree(MINI, folder)
    written, _ = build(folder / "2023.yaml", out=tmp_path / "ut")
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    pdf = next(p for p in written if p.suffix == ".pdf").read_bytes()
    assert re.search(r'name="dcterms.created" content="2024-04-08"', html)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20240408")


def test_annual_goal_outcome_and_status_come_from_one_period() -> None:
    """Skåne Nordost 2022 has only T1 follow-up: the annual report shows T1's outcome
    under a heading that says so, and T1's status beside it."""
    result = check(ROOT / "data" / "skane-nordost" / "2022.yaml")
    assert result.rapport is not None and not result.errors
    views = result.rapport.malvyer  # type: ignore[attr-defined]
    assert views and all(v.period == "T1" for v in views)
    assert all(v.status is not None for v in views if v.indikatorer)


def test_annual_goal_heading_names_the_period(tmp_path: Path) -> None:
    written, _ = build(ROOT / "data" / "skane-nordost" / "2022.yaml", formats=("html",),
                       out=tmp_path)
    html = written[0].read_text(encoding="utf-8")
    assert "Utfall januari – april 2022</th>" in html
    assert "Bedömning:" in html
