"""The view model: what the templates read. Everything here is computed; nothing is typed.

Templates never do arithmetic; they format what is here with the filters of
:mod:`reportgen.format`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from ..model import Forbund
from ..model.arsfil import HandelserEfterBalansdagen
from ..model.insatser import Insats
from ..model.mal import Mal
from ..model.organisation import Medarbetare, Personal

if TYPE_CHECKING:  # the views of the other stages' modules, for annotations only
    from .budget import BudgetplanVy
    from .mal import MalVy
    from .period import Periodfigurer
    from .rakningar import Ar
    from .tertial import TertialVy

Radtyp = Literal["post", "summa", "totalsumma", "rubrik", "underrubrik", "delrubrik", "text"]
"""delrubrik: a heading inside a group (Materiella anläggningstillgångar under
Anläggningstillgångar)."""


@dataclass
class Rad:
    """A row with this year's and the prior year's amount."""

    text: str
    belopp: Decimal | None = None
    foregaende: Decimal | None = None
    typ: Radtyp = "post"
    id: str | None = None
    """Semantic id, e.g. ``verksamhetens_intakter``; used by checks and tests."""
    not_id: str | None = None
    """The (first) note explaining the row; see :attr:`not_ids` for all of them."""
    not_nr: int | None = None
    ovriga_noter: list[str] = field(default_factory=list)
    """Further notes of the row, when a line refers to more than one ('3, 4')."""
    ovriga_nr: list[int] = field(default_factory=list)
    text_varde: str | None = None
    """A text shown instead of the amount (e.g. '5 år')."""
    text_foregaende: str | None = None
    fler: list[Decimal | None] = field(default_factory=list)
    """Amounts of further columns after the two (the delårsrapport's prognos and budget)."""

    @property
    def not_ids(self) -> list[str]:
        return ([self.not_id] if self.not_id else []) + self.ovriga_noter

    @property
    def notlankar(self) -> list[tuple[str, int]]:
        """(note id, note number) for every note of the row, for links in the templates."""
        numbers = ([self.not_nr] if self.not_nr else []) + self.ovriga_nr
        return list(zip(self.not_ids, numbers, strict=False))


@dataclass
class Rakning:
    """A statement (resultaträkning, balansräkning, …) or any two-column amount table."""

    id: str
    rubrik: str
    kolumner: list[str]
    """Headers of the amount columns, this year first: ['2023-01-01 – 2023-12-31', …]."""
    rader: list[Rad]
    enhet: str = "Belopp i kr"
    har_noter: bool = False
    anmarkningar: list[str] = field(default_factory=list)
    """Sentences (Markdown) printed under the table: comparatives missing, the öre rule."""

    def rad(self, id: str) -> Rad:
        """The row with semantic *id* (for tests and checks)."""
        for r in self.rader:
            if r.id == id:
                return r
        raise KeyError(id)


@dataclass
class DriftradVy:
    namn: str
    typ: Literal["intakt", "kostnad", "resultat"]
    budget: Decimal
    utfall: Decimal
    avvikelse: Decimal
    fg_budget: Decimal | None = None
    fg_utfall: Decimal | None = None
    fg_avvikelse: Decimal | None = None
    budgetandring: Decimal = Decimal(0)
    """Budgetändringar under året; :attr:`budget` is the budget as decided."""
    budget_efter: Decimal | None = None
    """Budget efter ändringar (budget + budgetandring); the avvikelse is against it."""


@dataclass
class DriftVy:
    ar: int
    foregaende_ar: int
    rader: list[DriftradVy]
    """Income and cost rows, then the computed result row (typ 'resultat')."""
    visa_foregaende: bool
    visa_andringar: bool = False
    """Show the columns Budgetändringar and Budget efter ändringar (any row has a change)."""


@dataclass
class InvesteringradVy:
    namn: str
    budget: Decimal | None
    utfall: Decimal
    avvikelse: Decimal | None
    """budget − utfall: positive when the outlay stayed under budget; None without budget."""
    summa: bool = False


@dataclass
class InvesteringVy:
    ar: int
    rader: list[InvesteringradVy]
    """The investments, then the computed sum row (``summa``)."""
    text: str | None = None


@dataclass
class Flerarsrad:
    text: str
    format: Literal["kr", "procent", "antal"]
    varden: list[Decimal | None]
    """One value per year in :attr:`FlerarsVy.ar` order; None where the figure is unknown."""
    definition: str = ""
    """What the row is, stated once (rakningar.FLERARS_RADER), shown under the table."""
    fotnoter: list[int | None] = field(default_factory=list)
    """Per value, the number of its footnote (:attr:`FlerarsVy.fotnoter`), or None."""


@dataclass
class FlerarsVy:
    ar: list[int]
    """Years, newest first (at most five)."""
    rader: list[Flerarsrad]
    ar_fotnoter: list[int | None] = field(default_factory=list)
    """Per year, the number of the footnote on the whole year (its column header), or None."""
    fotnoter: list[str] = field(default_factory=list)
    """Footnote texts: number n is ``fotnoter[n - 1]`` (an earlier year on another basis)."""


@dataclass
class NotTabellVy:
    rubrik: str | None
    kolumner: list[str]
    """Headers of the amount columns ('2023', '2022' or '2023-12-31', …); empty for none."""
    rader: list[Rad]
    avser: str | None = None
    """The statement line the table's last sum row explains (checked by not_stammer)."""
    tecken: int = 1
    index: int = 0
    """Position of the table in the note (for locating it in the YAML)."""


@dataclass
class AvvikelseVy:
    """A departure from a recommendation of Rådet för kommunal redovisning (Not 1)."""

    rekommendation: str
    avvikelse: str
    skal: str


@dataclass
class NotVy:
    nr: int
    id: str
    rubrik: str
    text: str | None
    tabeller: list[NotTabellVy]
    text_efter: str | None = None
    typ: str = "allman"
    """The note kind (``Not.typ``)."""
    avvikelser_rkr: list[AvvikelseVy] | None = None
    """Not 1: the departures from RKR's recommendations; [] follows them all, None: the
    data does not say."""

    @property
    def anchor(self) -> str:
        return f"not-{self.id}"


@dataclass
class AndelsradVy:
    """A count and its computed share of the whole (a ratio, 0.55)."""

    etikett: str
    antal: int
    andel: Decimal | None


@dataclass
class KonVy:
    """A number of people by kön with its computed total."""

    rader: list[AndelsradVy]
    totalt: int


@dataclass
class AvslutadeVy:
    antal: int | None
    """The avslutade deltagare: the sum by kön when given, else the typed number."""
    kon: KonVy | None
    utfall: list[AndelsradVy]
    """Outcomes with their computed share of :attr:`antal`."""


@dataclass
class KvantMalVy:
    mal: str
    malvarde: Decimal
    utfall: Decimal | None
    andel: Decimal | None
    """The outcome as a ratio of the target, computed."""
    grupp: str | None
    anmarkning: str | None


@dataclass
class KortfaltVy:
    """One field of an insats card, as the förbund chose it."""

    namn: str
    etikett: str
    faktum: bool
    """Shown in the fact box (else a section of its own)."""
    eget: bool
    """A field of the förbund's own (its text is in ``insats.falt``)."""


@dataclass
class InsatsVy:
    insats: Insats
    kostnad_per_deltagare: Decimal | None
    budget_ar_summa: Decimal | None
    deltagare_totalt: int | None = None
    """Deltagare: the sum by kön when given, else the typed number."""
    avvikelse_budget: Decimal | None = None
    """Budget for the year minus utfall."""
    deltagare_kon: KonVy | None = None
    avslutade: AvslutadeVy | None = None
    kvantitativa_mal: list[KvantMalVy] = field(default_factory=list)
    avrundning: str = "avrundat till hela kronor, 5 uppåt"
    """How kostnad per deltagare is rounded (forbund.yaml format.avrundning), as printed."""
    falt: list[KortfaltVy] = field(default_factory=list)
    """The fields the card shows, in order."""


@dataclass
class InsatsSummering:
    """The summary row of all insatser, each column summed from the cards."""

    budget: Decimal | None
    utfall: Decimal | None
    avvikelse: Decimal | None
    kvinnor: int | None
    man: int | None
    deltagare: int | None


@dataclass
class Person:
    """A person as listed in the organisation tables, with the text after the name."""

    namn: str
    tillagg: str | None = None
    """Role and partial term, e.g. 'ordförande' or 't.o.m. mars'."""


@dataclass
class Gruppering:
    """People grouped by the member organisation that appointed them."""

    organisation: str
    personer: list[Person]


@dataclass
class OrganisationVy:
    ledamoter: list[Gruppering]
    ersattare: list[Gruppering]
    beredningsgrupp: list[Gruppering]
    antal_moten: int | None


@dataclass
class Signatur:
    namn: str
    roll: str


@dataclass
class UnderskrifterVy:
    ort: str
    datum: dt.date | None
    ledamoter: list[Signatur]
    revisorer: list[Signatur]
    revisorstext: str
    intygande: str | None
    revisionsdatum: dt.date | None = None
    """The date the revisionsberättelse was delivered, printed after :attr:`revisorstext`."""


@dataclass
class TabellVy:
    """A generic table from the data, with computed sum rows."""

    rubrik: str | None
    kolumner: list[Any]
    """The model's Kolumn objects (rubrik, format)."""
    rader: list[list[Any]]
    """Cells per row; numbers are Decimal."""
    radtyper: list[str]
    """'post', 'summa' or 'rubrik' per row."""
    kalla: str | None = None
    grupper: list[Any] = field(default_factory=list)
    """The model's Kolumngrupp objects (rubrik, kolumner): an upper header row."""
    layouttabell: bool = False
    """No header row (a table that only lays text out in a grid)."""


@dataclass
class BlockVy:
    """One piece of a section's content."""

    typ: Literal["text", "block", "tabell"]
    text: str | None = None
    """Markdown source (rendered by the ``md`` filter, which resolves {{figurer}})."""
    block: str | None = None
    """Standard block name; the template ``block/<name>.html`` renders it."""
    tabell: TabellVy | None = None
    rubrik: str | None = None


@dataclass
class AvsnittVy:
    """A numbered section of the document tree."""

    rubrik: str
    anchor: str
    niva: int
    nummer: str | None = None
    innehall: list[BlockVy] = field(default_factory=list)
    delar: list[AvsnittVy] = field(default_factory=list)
    ny_sida: bool = False
    i_innehall: bool = True
    fore_innehall: bool = False
    """Rendered between the cover and the table of contents (unnumbered, own page)."""
    insats: InsatsVy | None = None
    """Set for the generated subsection of one insats (rendered as its card)."""

    @property
    def titel(self) -> str:
        """Heading text with its number: '1.2.1 Styrelse'."""
        return f"{self.nummer} {self.rubrik}" if self.nummer else self.rubrik


@dataclass
class Arsfigurer:
    """The computed figures of this year and the years before, which checks compare.

    ``cur`` is this year, ``fg`` (föregående) the prior year and ``fgfg`` the year before
    that (only its balance sheet, for the prior year's cash flow).
    """

    cur: Ar
    fg: Ar | None = None
    fgfg: Ar | None = None


@dataclass(kw_only=True)
class Rapport:
    """What every report kind has; each kind's view adds its own typed parts.

    Templates read only the view (never the raw year file): :class:`Arsredovisning`,
    :class:`Verksamhetsplan` and :class:`Tertialrapport` are the kinds.
    """

    typ: str
    """The report kind, a key of :data:`reportgen.build.REPORTS`."""
    titel: str
    undertitel: str | None
    forbund: Forbund
    ar: int
    foregaende_ar: int
    period: str
    """The period the report covers as shown, e.g. '2023-01-01 – 2023-12-31'."""
    datum: dt.date
    """The document date stamped into the PDF and the HTML metadata: from the data (decision
    date, else signing date, else the period's last day), never from the clock."""
    figurer: Mapping[str, Decimal | None]
    """Named figures that running text can quote as {{namn}}."""
    avsnitt: list[AvsnittVy]
    medlemmar: dict[str, str]
    """Member id → name."""
    arsfigurer: Arsfigurer
    """The year's computed figures (for checks; templates read the statements instead)."""
    utkast: bool = False
    """A draft: some completeness problem remains, so every page says UTKAST (set by the
    build from the problems; :mod:`reportgen.checks.fardig`)."""

    @property
    def sidhuvud_titel(self) -> str:
        """The title in the running page header: the title, with the year after it when the
        title does not name it (a cover may say 'Årsredovisning' over 'Verksamhetsår 2023';
        every page after it still says which year)."""
        return self.titel if str(self.ar) in self.titel else f"{self.titel} {self.ar}"

    @property
    def extra(self) -> Mapping[str, Any]:
        """Deprecated, read-only: the parts that ``rapport.extra`` held before 0.2.

        Kept for one release so that förbund template overrides written against it still
        render; read the typed fields (``rapport.tertial``, ``rapport.budget``,
        ``rapport.malvyer``) instead.
        """
        parts: dict[str, Any] = {"ar_figurer": self.arsfigurer.cur,
                                 "fg_figurer": self.arsfigurer.fg,
                                 "fgfg_figurer": self.arsfigurer.fgfg}
        for name in ("tertial", "budget", "malvyer"):
            if hasattr(self, name):
                parts[name] = getattr(self, name)
        return MappingProxyType(parts)

    def alla_avsnitt(self) -> Iterator[AvsnittVy]:
        """Every section, depth first (for the table of contents and tests)."""
        stack = list(reversed(self.avsnitt))
        while stack:
            a = stack.pop()
            yield a
            stack.extend(reversed(a.delar))


@dataclass(kw_only=True)
class Arsredovisning(Rapport):
    """The årsredovisning: statements, notes, organisation, goals and signatures."""

    resultatrakning: Rakning | None
    balansrakning: Rakning | None
    kassaflodesanalys: Rakning | None
    balanskrav: Rakning | None
    balanskrav_text: str | None
    """The balanskravsutredning's own text (Markdown), shown under its table."""
    balanskrav_reglering: str | None = None
    """When and how a negative balanskravsresultat is restored (LKBR 11 kap. 12 §)."""
    driftredovisning: DriftVy | None
    flerarsoversikt: FlerarsVy | None
    noter: list[NotVy]
    investeringsredovisning: InvesteringVy | None = None
    """LKBR 10 kap. 2 §: budget, utfall and avvikelse per investment; None without data."""
    insatser: list[InsatsVy]
    insatser_summa: InsatsSummering | None
    """The totals of the summary table of insatser (block insatser_summering)."""
    organisation: OrganisationVy | None
    kansli: list[Medarbetare]
    personal: Personal | None
    underskrifter: UnderskrifterVy | None
    mal: list[Mal]
    malvyer: list[MalVy]
    """One view per goal, in the order of :attr:`mal`: the year's outcome from one
    follow-up period (T3, else the latest reported) and the year's bedömning
    (:func:`reportgen.compute.mal.arsbedomning`)."""
    samlad_bedomning: str | None = None
    """The styrelse's overall conclusion on god ekonomisk hushållning (Markdown)."""
    handelser_efter_balansdagen: HandelserEfterBalansdagen | None = None
    """Events after the balance date, or the statement that there were none."""
    beslutad: dt.date | None
    """The date the styrelse decided the report (shown on the cover)."""
    diarienummer: str | None = None
    """Shown on the cover."""
    omslagsdatum: dt.date | None = None
    """A date shown on the cover besides the decision date."""


@dataclass(kw_only=True)
class Verksamhetsplan(Arsredovisning):
    """The verksamhetsplan och budget.

    Its section tree may show any standard block of the year (styrelse, insatser, mål …), so
    it carries the year's parts like the annual report, plus the budget.
    """

    budget: BudgetplanVy | None
    """The plan year and the prognosis years; None when the year file has no budget."""
    plan_beslutad: str | None
    """When the styrelse decided the plan, as the data words it ('december 2019')."""


@dataclass(kw_only=True)
class Tertialrapport(Rapport):
    """The tertialrapport of one period: goal follow-up and the economic follow-up."""

    tertial: TertialVy
    periodfigurer: Periodfigurer | None = None
    """The period's computed figures (for checks); None without economic data."""


@dataclass
class Delarstexter:
    """The förenklad förvaltningsberättelse's texts (Markdown), as the year file has them."""

    inledning: str | None = None
    vasentliga_handelser: str | None = None
    god_ekonomisk_hushallning: str | None = None
    balanskrav: str | None = None
    forvantad_utveckling: str | None = None
    redovisningsprinciper: str | None = None


@dataclass(kw_only=True)
class Delarsrapport(Rapport):
    """The delårsrapport (LKBR 13 kap.; RKR R17) for one period of 6–8 months.

    Its statements cover 1 January to the period's end; the resultaträkning has the same
    period of the prior year, the helårsprognos and the year's budget beside it.
    """

    tertial: TertialVy
    """The period's goals and budget follow-up (as in the tertialrapport)."""
    periodfigurer: Periodfigurer
    periodslut: dt.date
    resultatrakning: Rakning | None
    balansrakning: Rakning | None
    kassaflodesanalys: Rakning | None
    balanskrav: Rakning | None
    """The balanskravsutredning on the helårsprognos."""
    texter: Delarstexter
    beslutad: dt.date | None
