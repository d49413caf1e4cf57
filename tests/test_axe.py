"""The HTML reports against WCAG 2.1 AA, checked by axe-core in headless Chromium.

Each example report is built to HTML once (module fixture), loaded from ``file://`` in one
headless Chromium driven over the DevTools protocol (a minimal WebSocket client, standard
library only), and axe-core runs with the WCAG 2.0/2.1 A and AA rules: no violations.

axe-core comes from npm, pinned in ``package.json``/``package-lock.json``; the fixture runs
``npm ci`` when ``node_modules/axe-core`` is missing, so CI needs only Node. The test is
skipped, saying why, only when Chromium cannot be found or started, or npm cannot install
axe-core (not installed, no network).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import npm_tool

from reportgen.build import build

ROOT = Path(__file__).resolve().parent.parent
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

EXAMPLES = {
    "skane-nordost-arsredovisning": ("data/skane-nordost/2023.yaml", "arsredovisning", None),
    "ostra-sodertorn-arsredovisning": ("data/ostra-sodertorn/2023.yaml", "arsredovisning", None),
    "skane-nordost-tertialrapport": ("data/skane-nordost/2022.yaml", "tertialrapport", "T1"),
    "nnv-skane-verksamhetsplan": ("data/nnv-skane/2020.yaml", "verksamhetsplan", None),
    "exempel-arsredovisning": ("data/exempel/2024.yaml", "arsredovisning", None),
    "exempel-tertialrapport": ("data/exempel/2024.yaml", "tertialrapport", "T2"),
    "exempel-delarsrapport": ("data/exempel/2024.yaml", "delarsrapport", "T2"),
}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-extensions", "--mute-audio", "--window-size=1280,900")


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


# ---------------------------------------------------------------------------- axe-core

@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's source, installed from package-lock.json with ``npm ci`` when missing."""
    return npm_tool("axe-core/axe.min.js").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- DevTools

class DevTools:
    """Just enough of a WebSocket client (RFC 6455) for the Chrome DevTools protocol."""

    def __init__(self, ws_url: str, timeout: float = 60) -> None:
        rest = ws_url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode("ascii"))
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools stängde anslutningen under handskakningen")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"DevTools svarade inte med 101: {head[:200]!r}")
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        self.sock.close()

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("DevTools stängde anslutningen")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send(self, text: str) -> None:
        payload = text.encode("utf-8")
        header = bytes([0x81])  # FIN, text frame
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if n < 4096 else \
            (int.from_bytes(payload, "big") ^ int.from_bytes((mask * (n // 4 + 1))[:n], "big")
             ).to_bytes(n, "big")
        self.sock.sendall(header + mask + masked)

    def _receive(self) -> dict[str, Any]:
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)  # server frames are not masked
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise ConnectionError("DevTools stängde WebSocket-anslutningen")
            if opcode in (0x9, 0xA):  # ping/pong: nothing to do for this client
                continue
            message += payload
            if b0 & 0x80:
                return json.loads(message)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, method: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            if time.monotonic() > deadline:
                raise TimeoutError(f"väntade förgäves på {method}")
            self.events.append(self._receive())

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript-fel: {result['exceptionDetails']}")
        return result["result"].get("value")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    """One headless Chromium for the module; its whole process group is killed afterwards."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium finns inte (installera med scripts/system-deps.sh --test "
                    "eller ange sökvägen i miljövariabeln CHROMIUM)")
    profile = tmp_path_factory.mktemp("chromium-profil")
    proc = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    devtools = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().strip()):
            if proc.poll() is not None:  # a stub or a browser that cannot start here
                pytest.skip(f"Chromium går inte att starta (avslutades med kod "
                            f"{proc.returncode}): {chromium}")
            if time.monotonic() > deadline:
                pytest.skip("Chromium startade inte DevTools inom 30 s")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            targets = json.load(r)
        page = next(t for t in targets if t.get("type") == "page")
        devtools = DevTools(page["webSocketDebuggerUrl"])
        devtools.call("Page.enable")
        yield devtools
    finally:
        if devtools is not None:
            devtools.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------- reports

@pytest.fixture(scope="module")
def html_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example report built to HTML once."""
    out = tmp_path_factory.mktemp("html")
    built = {}
    for name, (path, report, period) in EXAMPLES.items():
        written, _ = build(ROOT / path, report, ("html",), out, period)
        built[name] = written[0]
    return built


def run_axe(devtools: DevTools, page: Path, axe_source: str) -> dict[str, Any]:
    devtools.events.clear()
    devtools.call("Page.navigate", url=page.resolve().as_uri())
    devtools.wait_event("Page.loadEventFired")
    devtools.evaluate(axe_source)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return devtools.evaluate(
        f"axe.run(document, {json.dumps(options)})"
        ".then(r => ({violations: r.violations, passes: r.passes.length, url: r.url}))")


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {len(v['nodes'])} ställen")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: "
                         f"{node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_wcag_21_aa_violations(name: str, html_reports: dict[str, Path], browser: DevTools,
                                  axe_source: str) -> None:
    result = run_axe(browser, html_reports[name], axe_source)
    assert result["url"].startswith("file://")
    assert result["passes"] > 10  # axe really ran its rules on the report
    assert result["violations"] == [], "\n" + describe(result["violations"])


def test_narrow_screen_has_no_violations(html_reports: dict[str, Path], browser: DevTools,
                                         axe_source: str) -> None:
    """A phone-sized viewport (reflow, WCAG 1.4.10): the same rules still pass."""
    browser.call("Emulation.setDeviceMetricsOverride", width=360, height=740,
                 deviceScaleFactor=1, mobile=True)
    try:
        result = run_axe(browser, html_reports["ostra-sodertorn-arsredovisning"], axe_source)
        width = browser.evaluate("document.documentElement.scrollWidth")
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride")
    assert result["violations"] == [], "\n" + describe(result["violations"])
    assert width <= 360, f"sidan rullar i sidled på en smal skärm ({width} px)"


STRUCTURE_JS = """(() => {
  const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter(h => !h.closest('[hidden],[aria-hidden="true"]'));
  const skip = document.querySelector('body > a[href^="#"]');
  const target = skip && document.getElementById(skip.getAttribute('href').slice(1));
  const toc = [...document.querySelectorAll('nav a[href^="#"]')];
  return {
    lang: document.documentElement.lang,
    title: document.title,
    headings: hs.map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]),
    tablesWithoutCaption: [...document.querySelectorAll('table')]
      .filter(t => !(t.caption && t.caption.textContent.trim())).length,
    thWithoutScope: [...document.querySelectorAll('th')].filter(th => !th.hasAttribute('scope'))
      .map(th => th.textContent.trim().slice(0, 40)),
    imagesWithoutAlt: [...document.querySelectorAll('img')]
      .filter(i => !i.hasAttribute('alt')).length,
    svgsWithoutName: [...document.querySelectorAll('svg')]
      .filter(s => !s.closest('[aria-hidden="true"]') && s.getAttribute('aria-hidden') !== 'true')
      .filter(s => !(s.getAttribute('role') === 'img' && (s.getAttribute('aria-label') ||
                     s.getAttribute('aria-labelledby') || s.querySelector('title')))).length,
    skipLink: skip ? skip.textContent.trim() : null,
    skipTarget: target ? target.tagName : null,
    tocLinks: toc.length,
    tocBroken: toc
      .filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1)))).length,
    externalResources: [...document.querySelectorAll('[src],link[href]')]
      .map(e => e.getAttribute('src') || e.getAttribute('href'))
      .filter(u => !u.startsWith('data:')),
  };
})()"""


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_semantic_structure(name: str, html_reports: dict[str, Path],
                            browser: DevTools) -> None:
    """What axe does not check: heading order, captions, scopes, the skip link, the TOC."""
    browser.events.clear()
    browser.call("Page.navigate", url=html_reports[name].resolve().as_uri())
    browser.wait_event("Page.loadEventFired")
    facts = browser.evaluate(STRUCTURE_JS)
    assert facts["lang"] == "sv"
    assert facts["title"].strip()
    levels = [level for level, _ in facts["headings"]]
    assert levels and levels[0] == 1, facts["headings"][:3]
    skipped = [(facts["headings"][i], facts["headings"][i + 1]) for i in range(len(levels) - 1)
               if levels[i + 1] > levels[i] + 1]
    assert skipped == [], f"rubriknivåer hoppas över: {skipped[:5]}"
    assert facts["tablesWithoutCaption"] == 0
    assert facts["thWithoutScope"] == []
    assert facts["imagesWithoutAlt"] == 0
    assert facts["svgsWithoutName"] == 0
    assert facts["skipLink"] == "Hoppa till innehållet" and facts["skipTarget"] == "MAIN"
    if EXAMPLES[name][1] != "tertialrapport":  # a short report without a TOC
        assert facts["tocLinks"] > 3
    assert facts["tocBroken"] == 0
    assert facts["externalResources"] == []  # one self-contained page


# ---------------------------------------------------------------------------- phone width

PHONE_WIDTH = 390  # a common phone in portrait (CSS pixels), WCAG 1.4.10 reflow
PHONE_JS = """(() => {
  const vw = document.documentElement.clientWidth;
  const cls = e => typeof e.className === 'string' && e.className.trim()
    ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls(e);
  const scroller = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === 'auto' || s === 'scroll' || s === 'hidden' || s === 'clip') return p;
    }
    return null;
  };
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if ((r.right > vw + 0.5 || r.left < -0.5) && !scroller(e) && !e.matches('.hoppa'))
      wide.push(name(e) + ' ' + Math.round(r.left) + '–' + Math.round(r.right));
  }
  const tables = [...document.querySelectorAll('table')].filter(t => !t.closest('.sr-only'));
  const unboxed = tables.filter(t => {
    const box = scroller(t);
    const boxed = box && getComputedStyle(box).overflowX === 'auto';
    return t.getBoundingClientRect().width > vw && !boxed;
  }).map(name);
  // Its 1 px box (whether it widens the page is what scrollWidth says).
  const srEscapes = [...document.querySelectorAll('.sr-only')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 1.5 || r.height > 1.5 || e.scrollHeight > 1.5 && e.clientHeight > 1.5;
  }).map(e => name(e) + ' ' + e.textContent.trim().slice(0, 30));
  const brokenDates = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('.sr-only, [hidden], script, style')) continue;
    for (const m of n.data.matchAll(/\\d{4}-\\d{2}-\\d{2}/g)) {
      const range = document.createRange();
      range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) brokenDates.push(m[0] + ' i ' + name(n.parentElement));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 10),
          unboxed, srEscapes: srEscapes.slice(0, 10), brokenDates: brokenDates.slice(0, 10),
          tables: tables.length};
})()"""


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_phone_width_never_scrolls_sideways(name: str, html_reports: dict[str, Path],
                                            browser: DevTools) -> None:
    """At 390 px no page scrolls sideways: wide tables scroll in their own box, text for
    screen readers stays inside its 1 px box, and a date never breaks at its hyphens."""
    browser.call("Emulation.setDeviceMetricsOverride", width=PHONE_WIDTH, height=844,
                 deviceScaleFactor=1, mobile=True)
    try:
        browser.events.clear()
        browser.call("Page.navigate", url=html_reports[name].resolve().as_uri())
        browser.wait_event("Page.loadEventFired")
        facts = browser.evaluate(PHONE_JS)
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride")
    assert facts["vw"] == PHONE_WIDTH, facts["vw"]
    assert facts["tables"] > 0
    assert facts["scrollWidth"] <= PHONE_WIDTH, facts
    assert facts["wide"] == [], "utanför skärmen, utan egen rullning: " + "; ".join(facts["wide"])
    assert facts["unboxed"] == []
    assert facts["srEscapes"] == []
    assert facts["brokenDates"] == []
