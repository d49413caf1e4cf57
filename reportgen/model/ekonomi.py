"""The financial statements as typed by the kansli (LKBR 4–7 kap., 11 kap.; RKR R14, R15).

Only the leaf amounts are required. Every sum is computed in :mod:`reportgen.compute`; a
sum that is also typed here (fields named ``summa_…``, ``arets_resultat`` and the like) is
kept only to be checked against the computed one, so a typed total can never silently win.

Signs are as printed in a Swedish resultaträkning: income positive, costs negative.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, ConfigDict, Field, model_validator

from .base import Base, Belopp, KontrollBelopp, Kontrollsumma, Markdown


class Post(Base):
    """One line of a statement: an amount, optionally a note and a label of the förbund's own."""

    belopp: Belopp
    """Beloppet i kronor."""
    not_: str | list[str] | None = Field(None, alias="not")
    """Id för noten som förklarar raden, eller en lista med flera id (notnumren räknas fram)."""
    etikett: str | None = None
    """Egen radtext i stället för standardtexten, till exempel 'Övrigt eget kapital'."""

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return value
        return {"belopp": value}


def _nettokostnader_schema(schema: dict[str, Any]) -> None:
    """The JSON Schema offers the law's plural (``verksamhetens_nettokostnader``) beside the
    field's own name; the model accepts both (one of them)."""
    props = schema.get("properties", {})
    if "verksamhetens_nettokostnad" in props:
        props["verksamhetens_nettokostnader"] = dict(props["verksamhetens_nettokostnad"])


class Resultatrakning(Base):
    """Resultaträkning in LKBR order. Costs are negative, as printed."""

    model_config = ConfigDict(json_schema_extra=_nettokostnader_schema)

    @model_validator(mode="before")
    @classmethod
    def _one_nettokostnad(cls, value: Any) -> Any:
        if (isinstance(value, dict) and "verksamhetens_nettokostnad" in value
                and "verksamhetens_nettokostnader" in value):
            raise ValueError("skriv verksamhetens_nettokostnader eller "
                             "verksamhetens_nettokostnad, inte båda")
        return value

    verksamhetens_intakter: Post
    """Verksamhetens intäkter (medlemsavgifter och bidrag), positivt belopp."""
    verksamhetens_kostnader: Post
    """Negativt belopp."""
    avskrivningar: Post | None = None
    """Negativt belopp."""
    finansiella_intakter: Post | None = None
    """Finansiella intäkter, till exempel ränteintäkter."""
    finansiella_kostnader: Post | None = None
    """Negativt belopp."""
    finansnetto: Post | None = None
    """Finansiella intäkter och kostnader på en rad (netto), för förbund som redovisar dem så.
    Används i stället för finansiella_intakter och finansiella_kostnader."""
    extraordinara_poster: Post | None = None
    """Extraordinära poster, om sådana finns."""

    verksamhetens_nettokostnad: KontrollBelopp = Field(
        None, validation_alias=AliasChoices("verksamhetens_nettokostnad",
                                            "verksamhetens_nettokostnader"))
    """Kontrollsumma (valfri): verksamhetens nettokostnader (intäkter, kostnader och
    avskrivningar); räknas fram och jämförs med det som skrivs här. Kan också skrivas
    verksamhetens_nettokostnader, som i lagen."""
    verksamhetens_resultat: KontrollBelopp = None
    """Kontrollsumma (valfri): verksamhetens resultat (LKBR 5 kap. 1 §). Ett förbund har
    varken skatteintäkter eller generella statsbidrag, så det är lika med
    verksamhetens nettokostnader."""
    resultat_efter_finansiella_poster: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    arets_resultat: KontrollBelopp = None
    """Kontrollsumma (valfri)."""


class Anlaggningstillgangar(Base):
    immateriella: Post | None = None
    """Immateriella anläggningstillgångar."""
    mark_och_byggnader: Post | None = None
    """Mark, byggnader och tekniska anläggningar."""
    maskiner_och_inventarier: Post | None = None
    """Maskiner, inventarier och bilar: bokfört värde vid årets slut."""
    finansiella: Post | None = None
    """Finansiella anläggningstillgångar."""


class Omsattningstillgangar(Base):
    forrad: Post | None = None
    """Förråd och lager."""
    fordringar: Post | None = None
    """Kortfristiga fordringar, till exempel förutbetalda kostnader."""
    kortfristiga_placeringar: Post | None = None
    """Placeringar som kan säljas inom ett år, till exempel fonder och räntebärande papper."""
    kassa_och_bank: Post
    """Kassa och bank vid årets slut."""


class Ekforandring(Base):
    """A movement in eget kapital other than the year's result."""

    text: str
    """Vad förändringen av eget kapital avser."""
    belopp: Belopp
    """Förändringens belopp i kronor."""


class EgetKapital(Base):
    ingaende: Post
    """Eget kapital vid årets början (raden 'Eget kapital' före årets resultat)."""
    resultatutjamningsreserv: Post | None = None
    """Del av eget kapital som är resultatutjämningsreserv."""
    ovriga_forandringar: list[Ekforandring] = []
    """Andra förändringar än årets resultat, var och en med förklaring."""
    arets_resultat: Annotated[Belopp | None, Kontrollsumma(figur="arets_resultat")] = None
    """Kontrollsumma (valfri): årets resultat som det står i balansräkningen."""
    summa: Annotated[
        Belopp | None, Kontrollsumma(figur="eget_kapital", text="summa eget kapital")] = None
    """Kontrollsumma (valfri): summa eget kapital."""


class Avsattningar(Base):
    pensioner: Post | None = None
    """Avsättningar för pensioner och liknande förpliktelser."""
    ovriga: Post | None = None
    """Övriga avsättningar."""


class Skulder(Base):
    langfristiga: Post | None = None
    """Långfristiga skulder."""
    kortfristiga: Post
    """Kortfristiga skulder, till exempel leverantörsskulder och upplupna kostnader."""


class Balansrakning(Base):
    """Balansräkning at 31 December."""

    anlaggningstillgangar: Anlaggningstillgangar = Anlaggningstillgangar()
    """Anläggningstillgångar: immateriella, materiella (mark och byggnader, maskiner och
    inventarier) och finansiella."""
    omsattningstillgangar: Omsattningstillgangar
    """Omsättningstillgångar: förråd, fordringar, kortfristiga placeringar, kassa och bank."""
    eget_kapital: EgetKapital
    """Eget kapital: årets resultat, resultatutjämningsreserv och övrigt eget kapital."""
    avsattningar: Avsattningar = Avsattningar()
    """Avsättningar: pensioner och övriga."""
    skulder: Skulder
    """Skulder: långfristiga och kortfristiga."""
    pensionsforpliktelser: Post | None = None
    """Panter och ansvarsförbindelser: pensionsförpliktelser som inte har tagits upp bland
    skulderna eller avsättningarna (intjänade före 1998, inklusive särskild löneskatt).
    Skriv 0 om förbundet inte har några; LKBR 6 kap. 1 § kräver raden."""
    ansvarsforbindelser: Post | None = None
    """Panter och ansvarsförbindelser: övriga ansvarsförbindelser (borgen, garantier m.m.)."""

    summa_anlaggningstillgangar: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    summa_omsattningstillgangar: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    summa_tillgangar: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    summa_skulder: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    summa_eget_kapital_avsattningar_och_skulder: KontrollBelopp = None
    """Kontrollsumma (valfri)."""


class Flodesrad(Base):
    """A line of the kassaflödesanalys typed by the kansli: a text and an amount."""

    text: str
    """Radtext, till exempel 'Förändring av avsättning för pensioner' eller 'Nyupptagna lån'."""
    belopp: Belopp
    """Beloppet som det påverkar kassaflödet: inbetalning positiv, utbetalning negativ."""


class Investeringar(Base):
    """The investeringsverksamhet's lines (RKR R13): outflows negative, inflows positive."""

    forvarv_immateriella: Belopp = Decimal(0)
    """Investering i immateriella anläggningstillgångar (negativt belopp)."""
    forsaljning_immateriella: Belopp = Decimal(0)
    """Försäljning av immateriella anläggningstillgångar (inbetalningen)."""
    forvarv_materiella: Belopp = Decimal(0)
    """Investering i materiella anläggningstillgångar (negativt belopp)."""
    forsaljning_materiella: Belopp = Decimal(0)
    """Försäljning av materiella anläggningstillgångar (inbetalningen)."""
    forvarv_finansiella: Belopp = Decimal(0)
    """Investering i finansiella anläggningstillgångar (negativt belopp)."""
    forsaljning_finansiella: Belopp = Decimal(0)
    """Försäljning av finansiella anläggningstillgångar (inbetalningen)."""


class Kassaflodesanalys(Base):
    """Kassaflödesanalys by the indirect method (LKBR 8 kap., RKR R13).

    Everything is computed from the resultat- and balansräkning; investment and
    financing flows are the only lines that must be typed, best line by line
    (``investeringar``, ``finansiering``). Any other line typed here is checked against
    the computed value.
    """

    investeringar: Investeringar | None = None
    """Investeringsverksamhetens rader: förvärv och försäljning av immateriella, materiella
    och finansiella anläggningstillgångar. Utelämnas de räknas förvärven fram ur noternas
    inköp (anläggningstillgångar), när de stämmer med investeringsverksamheten."""
    investeringsverksamheten: Belopp = Decimal(0)
    """Kassaflöde från investeringsverksamheten (negativt vid inköp). Med 'investeringar'
    räknas det fram, och ett belopp som ändå skrivs här kontrolleras."""
    finansiering: list[Flodesrad] = []
    """Finansieringsverksamhetens rader, till exempel nyupptagna lån och amortering."""
    finansieringsverksamheten: Belopp = Decimal(0)
    """Kassaflöde från finansieringsverksamheten. Med 'finansiering' räknas det fram, och ett
    belopp som ändå skrivs här kontrolleras."""
    justeringar: list[Flodesrad] = []
    """Ej likviditetspåverkande poster utöver avskrivningarna, var och en på egen rad (till
    exempel avsättningar, realisationsvinster). Avskrivningarna tas ur resultaträkningen."""
    ovriga_justeringar: Belopp = Decimal(0)
    """Andra ej likviditetspåverkande poster än avskrivningar, som ett belopp (raden 'Övriga
    ej likviditetspåverkande poster'); skriv hellre dem var för sig under 'justeringar'."""

    arets_resultat: Annotated[Belopp | None, Kontrollsumma(text="årets resultat")] = None
    """Kontrollsumma (valfri)."""
    justering_ej_likviditetspaverkande: Annotated[
        Belopp | None, Kontrollsumma(text="justering för ej likviditetspåverkande poster")] = None
    """Kontrollsumma (valfri): avskrivningar m.m. som återförs."""
    forandring_fordringar: Annotated[
        Belopp | None, Kontrollsumma(text="ökning/minskning av kortfristiga fordringar")] = None
    """Kontrollsumma (valfri): ökning (−) eller minskning (+) av kortfristiga fordringar."""
    forandring_forrad: Annotated[
        Belopp | None, Kontrollsumma(text="ökning/minskning av förråd")] = None
    """Kontrollsumma (valfri)."""
    forandring_skulder: Annotated[
        Belopp | None, Kontrollsumma(text="ökning/minskning av kortfristiga skulder")] = None
    """Kontrollsumma (valfri): ökning (+) eller minskning (−) av kortfristiga skulder."""
    lopande_verksamheten: Annotated[
        Belopp | None, Kontrollsumma(text="kassaflöde från den löpande verksamheten")] = None
    """Kontrollsumma (valfri): kassaflöde från den löpande verksamheten."""
    arets_kassaflode: Annotated[Belopp | None, Kontrollsumma(text="årets kassaflöde")] = None
    """Kontrollsumma (valfri)."""
    likvida_medel_ingaende: Annotated[
        Belopp | None, Kontrollsumma(text="likvida medel vid årets början")] = None
    """Kontrollsumma (valfri): likvida medel vid årets början."""
    likvida_medel_utgaende: Annotated[
        Belopp | None, Kontrollsumma(text="likvida medel vid årets slut")] = None
    """Kontrollsumma (valfri): likvida medel vid årets slut."""


class Driftrad(Base):
    """One row of the driftredovisning: budget and outcome of an income or cost."""

    id: str | None = None
    """Id som kopplar raden till verksamhetsplanens budget och tertialuppföljningen."""
    namn: str
    """Radens text, till exempel 'Administration'."""
    typ: Literal["intakt", "kostnad"]
    """intakt eller kostnad; avgör tecknet på avvikelsen."""
    budget: Belopp
    """Budget som den beslutades (före budgetändringar), positivt belopp."""
    budgetandring: Belopp = Decimal(0)
    """Budgetändringar under året (+ ökar, − minskar raden); budget efter ändringar räknas
    fram och avvikelsen räknas mot den."""
    utfall: Belopp
    """Utfall, normalt positivt (en finansiell kostnadsrad kan bli negativ)."""


class Driftredovisning(Base):
    """Budget, utfall and avvikelse; avvikelse is positive when the outcome is better."""

    rader: list[Driftrad]
    """Driftredovisningens rader med budget och utfall."""
    avser: Literal["arets_resultat", "resultat_efter_finansiella_poster",
                   "verksamhetens_nettokostnad"] = "arets_resultat"
    """Raden i resultaträkningen som driftredovisningens resultat (utfall) ska stämma med:
    arets_resultat (standard; finansiella poster är då en egen rad i driftredovisningen),
    resultat_efter_finansiella_poster eller verksamhetens_nettokostnad (driftredovisningen
    utan finansiella poster)."""
    resultat_budget: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    resultat_utfall: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    visa_foregaende_ar: bool = True
    """Visa föregående års budget, utfall och avvikelse bredvid årets."""


class Investeringsrad(Base):
    """One investment (or group of investments) of the investeringsredovisning."""

    id: str | None = None
    """Valfritt id för investeringen."""
    namn: str
    """Investeringen eller gruppen, till exempel 'Inventarier'."""
    grupp: Literal["immateriella", "materiella", "finansiella"] = "materiella"
    """Slag av anläggningstillgång: immateriella, materiella eller finansiella."""
    budget: Belopp | None = None
    """Budgeterad utgift för året, positivt belopp. LKBR 10 kap. 2 § kräver den; saknas den
    varnar reportgen check."""
    utfall: Belopp
    """Årets utgift, positivt belopp."""


class Investeringsredovisning(Base):
    """The investeringsredovisning (LKBR 10 kap. 2 §, RKR R14): budget, utfall, avvikelse."""

    rader: list[Investeringsrad] = Field(min_length=1)
    """Investeringarna (eller grupperna) med budget och utfall."""
    text: Markdown | None = None
    """Kommentar under tabellen, till exempel om avvikelserna."""


class Balanskrav(Base):
    """Adjustments of the balanskravsutredning (LKBR 11 kap. 12 §); all default to zero."""

    realisationsvinster: Belopp = Decimal(0)
    """Samtliga realisationsvinster (dras av), positivt belopp."""
    realisationsvinster_undantag: Belopp = Decimal(0)
    """Realisationsvinster enligt undantagsmöjlighet (läggs till)."""
    realisationsforluster_undantag: Belopp = Decimal(0)
    """Realisationsförluster enligt undantagsmöjlighet (läggs till)."""
    orealiserade_forluster: Belopp = Decimal(0)
    """Orealiserade vinster och förluster i värdepapper (±; vinster dras av, förluster
    läggs till)."""
    aterforing_orealiserade_forluster: Belopp = Decimal(0)
    """Återföring av orealiserade vinster och förluster i värdepapper (±)."""
    reservering_rur: Belopp = Decimal(0)
    """Reservering till resultatutjämningsreserv (dras av), positivt belopp."""
    anvandning_rur: Belopp = Decimal(0)
    """Användning av resultatutjämningsreserv (läggs till), positivt belopp."""
    balanskravsresultat: KontrollBelopp = None
    """Kontrollsumma (valfri)."""
    visa_nollrader: bool | None = None
    """Visa rader som är noll; standard enligt forbund.yaml."""
    text: Markdown | None = None
    """Text till balanskravsutredningen (Markdown)."""
    reglering: Markdown | None = None
    """När och på vilket sätt ett negativt balanskravsresultat ska regleras (LKBR 11 kap.
    12 §), eller styrelsens skäl att inte reglera det. Krävs när balanskravsresultatet är
    negativt; visas under balanskravsutredningen."""


class Notrad(Base):
    """A row of a note table. ``summa: true`` rows are computed from the rows above them."""

    namn: str
    """Radens text."""
    belopp: Belopp | None = None
    """Årets belopp. Utelämnas för rubrikrader och summarader."""
    foregaende: Belopp | None = None
    """Föregående års belopp; behövs bara när föregående års fil saknas."""
    summa: bool = False
    """Summarad: summan av beloppsraderna ovanför, sedan tabellens början eller senaste rubrikrad
    (en delsumma räknas alltså inte två gånger)."""
    rubrik: bool = False
    """Rubrikrad utan belopp."""
    text: str | None = None
    """Text i stället för belopp (till exempel '5 år')."""
    figur: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")
    """Gör radens belopp tillgängligt i löptext som {{namn}}, till exempel medlemsavgifter."""


class Nottabell(Base):
    rubrik: str | None = None
    """Tabellens rubrik (valfri)."""
    kolumner: Literal["ar", "datum", "period", "ingen"] = "ar"
    """Kolumnrubriker: år ('2023'), balansdag ('2023-12-31'), period eller ingen."""
    rader: list[Notrad]
    """Tabellens rader med belopp för året och föregående år."""
    avser: str | None = None
    """Raden i räkningarna som tabellens sista summarad ska stämma med, till exempel
    'resultatrakning.verksamhetens_kostnader' eller 'balansrakning.skulder.kortfristiga'."""
    tecken: Literal[1, -1] = 1
    """-1 om tabellen skrivs med omvänt tecken mot räkningen (till exempel kostnader som
    positiva tal)."""
    visa_foregaende: bool = True
    """Om kolumnen för föregående år visas."""


class Not(Base):
    """A note (tilläggsupplysning). Notes are numbered in order of first reference."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Id som räkningarnas 'not:' pekar på."""
    rubrik: str
    """Notens rubrik, till exempel 'Verksamhetens intäkter'."""
    text: Markdown | None = None
    """Text före notens tabeller (Markdown)."""
    tabeller: list[Nottabell] = []
    """Notens tabeller."""
    text_efter: Markdown | None = None
    """Text efter tabellerna."""
    typ: Literal["allman", "redovisningsprinciper", "eget_kapital",
                 "anlaggningstillgangar", "fordringar", "kortfristiga_skulder",
                 "langfristiga_skulder", "avsattningar", "pensionsforpliktelser",
                 "ansvarsforbindelser", "revision", "leasing"] = "allman"
    """redovisningsprinciper blir alltid Not 1; eget_kapital och anlaggningstillgangar räknas
    fram ur räkningarna. fordringar, kortfristiga_skulder, langfristiga_skulder,
    avsattningar och ansvarsforbindelser specificerar balansräkningens rad (LKBR 4 kap.
    6 §): tabellens rader summeras och summan kontrolleras mot raden. pensionsforpliktelser
    räknar fram särskild löneskatt (under 'pension'); revision är kostnaden för
    räkenskapsrevision och andra tjänster från revisorerna; leasing är framtida
    minimileaseavgifter (under 'leasing', RKR R5)."""
    anlaggning: AnlaggningsNot | None = None
    """För typ anlaggningstillgangar: in- och utgående värden."""
    pension: PensionsNot | None = None
    """För typ pensionsforpliktelser: pensionsförpliktelsen; särskild löneskatt räknas fram."""
    leasing: list[Leasingavtal] = []
    """För typ leasing: ett eller flera slag av avtal (operationell leasing, hyresavtal) med
    framtida minimileaseavgifter."""
    avvikelser_rkr: list[RkrAvvikelse] | None = None
    """För typ redovisningsprinciper (Not 1): varje avvikelse från Rådet för kommunal
    redovisnings rekommendationer, med skäl. Skriv [] om förbundet följer alla; utelämnas
    listan varnar reportgen check."""


class AnlaggningsNot(Base):
    """The schedule of a fixed-asset note; closing values are computed."""

    post: str = "maskiner_och_inventarier"
    """Vilken balanspost noten förklarar."""
    ingaende_anskaffningsvarde: Belopp
    """Ingående anskaffningsvärde (förra årets utgående)."""
    inkop: Belopp = Decimal(0)
    """Årets inköp."""
    forsaljning: Belopp = Decimal(0)
    """Negativt belopp."""
    utrangering: Belopp = Decimal(0)
    """Negativt belopp."""
    overforing: Belopp = Decimal(0)
    """Överföringar mellan tillgångsslag under året."""
    ingaende_avskrivningar: Belopp
    """Negativt belopp."""
    arets_avskrivningar: Belopp = Decimal(0)
    """Negativt belopp."""
    aterford_avskrivning: Belopp = Decimal(0)
    """Återförda avskrivningar på sålda eller utrangerade tillgångar, positivt belopp."""
    avskrivningstid: str | None = None
    """Till exempel '5 år'."""
    utgaende_redovisat_varde: KontrollBelopp = None
    """Kontrollsumma (valfri)."""


SARSKILD_LONESKATT = Decimal("0.2426")
"""The rate of särskild löneskatt on pension costs, 24.26 per cent: lagen (1991:687) om
särskild löneskatt på pensionskostnader, 2 §. The one place the rate is stated; the pension
note (:class:`PensionsNot`) computes the löneskatt with it."""


class PensionsNot(Base):
    """Pension obligations outside the balance sheet (ansvarsförbindelse) and their löneskatt."""

    pensionsforpliktelse: Belopp
    """Pensionsförpliktelser som inte har tagits upp bland skulderna eller avsättningarna
    (intjänade före 1998), utan särskild löneskatt, som pensionsadministratören beräknat dem."""
    sarskild_loneskatt: Belopp | None = None
    """Särskild löneskatt på pensionsförpliktelsen (lagen om särskild löneskatt på
    pensionskostnader). Räknas fram; ett belopp som ändå skrivs här kontrolleras."""
    text: str | None = None
    """Radtext för pensionsförpliktelsen i stället för standardtexten."""


class Leasingavtal(Base):
    """Future minimum lease payments of one kind of contract, by when they fall due (RKR R5)."""

    rubrik: str = "Operationella leasingavtal"
    """Slag av avtal, till exempel 'Operationella leasingavtal' eller 'Hyresavtal för lokaler'."""
    inom_ett_ar: Belopp = Decimal(0)
    """Framtida minimileaseavgifter som förfaller till betalning inom ett år."""
    mellan_ett_och_fem_ar: Belopp = Decimal(0)
    """Som förfaller senare än ett år men inom fem år."""
    senare_an_fem_ar: Belopp = Decimal(0)
    """Som förfaller senare än fem år."""
    summa: Belopp | None = None
    """Summa framtida minimileaseavgifter. Räknas fram; ett belopp som ändå skrivs här
    kontrolleras."""
    arets_avgifter: Belopp | None = None
    """Årets kostnad för leasingavgifter eller hyror (valfri)."""


class RkrAvvikelse(Base):
    """One departure from a recommendation of Rådet för kommunal redovisning."""

    rekommendation: str = Field(min_length=1)
    """Rekommendationen, till exempel 'R5' eller 'R5 Leasing'."""
    avvikelse: str = Field(min_length=1)
    """Hur förbundet avviker från den."""
    skal: str = Field(min_length=1)
    """Skälet till avvikelsen."""


Not.model_rebuild()
