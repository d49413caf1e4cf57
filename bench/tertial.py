"""Time a tertialrapport PDF build: median of 5 runs (target ≈ 1 s).

    python bench/tertial.py [data/skane-nordost/2022.yaml] [T1]

Each run is the whole pipeline as ``reportgen build --report tertialrapport --format pdf``
does it (load, validate, compute, checks, render, write), into a temporary folder.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from reportgen.build import build

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "data" / "skane-nordost" / "2022.yaml"
RUNS = 5
TARGET = 1.0


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    period = argv[1] if len(argv) > 1 else "T1"
    times = []
    with tempfile.TemporaryDirectory() as out:
        build(path, "tertialrapport", ("pdf",), Path(out), period)  # warm-up: imports, fonts
        for _ in range(RUNS):
            start = time.perf_counter()
            build(path, "tertialrapport", ("pdf",), Path(out), period)
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"tertialrapport {period} PDF ({path}): median {median:.2f} s av {RUNS} körningar "
          f"(min {min(times):.2f}, max {max(times):.2f}; mål ≈ {TARGET:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
