"""Read a SIE file (types 1–4, 4E and 4I) into a typed model, every problem with its line.

The format (SIE 4B, sie.se): one record a line, ``#LABEL field field …``; fields separated
by spaces or tabs; a field with spaces is quoted, ``\\"`` is a quote inside it; an object
list is ``{dim "obj" dim "obj"}``; a ``#VER`` is followed by its ``#TRANS`` rows between
``{`` and ``}`` on lines of their own. Labels this reader does not know are ignored, as the
format asks. Amounts use a decimal point and become :class:`~decimal.Decimal` (never float).

The input is treated as untrusted, like the YAML files:

* a file larger than :data:`MAX_FILE_BYTES` is refused before it is read;
* the text is PC8 (CP437) as the format prescribes; a file a program wrote in UTF-8 or
  Windows-1252 is detected and read as such, with a warning; names that look mis-encoded
  (``�``, ``Ã¥``, ``├Ñ``) are warned about on their line;
* ``#KSUMMA`` (CRC-32) is verified when the file has one;
* nothing raises: every problem is a :class:`~reportgen.errors.Problem` with file and line,
  collected in :attr:`Sie.problem`.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import Location, Problem, Severity, relpath

MAX_FILE_BYTES = 100_000_000
"""Largest SIE file read (100 MB). A förbund's SIE 4 export for a year is well below 1 MB;
a kommun's whole ledger a few tens of MB."""

Objektlista = tuple[tuple[str, str], ...]
"""An object list, ``{1 "100" 6 "P1"}`` → ``(("1", "100"), ("6", "P1"))``."""

Field_ = str | list[str]

REPEATS_SHOWN = 5
"""The same message is shown for this many lines, then once more with the count."""

CHECK = "sie_lasning"
"""The check name of the reader's own problems (as shown in brackets after a message)."""

_HIGH = re.compile(rb"[\x80-\xff]")
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}])|([^\s"{}]+)|(")')
_UNESCAPE = re.compile(r"\\(.)")
_AMOUNT = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
_MOJIBAKE = re.compile("\ufffd|Ã[¤¥¶„…–]|├[ñäÑÄ╢Ç]|[╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀]")

# Swedish letters: which bytes they are in each candidate encoding.
_CP437_SWEDISH = frozenset(b"\x86\x84\x94\x8f\x8e\x99\x82\x90\x81\x9a")
_CP1252_SWEDISH = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc\xdc")


# ------------------------------------------------------------------------------ the model

@dataclass(frozen=True)
class Rakenskapsar:
    """``#RAR``: a financial year; index 0 is the current year, -1 the year before."""

    index: int
    start: dt.date
    slut: dt.date
    rad: int


@dataclass
class Konto:
    """``#KONTO`` (with ``#KTYP`` and ``#SRU``)."""

    nummer: str
    namn: str
    rad: int
    typ: str | None = None
    """T tillgång, S skuld/eget kapital, K kostnad, I intäkt (``#KTYP``), when given."""
    sru: str | None = None

    @property
    def ar_balanskonto(self) -> bool:
        """A balance account (tillgång, skuld, eget kapital) rather than a result account."""
        if self.typ in ("T", "S"):
            return True
        if self.typ in ("K", "I"):
            return False
        return ar_balanskonto(self.nummer)


def ar_balanskonto(nummer: str) -> bool:
    """BAS and Kommun-Bas: class 1 and 2 are the balance sheet, 3–8 the result.

    >>> ar_balanskonto("1930"), ar_balanskonto("2099"), ar_balanskonto("4010")
    (True, True, False)
    """
    return nummer[:1] in ("1", "2")


@dataclass(frozen=True)
class Saldo:
    """``#IB``, ``#UB`` or ``#RES``: one account's balance for one year."""

    ar: int
    konto: str
    belopp: Decimal
    rad: int


@dataclass(frozen=True)
class Objektsaldo:
    """``#OIB`` or ``#OUB``: a balance for one account and object list."""

    ar: int
    konto: str
    objekt: Objektlista
    belopp: Decimal
    rad: int


@dataclass(frozen=True)
class Periodsaldo:
    """``#PSALDO`` or ``#PBUDGET``: the balance (or budget) of a period, ``YYYYMM``,
    for one account, for all objects (empty list) or one object list."""

    ar: int
    period: str
    konto: str
    objekt: Objektlista
    belopp: Decimal
    rad: int

    @property
    def manad(self) -> int:
        """The month, 1–12."""
        return int(self.period[4:6])


@dataclass(slots=True)
class Transaktion:
    """``#TRANS`` (or an ``#RTRANS`` without its copy) inside a ``#VER``."""

    konto: str
    objekt: Objektlista
    belopp: Decimal
    datum: dt.date | None
    text: str
    rad: int


@dataclass
class Verifikation:
    """``#VER`` with its transactions."""

    serie: str
    nummer: str
    datum: dt.date | None
    text: str
    rad: int
    transaktioner: list[Transaktion] = field(default_factory=list)
    slutrad: int | None = None
    """The line of the closing ``}``; ``None`` when it is missing (a truncated file)."""

    @property
    def summa(self) -> Decimal:
        return sum((t.belopp for t in self.transaktioner), Decimal(0))


@dataclass(frozen=True)
class Dimension:
    """``#DIM`` or ``#UNDERDIM``: a dimension such as 1 kostnadsställe or 6 projekt."""

    nummer: str
    namn: str
    rad: int
    overordnad: str | None = None


@dataclass(frozen=True)
class Objekt:
    """``#OBJEKT``: one object (a projekt, an insats) of a dimension."""

    dimension: str
    kod: str
    namn: str
    rad: int


@dataclass
class Sie:
    """Everything read from one SIE file."""

    fil: str
    program: str | None = None
    program_version: str | None = None
    format: str | None = None
    sietyp: str | None = None
    organisation: str | None = None
    orgnr: str | None = None
    kontoplanstyp: str | None = None
    kodning: str = "cp437"
    """The encoding the text was read in: cp437, utf-8 or cp1252."""
    ar: dict[int, Rakenskapsar] = field(default_factory=dict)
    konton: dict[str, Konto] = field(default_factory=dict)
    ib: dict[tuple[int, str], Saldo] = field(default_factory=dict)
    ub: dict[tuple[int, str], Saldo] = field(default_factory=dict)
    res: dict[tuple[int, str], Saldo] = field(default_factory=dict)
    oib: list[Objektsaldo] = field(default_factory=list)
    oub: list[Objektsaldo] = field(default_factory=list)
    psaldo: list[Periodsaldo] = field(default_factory=list)
    pbudget: list[Periodsaldo] = field(default_factory=list)
    dimensioner: dict[str, Dimension] = field(default_factory=dict)
    objekt: dict[tuple[str, str], Objekt] = field(default_factory=dict)
    verifikationer: list[Verifikation] = field(default_factory=list)
    problem: list[Problem] = field(default_factory=list)
    rader: int = 0
    """Number of lines read."""
    last: bool = True
    """False when the file could not be read at all (too big, not SIE): nothing else is set."""

    # -------------------------------------------------------------- convenience for users
    @property
    def fel(self) -> list[Problem]:
        return [p for p in self.problem if p.severity == "fel"]

    def kontonamn(self, nummer: str) -> str:
        konto = self.konton.get(nummer)
        return konto.namn if konto else ""

    def ar_balanskonto(self, nummer: str) -> bool:
        konto = self.konton.get(nummer)
        return konto.ar_balanskonto if konto else ar_balanskonto(nummer)

    def saldon(self, kind: str, ar: int) -> dict[str, Decimal]:
        """``{konto: belopp}`` of ``ib``, ``ub`` or ``res`` for year index *ar*."""
        table: dict[tuple[int, str], Saldo] = getattr(self, kind)
        return {k: s.belopp for (a, k), s in table.items() if a == ar}

    def objektutfall(self, dimension: str, ar: int = 0) -> dict[str, dict[str, Decimal]]:
        """Per object of *dimension*: ``{objekt: {konto: belopp}}`` for year *ar*.

        Result accounts are summed from ``#PSALDO`` (all periods of the year) when the file
        has object period balances, else from the transactions of the year's
        verifikationer; balance accounts from ``#OUB``.
        """
        out: dict[str, dict[str, Decimal]] = {}

        def add(obj: Objektlista, konto: str, belopp: Decimal) -> None:
            for dim, kod in obj:
                if dim == dimension:
                    per = out.setdefault(kod, {})
                    per[konto] = per.get(konto, Decimal(0)) + belopp

        periods = [p for p in self.psaldo if p.ar == ar and p.objekt]
        if periods:
            # A PSALDO is the period's own movement for result accounts (SIE 4B 11.x).
            for p in periods:
                if not self.ar_balanskonto(p.konto):
                    add(p.objekt, p.konto, p.belopp)
        elif ar == 0:
            for v in self.verifikationer:
                for t in v.transaktioner:
                    if not self.ar_balanskonto(t.konto):
                        add(t.objekt, t.konto, t.belopp)
        for o in self.oub:
            if o.ar == ar and self.ar_balanskonto(o.konto):
                add(o.objekt, o.konto, o.belopp)
        return out

    def perioder(self, kind: str = "psaldo", ar: int = 0,
                 objekt: Objektlista = ()) -> dict[str, dict[str, Decimal]]:
        """``{period: {konto: belopp}}`` of ``#PSALDO`` (or ``#PBUDGET`` with
        ``kind="pbudget"``) for year *ar* and one object list (``()``: all objects)."""
        rows: list[Periodsaldo] = getattr(self, kind)
        out: dict[str, dict[str, Decimal]] = {}
        for p in rows:
            if p.ar == ar and p.objekt == objekt:
                out.setdefault(p.period, {})[p.konto] = p.belopp
        return out


# ------------------------------------------------------------------------------ reading

def read_sie(path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> Sie:
    """Read *path*. Never raises for bad input: problems are in :attr:`Sie.problem`."""
    path = Path(path)
    name = relpath(path)
    sie = Sie(name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        sie.last = False
        sie.problem.append(Problem(_os_error(exc), Location(name), check=CHECK))
        return sie
    if size > max_bytes:
        sie.last = False
        sie.problem.append(Problem(
            f"filen är {_mb(size)}; reportgen läser SIE-filer upp till {_mb(max_bytes)}",
            Location(name, 1), check=CHECK,
            hint="exportera bara ett räkenskapsår (SIE 4) eller bara saldon (SIE 1–3)"))
        return sie
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        sie.last = False
        sie.problem.append(Problem(_os_error(exc), Location(name), check=CHECK))
        return sie
    if len(data) > max_bytes:  # grew while we looked, or not a regular file
        sie.last = False
        sie.problem.append(Problem(f"filen är större än {_mb(max_bytes)}", Location(name, 1),
                                   check=CHECK))
        return sie
    parse_bytes(data, sie)
    return sie


def _os_error(exc: OSError) -> str:
    """The operating system's complaint in Swedish (its own text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "filen finns inte"
    if isinstance(exc, IsADirectoryError):
        return "det är en mapp, inte en fil"
    if isinstance(exc, PermissionError):
        return "filen får inte läsas (behörighet saknas)"
    return f"filen kan inte läsas (fel {exc.errno})"


def parse_bytes(data: bytes, sie: Sie) -> Sie:
    """Decode and parse *data* into *sie* (whose ``fil`` names it in the problems)."""
    text = _decode(data, sie)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    first = next(((i, line) for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        sie.last = False
        sie.problem.append(Problem("filen är tom", Location(sie.fil, 1), check=CHECK,
                                   hint="exportera SIE-filen på nytt ur bokföringsprogrammet"))
        return sie
    if not first[1].lstrip().startswith("#"):
        sie.last = False
        sie.problem.append(Problem(
            "filen är ingen SIE-fil: första raden börjar inte med #"
            f" (den börjar '{_shorten(first[1].strip())}')", Location(sie.fil, first[0] + 1),
            check=CHECK, hint="exportera filen som SIE (typ 4 eller typ 1–3) ur "
            "bokföringsprogrammet; en webbsida eller ett kalkylark går inte att läsa"))
        return sie
    # Parsing makes many small objects and no cycles: the cyclic collector only costs time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _Parser(sie, lines).run()
    finally:
        if collecting:
            gc.enable()
    return sie


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB" if n >= 10_000_000 else f"{n / 1_000_000:.1f} MB"


def _shorten(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _decode(data: bytes, sie: Sie) -> str:
    """The text of *data*: CP437 unless the bytes say UTF-8 or Windows-1252."""
    high = _HIGH.search(data)
    if high is None:
        sie.kodning = "cp437"
        return data.decode("cp437")
    line = data.count(b"\n", 0, high.start()) + 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        sie.kodning = "utf-8"
        sie.problem.append(Problem(
            "filen är skriven i UTF-8, inte PC8 (CP437) som SIE föreskriver; reportgen läser "
            "den som UTF-8", Location(sie.fil, line), severity="varning", check=CHECK,
            hint="kontrollera att å, ä och ö i namnen ser rätt ut i rapporten"))
        return text.lstrip("\ufeff")
    cp437 = sum(data.count(bytes([b])) for b in _CP437_SWEDISH)
    cp1252 = sum(data.count(bytes([b])) for b in _CP1252_SWEDISH)
    if cp1252 > cp437:
        sie.kodning = "cp1252"
        sie.problem.append(Problem(
            "filen är skriven i Windows-1252, inte PC8 (CP437) som SIE föreskriver; reportgen "
            "läser den som Windows-1252", Location(sie.fil, line), severity="varning",
            check=CHECK, hint="kontrollera att å, ä och ö i namnen ser rätt ut i rapporten, "
            "eller välj teckenuppsättningen PC8 när filen exporteras"))
        return data.decode("cp1252", errors="replace")
    sie.kodning = "cp437"
    return data.decode("cp437")


def tokenize(line: str) -> tuple[list[Field_], str | None]:
    """The fields of one line, object lists as lists; and a problem text, if any.

    >>> tokenize('#TRANS 1930 {1 "100"} -12.50 20230105 "Kaffe \\\\"Bryggt\\\\""')
    (['#TRANS', '1930', ['1', '100'], '-12.50', '20230105', 'Kaffe "Bryggt"'], None)
    """
    if '"' not in line and "\\" not in line:
        # Fast path (most #TRANS, #IB, #UB, #PSALDO rows): no quotes, at most empty lists.
        if "{" not in line and "}" not in line:
            return list(line.split()), None
        parts = line.split()
        if all(p == "{}" or ("{" not in p and "}" not in p) for p in parts):
            return [[] if p == "{}" else p for p in parts], None
    fields: list[Field_] = []
    group: list[str] | None = None
    problem = None
    for m in _TOKEN.finditer(line):
        quoted, brace, bare, stray = m.groups()
        if stray is not None:
            rest = line[m.end():]
            value = _UNESCAPE.sub(r"\1", rest)
            problem = ("citattecknen på raden går inte ihop (ett citattecken inuti ett namn "
                       "ska skrivas \\\"); resten av raden läses som ett fält")
            (group if group is not None else fields).append(value)
            break
        if brace == "{":
            if group is not None:
                problem = "en objektlista { … } öppnas inuti en annan"
            group = []
            continue
        if brace == "}":
            if group is None:
                problem = "en objektlista stängs med } men öppnades aldrig"
                continue
            fields.append(group)
            group = None
            continue
        value = _UNESCAPE.sub(r"\1", quoted) if quoted is not None else bare
        assert value is not None
        (group if group is not None else fields).append(value)
    if group is not None:
        fields.append(group)
        problem = problem or "objektlistan { … } stängs aldrig med }"
    return fields, problem


class _Parser:
    """One pass over the lines; records go to :class:`Sie`, problems to ``sie.problem``."""

    def __init__(self, sie: Sie, lines: list[str]) -> None:
        self.sie = sie
        self.lines = lines
        self.ver: Verifikation | None = None
        self.in_block = False
        self.pending_rtrans: tuple[Transaktion, int] | None = None
        self.ksumma_start: int | None = None
        self.ksumma_crc = 0
        self.ksumma_done = False
        self.flagga_seen = False
        self.mojibake_warned = 0
        self.odd_accounts: set[str] = set()
        self.repeats: dict[str, int] = {}

    # ---------------------------------------------------------------- problems
    def problem(self, rad: int, message: str, severity: Severity = "fel",
                hint: str | None = None) -> None:
        seen = self.repeats.get(message, 0)
        self.repeats[message] = seen + 1
        if seen >= REPEATS_SHOWN:
            return
        self.sie.problem.append(Problem(message, Location(self.sie.fil, rad),
                                        severity=severity, check=CHECK, hint=hint))

    # ---------------------------------------------------------------- the pass
    def run(self) -> None:
        handlers = {
            "#FLAGGA": self.flagga, "#PROGRAM": self.program, "#FORMAT": self.format,
            "#SIETYP": self.sietyp, "#FNAMN": self.fnamn, "#ORGNR": self.orgnr,
            "#KPTYP": self.kptyp, "#RAR": self.rar, "#KONTO": self.konto, "#KTYP": self.ktyp,
            "#SRU": self.sru, "#IB": self.saldo, "#UB": self.saldo, "#RES": self.saldo,
            "#OIB": self.objektsaldo, "#OUB": self.objektsaldo, "#PSALDO": self.periodsaldo,
            "#PBUDGET": self.periodsaldo, "#DIM": self.dim, "#UNDERDIM": self.dim,
            "#OBJEKT": self.objekt, "#VER": self.verifikation, "#TRANS": self.trans,
            "#RTRANS": self.trans, "#BTRANS": self.trans, "#KSUMMA": self.ksumma,
        }
        for index, raw in enumerate(self.lines):
            rad = index + 1
            line = raw.rstrip("\r")
            stripped = line.strip()
            if not stripped:
                continue
            if stripped == "{":
                self.open_block(rad)
                self.crc(["{"])
                continue
            if stripped == "}":
                self.close_block(rad)
                self.crc(["}"])
                continue
            if not stripped.startswith("#"):
                self.problem(rad, f"raden är ingen SIE-post (den börjar inte med #): "
                             f"'{_shorten(stripped)}'", "varning",
                             hint="raden hoppas över; kontrollera att filen inte har ändrats "
                             "för hand")
                continue
            fields, trouble = tokenize(stripped)
            if trouble:
                self.problem(rad, trouble, "varning")
            label = str(fields[0]).upper()
            if label == "#KSUMMA":
                self.ksumma(fields, rad)
                continue
            if self.ksumma_start is not None:
                self.crc(fields)
            if self.pending_rtrans is not None and label != "#TRANS":
                self.flush_rtrans()
            if label not in ("#TRANS", "#RTRANS", "#BTRANS") and self.in_block:
                self.problem(rad, f"{label} står inuti en verifikation (mellan {{ och }})",
                             hint="verifikationen som började på rad "
                             f"{self.ver.rad if self.ver else '?'} saknar sin }}")
            handler = handlers.get(label)
            if handler is None:
                continue  # unknown labels are ignored, as the format asks
            try:
                handler(fields, rad)
            except _FieldError as exc:
                self.problem(rad, f"{label}: {exc}")
        self.sie.rader = len(self.lines)
        self.finish()

    def finish(self) -> None:
        self.flush_rtrans()
        sie = self.sie
        for message, n in self.repeats.items():
            if n > REPEATS_SHOWN:
                first = next(p for p in sie.problem if p.message == message)
                sie.problem.append(Problem(
                    f"samma problem på {n - REPEATS_SHOWN} rader till: {message}",
                    first.location, severity=first.severity, check=CHECK))
        if self.in_block and self.ver is not None:
            self.problem(self.ver.rad, f"verifikationen {self.ver.serie} {self.ver.nummer} "
                         "avslutas aldrig med }: filen verkar avkortad",
                         hint="exportera SIE-filen på nytt; den slutar mitt i en verifikation")
        if self.ksumma_start is not None and not self.ksumma_done:
            self.problem(self.ksumma_start, "filen har #KSUMMA i början men ingen "
                         "kontrollsumma i slutet: filen verkar avkortad",
                         hint="exportera SIE-filen på nytt")
        if not sie.ar:
            has_balances = bool(sie.ib or sie.ub or sie.res or sie.psaldo or sie.pbudget)
            sietyp = (sie.sietyp or "").upper()
            if has_balances or sietyp in ("1", "2", "3") or not sie.verifikationer:
                self.problem(1, "filen saknar #RAR (räkenskapsåret): saldona kan inte knytas "
                             "till ett år",
                             hint="exportera filen på nytt med räkenskapsår; SIE-filer för "
                             "bokslut (typ 1–4E) ska ha #RAR 0 startdatum slutdatum")
            else:
                self.problem(1, "filen saknar #RAR (räkenskapsåret); verifikationerna läses "
                             "men kan inte knytas till ett räkenskapsår", "varning")
        for table in (sie.ib, sie.ub, sie.res):
            for (ar, _k), s in table.items():
                if sie.ar and ar not in sie.ar:
                    self.problem(s.rad, f"saldot avser år {ar}, men filen har inget #RAR {ar}",
                                 "varning")
                    break

    # ---------------------------------------------------------------- helpers
    def crc(self, fields: list[Field_]) -> None:
        if self.ksumma_start is None or self.ksumma_done:
            return
        parts: list[str] = []
        for f in fields:
            if isinstance(f, list):
                parts.append("{")
                parts.extend(f)
                parts.append("}")
            else:
                parts.append(f)
        self.ksumma_crc = zlib.crc32("".join(parts).encode(self.sie.kodning, "replace"),
                                     self.ksumma_crc)

    def text(self, fields: list[Field_], i: int, rad: int, what: str) -> str:
        value = _str(fields, i)
        if value and self.mojibake_warned < 20 and _MOJIBAKE.search(value):
            self.mojibake_warned += 1
            self.problem(rad, f"{what} '{_shorten(value)}' ser felkodat ut (å, ä och ö har "
                         "blivit andra tecken)", "varning",
                         hint="rätta namnet i bokföringsprogrammet eller välj teckenuppsättning "
                         "PC8 när filen exporteras")
        return value

    # ---------------------------------------------------------------- records
    def flagga(self, fields: list[Field_], rad: int) -> None:
        self.flagga_seen = True

    def program(self, fields: list[Field_], rad: int) -> None:
        self.sie.program = _str(fields, 1) or None
        self.sie.program_version = _str(fields, 2) or None

    def format(self, fields: list[Field_], rad: int) -> None:
        self.sie.format = _str(fields, 1) or None
        if self.sie.format and self.sie.format.upper() != "PC8":
            self.problem(rad, f"#FORMAT {self.sie.format}: SIE-filer ska ha #FORMAT PC8",
                         "varning")

    def sietyp(self, fields: list[Field_], rad: int) -> None:
        self.sie.sietyp = _str(fields, 1) or None

    def fnamn(self, fields: list[Field_], rad: int) -> None:
        self.sie.organisation = self.text(fields, 1, rad, "namnet") or None

    def orgnr(self, fields: list[Field_], rad: int) -> None:
        self.sie.orgnr = _str(fields, 1) or None

    def kptyp(self, fields: list[Field_], rad: int) -> None:
        self.sie.kontoplanstyp = _str(fields, 1) or None

    def rar(self, fields: list[Field_], rad: int) -> None:
        index = _int(fields, 1, "årsnummer")
        start = _date(fields, 2, "startdatum")
        slut = _date(fields, 3, "slutdatum")
        if start is None or slut is None:
            self.problem(rad, "#RAR saknar start- och slutdatum (väntade #RAR 0 20230101 "
                         "20231231); raden hoppas över", "varning")
            return
        if slut < start:
            raise _FieldError(f"slutdatum {slut} ligger före startdatum {start}")
        if index in self.sie.ar:
            self.problem(rad, f"#RAR {index} står två gånger (första på rad "
                         f"{self.sie.ar[index].rad})", "varning")
            return
        self.sie.ar[index] = Rakenskapsar(index, start, slut, rad)

    def konto(self, fields: list[Field_], rad: int) -> None:
        nummer = self.account(fields, 1, rad)
        namn = self.text(fields, 2, rad, "kontonamnet")
        existing = self.sie.konton.get(nummer)
        if existing is not None:
            existing.namn, existing.rad = namn, rad
        else:
            self.sie.konton[nummer] = Konto(nummer, namn, rad)

    def account(self, fields: list[Field_], i: int, rad: int) -> str:
        """The account number in field *i*; a non-numeric one is read, with one warning."""
        nummer = _account(fields, i)
        if not nummer.isdigit() and nummer not in self.odd_accounts:
            self.odd_accounts.add(nummer)
            self.problem(rad, f"kontonumret '{nummer}' är inte ett nummer; SIE-konton är "
                         "numeriska. Kontot läses ändå", "varning",
                         hint="programmet som skrev filen lägger differenser på ett eget konto; "
                         "rätta dem i bokföringen")
        return nummer

    def _konto(self, nummer: str, rad: int) -> Konto:
        konto = self.sie.konton.get(nummer)
        if konto is None:
            konto = self.sie.konton[nummer] = Konto(nummer, "", rad)
        return konto

    def ktyp(self, fields: list[Field_], rad: int) -> None:
        nummer = self.account(fields, 1, rad)
        typ = _str(fields, 2).upper()
        if typ not in ("T", "S", "K", "I"):
            self.problem(rad, f"#KTYP: kontotypen '{typ}' är inte T, S, K eller I; "
                         "kontots typ tas av kontonumret", "varning")
            return
        self._konto(nummer, rad).typ = typ

    def sru(self, fields: list[Field_], rad: int) -> None:
        self._konto(self.account(fields, 1, rad), rad).sru = _str(fields, 2) or None

    def saldo(self, fields: list[Field_], rad: int) -> None:
        label = str(fields[0]).upper()
        ar = _int(fields, 1, "årsnummer")
        konto = self.account(fields, 2, rad)
        belopp = _amount(fields, 3)
        table = {"#IB": self.sie.ib, "#UB": self.sie.ub, "#RES": self.sie.res}[label]
        key = (ar, konto)
        if key in table:
            # Some programs write one row per object too; the totals are added up.
            old = table[key]
            table[key] = Saldo(ar, konto, old.belopp + belopp, old.rad)
            self.problem(rad, f"{label} {ar} {konto} står två gånger (första på rad {old.rad}); "
                         "beloppen läggs ihop", "varning")
            return
        table[key] = Saldo(ar, konto, belopp, rad)

    def objektsaldo(self, fields: list[Field_], rad: int) -> None:
        label = str(fields[0]).upper()
        ar = _int(fields, 1, "årsnummer")
        konto = self.account(fields, 2, rad)
        fields = _lenient_objects(fields, 3)
        objekt = _objects(fields, 3)
        belopp = _amount(fields, 4)
        (self.sie.oib if label == "#OIB" else self.sie.oub).append(
            Objektsaldo(ar, konto, objekt, belopp, rad))

    def periodsaldo(self, fields: list[Field_], rad: int) -> None:
        label = str(fields[0]).upper()
        ar = _int(fields, 1, "årsnummer")
        period = _str(fields, 2)
        if not re.fullmatch(r"\d{6}", period) or not 1 <= int(period[4:]) <= 12:
            raise _FieldError(f"perioden '{period}' är inte ÅÅÅÅMM")
        konto = self.account(fields, 3, rad)
        fields = _lenient_objects(fields, 4)
        objekt = _objects(fields, 4)
        belopp = _amount(fields, 5)
        (self.sie.psaldo if label == "#PSALDO" else self.sie.pbudget).append(
            Periodsaldo(ar, period, konto, objekt, belopp, rad))

    def dim(self, fields: list[Field_], rad: int) -> None:
        nummer = _str(fields, 1)
        if not nummer:
            raise _FieldError("dimensionsnummer saknas")
        overordnad = _str(fields, 3) or None if str(fields[0]).upper() == "#UNDERDIM" else None
        self.sie.dimensioner[nummer] = Dimension(nummer, self.text(fields, 2, rad, "namnet"),
                                                 rad, overordnad)

    def objekt(self, fields: list[Field_], rad: int) -> None:
        dim, kod = _str(fields, 1), _str(fields, 2)
        if not dim or not kod:
            raise _FieldError("dimension och objektkod saknas (väntade #OBJEKT 6 \"P1\" \"Namn\")")
        self.sie.objekt[(dim, kod)] = Objekt(dim, kod, self.text(fields, 3, rad, "objektnamnet"),
                                             rad)

    def verifikation(self, fields: list[Field_], rad: int) -> None:
        self.ver = Verifikation(_str(fields, 1), _str(fields, 2),
                                _date(fields, 3, "verifikationsdatum"),
                                self.text(fields, 4, rad, "verifikationstexten"), rad)
        self.sie.verifikationer.append(self.ver)
        self.in_block = False

    def open_block(self, rad: int) -> None:
        if self.ver is None or self.ver.slutrad is not None or self.in_block:
            self.problem(rad, "{ utan en #VER före", hint="varje { ska följa direkt efter en #VER")
            return
        self.in_block = True

    def close_block(self, rad: int) -> None:
        self.flush_rtrans()
        if not self.in_block or self.ver is None:
            self.problem(rad, "} utan en { före")
            return
        self.in_block = False
        self.ver.slutrad = rad

    def trans(self, fields: list[Field_], rad: int) -> None:
        label = str(fields[0]).upper()
        if not self.in_block or self.ver is None:
            raise _FieldError("transaktionen står utanför en verifikation (mellan { och })")
        fields = _lenient_objects(fields, 2)
        t = Transaktion(self.account(fields, 1, rad), _objects(fields, 2), _amount(fields, 3),
                        _date(fields, 4, "transaktionsdatum"), _str(fields, 5), rad)
        if label == "#BTRANS":
            return  # a removed row: not part of the verifikation's sum
        if label == "#RTRANS":
            # SIE 4B: an added row, followed by an identical #TRANS for older readers.
            self.flush_rtrans()
            self.pending_rtrans = (t, rad)
            return
        if self.pending_rtrans is not None:
            r, _ = self.pending_rtrans
            self.pending_rtrans = None
            if (r.konto, r.objekt, r.belopp) != (t.konto, t.objekt, t.belopp):
                self.ver.transaktioner.append(r)
        self.ver.transaktioner.append(t)

    def flush_rtrans(self) -> None:
        if self.pending_rtrans is not None and self.ver is not None:
            self.ver.transaktioner.append(self.pending_rtrans[0])
        self.pending_rtrans = None

    def ksumma(self, fields: list[Field_], rad: int) -> None:
        if self.ksumma_start is None:
            if len(fields) > 1:
                self.problem(rad, "#KSUMMA med en summa innan kontrollsummeringen har börjat",
                             "varning")
                return
            self.ksumma_start = rad
            return
        if self.ksumma_done:
            return
        self.ksumma_done = True
        value = _str(fields, 1)
        if not value.isdigit():
            self.problem(rad, "#KSUMMA saknar kontrollsumman (väntade ett heltal)")
            return
        if int(value) != self.ksumma_crc:
            self.problem(rad, f"kontrollsumman stämmer inte: #KSUMMA {value}, men innehållet "
                         f"ger {self.ksumma_crc}: filen har ändrats eller skadats efter "
                         "exporten", hint="exportera SIE-filen på nytt; ändra den inte för hand")


# ------------------------------------------------------------------------------ fields

class _FieldError(Exception):
    """A field of one record is missing or malformed (reported with the record's line)."""


def _str(fields: list[Field_], i: int) -> str:
    if i >= len(fields):
        return ""
    value = fields[i]
    return " ".join(value) if isinstance(value, list) else value


def _int(fields: list[Field_], i: int, what: str) -> int:
    value = _str(fields, i)
    try:
        return int(value)
    except ValueError:
        raise _FieldError(f"{what} '{value}' är inte ett heltal" if value
                          else f"{what} saknas") from None


def _account(fields: list[Field_], i: int) -> str:
    value = _str(fields, i)
    if not value:
        raise _FieldError("kontonummer saknas")
    return value


def _amount(fields: list[Field_], i: int) -> Decimal:
    value = _str(fields, i)
    if not value:
        raise _FieldError("belopp saknas")
    if value.lstrip("-").replace(".", "", 1).isdigit() and value.isascii():
        return Decimal(value)  # the common case, -1234.50, without the regex
    text = value.replace(",", ".") if value.count(",") == 1 and "." not in value else value
    if not _AMOUNT.fullmatch(text):
        raise _FieldError(f"beloppet '{value}' är inte ett tal (väntade till exempel -1234.50)")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already refused it
        raise _FieldError(f"beloppet '{value}' är inte ett tal") from None


def _date(fields: list[Field_], i: int, what: str) -> dt.date | None:
    value = _str(fields, i)
    if not value:
        return None
    if len(value) != 8 or not value.isdigit() or not value.isascii():
        raise _FieldError(f"{what} '{value}' är inte ÅÅÅÅMMDD")
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise _FieldError(f"{what} '{value}' är inget datum") from None


def _lenient_objects(fields: list[Field_], i: int) -> list[Field_]:
    """Some programs leave the object list out; put an empty one in its place."""
    if i < len(fields) and not isinstance(fields[i], list) and fields[i] != "{}":
        return [*fields[:i], [], *fields[i:]]
    return fields


def _objects(fields: list[Field_], i: int) -> Objektlista:
    if i >= len(fields):
        return ()
    value = fields[i]
    if isinstance(value, list) and not value:
        return ()
    if not isinstance(value, list):
        if value in ("", "{}"):
            return ()
        raise _FieldError(f"objektlista väntades (till exempel {{6 \"P1\"}}), fick '{value}'")
    if len(value) % 2:
        raise _FieldError("objektlistan ska ha par av dimension och objekt")
    return tuple((value[j], value[j + 1]) for j in range(0, len(value), 2))
