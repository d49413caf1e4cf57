"""Hostile and broken input (issue #8): never a traceback, never a wrong or lost report.

Property-based: the example data in ``data/`` is copied to a temporary folder, mutated
(wrong types, deleted and duplicated keys, odd Unicode, huge and negative numbers, wrong
dates, deep lists, broken lines) and run through :func:`reportgen.build.check_all` and,
when the check is clean, :func:`reportgen.build.build` (HTML only). Every run must end
either clean or with problems that each have a file, a line and a Swedish message; the
only exceptions allowed are reportgen's own :class:`~reportgen.errors.ReportgenError`.

The mutations are made on the loaded data and dumped back with ``yaml.safe_dump``, or on
the text line by line, so the file reportgen reads is real YAML with real line numbers.

CI runs a small, fixed budget of examples (40 in all across the property tests, database
off, derandomized so a CI failure reproduces). A longer hunt::

    REPORTGEN_HYPOTHESIS_EXAMPLES=2000 .venv/bin/pytest tests/test_hostile.py -p no:cacheprovider

``REPORTGEN_HYPOTHESIS_EXAMPLES`` is the total across the property tests (split as in
:data:`SHARE`); with it set, the runs are random (not derandomized) and a failing example
is printed by Hypothesis as a ``@reproduce_failure`` blob. ``REPORTGEN_HYPOTHESIS_DEADLINE``
(seconds, default 5) bounds one example; on a loaded machine set it higher (60), or
Hypothesis reports a slow example as a flaky failure. bench/README.md records the long runs.

Also here: text is data, never markup (every text field of an example gets script tags,
javascript: links and Jinja syntax; the built HTML must contain none of it live), and
files the data refers to (``tema.logotyp``) stay inside the förbund's folder.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen import build
from reportgen.errors import Problem, ReportgenError
from reportgen.load import load_yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# ----------------------------------------------------------------------------- budget

TOTAL = int(os.environ.get("REPORTGEN_HYPOTHESIS_EXAMPLES", "40"))
LONG_RUN = "REPORTGEN_HYPOTHESIS_EXAMPLES" in os.environ
DEADLINE = dt.timedelta(seconds=float(os.environ.get("REPORTGEN_HYPOTHESIS_DEADLINE", "5")))
SHARE = {"data": 0.5, "text": 0.25, "unicode": 0.25}
"""How the example budget is split between the property tests."""


def budget(test: str) -> settings:
    return settings(
        max_examples=max(1, round(TOTAL * SHARE[test])),
        deadline=DEADLINE,
        database=None,
        derandomize=not LONG_RUN,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
        print_blob=True,
    )


# ------------------------------------------------------------------------- the targets

TARGETS = [
    # (förbund folder, year file checked, file that is mutated)
    ("nnv-skane", "2020.yaml", "2020.yaml"),
    ("nnv-skane", "2020.yaml", "forbund.yaml"),
    ("skane-nordost", "2023.yaml", "2023.yaml"),
    ("skane-nordost", "2023.yaml", "2022.yaml"),
    ("skane-nordost", "2023.yaml", "forbund.yaml"),
    ("skane-nordost", "2022.yaml", "2022.yaml"),
    ("ostra-sodertorn", "2023.yaml", "2023.yaml"),
]

_LOADED: dict[tuple[str, str], Any] = {}


def original(folder: str, name: str) -> Any:
    """The example file as plain data (cached; callers get a deep copy)."""
    key = (folder, name)
    if key not in _LOADED:
        _LOADED[key] = yaml.safe_load((DATA / folder / name).read_text(encoding="utf-8"))
    return _copy(_LOADED[key])


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def copy_folder(folder: str, dest: Path) -> Path:
    """The förbund's YAML files, round-tripped through safe_dump, and its SIE files (the
    books a year file's bokforing: points at) as they are."""
    target = dest / folder
    target.mkdir(parents=True)
    for path in (DATA / folder).glob("*.yaml"):
        (target / path.name).write_text(dump(original(folder, path.name)), encoding="utf-8")
    for path in (DATA / folder).glob("*.se"):
        shutil.copyfile(path, target / path.name)
    return target


# ----------------------------------------------------------------------- the assertions

SWEDISH = re.compile(
    r"\b(är|ska|saknas|fel|får|inte|väntades|finns|stämmer|måste|skriv|och|ett|en|på|av|"
    r"för|med|som|till|står|heltal|tal|text|filen|värde|belopp|datum|nyckeln|okänd|okänt|"
    r"men|har|ingen|inget|inga|eller|om|den|det|de|kan|bara|utan|vid|efter|mot|högst|minst|"
    r"talet|texten|raden|rader|året|åren|mallen|avsnittet|summan|varning)\b"
    r"|[åäö]", re.IGNORECASE)
ENGLISH = re.compile(
    r"Traceback|NoneType|object has no attribute|Input should|Field required|"
    r"\bvalidation error\b|\bexpected\b|\binvalid\b|not supported|KeyError|TypeError|"
    r"ValueError|AttributeError|IndexError|decimal\.|InvalidOperation", re.IGNORECASE)


def assert_reported_well(problems: list[Problem], folder: Path) -> None:
    """Every problem has a file in *folder*, a line, and a Swedish message."""
    for p in problems:
        assert p.location is not None, f"problem without a place: {p}"
        assert p.location.line is not None and p.location.line >= 1, f"no line: {p}"
        file = Path(p.location.file)
        if not file.is_absolute():
            file = Path.cwd() / file
        assert file.resolve().parent == folder.resolve(), f"wrong file: {p}"
        assert SWEDISH.search(p.message), f"not Swedish: {p}"
        assert not ENGLISH.search(str(p)), f"English or internal text: {p}"


def run_pipeline(year_file: Path, out: Path) -> list[Problem]:
    """check_all, then build HTML of every report that checks clean; return the problems.

    Raises only what reportgen raises on purpose (``ReportgenError``); anything else fails
    the test with its traceback.
    """
    problems: list[Problem] = []
    for report, period in build.reports_in(year_file):
        result = build.check(year_file, report, period)
        assert_reported_well(result.problems, year_file.parent)
        problems.extend(result.problems)
        if result.errors:
            continue
        try:
            written, _warnings = build.build(year_file, report, formats=("html",), out=out,
                                             period=period)
        except ReportgenError as exc:
            # The check passed, so the build should too; a ReportgenError here is at least
            # no traceback, but the check ought to have said it (with a line).
            pytest.fail(f"check was clean but build refused {report} {period or ''}: "
                        f"{exc.format_message()}")
        for path in written:
            text = path.read_text(encoding="utf-8")
            assert text.rstrip().endswith("</html>"), f"truncated {path}"
    return problems


# -------------------------------------------------------------------------- mutations

ODD_CHARS = [
    "\u200f", "\u200e", "\u202e", "\u202d", "\u2066", "\u2069",  # RTL/LTR marks, overrides
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060",  # zero width
    "\u0007", "\u001b", "\u0085", "\u2028", "\u2029", "\u000b", "\u000c", "\r",  # controls
    "\x00", "\x9b", "\x1b[31m", "\ufffe", "\ud800", "\udfff",  # refused (issue #20)
    "😀", "👩‍👩‍👧", "🇸🇪", "\U0001f9d1\u200d\U0001f4bb", "\U000e0041",  # emoji, tags
    "\u0301", "\u0338", "ﷺ", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "中文",
    "\U0001d54f", "\ufffd", "\uffff", "\U0010ffff", "<", ">", "&", "\"", "'", "{{", "}}",
    "{%", "%}", "{#", "\\", "`", "*", "_", "#", "|", "[", "]", "(", ")", "\t", "\n", " ",
    "−", "–", "\u00a0", "\u202f", "%", "{ar}", "{forbund}", "{x}", "{", "}",
]

odd_text = st.lists(st.one_of(st.sampled_from(ODD_CHARS),
                              st.text(st.characters(exclude_categories=("Cs",),
                                                    exclude_characters="\x00"), max_size=5)),
                    max_size=8).map("".join)

weird_scalar = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-10**6, max_value=10**6),
    st.sampled_from([10**30, -10**30, 2**63, -2**63 - 1, 10**400, 0, -1,
                     10**26, 10**28, 2020, 2025, 1999]),  # issue #20: bounds, plan years
    st.decimals(allow_nan=False, allow_infinity=False, places=3,
                min_value=Decimal(-10**12), max_value=Decimal(10**12)).map(float),
    st.sampled_from(["2023-02-30", "2023-13-01", "0000-01-01", "31/12/2023", "2023-12-31T25:00",
                     "yes", "no", "on", "0123", "1:30", "12,5 mkr", "−", "–", "1 234,567",
                     "−579 186", "–0", "1e400", ".nan", "-.inf", "NaN", "Infinity", "", " ",
                     "1e30", "1E+26", "0.00000000000000000000000000001", "\x1b[31m5",
                     "T9", "T1", "~", "null"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    odd_text,
)


def _paths(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*path, i))


def _parent(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _nest(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated_data(draw) -> tuple[str, str, str, Any]:
    """A target, and its mutated file as data; 1–4 mutations at random places."""
    folder, year, name = draw(st.sampled_from(TARGETS))
    data = original(folder, name)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p, _ in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        key = path[-1]
        value = parent[key]
        op = draw(st.sampled_from(["replace", "delete", "negate", "huge", "unicode", "nest",
                                   "wrap", "empty", "date", "swap_type"]))
        if op == "replace":
            parent[key] = draw(weird_scalar)
        elif op == "delete":
            del parent[key]
        elif op == "negate" and isinstance(value, (int, float)) and not isinstance(value, bool):
            parent[key] = -value if value else -1
        elif op == "huge":
            parent[key] = draw(st.sampled_from([10**30, -10**30, 10**30 + 0.5, 99999999999999999]))
        elif op == "unicode" and isinstance(value, str):
            at = draw(st.integers(0, len(value)))
            parent[key] = value[:at] + draw(odd_text) + value[at:]
        elif op == "nest":
            parent[key] = _nest(value, draw(st.integers(1, 70)))
        elif op == "wrap":
            parent[key] = draw(st.sampled_from([{"belopp": value}, {"x": value}, [value, value]]))
        elif op == "empty":
            parent[key] = draw(st.sampled_from([[], {}, "", None]))
        elif op == "date":
            parent[key] = draw(st.one_of(
                st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
                st.sampled_from(["2023-02-29", "2023-00-10", "23-12-31", "2023/12/31"])))
        elif op == "swap_type":
            parent[key] = (str(value) if isinstance(value, (int, float, dt.date))
                           else draw(st.sampled_from([1, [value], {"a": value}, True])))
    return folder, year, name, data


@st.composite
def mutated_text(draw) -> tuple[str, str, str, str]:
    """A target, and its file as text with 1–4 lines broken (duplicated, deleted, …)."""
    folder, year, name = draw(st.sampled_from(TARGETS))
    lines = dump(original(folder, name)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        op = draw(st.sampled_from(["duplicate", "delete", "indent", "dedent", "tab", "insert",
                                   "colon", "quote", "anchor", "truncate"]))
        if op == "duplicate":  # a duplicated key (or list item)
            lines.insert(i + 1, line)
        elif op == "delete":
            del lines[i]
            if not lines:  # the next draw needs a line to pick
                lines = [""]
        elif op == "indent":
            lines[i] = "  " + line
        elif op == "dedent":
            lines[i] = line[1:] if line.startswith(" ") else line
        elif op == "tab":
            lines[i] = "\t" + line.lstrip(" ")
        elif op == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(odd_text).replace("\n", " ") + line[at:]
        elif op == "colon":
            lines[i] = line + ": x"
        elif op == "quote":
            lines[i] = line + ' "'
        elif op == "anchor":
            lines[i] = line + " &a"
            lines.insert(min(i + 3, len(lines)), line.split(":")[0] + ": *a")
        elif op == "truncate":
            lines = lines[:i]
            if not lines:
                lines = [""]
    return folder, year, name, "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------- tests


@pytest.fixture(scope="module", autouse=True)
def warm_up(tmp_path_factory):
    """Import Jinja, matplotlib and friends once, so no example pays for it (deadline)."""
    out = tmp_path_factory.mktemp("warm")
    for folder, year, _ in TARGETS[::2]:  # every report the file holds (no empty shells)
        build.build_all(DATA / folder / year, formats=("html",), out=out)


def _write_and_run(folder: str, year: str, name: str, text: str) -> list[Problem]:
    with tempfile.TemporaryDirectory(prefix="reportgen-hostile-") as tmp:
        target = copy_folder(folder, Path(tmp))
        # surrogatepass: a lone surrogate inserted as text becomes bytes that are not
        # UTF-8, which reportgen must refuse like any other broken encoding.
        (target / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        return run_pipeline(target / year, Path(tmp) / "build")


@pytest.mark.parametrize(("folder", "year"), sorted({(f, y) for f, y, _ in TARGETS}))
def test_round_trip_is_clean(folder, year, tmp_path):
    """The baseline: an unmutated example, dumped by safe_dump, checks without errors."""
    target = copy_folder(folder, tmp_path)
    problems = run_pipeline(target / year, tmp_path / "build")
    assert [p for p in problems if p.severity == "fel"] == []


@budget("data")
@given(mutated_data())
def test_mutated_data_never_crashes(case):
    folder, year, name, data = case
    _write_and_run(folder, year, name, dump(data))


@budget("text")
@given(mutated_text())
def test_mutated_text_never_crashes(case):
    folder, year, name, text = case
    _write_and_run(folder, year, name, text)


@budget("unicode")
@given(st.sampled_from(TARGETS), st.data())
def test_odd_unicode_in_every_string(target, data):
    """Odd characters in many strings at once: clean or well reported, never a crash."""
    folder, year, name = target
    tree = original(folder, name)
    for path, value in list(_paths(tree)):
        if isinstance(value, str) and data.draw(st.booleans()):
            _parent(tree, path)[path[-1]] = value + data.draw(odd_text)
    _write_and_run(folder, year, name, dump(tree))


# ------------------------------------------------------------- text is data, never markup

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[länk](javascript:alert(1))",
    '<a href="javascript:alert(1)">klicka</a>',
    "[l2](  JaVaScRiPt:alert(1) )",
    "<iframe src=\"https://example.com\"></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "\"><script>alert(2)</script>",
    "' onmouseover='alert(3)",
    "{% for x in 'abc' %}JINJALOOP{% endfor %}",
    "{# kommentar #}",
]
"""Injected into every text field; none may come out as live markup or evaluated Jinja."""

JINJA_EXPRESSION = "{{ 7*7 }}"
"""Separate: in Markdown text the checks refuse it as a malformed placeholder (so the
injection keeps it only in plain text fields); it must never be evaluated."""

_FIELD = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_dotted(field: str) -> tuple:
    """``noter[1].rader`` (and ``noter.1.rader``, as some checks write it) → a path."""
    return tuple(int(i) if i else int(k) if k.isdigit() else k for k, i in _FIELD.findall(field))


class Live(html.parser.HTMLParser):
    """Collects what a browser would treat as markup: tags, event handlers, URL schemes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "xlink:href", "action", "formaction", "data") and value:
                self.urls.append(re.sub(r"[\s\x00-\x1f]", "", value).lower())

    handle_startendtag = handle_starttag


def live(text: str) -> Live:
    parser = Live()
    parser.feed(text)
    parser.close()
    return parser


def inject(folder: Path, payload: str, files: tuple[str, ...]) -> int:
    """Append *payload* to every string of *files* that the checks accept it in.

    Strings where it makes the data invalid (ids, choices, dates, amounts as text …) are
    put back, round by round, until the checks pass. Returns how many strings keep it.
    """
    trees = {name: yaml.safe_load((folder / name).read_text(encoding="utf-8")) for name in files}
    injected: dict[str, dict[tuple, str]] = {name: {} for name in files}
    for name, tree in trees.items():
        for path, value in list(_paths(tree)):
            if isinstance(value, str) and path:
                injected[name][path] = value
                extra = f"\n\n{payload}\n" if "\n" in value.strip() else f" {payload}"
                _parent(tree, path)[path[-1]] = value + extra
    year = next(folder.glob("[0-9]*.yaml")) if not any(n[0].isdigit() for n in files) else \
        folder / sorted(n for n in files if n[0].isdigit())[-1]
    for _ in range(10):
        for name, tree in trees.items():
            (folder / name).write_text(dump(tree), encoding="utf-8")
        errors = [p for p in build.check_all(year) if p.severity == "fel"]
        if not errors:
            return sum(len(v) for v in injected.values())
        reverted = 0
        marks = {name: load_yaml(folder / name).marks for name in trees}
        for p in errors:
            name = Path(p.location.file).name if p.location else None
            assert name in trees, f"error outside the injected files: {p}"
            where = parse_dotted(p.field or "")
            hits = [q for q in injected[name]
                    if (q in marks[name] and marks[name][q].line == p.location.line)
                    or q[:len(where)] == where or where[:len(q)] == q]
            while where and not hits:  # a derived value: put back its whole parent
                where = where[:-1]
                hits = [q for q in injected[name] if where and q[:len(where)] == where]
            for path in hits:
                _parent(trees[name], path)[path[-1]] = injected[name].pop(path)
            reverted += len(hits)
        assert reverted, "checks fail on fields that were not injected:\n" + \
            "\n".join(map(str, errors))
    pytest.fail("injection did not settle in 10 rounds")


def build_all_html(year: Path, out: Path) -> list[str]:
    pages = []
    for report, period in build.reports_in(year):
        written, _ = build.build(year, report, formats=("html",), out=out, period=period)
        pages.extend(p.read_text(encoding="utf-8") for p in written)
    return pages


def assert_no_live_markup(page: str, baseline: Live) -> None:
    found = live(page)
    for tag in ("script", "iframe", "style", "img", "svg", "object", "embed", "a", "link",
                "meta", "form", "base"):
        assert found.tags.get(tag, 0) <= baseline.tags.get(tag, 0), \
            f"<{tag}> from the data is live markup"
    assert found.handlers == [], f"event handlers in the HTML: {found.handlers[:5]}"
    bad = [u for u in found.urls if not u.startswith(("#", "data:image/", "http:", "https:",
                                                      "mailto:"))]
    assert bad == [], f"unsafe URLs in the HTML: {bad[:5]}"
    # Evaluated, the loop would print JINJALOOP three times with nothing before it; as text
    # it follows "%}", or that brace CSS-escaped (backslash 00007d) in a running header.
    assert not re.search(r"(?<!%\})(?<!\\00007d )JINJALOOP", page), \
        "Jinja in the data was evaluated"


FORBUND = sorted({(f, y) for f, y, _ in TARGETS if not (f == "skane-nordost" and y == "2022.yaml")})


@pytest.mark.parametrize(("folder", "year"), FORBUND)
def test_markup_in_every_text_field_stays_text(folder, year, tmp_path):
    target = copy_folder(folder, tmp_path)
    baseline = [live(p) for p in build_all_html(target / year, tmp_path / "före")]
    names = tuple(sorted(p.name for p in target.glob("*.yaml")))
    kept = inject(target, " ".join(MARKUP), names)
    assert kept > 20
    pages = build_all_html(target / year, tmp_path / "efter")
    assert len(pages) == len(baseline)
    for page, base in zip(pages, baseline, strict=True):
        assert_no_live_markup(page, base)
        # The text is there, shown as text.
        assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
        assert "{% for x in" in page


# The injected förbund name and title are so long that the fixed-height cover cuts the
# title off; the PDF then has no H1 before the contents' H2, fails the structure checks,
# and is (rightly) written without the PDF/UA-1 and level A identification, with a warning.
@pytest.mark.filterwarnings("ignore::reportgen.pdfpost.ConformanceWarning")
def test_markup_in_every_text_field_pdf(tmp_path):
    """One PDF of a fully injected report: it builds, and no script text became markup."""
    pypdf = pytest.importorskip("pypdf")
    target = copy_folder("skane-nordost", tmp_path)
    inject(target, " ".join(MARKUP), ("2023.yaml", "forbund.yaml"))
    written, _ = build.build(target / "2023.yaml", formats=("pdf",), out=tmp_path / "ut")
    [pdf] = written
    reader = pypdf.PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages[:6])
    assert "alert(1)" in text  # shown as text
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uri = str(action.get_object().get("/URI", ""))
                assert not uri.strip().lower().startswith("javascript:"), uri
    assert "/JavaScript" not in pdf.read_bytes().decode("latin-1")


@pytest.mark.parametrize(("folder", "year"), FORBUND)
def test_jinja_expression_in_text_is_not_evaluated(folder, year, tmp_path):
    target = copy_folder(folder, tmp_path)
    before = build_all_html(target / year, tmp_path / "före")
    names = tuple(sorted(p.name for p in target.glob("*.yaml")))
    assert inject(target, JINJA_EXPRESSION, names) > 5
    for page, base in zip(build_all_html(target / year, tmp_path / "ut"), before, strict=True):
        assert "{{ 7*7 }}" in page
        fortynine = re.compile(r"(?<![\d\xa0])49(?![\d\xa0])")
        assert len(fortynine.findall(page)) <= len(fortynine.findall(base)), \
            "Jinja in the data was evaluated"


# -------------------------------------------------------------- bugs the suite has found


def test_huge_amount_is_reported_not_a_traceback(tmp_path):
    target = copy_folder("nnv-skane", tmp_path)
    data = original("nnv-skane", "2020.yaml")
    data["budget"]["ar"][0]["medelstilldelning"] = 10**30
    (target / "2020.yaml").write_text(dump(data), encoding="utf-8")
    problems = build.check_all(target / "2020.yaml")  # raised InvalidOperation
    assert problems
    assert_reported_well(problems, target)


@pytest.mark.parametrize("mutate", [
    lambda d: d["noter"][1]["tabeller"][0].__setitem__("rader", 1),
    lambda d: d["noter"][1].__setitem__("tabeller", "text"),
])
def test_prior_year_note_of_the_wrong_shape_beside_books(tmp_path, mutate):
    """Found by the 10 000-example run (2026-12-01): last year's note table with
    ``rader: 1`` crashed the SIE merge (TypeError) before the model could say it."""
    target = copy_folder("skane-nordost", tmp_path)
    data = original("skane-nordost", "2022.yaml")
    mutate(data)
    (target / "2022.yaml").write_text(dump(data), encoding="utf-8")
    run_pipeline(target / "2023.yaml", tmp_path / "build")


def test_huge_prior_year_amount_beside_books(tmp_path):
    """Found by the 10 000-example run: a 10**30 in last year's resultaträkning reached
    the SIE comparison's message formatting (decimal.InvalidOperation)."""
    target = copy_folder("skane-nordost", tmp_path)
    data = original("skane-nordost", "2022.yaml")
    data["resultatrakning"]["verksamhetens_intakter"]["belopp"] = 10**30
    (target / "2022.yaml").write_text(dump(data), encoding="utf-8")
    problems = run_pipeline(target / "2023.yaml", tmp_path / "build")
    assert any("2022.yaml" in str(p.location) for p in problems)


def test_year_file_with_only_its_year_is_said_with_a_line(tmp_path):
    """Found by the 10 000-example run: ``ar: 2020`` alone gave 'årsfilen har inga
    uppgifter' with no line."""
    target = copy_folder("nnv-skane", tmp_path)
    (target / "2020.yaml").write_text("ar: 2020\n", encoding="utf-8")
    problems = run_pipeline(target / "2020.yaml", tmp_path / "build")
    assert any(p.check == "rapport_har_uppgifter" and p.location.line == 1 for p in problems)


@pytest.mark.parametrize("value", [".", "undermapp"])
def test_sie_file_that_is_a_folder_is_said_at_its_line(tmp_path, value):
    """Found by the 10 000-example run: ``bokforing.sie: .`` named the förbund's folder,
    which exists, and the reader's 'det är en mapp' came with no line."""
    target = copy_folder("exempel", tmp_path)
    (target / "undermapp").mkdir()
    data = original("exempel", "2024.yaml")
    data["bokforing"]["sie"] = value
    (target / "2024.yaml").write_text(dump(data), encoding="utf-8")
    problems = run_pipeline(target / "2024.yaml", tmp_path / "build")
    assert [p.field for p in problems] == ["bokforing.sie"]


def test_unreadable_sie_file_is_said_at_the_year_files_line(tmp_path, monkeypatch):
    target = copy_folder("exempel", tmp_path)
    from reportgen.sie import reader

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(reader.Path, "open", refuse)
    problems = build.check_all(target / "2024.yaml")
    [p] = [p for p in problems if "behörighet" in p.message]
    assert p.message.startswith("SIE-filen 2024.se: ")
    assert p.location.line is not None and p.location.file.endswith("2024.yaml")


def test_insats_id_of_the_wrong_type_beside_books(tmp_path):
    """The same merge, for a tertial block's insats with a list as its id."""
    target = copy_folder("exempel", tmp_path)
    data = original("exempel", "2024.yaml")
    data["tertial"] = {t: {**(v or {}), "insatser": [{"id": ["lista"]}]}
                       for t, v in (data.get("tertial") or {"T1": {}}).items()}
    (target / "2024.yaml").write_text(dump(data), encoding="utf-8")
    run_pipeline(target / "2024.yaml", tmp_path / "build")


def test_duplicate_anchor_is_said_in_swedish(tmp_path):
    """Found by the long run for issue #20: 'ogiltig YAML: second occurrence'."""
    target = copy_folder("nnv-skane", tmp_path)
    text = (target / "2020.yaml").read_text(encoding="utf-8")
    text = text.replace("verksamhetsplan:", "verksamhetsplan: &a\nverksamhetsplan: &a", 1)
    (target / "2020.yaml").write_text(text, encoding="utf-8")
    problems = build.check_all(target / "2020.yaml")
    assert any("samma ankare" in p.message for p in problems), problems
    assert_reported_well(problems, target)


def test_indented_first_line_is_said_in_swedish(tmp_path):
    (tmp_path / "2020.yaml").write_text("  ar: 2020\nverksamhetsplan:\n  titel: x\n",
                                        encoding="utf-8")
    shutil.copy(DATA / "nnv-skane" / "forbund.yaml", tmp_path / "forbund.yaml")
    [problem] = build.check_all(tmp_path / "2020.yaml")
    assert problem.location.line == 2
    assert_reported_well([problem], tmp_path)


def test_malformed_placeholder_is_found_by_check(tmp_path):
    """Found by this suite: '{{ 7*7 }}' passed the check, then build died with
    markdown.BadPlaceholder (a ValueError). Fixed in checks.text_figur and build.build."""
    target = copy_folder("nnv-skane", tmp_path)
    data = original("nnv-skane", "2020.yaml")
    data["verksamhetsplan"]["avsnitt"][0]["text"] += "\n\nSumma: {{ 7*7 }}\n"
    (target / "2020.yaml").write_text(dump(data), encoding="utf-8")
    problems = build.check_all(target / "2020.yaml")
    assert any("platshållare" in p.message or "{{ 7*7 }}" in p.message for p in problems)
    assert_reported_well(problems, target)


def test_long_chart_label_gives_no_warning(tmp_path):
    """Found by this suite: matplotlib warned in English ('Tight layout not applied')."""
    import warnings

    target = copy_folder("ostra-sodertorn", tmp_path)
    data = original("ostra-sodertorn", "2023.yaml")
    paths = [p for p, v in _paths(data) if p and p[-1] == "kategorier"]
    assert paths
    cell = _parent(data, paths[0])[paths[0][-1]]
    cell[0] = "Mycket lång kategori " * 12
    (target / "2023.yaml").write_text(dump(data), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build.build(target / "2023.yaml", formats=("html",), out=tmp_path / "ut")


# ------------------------------------------------------- round two (issue #20)


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part] if not isinstance(data, dict) else data.setdefault(part, {})
    data[path[-1]] = value


def _case(tmp_path: Path, folder: str, name: str, path: tuple, value: Any) -> Path:
    target = copy_folder(folder, tmp_path)
    data = original(folder, name)
    _set(data, path, value)
    (target / name).write_text(dump(data), encoding="utf-8")
    return target


CONTROLS = ["a\x00b", "a\x1b[31mröd\x1b[0m", "a\x07b", "a\x9bb", "a\ufffeb", "a\uffffb",
            "a\x7fb", "a\ud800b", "\udfff"]


@pytest.mark.parametrize("value", CONTROLS)
@pytest.mark.parametrize(("folder", "name", "path"), [
    ("nnv-skane", "forbund.yaml", ("namn",)),
    ("skane-nordost", "2023.yaml", ("organisation", "styrelse", "ledamoter", 0, "namn")),
])
def test_control_characters_and_surrogates_are_refused_at_their_line(tmp_path, folder, name,
                                                                   path, value):
    year = "2020.yaml" if folder == "nnv-skane" else "2023.yaml"
    target = _case(tmp_path, folder, name, path, value)
    problems = [p for p in build.check_all(target / year) if p.severity == "fel"]
    assert problems, "accepted a control character"
    assert_reported_well(problems, target)
    [problem] = [p for p in problems if "styrtecken" in p.message or "surrogat" in p.message]
    assert problem.field == ".".join(str(x) for x in path).replace(".0.", "[0].")
    clean = copy_folder(folder, tmp_path / "ren")  # same layout, the value left as it was
    assert problem.location.line == load_yaml(clean / name).marks[path].line


def test_surrogate_in_text_gives_json_not_a_traceback(tmp_path):
    from click.testing import CliRunner

    from reportgen.cli import main

    target = _case(tmp_path, "nnv-skane", "2020.yaml", ("verksamhetsplan", "titel"), "\ud800")
    result = CliRunner().invoke(main, ["check", str(target / "2020.yaml"), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    import json

    found = json.loads(result.output)
    assert any("surrogat" in p["meddelande"] for p in found)


@pytest.mark.parametrize(("folder", "name", "path", "value"), [
    ("nnv-skane", "2020.yaml", ("budget", "riktlinje_eget_kapital", "hogst_procent"), 10**26),
    ("nnv-skane", "2020.yaml", ("budget", "riktlinje_eget_kapital", "hogst_procent"), "1e30"),
    ("nnv-skane", "2020.yaml", ("budget", "riktlinje_eget_kapital", "lagst_procent"), 10**27),
    ("nnv-skane", "2020.yaml", ("budget", "riktlinje_eget_kapital", "hogst_procent"),
     "0.000000000000000000000000000001"),
    ("skane-nordost", "2023.yaml", ("organisation", "styrelse", "antal_moten"), 10**28),
    ("skane-nordost", "2023.yaml", ("organisation", "styrelse", "antal_moten"), 10**400),
    ("skane-nordost", "2023.yaml", ("personal", "antal_anstallda"), 10**20),
])
def test_every_number_field_is_bounded(tmp_path, folder, name, path, value):
    year = "2020.yaml" if folder == "nnv-skane" else "2023.yaml"
    target = _case(tmp_path, folder, name, path, value)
    problems = run_pipeline(target / year, tmp_path / "ut")  # raised InvalidOperation
    errors = [p for p in problems if p.severity == "fel"]
    assert errors
    assert any(p.field and p.field.endswith(path[-1]) for p in errors), errors


@pytest.mark.parametrize(("key", "words"), [("budget", "budgettabellen"),
                                            ("fordelning", "fördelningstabellen")])
def test_budget_year_the_plan_lacks_is_reported_with_its_line(tmp_path, key, words):
    target = copy_folder("nnv-skane", tmp_path)
    text = (target / "2020.yaml").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() == f"{key}: 2020")
    text = "\n".join(row.replace(f"{key}: 2020", f"{key}: 2025") if i == line else row
                     for i, row in enumerate(text.splitlines(), 1)) + "\n"
    (target / "2020.yaml").write_text(text, encoding="utf-8")
    result = build.check(target / "2020.yaml", "verksamhetsplan")  # was clean, build: KeyError
    [problem] = result.errors
    assert problem.check == "budget_ar_finns"
    assert problem.location.line == line and words in problem.message
    assert "2020, 2021, 2022" in problem.message
    assert_reported_well([problem], target)
    with pytest.raises(ReportgenError):
        build.build(target / "2020.yaml", "verksamhetsplan", formats=("html",),
                    out=tmp_path / "ut")


@pytest.mark.parametrize("which", ["year", "prior"])
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom"])
def test_non_regular_year_file_is_refused_at_once(tmp_path, which, kind):
    import signal

    target = copy_folder("skane-nordost", tmp_path)
    path = target / ("2023.yaml" if which == "year" else "2022.yaml")
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(kind)
    def hung(_signum, _frame):
        raise TimeoutError("reportgen waited for a FIFO or read a device without end")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)  # a hang fails the test instead of the run
    try:
        problems = build.check_all(target / "2023.yaml")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    [problem] = [p for p in problems if p.location and p.location.file.endswith(path.name)]
    assert "ingen vanlig fil" in problem.message
    assert SWEDISH.search(problem.message) and not ENGLISH.search(str(problem))


def test_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from reportgen import load

    target = copy_folder("skane-nordost", tmp_path)
    with (target / "2023.yaml").open("ab") as f:
        f.truncate(load.MAX_FILE_BYTES + 10)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    [problem] = [p for p in build.check_all(target / "2023.yaml")
                 if p.location and p.location.file.endswith("2023.yaml")]
    assert "högst 2 MB" in problem.message
    assert read == []


# ------------------------------------------------ files the data refers to: tema.logotyp

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"


def logo_forbund(tmp_path: Path, logotyp: Any) -> Path:
    """nnv-skane with tema.logotyp set to *logotyp*; the fixture logos in its folder."""
    target = copy_folder("nnv-skane", tmp_path / "data")
    for name in ("logo.svg", "logo.png"):
        shutil.copy(FIXTURES / name, target / name)
    data = original("nnv-skane", "forbund.yaml")
    data.setdefault("tema", {})["logotyp"] = logotyp
    (target / "forbund.yaml").write_text(dump(data), encoding="utf-8")
    return target


def logo_problems(target: Path) -> list[Problem]:
    problems = [p for p in build.check_all(target / "2020.yaml") if p.severity == "fel"]
    line = load_yaml(target / "forbund.yaml").marks[("tema", "logotyp")].line
    for p in problems:
        assert p.location.file.endswith("forbund.yaml") and p.location.line == line, str(p)
        assert p.field == "tema.logotyp" and p.check == "fil_finns"
    assert_reported_well(problems, target)
    return problems


@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "./logo.svg"])
def test_logo_inside_the_folder_is_embedded(tmp_path, name):
    target = logo_forbund(tmp_path, name)
    assert logo_problems(target) == []
    [page] = build_all_html(target / "2020.yaml", tmp_path / "ut")
    assert 'src="data:image/' in page


@pytest.mark.parametrize(("value", "message"), [
    ("/etc/passwd", "inte en absolut sökväg"),
    ("/tmp/logo.svg", "inte en absolut sökväg"),
    ("~/logo.svg", "inte en absolut sökväg"),
    ("C:\\logo.png", "inte en absolut sökväg"),
    ("../../../etc/passwd", "får inte ligga utanför förbundets mapp"),
    ("bilder/../../annat/logo.svg", "får inte ligga utanför förbundets mapp"),
    ("..\\logo.svg", "får inte ligga utanför förbundets mapp"),
    ("http://example.com/logo.png", "inte en adress"),
    ("https://example.com/logo.svg", "inte en adress"),
    ("file:///etc/passwd", "inte en adress"),
    ("data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", "inte en adress"),
    ("javascript:alert(1)", "inte en adress"),
    ("saknas.svg", "finns inte i förbundets mapp"),
    ("", "är tom"),
    (".", "är ingen fil"),
    ("2020.yaml", "ska vara SVG, PNG eller JPEG"),
])
def test_logo_outside_or_odd_is_refused_at_its_line(tmp_path, value, message):
    target = logo_forbund(tmp_path, value)
    [problem] = logo_problems(target)
    assert message in problem.message
    with pytest.raises(ReportgenError) as refused:  # and build refuses it, writing nothing
        build.build(target / "2020.yaml", "verksamhetsplan", formats=("html",),
                    out=tmp_path / "ut")
    assert message in refused.value.format_message()
    assert not (tmp_path / "ut").exists()


def test_logo_with_a_control_character_is_refused_when_read(tmp_path):
    """Since issue #20 the loader refuses control characters in every text, the logo's too."""
    target = logo_forbund(tmp_path, "logo\u0007.svg")
    [problem] = [p for p in build.check_all(target / "2020.yaml") if p.severity == "fel"]
    assert "styrtecken" in problem.message and problem.field == "tema.logotyp"
    assert_reported_well([problem], target)


def test_logo_symlink_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "hemlig.svg"
    shutil.copy(FIXTURES / "logo.svg", outside)
    target = logo_forbund(tmp_path, "logo-lank.svg")
    (target / "logo-lank.svg").symlink_to(outside)
    [problem] = logo_problems(target)
    assert "pekar ut ur förbundets mapp" in problem.message
    (target / "mapp-lank").symlink_to(tmp_path, target_is_directory=True)
    target2 = logo_forbund(tmp_path / "b", "mapp-lank/hemlig.svg")
    (target2 / "mapp-lank").symlink_to(tmp_path, target_is_directory=True)
    [problem] = logo_problems(target2)
    assert "pekar ut ur förbundets mapp" in problem.message


def test_logo_symlink_inside_the_folder_is_fine(tmp_path):
    target = logo_forbund(tmp_path, "lank.svg")
    (target / "lank.svg").symlink_to(target / "logo.svg")
    assert logo_problems(target) == []


def test_logo_content_must_match_its_name(tmp_path):
    target = logo_forbund(tmp_path, "falsk.png")
    (target / "falsk.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    [problem] = logo_problems(target)
    assert "innehållet är inte PNG" in problem.message


def test_logo_too_large(tmp_path):
    target = logo_forbund(tmp_path, "stor.png")
    (target / "stor.png").write_bytes((FIXTURES / "logo.png").read_bytes() + b"\0" * 2_100_000)
    [problem] = logo_problems(target)
    assert "högst 2 MB" in problem.message
    assert "'stor.png'" in problem.message and "(tema.logotyp)" in problem.message  # no ','
    assert "2,1 MB" in problem.message


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims *width* × *height* pixels (and has little data): a few hundred
    bytes that WeasyPrint's Pillow refuses to draw."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("size", [(20_000, 20_000), (10_000, 3_000), (30_000, 10)])
def test_logo_with_too_many_pixels_is_refused(tmp_path, size):
    """Issue #20, item 5: a 20 000 × 20 000 logo was in the HTML and silently missing from
    the PDF (WeasyPrint's Pillow refuses it)."""
    target = logo_forbund(tmp_path, "jatte.png")
    (target / "jatte.png").write_bytes(_png_header(*size))
    [problem] = logo_problems(target)
    assert "pixlar" in problem.message


def test_logo_that_is_a_fifo_is_not_called_a_folder(tmp_path):
    target = logo_forbund(tmp_path, "logo-fifo.png")
    os.mkfifo(target / "logo-fifo.png")
    [problem] = logo_problems(target)
    assert "ingen vanlig fil" in problem.message and "mapp" not in problem.message.split("'")[-1]


def test_renderer_refuses_outside_logo_too(tmp_path):
    """Defence in depth: render.py itself refuses a logo outside the folder (no line)."""
    from reportgen import render

    target = logo_forbund(tmp_path, "logo.svg")
    result = build.check(target / "2020.yaml", "verksamhetsplan")
    rapport = result.rapport
    for bad in ("/etc/passwd", "../../x.svg", "http://example.com/x.png"):
        object.__setattr__(rapport.forbund.tema, "logotyp", bad)
        with pytest.raises(ReportgenError):
            render._logo_uri(rapport, target)


# --------------------------------------------------- Decimal through the compute layer

ORE = st.integers(min_value=-10**13, max_value=10**13).map(lambda n: Decimal(n).scaleb(-2))
KRONOR = st.integers(min_value=-10**13, max_value=10**13).map(Decimal)


@settings(max_examples=max(50, TOTAL // 4), database=None, derandomize=not LONG_RUN,
          deadline=DEADLINE)
@given(st.lists(st.lists(st.one_of(ORE, KRONOR), min_size=1, max_size=12), min_size=1,
                max_size=4))
def test_table_sum_rows_are_exact(groups):
    """tests/test_format.py shows kr → parse_belopp is exact; here the same through the
    model and compute layers: a data table's sum rows (cells typed as Swedish text) equal
    the exact sum, and the tkr column shows that sum rounded once by ROUNDING_RULE."""
    from reportgen import format as fmt
    from reportgen.compute.dokument import tabell
    from reportgen.model.dokument import Tabell

    rows: list[Any] = []
    for group in groups:
        rows += [["rad", fmt.kr(v, decimals=2), fmt.kr(v, decimals=2)] for v in group]
        rows.append({"summa": True})
    t = Tabell.model_validate({"kolumner": [{"rubrik": "Text", "format": "text"},
                                            {"rubrik": "Kronor", "format": "kr"},
                                            {"rubrik": "Tusen kronor", "format": "tkr"}],
                               "rader": rows})
    vy = tabell(t)
    sums = [r for r, typ in zip(vy.rader, vy.radtyper, strict=True) if typ == "summa"]
    assert len(sums) == len(groups)
    for row, group in zip(sums, groups, strict=True):
        exact = sum(group, Decimal(0))
        read_back = sum((fmt.parse_belopp(fmt.kr(v, decimals=2)) for v in group), Decimal(0))
        assert row[1] == row[2] == exact == read_back
        shown = fmt.parse_belopp(fmt.tkr(row[2]))
        assert abs(exact - shown * 1000) <= 500
        if abs(exact - shown * 1000) == 500:
            assert abs(shown * 1000) > abs(exact)  # half away from zero
    assert "bort från noll" in fmt.ROUNDING_RULE
