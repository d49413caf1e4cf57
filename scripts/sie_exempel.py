"""Write data/exempel/2024.se: the books of the invented Samordningsförbundet Exempel.

Everything in it is made up (the förbund does not exist). It is a SIE 4 file as a kommun's
ledger would export it: Kommun-Bas accounts, a projekt dimension (#DIM 6) whose objects are
the förbund's insatser, a verifikation per event with its #TRANS rows, monthly #PSALDO and
#PBUDGET (in total and per projekt), #IB/#UB/#RES for 2024 and 2023, monthly #PSALDO of
2023's result accounts (the delårsrapport's comparative period), and #KSUMMA.
Run from the repo root:

    .venv/bin/python scripts/sie_exempel.py
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from reportgen.sie.reader import tokenize

KONTON = {
    "1510": "Kundfordringar", "1930": "Bank", "2010": "Eget kapital",
    "2440": "Leverantörsskulder", "3010": "Medlemsavgift staten",
    "3020": "Medlemsavgift regionen", "3030": "Medlemsavgift kommunerna",
    "4010": "Köp av insatser", "5010": "Löner", "5060": "Arbetsgivaravgifter",
    "6410": "Lokalhyra", "8410": "Ränteintäkter", "8990": "Årets resultat",
}
PROJEKT = {"P01": "Arbetsträning i Granåsa", "P02": "Förstudie Unga vuxna",
           "P03": "Nätverk Samverkan Exempel"}
IB = {"1930": Decimal(3000000), "2440": Decimal(-200000), "2010": Decimal(-2800000)}
# 2023, the comparison year: balances and results only (no 2023.yaml exists); its opening
# balances give the prior year's kassaflödesanalys.
UB_2023 = IB
IB_2023 = {"1930": Decimal(3150000), "2440": Decimal(-220000), "2010": Decimal(-2930000)}
RES_2023 = {"3010": -1900000, "3020": -950000, "3030": -950000, "4010": 2900000,
            "5010": 700000, "5060": 250000, "6410": 90000, "8410": -10000, "8990": -130000}
BUDGET_MONTH = {"3010": -166667, "3020": -83333, "3030": -83333, "4010": 230000,
                "5010": 62000, "5060": 22500, "6410": 8000}
BUDGET_PROJEKT = {"P01": 145000, "P02": 70000, "P03": 12000}


def verifikationer() -> list[tuple[str, str, list[tuple[str, str | None, int]]]]:
    """(date, text, [(konto, projekt, belopp)]) for the year 2024."""
    out = [("20240115", "Betalning leverantörsskulder 2023",
            [("2440", None, 200000), ("1930", None, -200000)])]
    for q, month in enumerate(("01", "04", "07", "10"), start=1):
        region_paid = month != "10"
        out.append((f"2024{month}20", f"Medlemsavgifter kvartal {q}",
                    [("1930", None, 500000 + 250000 + (250000 if region_paid else 0)),
                     *([] if region_paid else [("1510", None, 250000)]),
                     ("3010", None, -500000), ("3020", None, -250000), ("3030", None, -250000)]))
    for m in range(1, 13):
        mm = f"{m:02d}"
        out.append((f"2024{mm}25", f"Löner {mm}",
                    [("5010", None, 60000), ("5060", None, 22000), ("1930", None, -82000)]))
        out.append((f"2024{mm}28", f"Hyra {mm}", [("6410", None, 8000), ("1930", None, -8000)]))
        payer = "2440" if m == 12 else "1930"
        out.append((f"2024{mm}28", f"Faktura arbetsträning {mm}",
                    [("4010", "P01", 150000), (payer, None, -150000)]))
        out.append((f"2024{mm}28", f"Nätverksträff {mm}",
                    [("4010", "P03", 10000), ("1930", None, -10000)]))
        if 3 <= m <= 8:
            out.append((f"2024{mm}28", f"Förstudie Unga vuxna {mm}",
                        [("4010", "P02", 80000), ("1930", None, -80000)]))
    out.append(("20241231", "Ränta fasträntekonto", [("1930", None, 20000),
                                                     ("8410", None, -20000)]))
    return out


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    vers = verifikationer()
    total: dict[str, Decimal] = defaultdict(Decimal)
    period: dict[tuple[str, str, str | None], Decimal] = defaultdict(Decimal)
    for date, _text, rows in vers:
        assert sum(b for _, _, b in rows) == 0, _text
        for konto, projekt, belopp in rows:
            total[konto] += belopp
            period[(date[:6], konto, None)] += belopp
            if projekt:
                period[(date[:6], konto, projekt)] += belopp
    body = [
        '#PROGRAM "reportgen exempeldata" 1',
        "#FORMAT PC8",
        "#GEN 20250210",
        "#SIETYP 4",
        '#PROSA "Påhittad bokföring för det påhittade Samordningsförbundet Exempel"',
        '#FNAMN "Samordningsförbundet Exempel"',
        "#ORGNR 222000-0000",
        "#KPTYP KOMMUNBAS",
        "#RAR 0 20240101 20241231",
        "#RAR -1 20230101 20231231",
        *(f"#KONTO {k} {q(v)}" for k, v in KONTON.items()),
        '#DIM 6 "Projekt"',
        *(f"#OBJEKT 6 {q(k)} {q(v)}" for k, v in PROJEKT.items()),
    ]
    balance = [k for k in KONTON if k[0] in "12"]
    ub = {k: IB.get(k, Decimal(0)) + total.get(k, Decimal(0)) for k in balance}
    body += [f"#IB 0 {k} {v}.00" for k, v in IB.items()]
    body += [f"#UB 0 {k} {v}.00" for k, v in ub.items()]
    body += [f"#IB -1 {k} {v}.00" for k, v in IB_2023.items()]
    body += [f"#UB -1 {k} {v}.00" for k, v in UB_2023.items()]
    body += [f"#RES 0 {k} {v}.00" for k, v in total.items() if k[0] not in "12"]
    body += [f"#RES -1 {k} {v}.00" for k, v in RES_2023.items()]
    # 2023 month by month (result accounts, evenly, the remainder in December): the same
    # period of the prior year beside the delårsrapport's januari–augusti 2024.
    for m in range(1, 13):
        for konto, v in RES_2023.items():
            if konto == "8990":  # the closing entry, not a month's result
                continue
            month = int(v / 12)
            body.append(f"#PSALDO -1 2023{m:02d} {konto} {{}} "
                        f"{month if m < 12 else v - 11 * month}.00")
    for (per, konto, projekt), v in sorted(period.items(), key=lambda x: (x[0][0], x[0][1],
                                                                          x[0][2] or "")):
        obj = f'{{6 "{projekt}"}}' if projekt else "{}"
        body.append(f"#PSALDO 0 {per} {konto} {obj} {v}.00")
    for m in range(1, 13):
        per = f"2024{m:02d}"
        for konto, v in BUDGET_MONTH.items():
            body.append(f"#PBUDGET 0 {per} {konto} {{}} {v}.00")
        for projekt, v in BUDGET_PROJEKT.items():
            body.append(f'#PBUDGET 0 {per} 4010 {{6 "{projekt}"}} {v}.00')
    for n, (date, text, rows) in enumerate(vers, start=1):
        body.append(f"#VER A {n} {date} {q(text)}")
        body.append("{")
        for konto, projekt, belopp in rows:
            obj = f'{{6 "{projekt}"}}' if projekt else "{}"
            body.append(f"   #TRANS {konto} {obj} {belopp}.00")
        body.append("}")
    crc = 0
    for line in body:
        if line.strip() in ("{", "}"):  # a verifikation's braces count as themselves
            crc = zlib.crc32(line.strip().encode("cp437"), crc)
            continue
        fields, _ = tokenize(line.strip())
        parts = []
        for f in fields:
            parts.extend(["{", *f, "}"] if isinstance(f, list) else [f])
        crc = zlib.crc32("".join(parts).encode("cp437"), crc)
    lines = ["#FLAGGA 0", "#KSUMMA", *body, f"#KSUMMA {crc}"]
    out = Path("data/exempel/2024.se")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))
    result = -sum(v for k, v in total.items() if k[0] not in "12")
    print(f"Skrev {out}: {len(lines)} rader, årets resultat {result} kr")


if __name__ == "__main__":
    main()
