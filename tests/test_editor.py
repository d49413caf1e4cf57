"""The editor's view: the real yaml-language-server with the committed JSON Schema.

yaml-language-server (pinned in package.json, installed with ``npm ci`` like axe-core; the
test skips, saying why, when npm or Node cannot be had) is driven over stdio with the
Language Server Protocol, as VS Code's YAML extension drives it. Every example file opens
without a diagnostic; a misspelt key, "FYLL I" and "11 100 428 kr" in an amount are flagged;
the hover texts are the schema's Swedish titles and descriptions. The schema itself: every
field has a Swedish description that is not just its title, and the amount pattern accepts
exactly what ``reportgen check`` accepts.
"""

from __future__ import annotations

import json
import queue
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import npm_tool

from reportgen.format import AMOUNT_PATTERN, parse_belopp

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "data").glob("*/*.yaml")
                  if p.name == "forbund.yaml" or re.fullmatch(r"\d{4}\.yaml", p.name))
"""Every example year file and forbund.yaml (a kontoplan.yaml has no schema yet)."""
SETTINGS = {"validate": True, "hover": True, "completion": True,
            "schemaStore": {"enable": False}, "schemas": {}}


class LanguageServer:
    """Just enough of an LSP client: requests, notifications, and the diagnostics pushed."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.published: dict[str, float] = {}
        self.responses: dict[int, Any] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                text = line.decode("ascii").strip()
                if not text:
                    break
                name, value = text.split(":", 1)
                headers[name.lower()] = value.strip()
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while ident not in self.responses:
            self.pump(deadline - time.monotonic())
            if time.monotonic() > deadline:
                raise TimeoutError(f"inget svar på {method} inom {timeout} s")
        return self.responses.pop(ident)

    def pump(self, seconds: float) -> None:
        """Handle what the server sends for up to *seconds* (at least one message wait)."""
        try:
            message = self.messages.get(timeout=max(seconds, 0.05))
        except queue.Empty:
            return
        if "method" in message and "id" in message:  # a request from the server
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [SETTINGS for _ in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
        elif message.get("method") == "textDocument/publishDiagnostics":
            uri = message["params"]["uri"]
            self.diagnostics[uri] = message["params"]["diagnostics"]
            self.published[uri] = time.monotonic()
        elif "id" in message:
            self.responses[message["id"]] = message.get("result", message.get("error"))

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def diagnostics_of(self, uri: str, settle: float = 1.5, timeout: float = 60) -> list[Any]:
        """The diagnostics of *uri* once the server has been quiet about it for *settle* s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.2)
            if uri in self.published and time.monotonic() - self.published[uri] > settle:
                return self.diagnostics[uri]
        raise TimeoutError(f"inga diagnoser för {uri} inom {timeout} s")

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": {"line": line,
                                                                  "character": character}})
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node finns inte: kan inte köra yaml-language-server")
    script = npm_tool("yaml-language-server/bin/yaml-language-server")
    ls = LanguageServer([node, str(script), "--stdio"])
    try:
        ls.request("initialize", {"processId": None, "rootUri": ROOT.as_uri(), "capabilities": {
            "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                             "publishDiagnostics": {}},
            "workspace": {"configuration": True}}})
        ls.notify("initialized", {})
        ls.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})
        yield ls
    finally:
        ls.close()


def _line_of(text: str, pattern: str) -> tuple[int, int]:
    for n, line in enumerate(text.split("\n")):
        found = re.search(pattern, line)
        if found:
            return n, len(line) - len(line.lstrip())
    raise AssertionError(f"{pattern!r} finns inte")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_have_no_diagnostics(server: LanguageServer, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/")
    found = server.diagnostics_of(server.open(path))
    assert found == [], [(d["range"]["start"]["line"] + 1, d["message"]) for d in found]


def _broken(server: LanguageServer, old: str, new: str) -> tuple[int, list[dict[str, Any]]]:
    """skane-nordost 2023 with *old* replaced by *new*, opened under another name."""
    path = ROOT / "data" / "skane-nordost" / "2023.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    line, _ = _line_of(text, re.escape(new.strip("\n")))
    uri = server.open(path.with_name(f"trasig-{abs(hash(new))}.yaml"), text)
    return line, server.diagnostics_of(uri)


def test_a_misspelt_key_is_flagged(server: LanguageServer) -> None:
    line, found = _broken(server, "\n  antal_anstallda:", "\n  antal_anstalda:")
    at_key = [d for d in found if d["range"]["start"]["line"] == line]
    assert at_key and "antal_anstalda" in at_key[0]["message"], found
    # Besides: the required antal_anstallda is missing from personal:, the line above.
    assert {d["range"]["start"]["line"] for d in found} <= {line - 1, line}, found


@pytest.mark.parametrize("amount", ['"FYLL I"', '"11 100 428 kr"', "1234.567"])
def test_an_amount_the_cli_refuses_is_flagged(server: LanguageServer, amount: str) -> None:
    line, found = _broken(server, "kassa_och_bank: 11100428", f"kassa_och_bank: {amount}")
    assert found, f"{amount} flaggas inte"
    assert {d["range"]["start"]["line"] for d in found} == {line}, found


@pytest.mark.parametrize("amount", ['"11 100 428"', '"11 100 428,50"', "11100428.5",
                                    '"−11 100 428"'])
def test_an_amount_the_cli_accepts_is_not_flagged(server: LanguageServer, amount: str) -> None:
    _, found = _broken(server, "kassa_och_bank: 11100428", f"kassa_och_bank: {amount}")
    assert found == []


@pytest.mark.parametrize("key, words", [
    ("resultatrakning", ["Resultaträkning", "intäkter positiva, kostnader negativa"]),
    ("balansrakning", ["Balansräkning", "vid årets slut"]),
    ("kassa_och_bank", ["Kassa och bank", "vid årets slut"]),
    ("eget_kapital", ["Eget kapital", "årets resultat, resultatutjämningsreserv"]),
])
def test_hover_texts_are_swedish(server: LanguageServer, key: str, words: list[str]) -> None:
    path = ROOT / "data" / "skane-nordost" / "2023.yaml"
    uri = server.open(path)
    line, column = _line_of(path.read_text(encoding="utf-8"), rf"^ *{key}:")
    text = server.hover(uri, line, column + len(key) // 2)
    for word in words:
        assert word in text, text
    assert "||" not in text  # no "Utfall || Utfall" from a title said twice


# ---------------------------------------------------------------------------- the schema

def _properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            if isinstance(value, dict):
                yield f"{where}.{key}", value
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}" if key != "properties" else where)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, where)


@pytest.mark.parametrize("name", ["arsfil.schema.json", "forbund.schema.json"])
def test_every_field_has_a_swedish_description(name: str) -> None:
    schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
    missing, twice, dates = [], [], []
    for where, prop in _properties(schema):
        description = (prop.get("description") or "").strip()
        if not description:
            missing.append(where)
        elif description.rstrip(".").casefold() == str(prop.get("title", "")).casefold():
            twice.append(where)
        formats = [prop.get("format")] + [a.get("format") for a in prop.get("anyOf", [])
                                          if isinstance(a, dict)]
        if "date" in formats and "ÅÅÅÅ-MM-DD" not in description:
            dates.append(where)
    assert not missing, f"fält utan beskrivning: {missing}"
    assert not twice, f"beskrivningen upprepar bara rubriken: {twice}"
    assert not dates, f"datumfält som inte säger formatet: {dates}"


AMOUNTS = ["0", "12492000", "12 492 000", "12\u00a0492\u00a0000", "−579 186", "-5", "+5",
           "–5", "1 234,50", "1234.5", "1,2", "  7 ", "1 234 567,89", "FYLL I", "11 100 428 kr",
           "1.234", "1,234", "12,5 mkr", "007", "1 23", "12 34 567", "", "1e3", "- 5", "1,",
           ",5", "1 234,567"]


@pytest.mark.parametrize("text", AMOUNTS)
def test_the_amount_pattern_is_what_check_accepts(text: str) -> None:
    try:
        value: Decimal | None = parse_belopp(text)
    except ValueError:
        value = None
    assert bool(re.fullmatch(AMOUNT_PATTERN, text)) == (value is not None), (text, value)
