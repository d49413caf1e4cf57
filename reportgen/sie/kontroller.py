"""Checks on the books as read from a SIE file, each a small named function.

Every check takes a :class:`~reportgen.sie.reader.Sie` and returns its problems; the name of
the function is the ``check`` of each problem (shown in brackets after the message), so a
known difference can be accepted by name like the year file's checks. ``CHECKS`` lists them
in the order they run.

Amounts in SIE are signed as in the ledger: debit positive, credit negative. Assets are
positive, eget kapital, liabilities and income negative, costs positive.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..errors import Location, Problem
from ..format import ZERO, kr
from .reader import Sie

Check = Callable[[Sie], list[Problem]]


def _kr(value: Decimal) -> str:
    """An exact amount for a message: öre only when there are any.

    >>> _kr(Decimal("-1234.50")), _kr(Decimal("0.00")), _kr(Decimal(7))
    ('−1\xa0234,50 kr', '0 kr', '7 kr')
    """
    if value == 0:
        return "0 kr"
    return f"{kr(value, decimals=0 if value == value.to_integral_value() else 2)} kr"


def _konto(sie: Sie, nummer: str) -> str:
    namn = sie.kontonamn(nummer)
    return f"{nummer} {namn}".strip() if namn else nummer


def _where(sie: Sie, rad: int | None) -> Location:
    return Location(sie.fil, rad)


def verifikationer_balanserar(sie: Sie) -> list[Problem]:
    """Every verifikation's transactions add up to zero (debit = credit)."""
    out = []
    for v in sie.verifikationer:
        diff = v.summa
        if diff != ZERO:
            out.append(Problem(
                f"verifikation {v.serie} {v.nummer} ({v.datum or 'utan datum'}) balanserar "
                f"inte: debet och kredit skiljer {_kr(diff)}", _where(sie, v.rad),
                check="verifikationer_balanserar",
                hint="rätta verifikationen i bokföringen och exportera filen på nytt"))
    return out


def _transaktionssummor(sie: Sie) -> tuple[dict[str, Decimal], dict[str, int]]:
    sums: dict[str, Decimal] = {}
    first: dict[str, int] = {}
    for v in sie.verifikationer:
        if v.datum is not None and 0 in sie.ar and not (
                sie.ar[0].start <= v.datum <= sie.ar[0].slut):
            continue  # a verifikation outside year 0 does not move its balances
        for t in v.transaktioner:
            sums[t.konto] = sums.get(t.konto, ZERO) + t.belopp
            first.setdefault(t.konto, t.rad)
    return sums, first


def ib_och_transaktioner_ger_ub(sie: Sie) -> list[Problem]:
    """For every balance account: #IB + the year's transactions = #UB (when there are
    transactions and balances in the file)."""
    if not sie.verifikationer or not (sie.ib or sie.ub):
        return []
    sums, first = _transaktionssummor(sie)
    ib, ub = sie.saldon("ib", 0), sie.saldon("ub", 0)
    out = []
    for konto in sorted(set(ib) | set(ub) | set(sums)):
        if not sie.ar_balanskonto(konto):
            continue
        expected = ib.get(konto, ZERO) + sums.get(konto, ZERO)
        actual = ub.get(konto, ZERO)
        if expected != actual:
            s = sie.ub.get((0, konto))
            rad = s.rad if s else first.get(konto)
            out.append(Problem(
                f"konto {_konto(sie, konto)}: ingående balans {_kr(ib.get(konto, ZERO))} + "
                f"årets transaktioner {_kr(sums.get(konto, ZERO))} = {_kr(expected)}, men "
                f"utgående balans är {_kr(actual)}", _where(sie, rad),
                check="ib_och_transaktioner_ger_ub",
                hint="filen är inte fullständig eller saldona är inte uppdaterade; exportera "
                "på nytt med alla verifikationer för året"))
    return out


def transaktioner_ger_res(sie: Sie) -> list[Problem]:
    """For every result account: the year's transactions = #RES (when the file has
    transactions and results)."""
    if not sie.verifikationer or not sie.res:
        return []
    sums, first = _transaktionssummor(sie)
    res = sie.saldon("res", 0)
    out = []
    for konto in sorted(set(res) | set(sums)):
        if sie.ar_balanskonto(konto):
            continue
        if sums.get(konto, ZERO) != res.get(konto, ZERO):
            s = sie.res.get((0, konto))
            out.append(Problem(
                f"konto {_konto(sie, konto)}: årets transaktioner ger "
                f"{_kr(sums.get(konto, ZERO))}, men #RES säger {_kr(res.get(konto, ZERO))}",
                _where(sie, s.rad if s else first.get(konto)), check="transaktioner_ger_res",
                hint="exportera på nytt med alla verifikationer för året"))
    return out


def _eget_kapital(nummer: str) -> bool:
    """BAS and Kommun-Bas keep eget kapital in 20xx; the prior year's result moves between
    those accounts at the start of a year, so they are compared as a group."""
    return nummer.startswith("20")


def ib_ar_foregaende_ub(sie: Sie) -> list[Problem]:
    """This year's #IB = last year's #UB, account by account (eget kapital as one group,
    as the prior year's result is moved within it)."""
    if 0 not in sie.ar or -1 not in sie.ar:
        return []
    ib, ub = sie.saldon("ib", 0), sie.saldon("ub", -1)
    if not ib or not ub:
        return []
    out = []
    for konto in sorted(set(ib) | set(ub)):
        if not sie.ar_balanskonto(konto) or _eget_kapital(konto):
            continue
        a, b = ib.get(konto, ZERO), ub.get(konto, ZERO)
        if a != b:
            s = sie.ib.get((0, konto)) or sie.ub.get((-1, konto))
            out.append(Problem(
                f"konto {_konto(sie, konto)}: ingående balans {sie.ar[0].start.year} är "
                f"{_kr(a)}, men utgående balans föregående år är {_kr(b)}",
                _where(sie, s.rad if s else None), check="ib_ar_foregaende_ub",
                hint="föregående års bokslut har ändrats efter att året öppnades; för över "
                "de nya utgående balanserna till året i bokföringsprogrammet"))
    a = sum((v for k, v in ib.items() if _eget_kapital(k)), ZERO)
    b = sum((v for k, v in ub.items() if _eget_kapital(k)), ZERO)
    res_prior = sum((v for k, v in sie.saldon("res", -1).items()
                     if not sie.ar_balanskonto(k)), ZERO)
    # Eget kapital at the start = last year's closing eget kapital, with last year's result
    # booked into it when the prior year was closed only in the result accounts.
    if a != b and a != b + res_prior:
        rad = min((s.rad for (y, k), s in sie.ib.items() if y == 0 and _eget_kapital(k)),
                  default=None)
        out.append(Problem(
            f"eget kapital (konton 20xx): ingående balans {sie.ar[0].start.year} är "
            f"{_kr(-a)}, men utgående föregående år är {_kr(-b)}", _where(sie, rad),
            check="ib_ar_foregaende_ub",
            hint="föregående års bokslut har ändrats efter att året öppnades"))
    return out


def balansrakningen_balanserar(sie: Sie) -> list[Problem]:
    """The balance sheet balances once the result is included: the #UB of all balance
    accounts plus the #RES of all result accounts is zero, for every year with balances."""
    out = []
    for index in sorted(sie.ar, reverse=True):
        ub = sie.saldon("ub", index)
        if not ub:
            continue
        res = sie.saldon("res", index)
        bal = sum((v for k, v in ub.items() if sie.ar_balanskonto(k)), ZERO)
        result = sum((v for k, v in res.items() if not sie.ar_balanskonto(k)), ZERO)
        if bal + result != ZERO:
            ar = sie.ar[index]
            ib = sum((v for k, v in sie.saldon("ib", index).items()
                      if sie.ar_balanskonto(k)), ZERO)
            if ib != ZERO and bal + result == ib:
                out.append(Problem(
                    f"balansräkningen {ar.slut} balanserar inte: redan den ingående balansen "
                    f"skiljer {_kr(ib)}, så tidigare års resultat har inte förts över till eget "
                    "kapital", _where(sie, ar.rad), check="balansrakningen_balanserar",
                    hint="bokför föregående års resultat mot eget kapital (till exempel konto "
                    "2099 eller 2091) och exportera på nytt"))
                continue
            out.append(Problem(
                f"balansräkningen {ar.slut} balanserar inte: tillgångar minus eget kapital och "
                f"skulder är {_kr(bal)} och årets resultat {_kr(-result)}, skillnad "
                f"{_kr(bal + result)}", _where(sie, ar.rad), check="balansrakningen_balanserar",
                hint="filen saknar saldon för några konton, eller bokslutet är inte klart; "
                "exportera på nytt"))
    return out


CHECKS: list[Check] = [
    verifikationer_balanserar,
    ib_och_transaktioner_ger_ub,
    transaktioner_ger_res,
    ib_ar_foregaende_ub,
    balansrakningen_balanserar,
]


def kontrollera(sie: Sie) -> list[Problem]:
    """Run every check of :data:`CHECKS` (nothing when the file could not be read)."""
    if not sie.last:
        return []
    return [p for check in CHECKS for p in check(sie)]
