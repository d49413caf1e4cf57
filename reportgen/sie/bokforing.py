"""A year file's ``bokforing:``: the statements come from the books, typed figures are checked.

``bokforing: {sie: 2023.se, kontoplan: kommun-bas}`` in ``data/<förbund>/<år>.yaml`` makes
:func:`apply` (called by :mod:`reportgen.sources` before the year file is validated):

* read and check the SIE file (:mod:`.reader`, :mod:`.kontroller`) and map it
  (:mod:`.kontoplan`, :mod:`.bokslut`);
* fill what the YAML leaves out: the resultaträkning and balansräkning (a whole statement,
  or the ``belopp`` of a line written only with its ``not:``), the investment and financing
  flows of the kassaflödesanalys, the rows of the notes named in the kontoplan, the prior
  year (``#RAR -1``) when there is no prior year's file, and each insats's ``utfall`` from its
  object (``objekt:``) in the books;
* compare every figure the YAML still types with the books: a difference is an error on
  the YAML's line (check ``bokforing_stammer``), so a year file gains SIE without losing a
  check.

It works on the plain data from :func:`reportgen.load.load_yaml`, before validation: a
malformed ``bokforing:`` is left for the schema to report.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compute.noter import NOTSLAG
from ..compute.period import periodslut
from ..errors import InputError, Problem
from ..format import ZERO
from ..load import Source, dotted
from ..model.base import MAX_BELOPP, MAX_DECIMALER
from ..model.mal import MANADER
from . import kontoplan as kp
from .bokslut import Arsbokslut, bokslut, period, periodbokslut
from .kontroller import _kr, kontrollera
from .reader import Sie, read_sie

CHECK = "bokforing_stammer"
_FIN = ("finansiella_intakter", "finansiella_kostnader")


@dataclass
class Bokforing:
    """What was read for one year file: the books and the year's figures."""

    sie: Sie
    plan: kp.Kontoplan
    ar: Arsbokslut | None
    foregaende: Arsbokslut | None
    problems: list[Problem] = field(default_factory=list)


def apply(source: Source, prior_file: bool,
          prior_source: Source | None = None) -> Bokforing | None:
    """Fill and check *source*'s data from its books; ``None`` without ``bokforing:``.

    The problems (reading, the checks on the books, unmapped accounts, differences against
    typed figures) are in :attr:`Bokforing.problems`. Raises :class:`InputError` only when the
    kontoplan cannot be read. With *prior_source* (last year's file, read), its typed
    figures are compared with the books' prior year (``#RAR -1``) too; it is not filled.
    """
    data = source.data
    if not isinstance(data, dict):
        return None
    spec = data.get("bokforing")
    if not isinstance(spec, dict) or not isinstance(spec.get("sie"), str):
        return None
    folder = source.path.parent
    sie_path = folder / spec["sie"]
    plan_name = spec.get("kontoplan", "kommun-bas")
    plan_path = folder / str(plan_name)
    for key, path in (("sie", sie_path), ("kontoplan", plan_path)):
        if key == "kontoplan" and plan_path.suffix not in (".yaml", ".yml"):
            continue
        if not path.resolve().is_relative_to(folder.resolve()):
            raise InputError([Problem(
                f"{path.name} ligger utanför förbundets mapp; bokföringen läses bara därifrån",
                source.locate(("bokforing", key)), f"bokforing.{key}",
                hint="spara filen i förbundets mapp och skriv bara filnamnet")])
    plan = kp.load(plan_path if plan_path.suffix in (".yaml", ".yml") else str(plan_name),
                   folder, source.locate(("bokforing", "kontoplan")))
    if not sie_path.exists():
        raise InputError([Problem(
            f"SIE-filen {spec['sie']} finns inte bredvid årsfilen",
            source.locate(("bokforing", "sie")), "bokforing.sie",
            hint="exportera SIE 4 ur bokföringsprogrammet och spara filen i förbundets mapp")])
    if not sie_path.is_file():
        raise InputError([Problem(
            f"SIE-filen {spec['sie']} är inte en vanlig fil (en mapp?)",
            source.locate(("bokforing", "sie")), "bokforing.sie",
            hint="skriv SIE-filens namn, till exempel 2024.se")])
    sie = read_sie(sie_path)
    # A problem with the SIE file as a whole (it could not be read) has no line of its
    # own: it is said at the year file's bokforing.sie, which names the file.
    at_sie = source.locate(("bokforing", "sie"))
    problems = [p if p.location is None or p.location.line is not None
                else dataclasses.replace(p, message=f"SIE-filen {spec['sie']}: {p.message}",
                                         location=at_sie, field="bokforing.sie")
                for p in [*sie.problem, *kontrollera(sie)]]
    result = Bokforing(sie, plan, None, None, problems)
    if not sie.last:
        return result
    ar, found = bokslut(sie, plan, 0)
    problems.extend(found)
    year = data.get("ar")
    if ar is not None and isinstance(year, int) and ar.ar != year:
        problems.append(Problem(
            f"SIE-filens räkenskapsår (#RAR 0) slutar {sie.ar[0].slut}, men årsfilen gäller "
            f"{year}", source.locate(("bokforing", "sie")), "bokforing.sie",
            hint="ange SIE-filen för rätt år"))
        return result
    if ar is None:
        problems.append(Problem("SIE-filen har inget räkenskapsår (#RAR 0) att hämta "
                                "räkningarna ur", source.locate(("bokforing", "sie")),
                                "bokforing.sie"))
        return result
    result.ar = ar
    fg, found = bokslut(sie, plan, -1)
    problems.extend(found)
    result.foregaende = fg
    merger = _Merger(source, problems)
    merger.statements(data, (), ar)
    merger.kassaflode(data, ar)
    merger.noter(data, ("noter",), ar, fg if not prior_file else None)
    merger.insatser(data, sie, str(spec.get("insatsdimension", "6")))
    merger.perioder(data, sie, plan, prior_file)
    merger.insatser_perioder(data, sie, str(spec.get("insatsdimension", "6")))
    if fg is not None and not prior_file:
        fa = data.setdefault("foregaende_ar", {})
        if isinstance(fa, dict):
            merger.statements(fa, ("foregaende_ar",), fg)
            if fg.ingaende and "ingaende_balansrakning" not in fa:
                # The balance sheet at the prior year's start (#IB -1), for the prior year's
                # kassaflödesanalys; as a statement without a result, eget kapital is whole.
                start = Arsbokslut(-2, fg.ar - 1, rader=dict(fg.ingaende))
                holder: dict[str, Any] = {}
                merger.statements(holder, ("foregaende_ar", "ingaende_balansrakning"), start)
                fa["ingaende_balansrakning"] = holder["balansrakning"]
    if fg is not None and prior_source is not None and isinstance(prior_source.data, dict):
        check_prior = _Merger(prior_source, problems, fill=False,
                              whose=" föregående år (#RAR -1)")
        check_prior.statements(prior_source.data, (), fg)
        check_prior.noter(prior_source.data, ("noter",), fg, None)
    return result


def _note_links(data: Any) -> dict[str, str]:
    """Which note explains which statement line, as the notes themselves say: a table's
    ``avser:``, an eget_kapital note (the opening eget kapital) and a fixed-asset note's
    ``anlaggning.post``. A line the books create gets its note from here."""
    links: dict[str, str] = {}
    notes = data.get("noter") if isinstance(data, dict) else None
    for note in notes if isinstance(notes, list) else []:
        if not isinstance(note, dict) or not isinstance(note.get("id"), str):
            continue
        nid = note["id"]
        if note.get("typ") == "eget_kapital":
            links.setdefault("balansrakning.eget_kapital.ingaende", nid)
        slag = NOTSLAG.get(str(note.get("typ")))
        if slag is not None:
            links.setdefault(slag.avser, nid)
        anl = note.get("anlaggning")
        if note.get("typ") == "anlaggningstillgangar" and isinstance(anl, dict):
            post = anl.get("post", "maskiner_och_inventarier")
            links.setdefault(f"balansrakning.anlaggningstillgangar.{post}", nid)
        for table in _lista(note.get("tabeller")):
            if isinstance(table, dict) and isinstance(table.get("avser"), str):
                links.setdefault(table["avser"], nid)
    return links


def _lista(value: Any) -> list:
    """A list as typed, or nothing: the model reports a wrong type at its line later."""
    return value if isinstance(value, list) else []


def _fits(value: Any) -> bool:
    """A typed amount the merge may compare: a number within the model's bounds. Anything
    else is left to the model, which reports it at its line."""
    if not isinstance(value, int | Decimal) or isinstance(value, bool):
        return False
    number = Decimal(value)
    return (number.is_finite() and abs(number) < MAX_BELOPP
            and int(number.as_tuple().exponent) >= -MAX_DECIMALER)


class _Merger:
    """Fills missing amounts in the plain YAML data and compares the typed ones."""

    def __init__(self, source: Source, problems: list[Problem], fill: bool = True,
                 whose: str = "") -> None:
        self.source = source
        self.problems = problems
        self.fill = fill
        """False: only compare what the file types (last year's file)."""
        self.whose = whose
        self.links = _note_links(source.data)
        """Statement line → the note that explains it, for lines the books create."""

    def compare(self, loc: tuple[str | int, ...], typed: Decimal, books: Decimal,
                what: str) -> None:
        if Decimal(typed) != books:
            self.problems.append(Problem(
                f"årsfilen anger {_kr(Decimal(typed))}, men bokföringen{self.whose} ger "
                f"{_kr(books)} för {what} (skillnad {_kr(Decimal(typed) - books)})",
                self.source.locate(loc), dotted(loc), check=CHECK,
                hint=("ta bort beloppet ur årsfilen så hämtas det ur bokföringen, eller rätta "
                      "bokföringen") if self.fill else
                "föregående års fil och årets SIE-fil ska ha samma siffror för föregående år; "
                "rätta den som är fel"))

    def post(self, parent: dict, key: str, loc: tuple[str | int, ...], books: Decimal | None,
             what: str, create: bool) -> None:
        """One statement line: fill it or compare it."""
        value = parent.get(key)
        if value is None:
            if books is not None and create and self.fill:
                note = self.links.get(".".join(str(p) for p in (*loc, key)))
                parent[key] = {"belopp": books, "not": note} if note else books
            return
        if isinstance(value, dict):
            if "belopp" not in value or value["belopp"] is None:
                if self.fill:
                    value["belopp"] = books if books is not None else ZERO
            elif _fits(value["belopp"]):
                self.compare((*loc, key, "belopp"), value["belopp"], books or ZERO, what)
            return
        if _fits(value):
            self.compare((*loc, key), value, books or ZERO, what)

    def perioder(self, data: dict, sie: Sie, plan: kp.Kontoplan, prior_file: bool) -> None:
        """The tertial periods' statements from the books' period balances (#PSALDO), for
        each period the year file has a ``tertial.<T>`` block for, and the year's budget
        (``tertial.arsbudget``) from the period budgets (#PBUDGET).

        With period balances for the balance accounts too, the period gets its
        balansräkning (#IB plus the movements) and its investment and financing flows;
        otherwise only its resultaträkning. Without the prior year's own file, the prior
        year's period balances (#PSALDO -1) give the same period of the prior year
        (``tertial.<T>.jamforelse``), and the period budgets the budget for the months so far
        (``tertial.<T>.periodbudget``). Typed amounts are compared instead.
        """
        tertial = data.get("tertial")
        if not isinstance(tertial, dict):
            return
        for t, months in MANADER.items():
            per = tertial.get(t)
            if not isinstance(per, dict):
                continue
            loc = ("tertial", t)
            ab, found = periodbokslut(sie, plan, months)
            if ab is not None:
                self.problems.extend(found)
                self.statements(per, loc, ab)
                self.kassaflode(per, ab, loc)
            else:
                lines = period(sie, plan, months)
                if lines:
                    self.resultatrakning(per, loc, "resultatrakning", lines, f" {t}")
            periodbudget = period(sie, plan, months, kind="pbudget")
            if periodbudget:
                self.resultatrakning(per, loc, "periodbudget", periodbudget,
                                     f" {t} (periodens budget)")
            prior = period(sie, plan, months, index=-1) if -1 in sie.ar else {}
            if prior and not prior_file:
                start = sie.ar[-1].start
                j = per.setdefault("jamforelse", {})
                if isinstance(j, dict):
                    j.setdefault("fran", start)
                    j.setdefault("till", periodslut(start.year, t))
                    self.resultatrakning(j, (*loc, "jamforelse"), "resultatrakning", prior,
                                         f" {t} föregående år")
        budget = period(sie, plan, 12, kind="pbudget")
        if budget:
            self.resultatrakning(tertial, ("tertial",), "arsbudget", budget, " (årsbudget)")

    def resultatrakning(self, parent: dict, loc: tuple[str | int, ...], key: str,
                        lines: dict[str, Decimal], what: str) -> None:
        """Fill or compare a resultaträkning from the lines of :func:`period`."""
        rr = parent.setdefault(key, {})
        if not isinstance(rr, dict):
            return
        for name in kp.RESULTATRAKNING:
            books = lines.get(f"resultatrakning.{name}")
            if books is None and name in ("verksamhetens_intakter", "verksamhetens_kostnader"):
                books = ZERO
            self.post(rr, name, (*loc, key), books,
                      f"'{kp.RAD_TEXT[name]}' i resultaträkningen{what}", True)

    def statements(self, data: dict, loc: tuple[str | int, ...], ab: Arsbokslut) -> None:
        rr = data.get("resultatrakning")
        if rr is None and self.fill:
            rr = data["resultatrakning"] = {}
        if isinstance(rr, dict):
            # Financial items on one line (finansnetto) or two: as the year file types them,
            # else as the kontoplan books them.
            split = any(n in rr for n in _FIN)
            netto = "finansnetto" in rr or (not split and "resultatrakning.finansnetto" in ab.rader)
            books_netto = ab.rader.get("resultatrakning.finansnetto")
            for name in kp.RESULTATRAKNING:
                books = ab.rader.get(f"resultatrakning.{name}")
                if netto and name in _FIN:
                    if name in rr:
                        self.post(rr, name, (*loc, "resultatrakning"), books,
                                  f"'{kp.RAD_TEXT[name]}' i resultaträkningen", False)
                    continue
                if netto and name == "finansnetto":
                    keys = [f"resultatrakning.{n}" for n in ("finansnetto", *_FIN)]
                    books = (sum((ab.get(k) for k in keys), ZERO)
                             if any(k in ab.rader for k in keys) else None)
                if not netto and name == "finansnetto":
                    continue  # folded into the two lines
                if not netto and name in _FIN and books_netto is not None and (
                        (name == "finansiella_intakter") == (books_netto >= 0)):
                    books = (books or ZERO) + books_netto
                required = name in ("verksamhetens_intakter", "verksamhetens_kostnader")
                if required and books is None:
                    books = ZERO
                self.post(rr, name, (*loc, "resultatrakning"), books,
                          f"'{kp.RAD_TEXT[name]}' i resultaträkningen", True)
        br = data.get("balansrakning")
        if br is None and self.fill:
            br = data["balansrakning"] = {}
        if not isinstance(br, dict):
            return
        for line in (*kp.TILLGANGAR, *kp.SKULDER):
            parts = line.split(".")
            books = ab.rader.get(f"balansrakning.{line}")
            if line == "eget_kapital":
                parts = ["eget_kapital", "ingaende"]
                books = ab.rader.get("balansrakning.eget_kapital")
                ek = br.get("eget_kapital")
                moves = ek.get("ovriga_forandringar") if isinstance(ek, dict) else None
                if books is not None and isinstance(moves, list):
                    # Movements the year file explains are not part of the opening balance.
                    books -= sum((Decimal(m["belopp"]) for m in moves
                                  if isinstance(m, dict) and _fits(m.get("belopp"))), ZERO)
            if parts[-1] in ("kassa_och_bank", "kortfristiga", "ingaende") and books is None:
                books = ZERO
            parent: Any = br
            ploc: tuple[str | int, ...] = (*loc, "balansrakning")
            for part in parts[:-1]:
                child = parent.get(part)
                if child is None:
                    if books is None or not self.fill:
                        parent = None
                        break
                    child = parent[part] = {}
                if not isinstance(child, dict):
                    parent = None
                    break
                parent, ploc = child, (*ploc, part)
            if parent is not None:
                self.post(parent, parts[-1], ploc, books,
                          f"'{kp.RAD_TEXT[line]}' i balansräkningen", True)

    def kassaflode(self, data: dict, ab: Arsbokslut,
                   loc: tuple[str | int, ...] = ()) -> None:
        kf = data.get("kassaflodesanalys")
        if kf is None:
            kf = data["kassaflodesanalys"] = {}
        if not isinstance(kf, dict):
            return
        for name, books in (("investeringsverksamheten", ab.investeringsverksamheten),
                            ("finansieringsverksamheten", ab.finansieringsverksamheten)):
            if books is None:
                continue
            self.post(kf, name, (*loc, "kassaflodesanalys"), books,
                      f"kassaflödet från {name.replace('_', ' ')}", True)

    def noter(self, data: dict, loc: tuple[str | int, ...], ab: Arsbokslut,
              fg: Arsbokslut | None) -> None:
        notes = data.get("noter")
        if not isinstance(notes, list) or not ab.noter:
            return
        wanted = {key for key in ab.noter} | (set(fg.noter) if fg else set())
        for i, note in enumerate(notes):
            if not isinstance(note, dict):
                continue
            nid = note.get("id")
            if not isinstance(nid, str):
                continue
            for j, table in enumerate(_lista(note.get("tabeller"))):
                if not isinstance(table, dict):
                    continue
                sign = -1 if table.get("tecken") == -1 else 1
                for k, row in enumerate(_lista(table.get("rader"))):
                    if not isinstance(row, dict) or row.get("summa") or row.get("rubrik"):
                        continue
                    if not isinstance(row.get("namn"), str):
                        continue
                    key = (nid, row["namn"])
                    if key not in wanted:
                        continue
                    rloc = (*loc, i, "tabeller", j, "rader", k)
                    if key in ab.noter:
                        books = sign * ab.noter[key]
                        self.post(row, "belopp", rloc, books, f"raden '{key[1]}' i noten {nid}",
                                  True)
                    if fg is not None and key in fg.noter:
                        self.post(row, "foregaende", rloc, sign * fg.noter[key],
                                  f"föregående års '{key[1]}' i noten {nid}", True)

    def insatser(self, data: dict, sie: Sie, dimension: str) -> None:
        insatser = data.get("insatser")
        if not isinstance(insatser, list):
            return
        utfall = sie.objektutfall(dimension, 0)
        for i, insats in enumerate(insatser):
            if not isinstance(insats, dict) or not isinstance(insats.get("objekt"), str | int):
                continue
            kod = str(insats["objekt"])
            if (dimension, kod) not in sie.objekt and kod not in utfall:
                self.problems.append(Problem(
                    f"objektet {kod} finns inte i bokföringens dimension {dimension}",
                    self.source.locate(("insatser", i, "objekt")), f"insatser[{i}].objekt",
                    check=CHECK, hint="ange objektkoden som den står under #OBJEKT i SIE-filen"))
                continue
            books = sum((v for k, v in utfall.get(kod, {}).items()
                         if not sie.ar_balanskonto(k)), ZERO)
            self.post(insats, "utfall", ("insatser", i), books,
                      f"utfallet för insatsen {insats.get('id', kod)}", True)

    def insatser_perioder(self, data: dict, sie: Sie, dimension: str) -> None:
        """Each insats with an ``objekt:`` gets, for each period the year file has a
        ``tertial.<T>`` block for, its costs so far (#PSALDO of its object) and its budget
        so far (#PBUDGET), under ``tertial.<T>.insatser``; typed amounts are compared."""
        tertial, insatser = data.get("tertial"), data.get("insatser")
        if not isinstance(tertial, dict) or not isinstance(insatser, list) or 0 not in sie.ar:
            return
        start = sie.ar[0].start
        objekt = {str(i["id"]): str(i["objekt"]) for i in insatser
                  if isinstance(i, dict) and isinstance(i.get("objekt"), str | int)
                  and isinstance(i.get("id"), str) and (dimension, str(i["objekt"])) in sie.objekt}

        def so_far(kind: str, kod: str, months: int) -> Decimal | None:
            per = sie.perioder(kind, 0, ((dimension, kod),))
            values = [v for p, konton in per.items()
                      if 1 <= (int(p[:4]) - start.year) * 12 + int(p[4:]) - start.month + 1
                      <= months
                      for k, v in konton.items() if not sie.ar_balanskonto(k)]
            return sum(values, ZERO) if per else None

        for t, months in MANADER.items():
            per = tertial.get(t)
            if not isinstance(per, dict) or not objekt:
                continue
            rows = per.setdefault("insatser", [])
            if not isinstance(rows, list):
                continue
            by_id = {r["id"]: r for r in rows
                     if isinstance(r, dict) and isinstance(r.get("id"), str)}
            for insats_id, kod in objekt.items():
                row = by_id.get(insats_id)
                if row is None:
                    row = {"id": insats_id}
                    rows.append(row)
                i = rows.index(row)
                for key, kind in (("utfall", "psaldo"), ("budget", "pbudget")):
                    books = so_far(kind, kod, months)
                    if books is not None:
                        self.post(row, key, ("tertial", t, "insatser", i), books,
                                  f"{'utfallet' if key == 'utfall' else 'budgeten'} {t} för "
                                  f"insatsen {insats_id}", True)


def sie_path_for(year_path: Path, data: Any) -> Path | None:
    """The SIE file a year file's plain data points at, if any."""
    if isinstance(data, dict) and isinstance(data.get("bokforing"), dict):
        sie = data["bokforing"].get("sie")
        if isinstance(sie, str):
            return year_path.parent / sie
    return None
