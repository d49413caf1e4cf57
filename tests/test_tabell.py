"""Generic tables typed in the data: Markdown and {{figurer}} in cells, placeholders in
captions and column headings, two header rows, layout tables, and the format check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.build import build, check

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def folder(mini_folder: Path) -> Path:
    return mini_folder


def with_table(folder: Path, table: str) -> Path:
    path = folder / "2023.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("arsredovisning:\n", """\
arsredovisning:
  avsnitt:
    - rubrik: Tabeller
      innehall:
""" + table, 1), encoding="utf-8")
    return path


def html_of(folder: Path, tmp_path: Path) -> str:
    written, _ = build(folder / "2023.yaml", formats=("html",), out=tmp_path / "ut")
    return re.sub(r"\s+", " ", written[0].read_text(encoding="utf-8"))


def test_cells_captions_and_two_header_rows(folder: Path, tmp_path: Path) -> None:
    with_table(folder, """\
        - tabell:
            rubrik: Inflöde {ar} i {forbund}
            grupper:
              - {kolumner: 1}
              - {rubrik: Deltagare, kolumner: 2}
            kolumner:
              - {rubrik: Insats, format: text}
              - {rubrik: "{ar}", format: antal}
              - {rubrik: "{foregaende_ar}", format: antal}
            rader:
              - ["*Steget* (eget kapital {{eget_kapital}} kr)", 12, 10]
""")
    page = html_of(folder, tmp_path)
    table = page[page.index('class="tabell datatabell"'):]
    table = table[:table.index("</table>")]
    assert "Inflöde 2023 i Samordningsförbundet Testbygden" in table
    assert '<th scope="colgroup" colspan="2" class="grupp">Deltagare</th>' in table
    assert '<td colspan="1"></td>' in table
    assert '<th scope="col" class="tal">2023</th>' in table
    assert '<th scope="col" class="tal">2022</th>' in table
    assert "<em>Steget</em>" in table and "{{" not in table
    assert re.search(r"eget kapital 8.689.972 kr", table)


def test_layout_table_has_no_header_row(folder: Path, tmp_path: Path) -> None:
    with_table(folder, """\
        - tabell:
            layouttabell: true
            kolumner: [{format: text}, {format: text}]
            rader:
              - [Ort, Testby]
""")
    page = html_of(folder, tmp_path)
    table = page[page.index("layouttabell"):]
    table = table[:table.index("</table>")]
    assert 'role="presentation"' in table and "<thead>" not in table
    assert '<td class="text">Ort</td>' in table


def test_a_table_without_headings_must_say_it_is_a_layout_table(folder: Path) -> None:
    path = with_table(folder, """\
        - tabell:
            kolumner: [{format: text}, {rubrik: Belopp, format: kr}]
            rader:
              - [Ort, 10]
""")
    result = check(path)
    [p] = [p for p in result.errors if "layouttabell" in p.message]
    assert "kolumn 1 saknar rubrik; en tabell utan rubrikrad ska ange layouttabell: true" \
        in p.message
    assert p.location is not None and p.location.line


def test_column_without_format_warns(folder: Path) -> None:
    """tabell_format: a column that does not state its format."""
    path = with_table(folder, """\
        - tabell:
            kolumner:
              - {rubrik: Insats, format: text}
              - {rubrik: Kostnad}
            rader:
              - [Steget, 100]
""")
    [p] = [p for p in check(path).problems if p.check == "tabell_format"]
    assert p.message == "kolumnen 'Kostnad' anger inget format; den läses som kr"
    assert p.severity == "varning"
    assert p.location.line == next(n for n, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), 1) if "{rubrik: Kostnad}" in line)
