"""Write data/skane-nordost/2023.se: a synthetic SIE file for Skåne Nordost 2023.

The books of Skåne Nordost are not public; this file is made up so that its balances
reproduce the figures of the published årsredovisningar 2022 and 2023 (as typed in
data/skane-nordost/2022.yaml and 2023.yaml). How the figures are split over accounts is
invented; the totals and the note rows are the published ones. Run from the repo root:

    .venv/bin/python scripts/sie_skane_nordost.py
"""

from __future__ import annotations

from pathlib import Path

KONTON = {
    "1220": "Inventarier", "1229": "Ackumulerade avskrivningar på inventarier",
    "1790": "Förutbetalda kostnader och upplupna intäkter", "1930": "Företagskonto",
    "1940": "Fasträntekonto", "2091": "Balanserad vinst eller förlust",
    "2099": "Årets resultat", "2440": "Leverantörsskulder", "2710": "Personalskatt",
    "2990": "Övriga upplupna kostnader och förutbetalda intäkter",
    "3010": "Erhållna medel regionen", "3020": "Erhållna statliga medel",
    "3030": "Erhållna kommunala bidrag", "3990": "Övriga intäkter",
    "4010": "Projektkostnader", "5010": "Lokalhyra", "6550": "Konsultarvoden",
    "7010": "Löner", "7510": "Arbetsgivaravgifter", "8310": "Ränteintäkter",
    "8410": "Räntekostnader", "8999": "Årets resultat",
}
UB_2022 = {"1220": 80950, "1229": -80950, "1790": 262294, "1930": 792928, "1940": 9000000,
           "2091": -2262458, "2099": -7006700, "2440": -600000, "2710": -36064,
           "2990": -150000}
IB_2023 = {**UB_2022, "2091": -9269158, "2099": 0}
UB_2023 = {"1220": 80950, "1229": -80950, "1790": 431331, "1930": 1100428, "1940": 10000000,
           "2091": -9269158, "2099": 0, "2440": -2500000, "2710": -41787, "2990": -300000}
RES_2022 = {"3010": -3142500, "3020": -6285000, "3030": -3142500, "4010": 3065991,
            "5010": 300000, "6550": 122600, "7010": 1500000, "7510": 574686, "8410": 23,
            "8999": 7006700}
RES_2023 = {"3010": -3123000, "3020": -6246000, "3030": -3123000, "3990": -24104,
            "4010": 11110918, "5010": 320000, "6550": 199037, "7010": 1250000,
            "7510": 466855, "8310": -251520}


def main() -> None:
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "reportgen exempeldata" 1',
        "#FORMAT PC8",
        "#GEN 20240315",
        "#SIETYP 1",
        '#PROSA "Syntetisk fil: saldona återger de publicerade årsredovisningarna 2022 och '
        '2023; kontona är påhittade"',
        '#FNAMN "Samordningsförbundet Skåne Nordost"',
        "#ORGNR 222000-2790",
        "#KPTYP BAS2014",
        "#RAR 0 20230101 20231231",
        "#RAR -1 20220101 20221231",
    ]
    lines += [f'#KONTO {k} "{v}"' for k, v in KONTON.items()]
    for year, table in ((0, IB_2023), (-1, {})):
        lines += [f"#IB {year} {k} {v}.00" for k, v in table.items()]
    for year, table in ((0, UB_2023), (-1, UB_2022)):
        lines += [f"#UB {year} {k} {v}.00" for k, v in table.items()]
    for year, table in ((0, RES_2023), (-1, RES_2022)):
        lines += [f"#RES {year} {k} {v}.00" for k, v in table.items()]
    out = Path("data/skane-nordost/2023.se")
    out.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))
    print(f"Skrev {out}")


if __name__ == "__main__":
    main()
