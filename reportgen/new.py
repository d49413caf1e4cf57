"""``reportgen new``: start next year's file from this year's, or a new förbund from a template.

Next year's file is made by editing *the text* of ``<år-1>.yaml``, not by loading and dumping
it: PyYAML (and pydantic) drop comments and reorder nothing we want reordered, and the
comments in a year file are half its value to the kansli. The edits are placed with the node
marks of :func:`yaml.compose` (start and end of every key and value), so everything that is
not edited – comments, blank lines, quoting, the order of keys – stays byte for byte. This
keeps reportgen on PyYAML alone; ruamel.yaml's round trip would do the same job with one
more dependency and loses comments attached to deleted keys anyway.

What happens to each part of the file (see :data:`FILL`, :data:`DROP`):

* ``ar`` becomes the new year; full-line comments that name the old year or the year before
  are shifted by one (``# Resultaträkning 2023-01-01 – 2023-12-31`` → ``2024``).
* This year's figures are the next year's comparison figures, which reportgen reads from
  the prior file, so nothing is copied: each leaf amount the kansli must type becomes the
  text ``"FYLL I"`` with a ``# FYLL I`` comment (and last year's value for reference). A
  text where an amount is expected fails validation, so ``reportgen check`` lists every
  place with its line until it is filled in.
* ``balansrakning.eget_kapital.ingaende`` is filled in with last year's computed utgående
  eget kapital; a fixed-asset note's ingående values with last year's utgående.
* Control sums, last year's follow-up (``mal[].uppfoljning``, ``tertial``), last year's
  assessments (``mal[].bedomning``, ``arsredovisning.samlad_bedomning``) and events after
  its balance date, accepted differences and ``foregaende_ar`` are removed: they belong to
  last year (``check`` then asks for the new year's).
* Goals, insatser, organisation and every narrative text carry over as drafts to edit.
* Decision and signature dates are commented out until the styrelse has decided.

A brand-new förbund (no folder) gets a commented ``forbund.yaml`` and ``<år>.yaml`` that
validate and build as they are: every value to replace is marked ``# FYLL I`` but is valid,
so the kansli can preview the report from the first minute. :func:`markers` lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .compute.noter import anlaggning_figurer
from .errors import InputError, ReportgenError, relpath
from .format import parse_belopp
from .load import dotted
from .model import Arsfil
from .model.base import kontrollsummor
from .sources import FORBUND_FILE, YEAR_FILE

MARKER = "FYLL I"
"""The placeholder value and the comment that mark a field to fill in."""

PathKey = tuple[str | int, ...]

# Patterns over YAML paths; "*" matches any key or index.
FILL: tuple[str, ...] = (
    "resultatrakning.verksamhetens_intakter",
    "resultatrakning.verksamhetens_kostnader",
    "resultatrakning.avskrivningar",
    "resultatrakning.finansiella_intakter",
    "resultatrakning.finansiella_kostnader",
    "resultatrakning.finansnetto",
    "resultatrakning.extraordinara_poster",
    "balansrakning.anlaggningstillgangar.*",
    "balansrakning.omsattningstillgangar.*",
    "balansrakning.eget_kapital.resultatutjamningsreserv",
    "balansrakning.avsattningar.*",
    "balansrakning.skulder.*",
    "balansrakning.pensionsforpliktelser",
    "balansrakning.ansvarsforbindelser",
    "kassaflodesanalys.investeringsverksamheten",
    "kassaflodesanalys.finansieringsverksamheten",
    "kassaflodesanalys.ovriga_justeringar",
    "driftredovisning.rader.*.budget",
    "driftredovisning.rader.*.utfall",
    "balanskrav.realisationsvinster",
    "balanskrav.realisationsvinster_undantag",
    "balanskrav.realisationsforluster_undantag",
    "balanskrav.orealiserade_forluster",
    "balanskrav.aterforing_orealiserade_forluster",
    "balanskrav.reservering_rur",
    "balanskrav.anvandning_rur",
    "noter.*.tabeller.*.rader.*.belopp",
    "noter.*.anlaggning.inkop",
    "noter.*.anlaggning.forsaljning",
    "noter.*.anlaggning.utrangering",
    "noter.*.anlaggning.overforing",
    "noter.*.anlaggning.arets_avskrivningar",
    "noter.*.anlaggning.aterford_avskrivning",
    "noter.*.pension.pensionsforpliktelse",
    "noter.*.leasing.*.inom_ett_ar",
    "noter.*.leasing.*.mellan_ett_och_fem_ar",
    "noter.*.leasing.*.senare_an_fem_ar",
    "noter.*.leasing.*.arets_avgifter",
    "insatser.*.utfall",
    "insatser.*.deltagare",
    "insatser.*.budget.*.ar",
    "personal.antal_anstallda",
    "personal.sjukdagar",
    "personal.sjukfranvaro_procent",
    "organisation.styrelse.antal_moten",
)
"""Figures of the year: replaced by ``"FYLL I"``, last year's value kept in the comment."""

NOT_CARRIED: tuple[str, ...] = (
    "balansrakning.eget_kapital.ovriga_forandringar",
    "noter.*.tabeller.*.rader.*.foregaende",
    "mal.*.uppfoljning",
    "mal.*.bedomning",
    "arsredovisning.handelser_efter_balansdagen",
    "arsredovisning.samlad_bedomning",
    "tertial",
    "foregaende_ar",
    "godkanda_avvikelser",
    "noter.*.pension.sarskild_loneskatt",
    "noter.*.leasing.*.summa",
)
"""Last year's movements, follow-up, assessments, events after its balance date and accepted
differences: they do not carry over."""

DROP: tuple[str, ...] = (*(".".join(path) for path, _ in kontrollsummor(Arsfil)), *NOT_CARRIED)
"""Removed from the new year's file: every control total the model marks (the new year's
are computed), and :data:`NOT_CARRIED` (the comparison comes from the prior file)."""


COMMENT_OUT: tuple[str, ...] = ("arsredovisning.beslutad", "underskrifter.datum")
"""Dates of last year's decision: commented out until the new one is known."""


def _matches(path: PathKey, pattern: str) -> bool:
    parts = pattern.split(".")
    if len(parts) != len(path):
        return False
    for want, got in zip(parts, path, strict=True):
        if want == "*":
            continue
        if want.endswith("*") and isinstance(got, str) and got.startswith(want[:-1]):
            continue
        if want != got:
            return False
    return True


def _any(path: PathKey, patterns: tuple[str, ...]) -> bool:
    return any(_matches(path, p) for p in patterns)


# ---------------------------------------------------------------------------- the result

@dataclass
class Skapad:
    """What ``reportgen new`` wrote, and the places left to fill in."""

    files: list[Path] = field(default_factory=list)
    fill_in: list[tuple[Path, int, str]] = field(default_factory=list)
    """(file, line, the line's text) of every ``# FYLL I`` marker."""
    notes: list[str] = field(default_factory=list)
    """What was carried over or computed, said in Swedish."""


def markers(path: Path) -> list[tuple[Path, int, str]]:
    """Every line of *path* marked ``# FYLL I``, as (file, line number, stripped text)."""
    found = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(r"#\s*FYLL I\b", line):
            found.append((Path(path), n, line.strip()))
    return found


def new(data_dir: Path, slug: str, year: int, force: bool = False) -> Skapad:
    """Create ``<data_dir>/<slug>/<year>.yaml`` (and ``forbund.yaml`` for a new förbund)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug):
        raise ReportgenError(f"förbundets mappnamn ska vara små bokstäver a–z, siffror, - och _ "
                             f"(till exempel mittbygden), fick '{slug}'")
    if not 2000 <= year <= 2100:
        raise ReportgenError(f"året ska vara mellan 2000 och 2100, fick {year}")
    folder = Path(data_dir) / slug
    target = folder / f"{year}.yaml"
    if target.exists() and not force:
        raise ReportgenError(f"{relpath(target)} finns redan; ta bort den först eller använd "
                             "--force för att skriva över den")
    result = Skapad()
    prior = folder / f"{year - 1}.yaml"
    forbund_path = folder / FORBUND_FILE
    if prior.exists():
        text, notes = next_year_text(prior, year)
        result.notes.extend(notes)
    else:
        later = sorted(int(m.group(1)) for p in folder.glob("*.yaml")
                       if (m := YEAR_FILE.match(p.name)))
        if later:
            raise ReportgenError(
                f"{relpath(prior)} saknas, men mappen har årsfiler för "
                f"{', '.join(map(str, later))}; skapa först {year - 1}.yaml "
                f"(reportgen new {slug} {year - 1}) så att jämförelsesiffrorna finns")
        if not forbund_path.exists():
            _write(forbund_path, forbund_template(slug))
            result.files.append(forbund_path)
            result.notes.append(f"ny förbundsmapp {relpath(folder)} med en mall för forbund.yaml")
        text = year_template(year, _member_ids(forbund_path))
        result.notes.append("årsfilen är en mall som går att bygga direkt; byt ut värdena "
                            "markerade # FYLL I")
    _write(target, text)
    result.files.append(target)
    for path in result.files:
        result.fill_in.extend(markers(path))
    return result


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------- next year

@dataclass
class _Edit:
    start: int
    end: int
    text: str


def _walk(node: yaml.Node, path: PathKey, out: dict[PathKey, tuple[yaml.Node | None, yaml.Node]],
          key: yaml.Node | None = None) -> None:
    out[path] = (key, node)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                _walk(v, (*path, k.value), out, k)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, (*path, i), out)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _shown(value: str) -> str:
    """Last year's amount for the comment, in Swedish format when it is one."""
    try:
        amount = parse_belopp(value)
    except (ValueError, ArithmeticError):
        return value
    if amount == amount.to_integral_value():
        return f"{int(amount):,}".replace(",", "\u00a0").replace("-", "−")
    return value


def next_year_text(prior: Path, year: int) -> tuple[str, list[str]]:
    """The text of ``<year>.yaml`` made from the text of *prior* (``<year-1>.yaml``)."""
    text = prior.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ReportgenError(f"{relpath(prior)} är ingen giltig YAML, rätta den först "
                             f"(reportgen check {relpath(prior)}): {exc}") from None
    if not isinstance(root, yaml.MappingNode):
        raise ReportgenError(f"{relpath(prior)} innehåller inga nycklar och värden")
    nodes: dict[PathKey, tuple[yaml.Node | None, yaml.Node]] = {}
    _walk(root, (), nodes)
    notes: list[str] = []
    computed = _computed_openings(prior)

    edits: list[_Edit] = []
    dropped: list[tuple[int, int]] = []
    eol: dict[int, str] = {}  # line start index → comment to append at the end of that line

    def drop(path: PathKey) -> None:
        key, value = nodes[path]
        if key is None:
            return
        start = _line_start(text, key.start_mark.index)
        if text[start:key.start_mark.index].strip() not in ("", "-"):
            return  # inside a flow mapping: leave it (rare); the check will say if it is wrong
        last = value
        while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and last.value:
            last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
        end = last.end_mark.index
        if not (isinstance(last, yaml.ScalarNode) and last.style in ("|", ">")
                and last.end_mark.column == 0):
            end = min(_line_end(text, end) + 1, len(text))
        dropped.append((start, end))

    def replace(path: PathKey, new: str, comment: str) -> None:
        _, value = nodes[path]
        if not isinstance(value, yaml.ScalarNode) or value.style in ("|", ">"):
            return
        edits.append(_Edit(value.start_mark.index, value.end_mark.index, new))
        eol[_line_start(text, value.start_mark.index)] = comment

    ar_path = ("ar",)
    if ar_path in nodes:
        replace(ar_path, str(year), "")
        eol.pop(_line_start(text, nodes[ar_path][1].start_mark.index), None)

    for path, (_key, value) in nodes.items():
        if any(_matches(path[: len(p.split("."))], p) for p in DROP
               if len(path) > len(p.split("."))):
            continue  # inside something dropped
        if _any(path, DROP):
            drop(path)
        elif _any(path, FILL):
            target = (*path, "belopp") if isinstance(value, yaml.MappingNode) else path
            if target in nodes and isinstance(nodes[target][1], yaml.ScalarNode):
                old = nodes[target][1].value
                replace(target, f'"{MARKER}"', f"# {MARKER} ({year - 1}: {_shown(old)})")
        elif _any(path, COMMENT_OUT):
            key, val = nodes[path]
            if key is not None and isinstance(val, yaml.ScalarNode):
                start = key.start_mark.index
                edits.append(_Edit(start, val.end_mark.index,
                                   f"# {key.value}: ÅÅÅÅ-MM-DD"))
                eol[_line_start(text, start)] = (f"  (fylls i när styrelsen har beslutat; "
                                                 f"förra året {val.value})")

    for path in (("arsredovisning", "titel"), ("arsredovisning", "undertitel")):
        if path not in nodes:
            continue
        value = nodes[path][1]
        if isinstance(value, yaml.ScalarNode) and str(year - 1) in value.value \
                and value.style not in ("|", ">") and "\n" not in value.value:
            raw = text[value.start_mark.index:value.end_mark.index]
            edits.append(_Edit(value.start_mark.index, value.end_mark.index,
                               re.sub(rf"(?<!\d){year - 1}(?!\d)", str(year), raw)))

    for path, amount, why in computed:
        target = path
        if target in nodes and isinstance(nodes[target][1], yaml.MappingNode):
            target = (*target, "belopp")
        if target in nodes and isinstance(nodes[target][1], yaml.ScalarNode):
            edits[:] = [e for e in edits if e.start != nodes[target][1].start_mark.index]
            replace(target, str(amount), f"# {why}")
            notes.append(f"{dotted(path)} = {_shown(str(amount))} ({why})")
    if not computed:
        ing = ("balansrakning", "eget_kapital", "ingaende")
        target = ((*ing, "belopp") if ing in nodes and isinstance(nodes[ing][1], yaml.MappingNode)
                  else ing)
        if target in nodes and isinstance(nodes[target][1], yaml.ScalarNode):
            old = nodes[target][1].value
            replace(target, f'"{MARKER}"', f"# {MARKER}: utgående eget kapital {year - 1} "
                    f"(kunde inte räknas fram ur {prior.name}; rätta den filen först)")
            notes.append(f"ingående eget kapital kunde inte räknas fram ur {prior.name} "
                         "(den har fel); fyll i det för hand "
                         f"(förra årets ingående: {_shown(old)})")

    # Collapse: edits inside dropped ranges go away; a mapping left empty is dropped whole.
    for parent in ("kassaflodesanalys", "balanskrav", "foregaende_ar"):
        key_value = nodes.get((parent,))
        if key_value is None or not isinstance(key_value[1], yaml.MappingNode):
            continue
        children = [p for p in nodes if len(p) == 2 and p[0] == parent]
        if children and all(_any(p, DROP) for p in children):
            drop((parent,))

    spans: list[list[int]] = []
    for start, end in sorted(dropped):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])

    def kept(index: int) -> bool:
        return not any(s <= index < t for s, t in spans)

    pieces = [(s, t, "") for s, t in spans]
    pieces += [(e.start, e.end, e.text) for e in edits if kept(e.start)]
    for line_start, comment in eol.items():
        if comment and kept(line_start):
            end = _line_end(text, line_start)
            pieces.append((end, end, ("" if comment.startswith("  ") else "  ") + comment))
    out = text
    for start, end, new in sorted(pieces, key=lambda p: (p[0], p[1]), reverse=True):
        out = out[:start] + new + out[end:]

    out = _budget_forward(out, prior, year, notes)
    out = _new_header(out, prior, year)
    notes.insert(0, f"{year}.yaml gjord ur {prior.name}: mål, insatser, organisation och texter "
                    "följer med som utkast; årets belopp är markerade # FYLL I")
    return out, notes


BUDGET_AMOUNTS = re.compile(
    r"^(?P<line>[^#\n]*\b(?:belopp|medelstilldelning|staten|region|kommunerna|"
    r"ovriga_intakter|summa_intakter|summa_kostnader|arets_resultat|utgaende_kapital)"
    r"\s*:\s*-?[\d\" ]+[^#\n]*)$", re.MULTILINE)
"""A line of the budget that holds an amount (block or flow style) and no comment yet."""


def _budget_forward(text: str, prior: Path, year: int, notes: list[str]) -> str:
    """Move a verksamhetsplan's budget years on by one year (text edits, as above).

    The years before *year* go (last year's plan year); the first year left becomes the
    plan year (``typ: budget``) with its ingående kapital, the prior plan's utgående kapital
    for the year before; a new last prognosis year is added as a copy of the last one, so
    the plan keeps its length. The sections' ``budget:``/``fordelning:`` years move on by
    one. Every amount of the budget stays as a valid draft and is marked ``# FYLL I``.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return text
    nodes: dict[PathKey, tuple[yaml.Node | None, yaml.Node]] = {}
    _walk(root, (), nodes)
    seq = nodes[("budget", "ar")][1] if ("budget", "ar") in nodes else None
    if not isinstance(seq, yaml.SequenceNode) or not seq.value:
        return text
    items = [n for n in seq.value if isinstance(n, yaml.MappingNode)]

    def year_of(item: yaml.MappingNode) -> int | None:
        for k, v in item.value:
            if k.value == "ar" and isinstance(v, yaml.ScalarNode) and v.value.isdigit():
                return int(v.value)
        return None

    def scalar(item: yaml.MappingNode, key: str) -> yaml.ScalarNode | None:
        for k, v in item.value:
            if k.value == key and isinstance(v, yaml.ScalarNode):
                return v
        return None

    def span(item: yaml.MappingNode) -> tuple[int, int]:
        """The item's lines, with the full-line comments right above it."""
        start = _line_start(text, item.start_mark.index)
        while start > 0:
            above = _line_start(text, start - 1)
            if not text[above:start].strip().startswith("#"):
                break
            start = above
        last: yaml.Node = item
        while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and last.value:
            last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
        return start, min(_line_end(text, last.end_mark.index) + 1, len(text))

    years = [year_of(i) for i in items]
    old = [i for i, y in zip(items, years, strict=True) if y is not None and y < year]
    kept = [i for i, y in zip(items, years, strict=True) if y is None or y >= year]
    if not old or not kept:
        return text
    pieces: list[tuple[int, int, str]] = [(*span(i), "") for i in old]
    first = kept[0]
    typ = scalar(first, "typ")
    if typ is not None and typ.value != "budget":
        pieces.append((typ.start_mark.index, typ.end_mark.index, "budget"))
    opening = _planned_closing(prior, year - 1)
    if scalar(first, "ingaende_kapital") is None and opening is not None:
        anchor = scalar(first, "typ") or scalar(first, "ar")
        assert anchor is not None
        ke = _line_end(text, anchor.end_mark.index)
        pieces.append((ke, ke, f"\n{' ' * first.start_mark.column}ingaende_kapital: {opening}"
                       f"  # {MARKER}: utgående kapital {year - 1} enligt {prior.name}; "
                       "stäm av mot bokslutet"))
    last = kept[-1]
    last_year = year_of(last)
    if last_year is not None:
        start, end = span(last)
        body_start = _line_start(text, last.start_mark.index)
        copy = text[body_start:end]
        copy = re.sub(rf"(\bar:\s*){last_year}\b", rf"\g<1>{last_year + 1}", copy, count=1)
        copy = re.sub(r"(\btyp:\s*)budget\b", r"\g<1>prognos", copy, count=1)
        head = " " * max(last.start_mark.column - 2, 0)
        pieces.append((end, end, f"\n{head}# ---- Prognos {last_year + 1}: en kopia av "
                                  f"{last_year}; {MARKER} beloppen\n{copy}"))
        notes.append(f"budgeten flyttad ett år: {year}–{last_year + 1} "
                     f"({year} är planåret, {last_year + 1} ett nytt prognosår, kopierat ur "
                     f"{last_year}); varje belopp är markerat # {MARKER}")
    for path, (key, value) in nodes.items():
        if path[:1] == ("verksamhetsplan",) and key is not None \
                and key.value in ("budget", "fordelning") and isinstance(value, yaml.ScalarNode) \
                and value.value.isdigit():
            pieces.append((value.start_mark.index, value.end_mark.index, str(int(value.value) + 1)))
    out = text
    for start, end, new in sorted(pieces, key=lambda p: (p[0], p[1]), reverse=True):
        out = out[:start] + new + out[end:]
    # Mark every amount of the budget (its years and the fördelning) to fill in.
    budget_at = re.search(r"^budget:", out, re.MULTILINE)
    if budget_at is None:
        return out
    tail_end = re.search(r"^\S", out[budget_at.end():], re.MULTILINE)
    stop = budget_at.end() + tail_end.start() if tail_end else len(out)
    section = BUDGET_AMOUNTS.sub(lambda m: f"{m.group('line')}  # {MARKER}",
                                 out[budget_at.start():stop])
    return out[:budget_at.start()] + section + out[stop:]


def _planned_closing(prior: Path, ar: int) -> Decimal | None:
    """The utgående kapital the prior plan has for *ar*, or None when it cannot say."""
    from . import build

    result = build.check(prior, "verksamhetsplan")
    if result.rapport is None or result.errors:
        return None
    budget = getattr(result.rapport, "budget", None)
    for y in getattr(budget, "ar", None) or []:
        if getattr(y, "ar", None) == ar:
            return Decimal(y.utgaende_kapital).quantize(Decimal(1))
    return None


def _computed_openings(prior: Path) -> list[tuple[PathKey, Decimal, str]]:
    """Opening values of the new year computed from the prior file (empty if it has errors)."""
    from . import build

    result = build.check(prior)
    if result.rapport is None or result.errors:
        return []
    assert result.indata is not None
    arsfil = result.indata.arsfil
    figurer = result.rapport.figurer
    year = arsfil.ar
    out: list[tuple[PathKey, Decimal, str]] = []
    eget_kapital = figurer.get("eget_kapital")
    if arsfil.balansrakning is not None and eget_kapital is not None:
        ek = (Decimal(eget_kapital)
              - Decimal(figurer.get("resultatutjamningsreserv") or 0))
        out.append((("balansrakning", "eget_kapital", "ingaende"), ek,
                    f"utgående eget kapital {year}, framräknat ur {prior.name}"))
    for i, note in enumerate(arsfil.noter):
        if note.anlaggning is None:
            continue
        f = anlaggning_figurer(note.anlaggning)
        out.append((("noter", i, "anlaggning", "ingaende_anskaffningsvarde"),
                    f["utgaende_anskaffningsvarde"], f"utgående anskaffningsvärde {year}"))
        out.append((("noter", i, "anlaggning", "ingaende_avskrivningar"),
                    f["utgaende_avskrivningar"], f"utgående ackumulerade avskrivningar {year}"))
    return [(p, v.quantize(Decimal(1)) if v == v.to_integral_value() else v, w)
            for p, v, w in out]


def _new_header(text: str, prior: Path, year: int) -> str:
    """Replace the comment block before the first key with a fresh one (keep the modeline)."""
    lines = text.split("\n")
    modeline = []
    i = 0
    if lines and lines[0].startswith("# yaml-language-server:"):
        modeline = [lines[0]]
        i = 1
    j = i
    while j < len(lines) and (lines[j].startswith("#") or not lines[j].strip()):
        j += 1
    header = f"""#
# Årsfil {year}, skapad med 'reportgen new' ur {prior.name}.
#
# Att göra:
# - Fyll i varje värde markerat FYLL I (reportgen check listar dem med radnummer).
#   Förra årets belopp står i kommentaren; de visas som jämförelsesiffror av sig själva.
# - Texterna, målen, insatserna och organisationen är förra årets: skriv om dem för {year}.
#   Kommentarerna är också förra årets; ta bort dem som inte längre stämmer.
# - Ingående eget kapital är förra årets utgående, framräknat; ändra det inte.
#
# Belopp skrivs i hela kronor (12492000 eller "12 492 000"); summor räknas fram.
# Texter är Markdown; {{{{namn}}}} hämtar en uträknad siffra, till exempel {{{{eget_kapital}}}}.
""".split("\n")
    if not modeline:
        header = header[1:]
    return "\n".join([*modeline, *header, *lines[j:]])


# ---------------------------------------------------------------------------- templates

def _member_ids(forbund_path: Path) -> list[str]:
    """The member ids of an existing forbund.yaml (the template's otherwise)."""
    if not forbund_path.exists():
        return [m[0] for m in TEMPLATE_MEMBERS]
    from .load import load_yaml

    try:
        data = load_yaml(forbund_path).data
    except InputError:
        return [m[0] for m in TEMPLATE_MEMBERS]
    members = data.get("medlemmar") if isinstance(data, dict) else None
    ids = [m["id"] for m in members or []
           if isinstance(m, dict) and isinstance(m.get("id"), str)]
    return ids or [m[0] for m in TEMPLATE_MEMBERS]


TEMPLATE_MEMBERS = (
    ("kommunen", "Exempelby kommun", "kommun"),
    ("region", "Region Exempel", "region"),
    ("forsakringskassan", "Försäkringskassan", "stat"),
    ("arbetsformedlingen", "Arbetsförmedlingen", "stat"),
)

PLACEHOLDERS = frozenset({"Förnamn Efternamn", "Exempelby", "Exempelby kommun",
                          "Region Exempel"})
"""Values of the templates below that are no real value (``check --slutlig`` fails on
them); the template's organisationsnummer is in ``checks.fardig.PLACEHOLDER_ORGNR``."""
PLACEHOLDER_TEXT_START = "Skriv här"
"""How every placeholder text of the year template begins."""


def forbund_template(slug: str) -> str:
    """A commented forbund.yaml that validates as it is."""
    name = slug.replace("-", " ").replace("_", " ").title()
    members = "\n".join(
        f"  - id: {i}\n    namn: {n}{'  # FYLL I' if t != 'stat' else ''}\n    typ: {t}"
        for i, n, t in TEMPLATE_MEMBERS)
    return f"""# yaml-language-server: $schema=../../schema/forbund.schema.json
#
# Förbundets fasta uppgifter, desamma år från år. Det som ändras varje år står i
# årsfilerna (<år>.yaml) i samma mapp.
# Byt ut varje värde markerat FYLL I. Filen går att bygga redan som den är.

namn: Samordningsförbundet {name}  # FYLL I: fullständigt namn
kortnamn: {name}  # FYLL I: kort namn till sidhuvudet
orgnr: 222000-0000  # FYLL I: organisationsnummer
sate: Exempelby  # FYLL I: kommunen där förbundet har sitt säte

# Medlemmarna, i den ordning de visas i rapporten. Id:t (små bokstäver, siffror och -)
# används i årsfilerna, till exempel "utsedd_av: region". typ är stat, region eller kommun.
# Lägg till en rad per medlemskommun.
medlemmar:
{members}

# Logotyp och färger (valfritt):
# tema:
#   logotyp: logotyp.svg
#   farg: "#1f3a56"

# Nyckeltal för år som saknar egen årsfil, till flerårsöversikten (valfritt):
# historik:
#   - ar: 2022
#     eget_kapital: 2262458
#     summa_tillgangar: 3210240
#     antal_anstallda: 2
#     # om året är räknat på annan grund än i dag (visas som fotnot):
#     # anmarkning: Räknat före bytet till Kommun-Bas.
"""


def year_template(year: int, member_ids: list[str]) -> str:
    """A commented year file that validates and builds as it is (all amounts zero)."""
    ledamoter = "\n".join(f"      - namn: Förnamn Efternamn  # FYLL I\n        utsedd_av: {m}"
                          for m in member_ids)
    # Not 1 as one line in the file, as the kansli would type it.
    principer = ("Årsredovisningen har upprättats enligt Lagen om kommunal bokföring och "
                 "redovisning och i enlighet med rekommendationer från Rådet för kommunal "
                 "redovisning.")
    return f"""# yaml-language-server: $schema=../../schema/arsfil.schema.json
#
# Årsredovisning {year}. Filen är en mall som går att bygga som den är: byt ut varje värde
# markerat FYLL I och skriv texterna. Förhandsgranska medan du skriver:
#   reportgen serve <den här filen>
#
# - Belopp skrivs i hela kronor (12492000 eller "12 492 000"). Intäkter positiva,
#   kostnader negativa, som i den tryckta resultaträkningen.
# - Summor behöver inte skrivas; de räknas fram. En summa som ändå skrivs kontrolleras.
# - Texter skrivs efter "|" på egna rader, indragna. Tom rad = nytt stycke.
# - {{{{namn}}}} i en text hämtar en uträknad siffra, till exempel {{{{eget_kapital}}}}.

ar: {year}

arsredovisning:
  # beslutad: ÅÅÅÅ-MM-DD  (datum då styrelsen beslutade årsredovisningen)
  # Texterna till rapportens avsnitt (standardordningen enligt RKR R15).
  texter:
    # FYLL I: texten om förbundet
    om_forbundet: |
      Skriv här om förbundet: uppdrag, medlemmar och finansiering.
    # FYLL I: texten om händelser under året
    handelser: |
      Skriv här om händelser av väsentlig betydelse under {year}.
    # FYLL I: texten om förväntad utveckling
    forvantad_utveckling: |
      Skriv här om förväntad utveckling.
  # Händelser efter balansdagen (LKBR 11 kap.): skriv text: med det som hänt efter
  # 31 december och före beslutet, eller låt inga: true stå om inget väsentligt har hänt.
  handelser_efter_balansdagen:
    inga: true  # FYLL I

organisation:
  styrelse:
    antal_moten: 0  # FYLL I
    # En rad per ledamot; utsedd_av är medlemmens id i forbund.yaml.
    # roll: ordförande / 1:e vice ordförande; tom: mars om personen slutade under året.
    ledamoter:
{ledamoter}

personal:
  antal_anstallda: 0  # FYLL I

# Resultaträkning {year}-01-01 – {year}-12-31
resultatrakning:
  verksamhetens_intakter:
    belopp: 0  # FYLL I
    not: intakter
  verksamhetens_kostnader:
    belopp: 0  # FYLL I (negativt belopp)
  finansiella_intakter: 0  # FYLL I

# Balansräkning {year}-12-31
balansrakning:
  omsattningstillgangar:
    fordringar: 0  # FYLL I
    kassa_och_bank: 0  # FYLL I
  eget_kapital:
    # Eget kapital vid årets början (= utgående eget kapital {year - 1}).
    ingaende:
      belopp: 0  # FYLL I
      not: eget-kapital
  skulder:
    kortfristiga: 0  # FYLL I
  # Panter och ansvarsförbindelser (LKBR 6 kap. 1 §), utanför balansräkningens summor:
  # pensionsförpliktelser som inte tagits upp bland skulderna eller avsättningarna.
  pensionsforpliktelser: 0  # FYLL I (0 om förbundet inte har några)

# Noter. Not 1 är alltid redovisningsprinciperna; de andra numreras i den ordning
# räkningarna hänvisar till dem (not: <id>).
noter:
  - id: redovisningsprinciper
    typ: redovisningsprinciper
    rubrik: Redovisnings- och värderingsprinciper
    text: |
      {principer}
  - id: intakter
    rubrik: Verksamhetens intäkter
    tabeller:
      - avser: resultatrakning.verksamhetens_intakter
        rader:
          - namn: Erhållna statliga medel
            belopp: 0  # FYLL I
          - namn: Erhållna medel regionen
            belopp: 0  # FYLL I
          - namn: Erhållna kommunala bidrag
            belopp: 0  # FYLL I
          - namn: Summa verksamhetens intäkter
            summa: true
  - id: eget-kapital
    typ: eget_kapital
    rubrik: Eget kapital

underskrifter:
  ort: Exempelby  # FYLL I
  # datum: ÅÅÅÅ-MM-DD
"""
