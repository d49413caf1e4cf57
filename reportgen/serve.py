"""``reportgen serve``: a local preview that follows the YAML as it is edited.

Standard library only: :class:`http.server.ThreadingHTTPServer` answers, a :class:`Watcher`
thread polls the modification times of the data folder and the template folders every
250 ms, and each page carries a few lines of script (only here, never in a built report)
that long-poll ``/__reload`` and reload the page when the version changes. A change is on
screen well within a second of saving.

The process stays warm: the Python modules are imported once and one Jinja environment per
template search path is kept, so templates are parsed once and re-read only when their file
changes (Jinja's ``auto_reload``). Data is read afresh for every version.

Routes::

    /                                   the report (one year file) or a list of them
    /<förbund>/<år>/<rapport>.html      e.g. /mittbygden/2023/arsredovisning.html
    /<förbund>/<år>/<rapport>-T2.html   a tertialrapport
    /<förbund>/<år>/<rapport>[-T2].pdf  the PDF, built on demand through reportgen.build
    /__reload?v=<version>               answers when the version differs from v (≤ 25 s)

Problems never stop the server: invalid YAML, failed checks and template errors show as a
page with file:line and the message in Swedish; saving a fix brings the report back.
"""

from __future__ import annotations

import contextlib
import html
import os
import queue
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import build
from .errors import InputError, Problem, ReportgenError, relpath
from .sources import FORBUND_FILE, YEAR_FILE

POLL_SECONDS = 0.25
LONG_POLL_SECONDS = 25.0
SOCKET_TIMEOUT = 10.0
"""A client that sends nothing for this long is disconnected (a slow or stuck client
must not hold a thread)."""
MAX_CONNECTIONS = 32
"""Connections answered at once; more are refused at once with 503 instead of each taking a
thread (a preview has one or two browser tabs)."""
LISTEN_BACKLOG = 64
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
"""Host names a request may carry besides the bound address: a page on another site that
makes the browser resolve its own name to 127.0.0.1 (DNS rebinding) is refused."""
PAGE = re.compile(r"^/(?P<slug>[^/]+)/(?P<ar>\d{4})/"
                  r"(?P<report>[a-z]+)(?:-(?P<period>T[123]))?\.(?P<ext>html|pdf)$")

RELOAD_SCRIPT = """<script>/* reportgen serve: ladda om när filerna ändras */
(function () {
  var v = "%(version)s";
  function poll() {
    fetch("/__reload?v=" + v, {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (t) { if (t !== v) { location.reload(); } else { poll(); } })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"""


# ---------------------------------------------------------------------------- watching

class Watcher:
    """Polls the files below *roots*; :attr:`version` goes up by one on every change."""

    def __init__(self, roots: Iterable[Path], interval: float = POLL_SECONDS,
                 on_change: Callable[[], None] | None = None) -> None:
        self.roots = [Path(r) for r in roots]
        self.interval = interval
        self.on_change = on_change
        self.version = 1
        self.changed = threading.Condition()
        self._stop = threading.Event()
        self._signature = self.signature()
        self._thread = threading.Thread(target=self._run, name="reportgen-watch", daemon=True)

    def signature(self) -> frozenset[tuple[str, int, int]]:
        found = set()
        for root in self.roots:
            if root.is_file():
                files: Iterable[Path] = [root]
            elif root.is_dir():
                files = (Path(d) / f for d, dirs, names in os.walk(root)
                         if not any(part.startswith(".")
                                    for part in Path(d).relative_to(root).parts)
                         for f in names if not f.startswith("."))
            else:
                continue
            for path in files:
                try:
                    st = path.stat()
                except OSError:
                    continue
                found.add((str(path), st.st_mtime_ns, st.st_size))
        return frozenset(found)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self.changed:
            self.changed.notify_all()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            current = self.signature()
            if current != self._signature:
                self._signature = current
                with self.changed:
                    self.version += 1
                    self.changed.notify_all()
                if self.on_change:
                    self.on_change()

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the version differs from *seen* (or *timeout*); return the version."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self._stop.is_set(), timeout)
            return self.version


# ---------------------------------------------------------------------------- the server

class _Server(ThreadingHTTPServer):
    """A threading HTTP server with a bounded number of connections and a quiet error
    handler: a tab that closes mid-answer (BrokenPipe, a reset) is no traceback."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                b"Connection: close\r\nRetry-After: 1\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that went away; anything else is answered as a page


# ---------------------------------------------------------------------------- the preview

class Preview:
    """The preview server for a year file, a förbund folder or the whole data folder."""

    def __init__(self, path: Path, host: str = "127.0.0.1", port: int = 8000,
                 interval: float = POLL_SECONDS, log: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self.log = log or (lambda _msg: None)
        if self.path.is_file():
            self.data_root = self.path.parent
        elif (self.path / FORBUND_FILE).exists():
            self.data_root = self.path
        else:
            self.data_root = self.path
        from . import render

        # The docs repository's templates/: beside data/, wherever serve was started from.
        repo = (render.repository_of(self.data_root) if (self.data_root / FORBUND_FILE).exists()
                else self.data_root.absolute().parent)
        roots = [self.data_root, repo / "templates", render.builtin_templates_dir()]
        # The log is written by a thread of its own through a bounded queue: when stderr is
        # a pipe nobody reads, a message is dropped instead of stopping the watcher.
        self._log_queue: queue.Queue[str] = queue.Queue(maxsize=100)
        threading.Thread(target=self._write_log, name="reportgen-log", daemon=True).start()
        self.watcher = Watcher(dict.fromkeys(r.resolve() for r in roots), interval,
                               on_change=lambda: self.say("Ändring upptäckt, laddar om."))
        self._envs: dict[tuple[str, ...], Any] = {}
        self._cache: dict[tuple[Any, ...], tuple[int, str, bytes]] = {}
        self._lock = threading.Lock()
        self.httpd = _Server((host, port), _handler(self))  # a busy port: OSError, no temp left
        self._tmp = tempfile.TemporaryDirectory(prefix="reportgen-serve-")
        bound, self.port = self.httpd.server_address[:2]
        self.host = bound if isinstance(bound, str) else bytes(bound).decode()
        self._thread: threading.Thread | None = None
        self.requests: list[tuple[float, str]] = []
        """(time.monotonic(), path) of the last requests answered, for tests and diagnosis."""

    def say(self, message: str) -> None:
        """Log *message* without ever blocking (see ``_write_log``)."""
        with contextlib.suppress(queue.Full):
            self._log_queue.put_nowait(message)

    def _write_log(self) -> None:
        while True:
            message = self._log_queue.get()
            # A closed stderr must not end the log thread with a traceback.
            with contextlib.suppress(Exception):
                self.log(message)

    def allowed_host(self, header: str | None) -> bool:
        """Whether a request's Host header names this server: a loopback name or the bound
        address, with our port or none."""
        if not header:
            return False
        host, port = header.strip().lower(), ""
        if host.startswith("["):
            host, _, rest = host[1:].partition("]")
            port = rest.removeprefix(":")
        elif host.count(":") == 1:
            host, _, port = host.partition(":")
        host = host.rstrip(".")
        if port and port != str(self.port):
            return False
        names = {*LOOPBACK_NAMES, str(self.host).lower()} - {"0.0.0.0", "::"}
        return host in names

    def private(self, text: str) -> str:
        """*text* without the local folders it may name (working directory, data folder,
        the PDF's temporary folder): error pages show places relative to the data."""
        for folder in sorted({str(Path(self._tmp.name)), str(self.data_root.resolve().parent),
                              str(Path.cwd())}, key=len, reverse=True):
            text = text.replace(folder + os.sep, "").replace(folder, ".")
        return text

    @property
    def url(self) -> str:
        """The address to open; for a server on every interface (0.0.0.0, ::) the loopback
        one, since only loopback names and the bound address are answered."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(str(self.host), str(self.host))
        host = host if ":" not in host else f"[{host}]"
        return f"http://{host}:{self.port}/"

    # -- running

    def serve_forever(self) -> None:
        self.watcher.start()
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> Preview:
        """Serve in a background thread (for tests and embedding); :meth:`close` stops it."""
        self._thread = threading.Thread(target=self.serve_forever, name="reportgen-serve",
                                        daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self.watcher.stop()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(5)
        self.httpd.server_close()
        self._tmp.cleanup()

    def _private_page(self, page: bytes) -> bytes:
        return self.private(page.decode("utf-8")).encode("utf-8")

    # -- what there is to show

    def year_files(self) -> list[Path]:
        if self.path.is_file():
            return [self.path]
        if (self.path / FORBUND_FILE).exists():
            folders = [self.path]
        else:
            folders = sorted(p for p in self.path.iterdir() if p.is_dir())
        return [f for folder in folders for f in sorted(folder.glob("*.yaml"))
                if YEAR_FILE.match(f.name)]

    def find(self, slug: str, year: str) -> Path | None:
        return next((f for f in self.year_files()
                     if f.parent.name == slug and f.stem == year), None)

    @staticmethod
    def page_url(year_file: Path, report: str = "arsredovisning", period: str | None = None,
                 ext: str = "html") -> str:
        stem = f"{report}-{period}" if period else report
        return f"/{quote(year_file.parent.name)}/{year_file.stem}/{stem}.{ext}"

    # -- answers: (status, content type, body)

    def index(self) -> tuple[int, str, bytes]:
        files = self.year_files()
        if len(files) == 1:
            return self.report_page(files[0], *build.reports_in(files[0])[0])
        version = self.watcher.version
        items = []
        for f in files:
            links = []
            for report, period in build.reports_in(f):
                name = build.REPORTS[report].title.lower() + (f" {period}" if period else "")
                links.append(f'<a href="{self.page_url(f, report, period)}">{html.escape(name)}'
                             f'</a> (<a href="{self.page_url(f, report, period, "pdf")}">PDF</a>)')
            items.append(f"<li><strong>{html.escape(relpath(f))}</strong>: {', '.join(links)}</li>")
        antal = f"{len(files)} årsfil" + ("" if len(files) == 1 else "er")
        body = (f"<h1>reportgen – förhandsgranskning</h1><p>{antal} i "
                f"{html.escape(relpath(self.path))}.</p><ul>{''.join(items)}</ul>")
        return 200, "text/html; charset=utf-8", _document("Förhandsgranskning", body, version)

    def report_page(self, year_file: Path, report: str,
                    period: str | None) -> tuple[int, str, bytes]:
        """The HTML of one report, or a page that lists what is wrong."""
        version = self.watcher.version
        key = ("html", str(year_file), report, period, version)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            answer = self._render_page(year_file, report, period, version)
            self._cache = {k: v for k, v in self._cache.items() if k[-1] == version}
            self._cache[key] = answer
            return answer

    def _render_page(self, year_file: Path, report: str, period: str | None,
                     version: int) -> tuple[int, str, bytes]:
        title = f"{relpath(year_file)} – {report}{' ' + period if period else ''}"
        try:
            kind = build.REPORTS.get(report)
            if kind is None:
                raise ReportgenError(f"okänd rapport '{report}'; välj en av: "
                                     f"{', '.join(build.REPORTS)}")
            result = build.check(year_file, report, period)
            if result.errors or result.rapport is None:
                return 200, "text/html; charset=utf-8", self._private_page(
                    _problems_page(title, result.problems, version))
            page = self._render(result.rapport, result.indata, kind.template)
        except InputError as exc:
            return 200, "text/html; charset=utf-8", self._private_page(
                _problems_page(title, exc.problems, version))
        except Exception as exc:  # a broken template or figure must not stop the server
            return 200, "text/html; charset=utf-8", self._private_page(
                _exception_page(title, exc, version))
        warnings = [p for p in result.problems if p.severity != "fel"]
        return 200, "text/html; charset=utf-8", _inject(page, version, warnings)

    def _render(self, rapport: Any, indata: Any, template: str) -> str:
        """Render with a cached Jinja environment per search path (templates parsed once)."""
        from . import render

        folder = indata.folder
        search = render.template_search_paths(folder)
        key = tuple(str(p) for p in search)
        env = self._envs.get(key)
        if env is None:
            env = self._envs[key] = render.make_env(search)
        return render.render_template(env, template, render.context(rapport, folder))

    def pdf(self, year_file: Path, report: str, period: str | None) -> tuple[int, str, bytes]:
        """The PDF, built on demand with :func:`reportgen.build.build` into a temp folder."""
        version = self.watcher.version
        key = ("pdf", str(year_file), report, period, version)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            title = f"{relpath(year_file)} – {report} (PDF)"
            try:
                written, _ = build.build(year_file, report, ("pdf",), Path(self._tmp.name),
                                         period)
                answer = (200, "application/pdf", written[0].read_bytes())
            except InputError as exc:
                answer = (500, "text/html; charset=utf-8",
                          self._private_page(_problems_page(title, exc.problems, version)))
            except Exception as exc:
                answer = (500, "text/html; charset=utf-8",
                          self._private_page(_exception_page(title, exc, version)))
            self._cache[key] = answer
            return answer


# ---------------------------------------------------------------------------- pages

_STYLE = """<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
       line-height: 1.45; color: #1b1b1b; }
h1 { font-size: 1.4rem; color: #8a1c1c; }
.problem { border-left: 4px solid #8a1c1c; padding: .4rem .8rem; margin: .6rem 0;
           background: #fbf3f3; list-style: none; }
.problem.varning { border-color: #9a6b00; background: #fdf8ec; }
.plats { font-family: ui-monospace, monospace; font-weight: 600; }
.tips { color: #444; }
pre { background: #f4f4f4; padding: .8rem; overflow-x: auto; }
</style>"""


def _document(title: str, body: str, version: int) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>'
            f"{html.escape(title)}</title>{_STYLE}</head><body>{body}"
            f"{RELOAD_SCRIPT % {'version': version}}</body></html>\n").encode()


def _problem_item(p: Problem) -> str:
    where = f'<span class="plats">{html.escape(str(p.location))}</span>: ' if p.location else ""
    field = f"<code>{html.escape(p.field)}</code>: " if p.field else ""
    check = f" [{html.escape(p.check)}]" if p.check else ""
    hint = f'<br><span class="tips">tips: {html.escape(p.hint)}</span>' if p.hint else ""
    return (f'<li class="problem {p.severity}">{where}{p.severity}: {field}'
            f"{html.escape(p.message)}{check}{hint}</li>")


def _problems_page(title: str, problems: list[Problem], version: int) -> bytes:
    errors = [p for p in problems if p.severity == "fel"]
    n = len(errors)
    body = (f"<h1>Rapporten kan inte visas: {n} fel</h1>"
            f"<p>{html.escape(title)}. Rätta felen och spara; sidan laddas om av sig själv.</p>"
            f"<ul>{''.join(_problem_item(p) for p in problems)}</ul>")
    return _document(f"{n} fel – {title}", body, version)


def _exception_page(title: str, exc: Exception, version: int) -> bytes:
    """A page for a failure that is not a problem in the data. It shows reportgen's own
    Swedish message, and for anything else only that something went wrong: no traceback,
    no exception text (which can name local files), as a published page must not either."""
    if isinstance(exc, ReportgenError):  # template errors too (render.render_template)
        message = exc.format_message()
    else:
        message = ("ett oväntat fel inträffade i reportgen; kör 'reportgen build' på filen i "
                   "terminalen för att se mer")
    body = (f"<h1>Rapporten kan inte visas</h1><p>{html.escape(title)}</p>"
            f'<ul><li class="problem fel">{html.escape(message)}</li></ul>')
    return _document(f"Fel – {title}", body, version)


def _inject(page: str, version: int, warnings: list[Problem]) -> bytes:
    """The report with the reload script (and any warnings) added before ``</body>``."""
    extra = RELOAD_SCRIPT % {"version": version}
    if warnings:
        extra = (f'<aside style="position:fixed;bottom:0;left:0;right:0;max-height:30vh;'
                 f'overflow:auto;background:#fdf8ec;border-top:2px solid #9a6b00;'
                 f'font:14px system-ui,sans-serif;padding:.3rem 1rem;z-index:9999" '
                 f'data-reportgen-serve><ul style="margin:0;padding:0">'
                 f"{''.join(_problem_item(p) for p in warnings)}</ul></aside>{extra}")
    index = page.lower().rfind("</body>")
    page = page + extra if index < 0 else page[:index] + extra + page[index:]
    return page.encode("utf-8")


# ---------------------------------------------------------------------------- HTTP

def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "reportgen-serve"
        protocol_version = "HTTP/1.1"
        timeout = SOCKET_TIMEOUT

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the terminal is for what changed and what is wrong

        def do_GET(self) -> None:
            try:
                self._get()
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                self.close_connection = True  # the tab closed or the client stalled

        def _get(self) -> None:
            url = urlsplit(self.path)
            preview.requests.append((time.monotonic(), self.path))
            del preview.requests[:-200]
            if not preview.allowed_host(self.headers.get("Host")):
                self._send(421, "text/plain; charset=utf-8",
                           "Fel värdnamn: förhandsgranskningen svarar bara på localhost och "
                           "127.0.0.1.\n".encode())
                return
            if url.path == "/__reload":
                seen = parse_qs(url.query).get("v", ["0"])[0]
                try:
                    seen_version = int(seen)
                except ValueError:
                    seen_version = 0
                version = preview.watcher.wait(seen_version, LONG_POLL_SECONDS)
                self._send(200, "text/plain; charset=utf-8", str(version).encode())
                return
            if url.path in ("/", "/index.html"):
                self._send(*preview.index())
                return
            match = PAGE.match(unquote(url.path))
            year_file = preview.find(match["slug"], match["ar"]) if match else None
            if match is None or year_file is None:
                body = _document("Finns inte",
                                 f"<h1>Sidan finns inte</h1><p>{html.escape(url.path)}"
                                 '</p><p><a href="/">Till början</a></p>', preview.watcher.version)
                self._send(404, "text/html; charset=utf-8", body)
                return
            if match["ext"] == "pdf":
                self._send(*preview.pdf(year_file, match["report"], match["period"]))
            else:
                self._send(*preview.report_page(year_file, match["report"], match["period"]))

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(HTTPStatus(status))
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler
