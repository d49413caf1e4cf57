"""Nothing runs past the page edge (issue #20, item 7).

A 3 000-character URL, a long compound heading and a long name are unbreakable tokens;
without ``overflow-wrap`` WeasyPrint let them run past the right edge, where they were
clipped. Every word's box in the PDF must lie within the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from reportgen import build

DATA = Path(__file__).resolve().parent.parent / "data"

URL = "https://example.se/" + "a1b2c3d4e5" * 300
COMPOUND = "Arbetsmarknadsrehabiliteringssamordningsförbundsutvecklings" * 3
NAME = "Karl-Gustaf-" * 12 + "Andersson"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) saknas")
def test_unbreakable_tokens_wrap_inside_the_page(tmp_path):
    folder = tmp_path / "nnv-skane"
    shutil.copytree(DATA / "nnv-skane", folder)
    year = yaml.safe_load((folder / "2020.yaml").read_text(encoding="utf-8"))
    first = year["verksamhetsplan"]["avsnitt"][0]
    first["rubrik"] = COMPOUND
    first["text"] = f"{first['text']}\n\nLäs mer på {URL} och [{COMPOUND}]({URL}).\n"
    year["verksamhetsplan"]["titel"] = f"Plan för {COMPOUND}"
    (folder / "2020.yaml").write_text(yaml.safe_dump(year, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    forbund = yaml.safe_load((folder / "forbund.yaml").read_text(encoding="utf-8"))
    forbund["medlemmar"][0]["namn"] = NAME
    (folder / "forbund.yaml").write_text(
        yaml.safe_dump(forbund, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [pdf], _ = build.build(folder / "2020.yaml", "verksamhetsplan", ("pdf",), tmp_path / "ut")
    bbox = tmp_path / "bbox.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(bbox)], check=True)
    text = bbox.read_text(encoding="utf-8")
    outside = []
    pages = re.split(r"<page ", text)[1:]
    for number, body in enumerate(pages, 1):
        width = float(re.search(r'width="([\d.]+)"', body).group(1))
        for x_min, x_max, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
                body):
            if float(x_min) < 0 or float(x_max) > width + 0.5:
                outside.append((number, word[:30], x_max, width))
    assert pages and "a1b2c3d4e5" in text  # the URL is there, in pieces
    assert outside == [], f"text past the page edge: {outside[:5]}"
