"""A kontoplan: which accounts make which line of the statements and which note row.

Two are shipped in ``kontoplaner/``: ``kommun-bas`` (books kept by a kommun) and ``bas``
(books kept by an accounting firm). A förbund adjusts or extends one in
``data/<förbund>/kontoplan.yaml``::

    bygger_pa: kommun-bas          # the shipped plan it extends
    konton:                        # checked before the shipped plan's rows
      - konton: 3010-3019
        rad: resultatrakning.verksamhetens_intakter
    noter:                         # note rows filled from the books
      - not: kostnader
        rad: Personalkostnader
        konton: 50-59

An account range is two account numbers or prefixes: ``3010-3019``, ``30-36`` (every account
starting with 30 to 36) or one prefix, ``19``. The first matching row wins, the förbund's
rows before the shipped ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, field_validator

from ..errors import InputError, Location, Problem, relpath
from ..load import Source, load_yaml
from ..model.base import Base
from ..model.validate import validate

SHIPPED = Path(__file__).with_name("kontoplaner")
FORBUND_FILE = "kontoplan.yaml"

RESULTATRAKNING = (
    "verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar",
    "finansiella_intakter", "finansiella_kostnader", "finansnetto", "extraordinara_poster",
)
TILLGANGAR = (
    "anlaggningstillgangar.immateriella", "anlaggningstillgangar.mark_och_byggnader",
    "anlaggningstillgangar.maskiner_och_inventarier", "anlaggningstillgangar.finansiella",
    "omsattningstillgangar.forrad", "omsattningstillgangar.fordringar",
    "omsattningstillgangar.kortfristiga_placeringar", "omsattningstillgangar.kassa_och_bank",
)
SKULDER = (
    "eget_kapital", "eget_kapital.resultatutjamningsreserv", "avsattningar.pensioner",
    "avsattningar.ovriga", "skulder.langfristiga", "skulder.kortfristiga",
)
BOKSLUT = "bokslut"
"""Closing entries (årets resultat booked to eget kapital): result accounts that are no line."""

RAD_TEXT = {
    "verksamhetens_intakter": "Verksamhetens intäkter",
    "verksamhetens_kostnader": "Verksamhetens kostnader", "avskrivningar": "Avskrivningar",
    "finansiella_intakter": "Finansiella intäkter",
    "finansiella_kostnader": "Finansiella kostnader",
    "finansnetto": "Finansiella intäkter och kostnader",
    "extraordinara_poster": "Extraordinära poster",
    "anlaggningstillgangar.immateriella": "Immateriella anläggningstillgångar",
    "anlaggningstillgangar.mark_och_byggnader": "Mark, byggnader och tekniska anläggningar",
    "anlaggningstillgangar.maskiner_och_inventarier": "Maskiner och inventarier",
    "anlaggningstillgangar.finansiella": "Finansiella anläggningstillgångar",
    "omsattningstillgangar.forrad": "Förråd m.m.", "omsattningstillgangar.fordringar": "Fordringar",
    "omsattningstillgangar.kortfristiga_placeringar": "Kortfristiga placeringar",
    "omsattningstillgangar.kassa_och_bank": "Kassa och bank",
    "eget_kapital": "Eget kapital vid årets början",
    "eget_kapital.resultatutjamningsreserv": "Resultatutjämningsreserv",
    "avsattningar.pensioner": "Avsättningar för pensioner",
    "avsattningar.ovriga": "Andra avsättningar",
    "skulder.langfristiga": "Långfristiga skulder", "skulder.kortfristiga": "Kortfristiga skulder",
}
"""The Swedish text of each line, for messages."""

RADER = (*(f"resultatrakning.{r}" for r in RESULTATRAKNING),
         *(f"balansrakning.{r}" for r in (*TILLGANGAR, *SKULDER)), BOKSLUT)


class Regel(Base):
    """One row of a kontoplan: accounts and the statement line they make."""

    konton: str | list[str] = Field(min_length=1)
    """Kontointervall: '3010-3019', '30-36' (alla konton som börjar på 30–36) eller '19'."""
    rad: str
    """Raden i räkningarna, till exempel 'resultatrakning.verksamhetens_kostnader' eller
    'balansrakning.omsattningstillgangar.kassa_och_bank'; 'bokslut' för bokslutsposter
    (årets resultat överfört till eget kapital)."""

    @field_validator("rad")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in RADER:
            raise ValueError(f"okänd rad '{value}'; välj en av: {', '.join(RADER)}")
        return value


class Notregel(Base):
    """A note row filled from the books."""

    not_: str = Field(alias="not")
    """Notens id i årsfilen, till exempel 'kostnader'."""
    rad: str
    """Radens namn i notens tabell, som det står i årsfilen, till exempel 'Personalkostnader'."""
    konton: str | list[str] = Field(min_length=1)
    """Kontointervall, som under konton."""


class KontoplanFil(Base):
    """A kontoplan file, shipped or a förbund's own."""

    namn: str | None = None
    """Kontoplanens namn, till exempel 'Kommun-Bas'."""
    bygger_pa: str | None = None
    """Den medföljande kontoplan som filen kompletterar: kommun-bas eller bas."""
    konton: list[Regel] = []
    """Kontointervall och raden de hör till; förbundets rader går före den medföljande planens."""
    noter: list[Notregel] = []
    """Notrader som fylls i ur bokföringen."""


@dataclass(frozen=True)
class Intervall:
    lo: str
    hi: str

    def matches(self, konto: str) -> bool:
        return konto[: len(self.lo)] >= self.lo and konto[: len(self.hi)] <= self.hi


def intervall(text: str) -> Intervall:
    """Parse ``'3010-3019'``, ``'30-36'`` or ``'19'``.

    >>> intervall("30-36").matches("3650"), intervall("30-36").matches("3700")
    (True, False)
    >>> intervall("1930").matches("1930"), intervall("19").matches("1510")
    (True, False)
    """
    text = str(text).strip().replace("–", "-")
    lo, _, hi = text.partition("-")
    lo, hi = lo.strip(), (hi.strip() or lo.strip())
    if not (lo.isdigit() and hi.isdigit()) or hi[: len(lo)] < lo[: len(hi)]:
        raise ValueError(text)
    return Intervall(lo, hi)


@dataclass
class Kontoplan:
    """A kontoplan ready to map accounts: the förbund's rows first, then the shipped ones."""

    namn: str
    regler: list[tuple[Intervall, str]] = field(default_factory=list)
    noter: list[tuple[Intervall, str, str]] = field(default_factory=list)
    filer: list[str] = field(default_factory=list)

    def rad(self, konto: str) -> str | None:
        """The statement line of *konto*, or ``None`` when the kontoplan has none."""
        for span, rad in self.regler:
            if span.matches(konto):
                return rad
        return None

    def notrader(self, konto: str) -> list[tuple[str, str]]:
        """Every (note id, row name) *konto* is part of (a row per note at most)."""
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for span, not_id, rad in self.noter:
            if not_id not in seen and span.matches(konto):
                seen.add(not_id)
                out.append((not_id, rad))
        return out


def shipped() -> list[str]:
    """Names of the shipped kontoplaner."""
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def load(name_or_path: str | Path, forbund_dir: Path | None = None,
         where: Location | None = None) -> Kontoplan:
    """The kontoplan *name_or_path* (a shipped name or a file), extended by
    ``<forbund_dir>/kontoplan.yaml`` when that exists. Raises :class:`InputError`."""
    files: list[tuple[Source, KontoplanFil]] = []
    if forbund_dir is not None and (forbund_dir / FORBUND_FILE).exists():
        files.append(_read(forbund_dir / FORBUND_FILE))
    base: Path | None = _resolve(name_or_path, where)
    chain = {str(base)}
    while base is not None:
        src, plan = _read(base)
        files.append((src, plan))
        nxt = plan.bygger_pa
        base = _resolve(nxt, src.locate(("bygger_pa",))) if nxt else None
        if base is not None and str(base) in chain:
            raise InputError([Problem(f"kontoplanen bygger på sig själv: {nxt}",
                                      src.locate(("bygger_pa",)), "bygger_pa")])
        if base is not None:
            chain.add(str(base))
    return _compile(files, str(name_or_path))


def _resolve(name_or_path: str | Path, where: Location | None) -> Path:
    text = str(name_or_path)
    if text in shipped():
        return SHIPPED / f"{text}.yaml"
    path = Path(text)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    raise InputError([Problem(
        f"kontoplanen '{text}' finns inte; välj {' eller '.join(shipped())} eller ange en fil",
        where, "bokforing.kontoplan",
        hint="en egen kontoplan skrivs som data/<förbund>/kontoplan.yaml med bygger_pa: "
        "kommun-bas")])


def _read(path: Path) -> tuple[Source, KontoplanFil]:
    src = load_yaml(path)
    plan, problems = validate(src, KontoplanFil)
    if plan is None or problems:
        raise InputError(problems)
    return src, plan


def _spans(src: Source, loc: tuple[str | int, ...], value: str | list[str],
           problems: list[Problem]) -> list[Intervall]:
    out = []
    for i, text in enumerate([value] if isinstance(value, str) else value):
        try:
            out.append(intervall(text))
        except ValueError:
            where = loc if isinstance(value, str) else (*loc, i)
            problems.append(Problem(
                f"'{text}' är inget kontointervall (skriv till exempel 3010-3019, 30-36 eller 19)",
                src.locate(where), "konton"))
    return out


def _compile(files: list[tuple[Source, KontoplanFil]], name: str) -> Kontoplan:
    problems: list[Problem] = []
    result = Kontoplan(next((p.namn for _, p in files if p.namn), name))
    for src, plan in files:
        result.filer.append(relpath(src.path))
        for i, regel in enumerate(plan.konton):
            for span in _spans(src, ("konton", i, "konton"), regel.konton, problems):
                result.regler.append((span, regel.rad))
        for i, notregel in enumerate(plan.noter):
            for span in _spans(src, ("noter", i, "konton"), notregel.konton, problems):
                result.noter.append((span, notregel.not_, notregel.rad))
    if problems:
        raise InputError(problems)
    return result
