"""Cross-checks of the verksamhetsplan's budget, and of eget kapital against its guidance.

Each check is a small named function ``(Kontext) -> Iterable[Problem]``; they do nothing
for a year file without ``budget:``, except :func:`arets_eget_kapital`, which compares the
årsredovisning's eget kapital with the same guidance level (one rule,
:func:`~reportgen.compute.budget.riktlinjeniva`, one wording, :func:`riktlinje_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..compute.budget import BudgetplanVy, Riktlinjeniva, riktlinjeniva
from ..compute.vy import Arsredovisning
from ..errors import Problem
from ..format import ZERO, kr, procent
from .kontext import Check, Kontext


def _vy(ctx: Kontext) -> BudgetplanVy | None:
    return ctx.budgetplan


def budget_typad_summa(ctx: Kontext) -> Iterable[Problem]:
    """Totals typed in the budget (summa kostnader, årets resultat, …) equal the computed ones."""
    vy = _vy(ctx)
    if vy is None:
        return
    for y, model in zip(vy.ar, ctx.indata.arsfil.budget.ar, strict=True):  # type: ignore[union-attr]
        base = ("budget", "ar", y.index)
        for gi, (g, s) in enumerate(zip(model.kostnader, y.grupper, strict=True)):
            if g.summa is not None and g.summa != s.summa:
                yield ctx.mismatch("budget_typad_summa", f"budget {y.ar}: summa {g.id}",
                                   ctx.at((*base, "kostnader", gi, "summa")), g.summa, s.summa,
                                   f"budget {y.ar}, summa {g.rubrik.lower()} (summan av raderna)")
        pairs = (("summa_intakter", y.summa_intakter, "summa intäkter"),
                 ("summa_kostnader", y.summa_kostnader, "summa kostnader (summan av raderna)"),
                 ("arets_resultat", y.arets_resultat, "årets resultat (intäkter minus kostnader)"),
                 ("utgaende_kapital", y.utgaende_kapital,
                  "utgående ackumulerat kapital (ingående kapital plus årets resultat)"))
        for key, computed, what in pairs:
            typed = getattr(model, key)
            if typed is not None and typed != computed:
                yield ctx.mismatch("budget_typad_summa", f"budget.ar.{y.ar}.{key}",
                                   ctx.at((*base, key)), typed, computed, f"budget {y.ar}, {what}",
                                   hint="summor räknas fram ur raderna; stryk summan eller rätta "
                                   "raden som fattas" if key == "summa_kostnader" else None)


def budget_kapital_rullar(ctx: Kontext) -> Iterable[Problem]:
    """The first year has an ingående kapital; each later year's equals the prior utgående."""
    vy = _vy(ctx)
    if vy is None:
        return
    years = ctx.indata.arsfil.budget.ar  # type: ignore[union-attr]
    if years[0].ingaende_kapital is None:
        yield Problem(f"ingående ackumulerat kapital saknas för {years[0].ar}, det första "
                      "budgetåret; senare år räknas fram", ctx.at(("budget", "ar", 0)),
                      "budget.ar[0].ingaende_kapital", check="budget_kapital_rullar")
    for i in range(1, len(years)):
        if years[i].ar != years[i - 1].ar + 1:
            yield Problem(f"budgetåren ska följa på varandra: {years[i - 1].ar} följs av "
                          f"{years[i].ar}", ctx.at(("budget", "ar", i, "ar")),
                          f"budget.ar[{i}].ar", check="budget_kapital_rullar")
        typed = years[i].ingaende_kapital
        prior = vy.ar[i - 1].utgaende_kapital
        if typed is not None and typed != prior:
            yield ctx.mismatch(
                "budget_kapital_rullar", f"budget.ar.{years[i].ar}.ingaende_kapital",
                ctx.at(("budget", "ar", i, "ingaende_kapital")), typed, prior,
                f"ingående ackumulerat kapital {years[i].ar} ska vara utgående kapital "
                f"{years[i - 1].ar}")
    if years[0].ar != ctx.indata.arsfil.ar:
        yield Problem(f"första budgetåret är {years[0].ar}, men årsfilen gäller "
                      f"{ctx.indata.arsfil.ar}", ctx.at(("budget", "ar", 0, "ar")),
                      "budget.ar[0].ar", check="budget_kapital_rullar")


def budget_fordelning(ctx: Kontext) -> Iterable[Problem]:
    """The allocation model is complete, and typed shares agree with it."""
    vy = _vy(ctx)
    if vy is None:
        return
    budget = ctx.indata.arsfil.budget
    assert budget is not None
    forbund = ctx.indata.forbund
    kommun_ids = [m.id for m in forbund.medlemmar if m.typ == "kommun"]
    f = budget.fordelning
    if f is not None:
        listed = [k.medlem for k in f.kommuner]
        for i, k in enumerate(f.kommuner):
            if k.medlem not in kommun_ids:
                yield Problem(f"'{k.medlem}' är ingen medlemskommun i forbund.yaml",
                              ctx.at(("budget", "fordelning", "kommuner", i, "medlem")),
                              f"budget.fordelning.kommuner[{i}].medlem", check="budget_fordelning",
                              hint="kommuner: " + ", ".join(kommun_ids))
            elif listed.count(k.medlem) > 1 and listed.index(k.medlem) != i:
                yield Problem(f"'{k.medlem}' står två gånger i fördelningen",
                              ctx.at(("budget", "fordelning", "kommuner", i, "medlem")),
                              f"budget.fordelning.kommuner[{i}].medlem", check="budget_fordelning")
        missing = [m for m in kommun_ids if m not in listed]
        if missing:
            yield Problem("medlemskommuner saknas i fördelningen: " + ", ".join(missing),
                          ctx.at(("budget", "fordelning", "kommuner")),
                          "budget.fordelning.kommuner",
                          check="budget_fordelning")
        vikt = sum((k.vikt for k in f.modell), Decimal(0))
        if f.modell and vikt != 100:
            yield Problem(f"kriteriernas vikter är tillsammans {vikt} %, inte 100 %",
                          ctx.at(("budget", "fordelning", "modell")), "budget.fordelning.modell",
                          check="budget_fordelning")
        if vy.ar[0].tilldelning.metod == "saknas":
            yield Problem("kommunernas fördelning går inte att räkna: ge varje kommun ett värde "
                          "för varje kriterium i modellen (underlag), eller varje kommun en nyckel",
                          ctx.at(("budget", "fordelning", "kommuner")),
                          "budget.fordelning.kommuner",
                          check="budget_fordelning")
        plan = vy.ar[0].tilldelning
        for i, k in enumerate(f.kommuner):
            computed = plan.belopp(k.medlem)
            if k.belopp is not None and computed is not None and k.belopp != computed:
                yield ctx.mismatch("budget_fordelning", f"fordelning.{k.medlem}",
                                   ctx.at(("budget", "fordelning", "kommuner", i, "belopp")),
                                   k.belopp, computed,
                                   f"{k.medlem}s bidrag {vy.ar[0].ar} enligt fördelningsmodellen")
    elif kommun_ids:
        for i, ar in enumerate(budget.ar):
            if any(key in kommun_ids for key in ar.medlemsavgifter):
                yield Problem("kommunernas medlemsavgifter står i budgeten men ingen "
                              "fördelningsmodell (budget.fordelning) finns att räkna dem ur",
                              ctx.at(("budget", "ar", i, "medlemsavgifter")),
                              f"budget.ar[{i}].medlemsavgifter", check="budget_fordelning")
    for i, (y, model) in enumerate(zip(vy.ar, budget.ar, strict=True)):
        for key, typed in model.medlemsavgifter.items():
            computed = y.tilldelning.belopp(key)
            if computed is None:
                yield Problem(f"okänd medlemsavgift '{key}'; använd staten, region, kommunerna "
                              "eller en kommuns id",
                              ctx.at(("budget", "ar", i, "medlemsavgifter", key)),
                              f"budget.ar[{i}].medlemsavgifter.{key}", check="budget_fordelning")
            elif typed != computed:
                yield ctx.mismatch("budget_fordelning", f"budget.ar.{y.ar}.medlemsavgifter.{key}",
                                   ctx.at(("budget", "ar", i, "medlemsavgifter", key)), typed,
                                   computed, f"medlemsavgift {key} {y.ar} enligt lagens och "
                                   "förbundets fördelning")
    # Shares typed in forbund.yaml (andel, percent of the whole) against the plan year.
    plan = vy.ar[0].tilldelning
    by_type = {"stat": None, "region": plan.region, "kommun": None}
    for i, m in enumerate(forbund.medlemmar):
        if m.andel is None:
            continue
        share = by_type.get(m.typ) if m.typ != "kommun" else next(
            (a for a in plan.kommuner if a.id == m.id), None)
        if share is None:
            continue
        exponent = m.andel.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        computed = (share.andel * 100).quantize(Decimal(1).scaleb(-places))
        if m.andel != computed:
            yield Problem(f"{m.namn}s andel står som {m.andel} % men fördelningen {vy.ar[0].ar} "
                          f"ger {procent(share.andel, places)}",
                          ctx.indata.forbund_source.locate(("medlemmar", i, "andel")),
                          f"medlemmar[{i}].andel", check="budget_fordelning")


def riktlinje_text(what: str, kapital: Decimal, r: Riktlinjeniva) -> str:
    """The one wording of an eget kapital outside the guidance level (plan and outcome)."""
    if r.lage == "over":
        return (f"{what} är {kr(kapital)} kr, över riktlinjens högsta nivå {kr(r.hogst)} kr "
                f"({r.kalla})")
    return (f"{what} är {kr(kapital)} kr, under riktlinjens lägsta nivå {kr(r.lagst)} kr "
            f"({r.kalla})")


def budget_eget_kapital(ctx: Kontext) -> Iterable[Problem]:
    """Planned eget kapital within the guidance level (a warning, never an error)."""
    vy = _vy(ctx)
    if vy is None:
        return
    for y in vy.ar:
        r = y.riktlinje
        if r is None or r.lage == "inom":
            continue
        yield Problem(riktlinje_text(f"planerat eget kapital {y.ar}-12-31", y.utgaende_kapital, r),
                      ctx.at(("budget", "ar", y.index)), f"budget.ar.{y.ar}",
                      "varning", "budget_eget_kapital")


def budget_insats_id(ctx: Kontext) -> Iterable[Problem]:
    """Budget row ids are unique within a year and name insatser of the year file, if any."""
    budget = ctx.indata.arsfil.budget
    if budget is None:
        return
    known = {i.id for i in ctx.indata.arsfil.insatser}
    for i, y in enumerate(budget.ar):
        seen: set[str] = set()
        for gi, g in enumerate(y.kostnader):
            for pi, p in enumerate(g.poster):
                if p.id is None:
                    continue
                where = ctx.at(("budget", "ar", i, "kostnader", gi, "poster", pi, "id"))
                if p.id in seen:
                    yield Problem(f"id '{p.id}' står två gånger i budgeten {y.ar}", where,
                                  f"budget.ar[{i}].kostnader[{gi}].poster[{pi}].id",
                                  check="budget_insats_id")
                seen.add(p.id)
                if known and p.id not in known and g.id == "insatser":
                    yield Problem(f"budgetraden '{p.text}' har id '{p.id}', men ingen insats i "
                                  "årsfilen har det id:t", where,
                                  f"budget.ar[{i}].kostnader[{gi}].poster[{pi}].id", "varning",
                                  "budget_insats_id")


def _vp_avsnitt(avsnitt: list, path: tuple) -> Iterable[tuple[tuple, object]]:
    for i, a in enumerate(avsnitt):
        here = (*path, i)
        yield here, a
        yield from _vp_avsnitt(list(getattr(a, "delar", []) or []), (*here, "delar"))


def budget_ar_finns(ctx: Kontext) -> Iterable[Problem]:
    """A section's ``budget:``/``fordelning:`` year is a year of the plan's budget, and
    ``kapital: true`` has a budget to show."""
    arsfil = ctx.indata.arsfil
    vp = getattr(arsfil, "verksamhetsplan", None)
    if vp is None:
        return
    budget = arsfil.budget
    years = [y.ar for y in budget.ar] if budget is not None else []
    listed = ", ".join(map(str, years))
    for path, a in _vp_avsnitt(list(vp.avsnitt), ("verksamhetsplan", "avsnitt")):
        for key, what in (("budget", "budgettabellen"), ("fordelning", "fördelningstabellen")):
            year = getattr(a, key, None)
            if year is None or year in years:
                continue
            if budget is None:
                message = f"avsnittet visar {what} för {year}, men årsfilen har ingen budget:"
                hint = "lägg till budget: med året under budget.ar, eller ta bort raden"
            else:
                message = (f"avsnittet visar {what} för {year}, men budgeten har bara åren "
                           f"{listed}")
                hint = f"skriv ett av åren {listed}, eller lägg till {year} under budget.ar"
            yield Problem(message, ctx.at((*path, key)), checks_field(path, key),
                          check="budget_ar_finns", hint=hint)
        if getattr(a, "kapital", False) and budget is None:
            yield Problem("avsnittet visar översikten över eget kapital, men årsfilen har ingen "
                          "budget:", ctx.at((*path, "kapital")), checks_field(path, "kapital"),
                          check="budget_ar_finns", hint="lägg till budget: eller ta bort raden")


def checks_field(path: tuple, key: str) -> str:
    from ..load import dotted

    return dotted((*path, key))


def arets_eget_kapital(ctx: Kontext) -> Iterable[Problem]:
    """In the årsredovisning, eget kapital at the year end within the guidance level
    (``budget.riktlinje_eget_kapital`` of the year file, else the förbund's own in
    forbund.yaml): a warning, never a completeness problem. The level in percent is of the
    year's medelstilldelning: the figure ``medlemsavgifter`` (a note row with
    ``figur: medlemsavgifter``), else the budget's medelstilldelning for the year."""
    rapport = ctx.rapport
    arsfil = ctx.indata.arsfil
    if not isinstance(rapport, Arsredovisning) or rapport.typ != "arsredovisning" \
            or ctx.cur.br is None:
        return
    budget = arsfil.budget
    riktlinje = (budget.riktlinje_eget_kapital if budget else None) \
        or ctx.indata.forbund.riktlinje_eget_kapital
    if riktlinje is None:
        return
    tilldelning = rapport.figurer.get("medlemsavgifter") or next(
        (y.medelstilldelning for y in (budget.ar if budget else []) if y.ar == arsfil.ar), None)
    if tilldelning is None and riktlinje.hogst_belopp is None and riktlinje.lagst_belopp is None:
        return  # a level in percent of an unknown medelstilldelning
    kapital = ctx.cur.br["eget_kapital"]
    r = riktlinjeniva(riktlinje if tilldelning is not None else riktlinje.model_copy(
        update={"hogst_procent": None, "lagst_procent": None}), tilldelning or ZERO, kapital)
    if r is None or r.lage == "inom":
        return
    yield Problem(riktlinje_text(f"eget kapital {arsfil.ar}-12-31", kapital, r),
                  ctx.at(("balansrakning", "eget_kapital")), "balansrakning.eget_kapital",
                  "varning", "arets_eget_kapital",
                  "förklara i förvaltningsberättelsen hur förbundet ska använda kapitalet")


CHECKS: list[Check] = [budget_typad_summa, budget_kapital_rullar, budget_fordelning,
                       budget_eget_kapital, budget_insats_id, budget_ar_finns,
                       arets_eget_kapital]
