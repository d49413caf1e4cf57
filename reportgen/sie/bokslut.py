"""The statements of one year from the books: a kontoplan applied to a :class:`Sie`.

Signs are turned from the ledger's (debit positive, credit negative) to the statements'
(income positive, costs negative; assets, eget kapital and liabilities positive).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..errors import Location, Problem
from ..format import ZERO
from .kontoplan import BOKSLUT, Kontoplan
from .kontroller import _kr
from .reader import Saldo, Sie


@dataclass
class Arsbokslut:
    """One year's figures by statement line (``resultatrakning.verksamhetens_intakter``,
    ``balansrakning.skulder.kortfristiga``, …), in the statements' signs."""

    index: int
    ar: int
    rader: dict[str, Decimal] = field(default_factory=dict)
    """Every line that has a mapped account in this year (a zero line included)."""
    ingaende: dict[str, Decimal] | None = None
    """The balance-sheet lines at the start of the year (``#IB``), when the file has them."""
    noter: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    """``(not id, row name)`` → amount, in the statements' sign."""
    arets_resultat: Decimal = ZERO

    def get(self, rad: str) -> Decimal:
        return self.rader.get(rad, ZERO)

    @property
    def investeringsverksamheten(self) -> Decimal | None:
        """Cash flow from investments: − (change in fixed assets − depreciation)."""
        if self.ingaende is None:
            return None
        keys = [k for k in set(self.rader) | set(self.ingaende)
                if k.startswith("balansrakning.anlaggningstillgangar.")]
        change = sum((self.rader.get(k, ZERO) - self.ingaende.get(k, ZERO) for k in keys), ZERO)
        return -change + self.get("resultatrakning.avskrivningar")

    @property
    def finansieringsverksamheten(self) -> Decimal | None:
        """Cash flow from financing: the change in long-term liabilities."""
        if self.ingaende is None:
            return None
        k = "balansrakning.skulder.langfristiga"
        return self.rader.get(k, ZERO) - self.ingaende.get(k, ZERO)


def _asset(rad: str) -> bool:
    return rad.startswith(("balansrakning.anlaggningstillgangar.",
                           "balansrakning.omsattningstillgangar."))


def bokslut(sie: Sie, plan: Kontoplan, index: int = 0) -> tuple[Arsbokslut | None, list[Problem]]:
    """Apply *plan* to year *index* of *sie*; every account with a balance must map."""
    if index not in sie.ar:
        return None, []
    out = Arsbokslut(index, sie.ar[index].slut.year)
    problems: list[Problem] = []
    unmapped: dict[str, tuple[Decimal, int]] = {}
    closing = ZERO

    def line_of(konto: str, belopp: Decimal, rad: int, balance: bool) -> str | None:
        target = plan.rad(konto)
        if target is None:
            if belopp != ZERO and konto not in unmapped:
                unmapped[konto] = (belopp, rad)
            return None
        if target == BOKSLUT or balance == target.startswith("balansrakning."):
            return target
        if belopp != ZERO:
            kind = "ett balanskonto" if balance else "ett resultatkonto"
            problems.append(Problem(
                f"konto {konto} {sie.kontonamn(konto)} ({_kr(belopp)}) är {kind} men hör i "
                f"kontoplanen {plan.namn} till raden {target}", Location(sie.fil, rad),
                check="konto_har_rad", hint="rätta raden i data/<förbund>/kontoplan.yaml"))
        return None

    seen_lines: set[str] = set()
    for (y, konto), s in sie.res.items():
        if y != index or sie.ar_balanskonto(konto):
            continue
        target = line_of(konto, s.belopp, s.rad, balance=False)
        if target == BOKSLUT:
            closing -= s.belopp
        elif target is not None:
            out.rader[target] = out.rader.get(target, ZERO) - s.belopp
        for key in plan.notrader(konto):
            out.noter[key] = out.noter.get(key, ZERO) - s.belopp
    balance_rows = [(k, s) for (y, k), s in sie.ub.items() if y == index]
    for konto, s in balance_rows:
        if not sie.ar_balanskonto(konto):
            continue
        target = line_of(konto, s.belopp, s.rad, balance=True)
        sign = 1 if target is None or _asset(target) else -1
        if target is not None:
            seen_lines.add(target)
            out.rader[target] = out.rader.get(target, ZERO) + sign * s.belopp
        for key in plan.notrader(konto):
            out.noter[key] = out.noter.get(key, ZERO) + sign * s.belopp
    # Lines with a zero balance are kept only if some account of theirs appears at all.
    for line in seen_lines:
        out.rader.setdefault(line, ZERO)
    ib_rows = [(k, s) for (y, k), s in sie.ib.items() if y == index]
    if not ib_rows and index - 1 in sie.ar:
        ib_rows = [(k, s) for (y, k), s in sie.ub.items() if y == index - 1]
    if ib_rows:
        out.ingaende = {}
        for konto, s in ib_rows:
            target = plan.rad(konto) if sie.ar_balanskonto(konto) else None
            if target is None or target == BOKSLUT or not target.startswith("balansrakning."):
                continue
            sign = 1 if _asset(target) else -1
            out.ingaende[target] = out.ingaende.get(target, ZERO) + sign * s.belopp
            out.rader.setdefault(target, ZERO)
    for konto, (belopp, rad) in sorted(unmapped.items()):
        namn = sie.kontonamn(konto)
        problems.append(Problem(
            f"konto {konto}{' ' + namn if namn else ''} med saldo {_kr(belopp)} "
            f"({out.ar}) hör inte till någon rad i kontoplanen {plan.namn}",
            Location(sie.fil, rad), check="konto_har_rad",
            hint="lägg till kontot under konton: i data/<förbund>/kontoplan.yaml, till exempel "
            f"- {{konton: \"{konto}\", rad: resultatrakning.verksamhetens_kostnader}}"))

    result = sum((v for k, v in out.rader.items() if k.startswith("resultatrakning.")), ZERO)
    out.arets_resultat = result
    # Eget kapital at the end of the year, whether or not the result has been booked to it.
    ek_accounts = sum((v for k, v in out.rader.items()
                       if k.startswith("balansrakning.eget_kapital")), ZERO)
    booked = -closing  # the result as the closing entries moved it into eget kapital
    if closing != ZERO and booked != result:
        ar = sie.ar[index]
        problems.append(Problem(
            f"bokslutsposterna ({_kr(booked)}) för över ett annat resultat till eget kapital "
            f"än resultaträkningens {_kr(result)} ({out.ar})", Location(sie.fil, ar.rad),
            check="konto_har_rad", hint="kontrollera vilka konton kontoplanen räknar som "
            "bokslut (årets resultat)"))
    ek_end = ek_accounts + (ZERO if closing != ZERO else result)
    rur = out.rader.get("balansrakning.eget_kapital.resultatutjamningsreserv", ZERO)
    out.rader["balansrakning.eget_kapital"] = ek_end - result - rur
    return out, problems


@dataclass(frozen=True)
class Arsummering:
    """One year as ``reportgen sie`` shows it, for any BAS-like kontoplan."""

    index: int
    start: str
    slut: str
    arets_resultat: Decimal
    summa_tillgangar: Decimal
    summa_eget_kapital_och_skulder: Decimal


def summering(sie: Sie) -> list[Arsummering]:
    """Per #RAR year, newest first: årets resultat (− the sum of the result accounts'
    #RES), summa tillgångar (the #UB of class 1) and summa eget kapital och skulder (− the
    #UB of class 2)."""
    out = []
    for index in sorted(sie.ar, reverse=True):
        ar = sie.ar[index]
        res = sie.saldon("res", index)
        ub = sie.saldon("ub", index)
        out.append(Arsummering(
            index, ar.start.isoformat(), ar.slut.isoformat(),
            -sum((v for k, v in res.items() if not sie.ar_balanskonto(k)), ZERO),
            sum((v for k, v in ub.items() if k.startswith("1")), ZERO),
            -sum((v for k, v in ub.items() if k.startswith("2")), ZERO)))
    return out


def period(sie: Sie, plan: Kontoplan, tom_manad: int, *, kind: str = "psaldo", index: int = 0,
           objekt: tuple[tuple[str, str], ...] = ()) -> dict[str, Decimal]:
    """The resultaträkning's lines for the year's periods up to and including month
    *tom_manad* (1–12), from ``#PSALDO`` (``kind="pbudget"``: the budget), for all objects
    (``objekt=()``) or one object list such as ``(("6", "P01"),)``.

    Signs as in the statements: income positive, costs negative. This is the feed for the
    tertial reports' budget follow-up (T1 = ``tom_manad=4``, T2 = 8, T3 = 12). Result
    accounts without a line (``bokslut`` or unmapped) are left out; the annual
    :func:`bokslut` reports unmapped accounts.

    The months counted are those of the financial year (``#RAR``), so a year starting in
    July counts July as month 1.
    """
    if index not in sie.ar:
        return {}
    start = sie.ar[index].start
    out: dict[str, Decimal] = {}
    for per, konton in sie.perioder(kind, index, objekt).items():
        month = (int(per[:4]) - start.year) * 12 + int(per[4:]) - start.month + 1
        if not 1 <= month <= tom_manad:
            continue
        for konto, belopp in konton.items():
            if sie.ar_balanskonto(konto):
                continue
            target = plan.rad(konto)
            if target is None or target == BOKSLUT:
                continue
            out[target] = out.get(target, ZERO) - belopp
    return out


def periodbokslut(sie: Sie, plan: Kontoplan, tom_manad: int, index: int = 0
                  ) -> tuple[Arsbokslut | None, list[Problem]]:
    """The statements of the year's months 1..*tom_manad* from the period balances: the
    resultaträkning from each result account's ``#PSALDO`` movements, the balansräkning at
    the period's end as each balance account's ``#IB`` plus its movements.

    ``#PSALDO`` of a balance account is the period's movement (as in every file of the SIE
    corpus that has them: ``#IB`` plus the year's twelve periods is ``#UB``). None when the
    file has no period balances for the balance accounts of that year.
    """
    if index not in sie.ar:
        return None, []
    start = sie.ar[index].start
    res: dict[tuple[int, str], Saldo] = {}
    ub: dict[tuple[int, str], Saldo] = {
        key: s for key, s in sie.ib.items() if key[0] == index}
    balances = False
    for p in sie.psaldo:
        if p.ar != index or p.objekt:
            continue
        month = (int(p.period[:4]) - start.year) * 12 + int(p.period[4:]) - start.month + 1
        if not 1 <= month <= tom_manad:
            continue
        table = ub if sie.ar_balanskonto(p.konto) else res
        balances = balances or table is ub
        old = table.get((index, p.konto))
        table[(index, p.konto)] = Saldo(index, p.konto,
                                        (old.belopp if old else ZERO) + p.belopp, p.rad)
    if not balances:
        return None, []
    # The period's own books: no closing entries yet, the opening balances as they were.
    books = replace(sie, res=res, ub=ub)
    return bokslut(books, plan, index)
