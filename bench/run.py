"""Measure every stage of reportgen on the example reports, against the targets of issue #9.

    python bench/run.py                 # everything, 3 runs per measure (medians)
    python bench/run.py --runs 5        # more runs
    python bench/run.py --only floor,css  # a subset: floor, cli, tertial, make, parallel,
                                        #   warm, css, phases
    python bench/run.py --json out.json # also write the raw figures

Plain timing (``time.perf_counter``), medians of repeated runs, no extra dependencies.
Subprocess measures include interpreter start-up (that is what a user waits for). Nothing
is written into the checkout except what ``make build`` itself does (its OUT is a
temporary folder here).

The *floor* is WeasyPrint alone on the very HTML ``reportgen build`` writes, with the same
fetcher, @font-face stylesheet, FontConfiguration and PDF options as
:func:`reportgen.write.render_pdf` (read from that module at run time, so it follows
changes there). The ratio build ÷ floor is what reportgen adds on top of typesetting.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = Path(sys.executable)
BIN = PY.parent
REPORTGEN = [str(BIN / "reportgen")] if (BIN / "reportgen").exists() else [str(PY), "-m",
                                                                               "reportgen"]
ANNUAL = ["data/skane-nordost/2023.yaml", "data/ostra-sodertorn/2023.yaml"]
TERTIAL = ("data/skane-nordost/2022.yaml", "T1")
EXAMPLES: list[tuple[str, list[str]]] = [
    ("skane-nordost 2023 årsredovisning", ["build", "data/skane-nordost/2023.yaml"]),
    ("ostra-sodertorn 2023 årsredovisning", ["build", "data/ostra-sodertorn/2023.yaml"]),
    ("skane-nordost 2022 tertialrapport T1",
     ["build", "data/skane-nordost/2022.yaml", "--report", "tertialrapport", "--period", "T1"]),
    ("nnv-skane 2020 verksamhetsplan",
     ["build", "data/nnv-skane/2020.yaml", "--report", "verksamhetsplan"]),
]

TARGETS = {
    "pdf_ratio": 1.10, "html_cli": 0.5, "check_cli": 0.5, "tertial": 1.0, "make_noop": 0.3,
    "speedup": 1.7, "maxrss_mb": 400,
}


# ---------------------------------------------------------------------------- helpers

def median_time(fn: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def run_child(args: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, int, int]:
    """Run *args*; return (wall seconds, peak RSS of that child in kB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms"


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import weasyprint
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "python": platform.python_version(),
            "weasyprint": weasyprint.__version__, "platform": platform.platform()}


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- the floor

def final_html(path: str, report: str = "arsredovisning", period: str | None = None):
    """The HTML ``reportgen build`` writes, and the base folder / allowed paths it passes."""
    from reportgen import build, render, sources
    out = Path(tempfile.mkdtemp(prefix="bench-html-"))
    try:
        written, _ = build.build(ROOT / path, report, ("html",), out, period)
        html = written[0].read_text(encoding="utf-8")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    indata = sources.read(ROOT / path)
    return html, indata.folder, render.template_search_paths(indata.folder)


def floor_pdf(html: str, base: Path, allowed, *, fonts_css: bool = True,
              options: dict | None = None, phases: dict | None = None) -> bytes:
    """WeasyPrint alone, set up exactly like :func:`reportgen.write.render_pdf`."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reportgen import render, write

    base = Path(base).resolve()
    fetcher = write.make_fetcher([base, render.builtin_templates_dir(), write.FONTS_DIR,
                                  *allowed])
    fonts = FontConfiguration()
    sheets = [CSS(string=write.font_css(), font_config=fonts, url_fetcher=fetcher)] \
        if fonts_css else []
    t0 = time.perf_counter()
    document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=fonts)
    t1 = time.perf_counter()
    if options is None:
        variant = getattr(write, "PDF_VARIANT", None)
        options = {"pdf_variant": variant} if variant else {}
    data = document.write_pdf(**options)
    if phases is not None:
        phases.setdefault("layout", []).append(t1 - t0)
        phases.setdefault("write_pdf", []).append(time.perf_counter() - t1)
        phases.setdefault("pages", []).append(len(document.pages))
    return data


def bench_floor(runs: int, results: dict) -> None:
    from reportgen import build
    for path in ANNUAL:
        say(f"floor: {path}")
        html, base, allowed = final_html(path)
        out = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
        try:
            build.build(ROOT / path, "arsredovisning", ("pdf",), out)  # warm-up
            b_times, f_times, phases = [], [], {}
            for _ in range(runs):  # interleaved, so drift hits both alike
                t = time.perf_counter()
                build.build(ROOT / path, "arsredovisning", ("pdf",), out)
                b_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                floor_pdf(html, base, allowed, phases=phases)
                f_times.append(time.perf_counter() - t)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        b, f = statistics.median(b_times), statistics.median(f_times)
        results.setdefault("floor", {})[path] = {
            "build": b, "floor": f, "ratio": b / f, "build_runs": b_times, "floor_runs": f_times,
            "floor_layout": statistics.median(phases["layout"]),
            "floor_write_pdf": statistics.median(phases["write_pdf"]),
            "pages": phases["pages"][0], "html_bytes": len(html.encode()),
        }
        say(f"  build {fmt_s(b)}  floor {fmt_s(f)}  ratio {b / f:.3f}")


# ---------------------------------------------------------------------------- CLI (cold)

def bench_cli(runs: int, results: dict) -> None:
    out = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        cli: dict = {}
        for path in [*ANNUAL, "data/skane-nordost/2022.yaml", "data/nnv-skane/2020.yaml"]:
            args = [*REPORTGEN, "check", path]
            run_child(args)  # page cache
            times = [run_child(args)[0] for _ in range(runs)]
            cli.setdefault("check", {})[path] = statistics.median(times)
            say(f"check {path}: {fmt_s(statistics.median(times))}")
        for path in ANNUAL:
            args = [*REPORTGEN, "build", path, "--format", "html", "--out", str(out), "-q"]
            run_child(args)
            times = [run_child(args)[0] for _ in range(runs)]
            cli.setdefault("html", {})[path] = statistics.median(times)
            say(f"build --format html {path}: {fmt_s(statistics.median(times))}")
        for path in ANNUAL:  # cold PDF build vs a cold floor process, both with start-up
            args = [*REPORTGEN, "build", path, "--format", "pdf", "--out", str(out), "-q"]
            times = [run_child(args)[0] for _ in range(max(1, runs - 1))]
            html, base, allowed = final_html(path)
            html_file = out / "floor.html"
            html_file.write_text(html, encoding="utf-8")
            here, floor_allowed = str(Path(__file__).parent), [Path(p) for p in allowed]
            code = (f"import sys; sys.path.insert(0, {here!r}); from pathlib import Path; "
                    f"import run; run.floor_pdf(Path({str(html_file)!r})"
                    f".read_text(encoding='utf-8'), Path({str(base)!r}), {floor_allowed!r})")
            code = code.replace("PosixPath(", "Path(")
            ftimes = [run_child([str(PY), "-c", code])[0] for _ in range(max(1, runs - 1))]
            cli.setdefault("pdf_cold", {})[path] = {"build": statistics.median(times),
                                                    "floor": statistics.median(ftimes)}
            say(f"cold pdf {path}: build {fmt_s(statistics.median(times))}, "
                f"floor process {fmt_s(statistics.median(ftimes))}")
        results["cli"] = cli
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------------------- tertial

def bench_tertial(runs: int, results: dict) -> None:
    from reportgen import build
    path, period = TERTIAL
    out = Path(tempfile.mkdtemp(prefix="bench-tertial-"))
    try:
        args = [*REPORTGEN, "build", path, "--report", "tertialrapport", "--period", period,
                "--format", "pdf", "--out", str(out), "-q"]
        cold = statistics.median(run_child(args)[0] for _ in range(runs))
        build.build(ROOT / path, "tertialrapport", ("pdf",), out, period)
        warm, _ = median_time(
            lambda: build.build(ROOT / path, "tertialrapport", ("pdf",), out, period), runs)
        html, base, allowed = final_html(path, "tertialrapport", period)
        floor, _ = median_time(lambda: floor_pdf(html, base, allowed), runs)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    results["tertial"] = {"cold_cli": cold, "warm": warm, "floor": floor}
    say(f"tertial {period}: cold CLI {fmt_s(cold)}, warm {fmt_s(warm)}, floor {fmt_s(floor)}")


# ---------------------------------------------------------------------------- make

def bench_make(runs: int, results: dict) -> None:
    if not shutil.which("make"):
        results["make"] = {"status": "no make"}
        return
    venv = BIN.parent
    out = Path(tempfile.mkdtemp(prefix="bench-make-"))
    # Use this interpreter's venv and never reinstall it (-o: assume the stamp is up to date).
    base = ["make", "-s", f"VENV={venv}", f"OUT={out}", "-o", str(venv / ".installed")]
    try:
        say("make build (first, full)")
        first = run_child([*base, "build"])
        dry = subprocess.run([*base, "-n", "build"], cwd=ROOT, capture_output=True, text=True)
        commands = [line for line in dry.stdout.splitlines() if line.strip()]
        incremental = not any("reportgen build" in line for line in commands)
        if not incremental:
            wall = statistics.median(run_child([*base, "build"])[0] for _ in range(runs))
            results["make"] = {"status": "not yet", "first": first[0], "again": wall,
                               "dry_run": commands[:5]}
            say(f"make build is not incremental yet (again: {fmt_s(wall)})")
            return
        times = [run_child([*base, "build"])[0] for _ in range(max(runs, 5))]
        results["make"] = {"status": "incremental", "first": first[0],
                           "noop": statistics.median(times), "runs": times,
                           "first_rc": first[2]}
        say(f"make build no-op: {fmt_s(statistics.median(times))} (first {fmt_s(first[0])})")
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------------------- parallel, memory

def bench_parallel(runs: int, results: dict) -> None:
    out = Path(tempfile.mkdtemp(prefix="bench-par-"))
    jobs = [(name, [*REPORTGEN, *args, "--out", str(out), "-q"]) for name, args in EXAMPLES]
    try:
        seq_walls, each = [], {}
        for _ in range(max(1, runs - 1)):
            start = time.perf_counter()
            for name, args in jobs:
                wall, rss, rc = run_child(args)
                each.setdefault(name, []).append((wall, rss, rc))
            seq_walls.append(time.perf_counter() - start)
        seq = statistics.median(seq_walls)
        per_job = {n: statistics.median(w for w, _, _ in v) for n, v in each.items()}
        rss = {n: max(r for _, r, _ in v) for n, v in each.items()}
        say(f"sequential: {fmt_s(seq)}")

        def parallel(width: int) -> float:
            todo = sorted(jobs, key=lambda j: -per_job[j[0]])  # longest first
            running: dict[int, subprocess.Popen] = {}
            start = time.perf_counter()
            while todo or running:
                while todo and len(running) < width:
                    _, args = todo.pop(0)
                    p = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
                    running[p.pid] = p
                pid, _status, usage = os.wait4(-1, 0)
                if pid in running:
                    running.pop(pid)
                    rss_par.append(usage.ru_maxrss)
            return time.perf_counter() - start

        rss_par: list[int] = []
        ncpu = os.cpu_count() or 1
        par = statistics.median(parallel(ncpu) for _ in range(max(1, runs - 1)))
        say(f"parallel ({ncpu} at a time): {fmt_s(par)}  speed-up {seq / par:.2f}x")
        allpar = statistics.median(parallel(len(jobs)) for _ in range(max(1, runs - 1)))
        say(f"parallel (all {len(jobs)} at once): {fmt_s(allpar)}  speed-up {seq / allpar:.2f}x")
        results["parallel"] = {
            "sequential": seq, "parallel_ncpu": par, "parallel_all": allpar,
            "speedup": seq / par, "speedup_all": seq / allpar, "per_job": per_job,
            "lower_bound": max(max(per_job.values()), sum(per_job.values()) / ncpu),
            "maxrss_kb": rss, "exit_codes": {n: [c for _, _, c in v] for n, v in each.items()},
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------------------- warm re-render

def bench_warm(runs: int, results: dict) -> None:
    """The serve case: one process, the same report again."""
    from reportgen import build, render, sources
    path = ROOT / ANNUAL[0]
    out = Path(tempfile.mkdtemp(prefix="bench-warm-"))
    try:
        build.build(path, "arsredovisning", ("html",), out)  # first: imports, compile
        second_build, _ = median_time(lambda: build.build(path, "arsredovisning", ("html",), out),
                                      runs * 2)
        result = build.check(path)
        rapport = result.rapport
        indata = sources.read(path)
        search = render.template_search_paths(indata.folder)
        as_is, _ = median_time(
            lambda: render.render_html(rapport, "arsredovisning.html", search,
                                       data_dir=indata.folder), runs * 2)
        env = render.make_env(search)
        template = env.get_template("arsredovisning.html")
        template.render(**render.context(rapport, indata.folder))
        cached, _ = median_time(
            lambda: env.get_template("arsredovisning.html").render(
                **render.context(rapport, indata.folder)), runs * 2)
        check_again, _ = median_time(lambda: build.check(path), runs * 2)
        read_again, _ = median_time(lambda: sources.read(path), runs * 2)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    results["warm"] = {"second_build_html": second_build, "render_html_again": as_is,
                       "render_cached_env": cached, "check_again": check_again,
                       "sources_read_again": read_again}
    say(f"warm: 2nd build html {fmt_s(second_build)}, render_html {fmt_s(as_is)}, "
        f"with cached env {fmt_s(cached)}, check {fmt_s(check_again)}, read {fmt_s(read_again)}")


# ---------------------------------------------------------------------------- CSS variants

def _drop_block(css: str, head: str) -> tuple[str, int]:
    """Remove every block starting with *head* (e.g. '@media screen') through its '}'."""
    n = 0
    while (i := css.find(head)) >= 0:
        j = css.index("{", i)
        depth, k = 1, j + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[k], 0)
            k += 1
        css, n = css[:i] + css[k:], n + 1
    return css, n


def _sub(pattern: str, repl: str) -> Callable[[str], tuple[str, int]]:
    return lambda html: re.subn(pattern, repl, html)


CSS_VARIANTS: list[tuple[str, Callable[[str], tuple[str, int]] | None, dict]] = [
    ("nuvarande CSS (golvet)", None, {}),
    ("utan PDF/UA-1 (pdf_variant=None, ingen taggning)", None, {"options": {}}),
    ("full_fonts=True (ingen typsnittsdelmängd)", None, {"full_fonts": True}),
    ("utan @font-face Inter (systemets typsnitt)", None, {"fonts_css": False}),
    ("utan OpenType-val (font-feature-settings, tabular-nums)",
     _sub(r"font-feature-settings:[^;}]*;?|font-variant-numeric:\s*tabular-nums;?", ""), {}),
    ("utan innehållsförteckningens leader() + target-counter()",
     _sub(r"content:\s*leader\([^;]*;", ""), {}),
    ("utan löpande sidhuvud (string-set/string())",
     lambda h: (lambda a, b: (b[0], a[1] + b[1]))(
         *(lambda a: (a, re.subn(r"content:\s*string\([^)]*\);", "content: none;", a[0])))(
             re.subn(r"string-set:[^;]*;", "", h))), {}),
    ("utan 'Sida X av Y' (counter(pages))",
     _sub(r'\s*" av " counter\(pages\)', ""), {}),
    ("utan break-/orphans-/widows-regler",
     _sub(r"(break-(inside|after|before):\s*avoid|orphans:\s*\d+|widows:\s*\d+);?", ""), {}),
    ("utan @media screen-blocken (färre regler att matcha)",
     lambda h: _drop_block(h, "@media screen"), {}),
    ("utan omslagets linear-gradient", _sub(r"background:\s*linear-gradient\([^;]*;", ""), {}),
    ("utan letter-spacing/text-transform",
     _sub(r"(letter-spacing|text-transform):[^;}]*;?", ""), {}),
    ("utan tabellernas tr { break-inside: avoid }",
     _sub(r"tr, \.faktum", ".faktum"), {}),
    ("utan position:absolute rubriknummer",
     _sub(r"position: absolute; right: 100%;", ""), {}),
]


def bench_css(runs: int, results: dict) -> None:
    path = ANNUAL[0]
    html, base, allowed = final_html(path)
    floor_pdf(html, base, allowed)  # warm-up
    rows = []
    base_time = None
    for name, change, kw in CSS_VARIANTS:
        variant, hits = (html, None) if change is None else change(html)
        opts = None
        if "options" in kw:
            opts = kw["options"]
        elif "full_fonts" in kw:
            from reportgen import write
            opts = {"full_fonts": True}
            if getattr(write, "PDF_VARIANT", None):
                opts["pdf_variant"] = write.PDF_VARIANT
        sizes: list[int] = []
        fonts_css = kw.get("fonts_css", True)
        t, _ = median_time(lambda v=variant, o=opts, f=fonts_css, s=sizes: s.append(
            len(floor_pdf(v, base, allowed, fonts_css=f, options=o))), runs)
        base_time = base_time or t
        rows.append({"variant": name, "time": t, "delta": t - base_time, "hits": hits,
                     "pdf_bytes": sizes[0]})
        say(f"css {name}: {fmt_s(t)} ({(t - base_time) / base_time:+.1%}, träffar {hits}, "
            f"{sizes[0] // 1024} kB)")
    results["css"] = {"report": path, "rows": rows}


def bench_phases(results: dict) -> None:
    """Where WeasyPrint spends the floor: cProfile time by package/module (proportions)."""
    import cProfile
    import pstats
    path = ANNUAL[0]
    html, base, allowed = final_html(path)
    floor_pdf(html, base, allowed)
    prof = cProfile.Profile()
    prof.enable()
    floor_pdf(html, base, allowed)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    buckets: dict[str, float] = {}
    total = 0.0
    rules = [("weasyprint/css", "stil: cascade, selektorer, beräknade värden"),
             ("weasyprint/layout", "layout (block, tabeller, sidor)"),
             ("weasyprint/text", "text: Pango-formning, radbrytning, typsnitt"),
             ("weasyprint/pdf", "PDF: ritning, taggar, typsnittsinbäddning"),
             ("weasyprint/draw", "PDF: ritning av boxar och text"),
             ("weasyprint/svg", "SVG (diagram)"),
             ("weasyprint/formatting_structure", "boxträd"),
             ("fontTools", "fontTools: delmängd av typsnitt"),
             ("pydyf", "pydyf: PDF-objekt"),
             ("tinyhtml5", "HTML-tolkning"), ("html5lib", "HTML-tolkning"),
             ("cssselect2", "selektormatchning (cssselect2)"),
             ("tinycss2", "CSS-tolkning (tinycss2)"),
             ("cffi", "cffi (Pango/HarfBuzz-anrop)")]
    for (filename, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        total += tottime
        label = "övrigt"
        for key, name in rules:
            if key in filename:
                label = name
                break
        else:
            if filename == "~" and ("pango" in func or "harfbuzz" in func or "hb_" in func):
                label = "text: Pango-formning, radbrytning, typsnitt"
            elif filename == "~":
                label = "inbyggda/C-anrop (zlib, cffi m.m.)"
        buckets[label] = buckets.get(label, 0.0) + tottime
    rows = sorted(({"bucket": k, "share": v / total} for k, v in buckets.items()),
                  key=lambda r: -r["share"])
    results["phases"] = {"report": path, "rows": rows}
    for r in rows:
        say(f"phase {r['bucket']}: {r['share']:.1%}")


# ---------------------------------------------------------------------------- report

def table(results: dict) -> str:
    lines = ["| mått | mål | uppmätt | uppfyllt? |", "|---|---|---|---|"]

    def row(what: str, target: str, measured: str, ok: bool | None) -> None:
        lines.append(f"| {what} | {target} | {measured} | "
                     f"{'–' if ok is None else ('ja' if ok else 'nej')} |")

    for path, r in results.get("floor", {}).items():
        row(f"PDF-bygge ÷ ren WeasyPrint, {path} (i processen, median)",
            f"≤ {TARGETS['pdf_ratio']:.2f}×",
            f"{r['ratio']:.3f}× ({fmt_s(r['build'])} / {fmt_s(r['floor'])}; {r['pages']} sidor)",
            r["ratio"] <= TARGETS["pdf_ratio"])
    cli = results.get("cli", {})
    for path, r in cli.get("pdf_cold", {}).items():
        ratio = r["build"] / r["floor"]
        row(f"PDF-bygge kallt ÷ ren WeasyPrint kallt, {path} (med uppstart)",
            f"≤ {TARGETS['pdf_ratio']:.2f}×",
            f"{ratio:.3f}× ({fmt_s(r['build'])} / {fmt_s(r['floor'])})",
            ratio <= TARGETS["pdf_ratio"])
    for path, t in cli.get("html", {}).items():
        row(f"`reportgen build --format html` {path} (med uppstart)",
            f"≤ {TARGETS['html_cli']} s", fmt_s(t), t <= TARGETS["html_cli"])
    for path, t in cli.get("check", {}).items():
        row(f"`reportgen check` {path} (med uppstart)", f"≤ {TARGETS['check_cli']} s",
            fmt_s(t), t <= TARGETS["check_cli"])
    if "tertial" in results:
        r = results["tertial"]
        row("tertialrapport T1 till PDF, CLI kallt (med uppstart)", f"≤ {TARGETS['tertial']:.0f} s",
            fmt_s(r["cold_cli"]), r["cold_cli"] <= TARGETS["tertial"])
        row("tertialrapport T1 till PDF, varm i processen (som bench/tertial.py)",
            f"≤ {TARGETS['tertial']:.0f} s", f"{fmt_s(r['warm'])} (golv {fmt_s(r['floor'])})",
            r["warm"] <= TARGETS["tertial"])
    if "make" in results:
        r = results["make"]
        if r.get("status") == "incremental":
            row("no-op `make build`", f"≤ {TARGETS['make_noop']} s", fmt_s(r["noop"]),
                r["noop"] <= TARGETS["make_noop"])
        else:
            row("no-op `make build`", f"≤ {TARGETS['make_noop']} s",
                f"{r.get('status')} ({fmt_s(r['again'])} per gång)" if "again" in r
                else str(r.get("status")), None)
    if "parallel" in results:
        r = results["parallel"]
        row(f"alla {len(EXAMPLES)} exempel parallellt ({os.cpu_count()} åt gången) mot i tur "
            "och ordning", f"≥ {TARGETS['speedup']}×",
            f"{r['speedup']:.2f}× ({fmt_s(r['sequential'])} → {fmt_s(r['parallel_ncpu'])}; "
            f"alla på en gång {r['speedup_all']:.2f}×; bästa möjliga med dessa jobb "
            f"{r['sequential'] / r['lower_bound']:.2f}×)",
            r["speedup"] >= TARGETS["speedup"])
        name, kb = max(r["maxrss_kb"].items(), key=lambda kv: kv[1])
        row(f"största minnestopp (ru_maxrss), {name}", f"≤ {TARGETS['maxrss_mb']} MB",
            f"{kb / 1024:.0f} MB", kb / 1024 <= TARGETS["maxrss_mb"])
    if "warm" in results:
        r = results["warm"]
        row("varm omrendering (serve): andra HTML-renderingen i samma process", "–",
            f"render_html {fmt_s(r['render_html_again'])}; med cachad Jinja-miljö "
            f"{fmt_s(r['render_cached_env'])}; hela andra HTML-bygget "
            f"{fmt_s(r['second_build_html'])}", None)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="floor,cli,tertial,make,parallel,warm,phases,css")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    results: dict = {"machine": machine()}
    say(json.dumps(results["machine"], ensure_ascii=False))
    steps = {"floor": bench_floor, "cli": bench_cli, "tertial": bench_tertial,
             "make": bench_make, "parallel": bench_parallel, "warm": bench_warm,
             "css": bench_css}
    for name in args.only.split(","):
        if name == "phases":
            bench_phases(results)
        else:
            steps[name](args.runs, results)
    print(table(results))
    if "css" in results:
        print("\n| CSS-/PDF-variant (samma HTML) | tid | skillnad | träffar | PDF |\n"
              "|---|---|---|---|---|")
        base = results["css"]["rows"][0]["time"]
        for r in results["css"]["rows"]:
            print(f"| {r['variant']} | {fmt_s(r['time'])} | {r['delta'] / base:+.1%} | "
                  f"{'–' if r['hits'] is None else r['hits']} | {r['pdf_bytes'] // 1024} kB |")
    if "phases" in results:
        print("\n| WeasyPrint-fas (cProfile, andel av golvet) | andel |\n|---|---|")
        for r in results["phases"]["rows"]:
            print(f"| {r['bucket']} | {r['share']:.0%} |")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
