"""Time reading and checking a generated 100 000-line SIE 4 file (target: under 1 s).

    python bench/sie.py [ANTAL_RADER]

The file is written to a temporary folder: a year of verifikationer (three #TRANS each,
half of them with a projekt object), #IB/#UB/#RES that agree with them, and monthly
#PSALDO. Each run is :func:`reportgen.sie.read_sie` followed by every check in
:data:`reportgen.sie.kontroller.CHECKS`; the median of 5 runs is reported.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from reportgen.sie import read_sie
from reportgen.sie.kontroller import kontrollera

RUNS = 5
TARGET = 1.0


def generate(path: Path, lines: int) -> int:
    """Write a balanced SIE 4 file of about *lines* lines; return the number written."""
    head = ["#FLAGGA 0", '#PROGRAM "bench" 1', "#FORMAT PC8", "#SIETYP 4",
            '#FNAMN "Bänkförbundet"', "#RAR 0 20240101 20241231",
            "#RAR -1 20230101 20231231", '#DIM 6 "Projekt"',
            *(f'#OBJEKT 6 "P{i:02d}" "Projekt {i}"' for i in range(20)),
            '#KONTO 1930 "Bank"', '#KONTO 2010 "Eget kapital"',
            *(f'#KONTO {4000 + i} "Kostnad {i}"' for i in range(50)),
            '#KONTO 3010 "Medlemsavgifter"']
    ver: list[str] = []
    sums: dict[str, Decimal] = defaultdict(Decimal)
    psaldo: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    n = 0
    budget = lines - len(head) - 200
    while len(ver) + 6 <= budget:
        n += 1
        month = 1 + n % 12
        cost = f"{4000 + n % 50}"
        amount = Decimal(n % 9000 + 100) + Decimal("0.25")
        obj = f'{{6 "P{n % 20:02d}"}}' if n % 2 else "{}"
        ver += [f'#VER A {n} 2024{month:02d}{1 + n % 28:02d} "Verifikation {n}"', "{",
                f"#TRANS {cost} {obj} {amount}", f"#TRANS 3010 {{}} {-amount * 2}",
                f"#TRANS 1930 {{}} {amount}", "}"]
        for konto, belopp in ((cost, amount), ("3010", -amount * 2), ("1930", amount)):
            sums[konto] += belopp
            psaldo[(f"2024{month:02d}", konto)] += belopp
    balances = ["#IB 0 1930 1000000.00", "#IB 0 2010 -1000000.00",
                "#UB -1 1930 1000000.00", "#UB -1 2010 -1000000.00",
                f"#UB 0 1930 {Decimal(1000000) + sums['1930']}", "#UB 0 2010 -1000000.00",
                *(f"#RES 0 {k} {v}" for k, v in sums.items() if k != "1930"),
                *(f"#PSALDO 0 {p} {k} {{}} {v}" for (p, k), v in sorted(psaldo.items())
                  if k != "1930")]
    text = head + balances + ver
    path.write_bytes(("\r\n".join(text) + "\r\n").encode("cp437"))
    return len(text)


def main(argv: list[str]) -> int:
    lines = int(argv[0]) if argv else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.se"
        written = generate(path, lines)
        sie = read_sie(path)
        problems = sie.problem + kontrollera(sie)
        if problems:
            print("\n".join(str(p) for p in problems[:5]))
            return 1
        times, cpu = [], []
        for _ in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            sie = read_sie(path)
            kontrollera(sie)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    median = statistics.median(times)
    print(f"SIE 4, {written} rader, {len(sie.verifikationer)} verifikationer: läst och "
          f"kontrollerad på median {median:.2f} s av {RUNS} körningar (min {min(times):.2f}, "
          f"max {max(times):.2f}; processortid median {statistics.median(cpu):.2f} s; "
          f"mål < {TARGET:.0f} s)")
    return 0 if median < TARGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
