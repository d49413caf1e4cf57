"""reportgen serve: the preview answers, follows edits within a second, shows errors."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from reportgen import build
from reportgen.serve import Preview

FIXTURES = Path(__file__).parent / "fixtures"
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def year_file(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "testbygden"
    shutil.copytree(FIXTURES / "mini", folder)
    return folder / "2023.yaml"


@pytest.fixture
def preview(year_file: Path):
    server = Preview(year_file, port=0, interval=0.05).start()
    yield server
    server.close()


def get(url: str, timeout: float = 30) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def page(server: Preview, path: str = "") -> str:
    return get(server.url + path)[2].decode("utf-8")


def save(path: Path, text: str) -> None:
    """Write and make sure the modification time moves even on coarse file systems."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def until(predicate, within: float) -> float:
    """Seconds until *predicate()* is true; fails after *within* seconds."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > within:
            pytest.fail(f"inte inom {within} s")
        time.sleep(0.02)


def test_page_shows_the_report_with_the_reload_script(preview: Preview) -> None:
    status, content_type, body = get(preview.url)
    assert status == 200 and content_type.startswith("text/html")
    html = body.decode("utf-8")
    assert "<h1" in html and "Testbygden" in html
    assert "/__reload?v=" in html
    same = page(preview, "testbygden/2023/arsredovisning.html")
    assert "Testbygden" in same


def test_edit_shows_within_a_second(preview: Preview, year_file: Path) -> None:
    original = year_file.read_text(encoding="utf-8")
    assert "Nyskriven mening" not in page(preview)
    version = preview.watcher.version
    save(year_file, original.replace("Vid årets utgång", "Nyskriven mening. Vid årets utgång"))
    # The long poll answers with the new version …
    reloaded = get(f"{preview.url}__reload?v={version}", timeout=5)[2].decode()
    assert int(reloaded) > version
    # … and the page has the new text, all within a second of saving.
    assert until(lambda: "Nyskriven mening" in page(preview), within=1.0) < 1.0


def test_broken_yaml_shows_the_error_and_the_fix_brings_the_report_back(
        preview: Preview, year_file: Path) -> None:
    original = year_file.read_text(encoding="utf-8")
    save(year_file, original.replace("ar: 2023", "ar: 2023\npersonal: [", 1))
    until(lambda: "Rapporten kan inte visas" in page(preview), within=1.0)
    html = page(preview)
    assert re.search(r"2023\.yaml:4:1</span>: fel: ogiltig YAML", html), html  # file:line:col
    assert "fel" in html and "/__reload?v=" in html  # the error page reloads too
    save(year_file, original.replace("antal_anstallda: 2", "antal_anstallda: två"))
    until(lambda: "ett heltal väntades" in page(preview), within=1.0)
    assert "personal.antal_anstallda" in page(preview)
    save(year_file, original)
    until(lambda: "Rapporten kan inte visas" not in page(preview), within=1.0)
    assert "Testbygden" in page(preview)


def test_unknown_page_is_404(preview: Preview) -> None:
    assert get(preview.url + "testbygden/1999/arsredovisning.html")[0] == 404
    assert get(preview.url + "nope")[0] == 404


def test_data_folder_lists_the_reports(year_file: Path) -> None:
    server = Preview(year_file.parent.parent, port=0).start()
    try:
        html = page(server)
        assert "/testbygden/2023/arsredovisning.html" in html
        assert "/testbygden/2022/arsredovisning.pdf" in html
        assert "Testbygden" in page(server, "testbygden/2023/arsredovisning.html")
    finally:
        server.close()


def test_index_links_only_the_reports_the_data_holds(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parent.parent / "data"
    for folder in ("nnv-skane", "skane-nordost"):
        shutil.copytree(data / folder, tmp_path / folder)
    server = Preview(tmp_path, port=0).start()
    try:
        links = set(re.findall(r'href="(/[^"]+)"', page(server)))
    finally:
        server.close()
    assert "/nnv-skane/2020/verksamhetsplan.html" in links
    assert "/nnv-skane/2020/arsredovisning.html" not in links  # a plan only
    assert "/skane-nordost/2022/tertialrapport-T1.html" in links
    assert not any("2022/tertialrapport-T2" in link for link in links)  # no T2 follow-up
    assert not any("skane-nordost/2023/verksamhetsplan" in link for link in links)


def _pdf_available(year_file: Path) -> str | None:
    try:
        with tempfile.TemporaryDirectory() as tmp:
            build.build(year_file, "arsredovisning", ("pdf",), Path(tmp))
    except Exception as exc:  # the PDF layer may be missing on this machine
        return f"{type(exc).__name__}: {exc}"
    return None


def test_pdf_is_built_on_demand(preview: Preview, year_file: Path) -> None:
    why = _pdf_available(year_file)
    if why:
        pytest.skip(f"WeasyPrint-utdata finns inte här: {why}")
    status, content_type, body = get(preview.url + "testbygden/2023/arsredovisning.pdf", 120)
    assert status == 200 and content_type == "application/pdf"
    assert body.startswith(b"%PDF")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_browser_reloads_by_itself(preview: Preview, year_file: Path, tmp_path: Path) -> None:
    """A real (headless) browser runs the injected script and reloads after a save."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium saknas (apt-get install -y chromium); webbläsartestet hoppas över")
    url = preview.url + "testbygden/2023/arsredovisning.html"
    process = subprocess.Popen(
        [browser, *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profil'}",
         "--remote-debugging-port=0", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        def polls() -> list[str]:
            return [p for _, p in preview.requests if p.startswith("/__reload")]

        def loads() -> int:
            return len([p for _, p in preview.requests if p.endswith("arsredovisning.html")])

        until(lambda: polls(), within=30)  # the page loaded and its script is waiting
        before = loads()
        original = year_file.read_text(encoding="utf-8")
        save(year_file, original.replace("Vid årets utgång", "Nyskriven mening. Vid årets utgång"))
        took = until(lambda: loads() > before, within=5)
        assert took < 1.5, f"webbläsaren laddade om efter {took:.2f} s"
    finally:
        # The browser's own helper processes share its new session: end them together.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


# ---------------------------------------------------------------- round two (issue #20)

import http.client  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402


def raw_get(server: Preview, path: str, host: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io",
                                  "localhost:1", "", "0.0.0.0:{port}"])
def test_foreign_host_header_gets_no_draft(preview: Preview, host: str) -> None:
    """DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1."""
    for path in ("/", "/testbygden/2023/arsredovisning.html", "/__reload?v=0"):
        status, body = raw_get(preview, path, host.format(port=preview.port))
        assert status == 421, (host, path)
        assert b"Testbygden" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST.:{port}",
                                  "[::1]:{port}", "localhost"])
def test_loopback_host_header_is_answered(preview: Preview, host: str) -> None:
    status, body = raw_get(preview, "/", host.format(port=preview.port))
    assert status == 200 and b"Testbygden" in body


def test_error_pages_show_no_traceback_and_no_local_path(preview: Preview, year_file: Path,
                                                        monkeypatch) -> None:
    original = year_file.read_text(encoding="utf-8")
    save(year_file, original.replace("ar: 2023", "ar: 2023\npersonal: [", 1))
    until(lambda: "Rapporten kan inte visas" in page(preview), within=2.0)
    html = page(preview)
    assert "2023.yaml:4:1" in html
    assert str(year_file.parent.parent.parent) not in html, "a local folder in the page"

    def crash(*args, **kwargs):
        raise RuntimeError(f"hemlig sökväg {year_file}")

    monkeypatch.setattr(build, "check", crash)
    save(year_file, original)
    until(lambda: "oväntat fel" in page(preview), within=2.0)
    html = page(preview)
    assert "Traceback" not in html and "hemlig sökväg" not in html
    assert "RuntimeError" not in html and str(year_file) not in html


def test_slow_clients_are_bounded_and_timed_out(preview: Preview, monkeypatch) -> None:
    from reportgen import serve

    handler = preview.httpd.RequestHandlerClass
    monkeypatch.setattr(handler, "timeout", 1.0)
    before = threading.active_count()
    slow = [socket.create_connection(("127.0.0.1", preview.port)) for _ in range(100)]
    try:
        for s in slow:
            s.sendall(b"GET / HTTP/1.1\r\n")  # and never the rest
        time.sleep(0.5)
        assert threading.active_count() - before <= serve.MAX_CONNECTIONS + 2
        time.sleep(1.5)  # the timeout drops them
        assert get(preview.url, timeout=5)[0] == 200
        until(lambda: threading.active_count() - before <= 3, within=5.0)
    finally:
        for s in slow:
            s.close()
    assert preview.httpd.request_queue_size >= 64


def test_closed_tab_is_no_traceback(preview: Preview, capfd) -> None:
    for _ in range(5):
        s = socket.create_connection(("127.0.0.1", preview.port))
        s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()  # a reset before the answer is written
    time.sleep(1.0)
    assert get(preview.url)[0] == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err


def test_reload_goes_on_when_the_log_blocks(year_file: Path) -> None:
    """serve's stderr a pipe nobody reads: writing the log blocks, the watcher must not."""
    blocked = threading.Event()
    server = Preview(year_file, port=0, interval=0.05,
                     log=lambda _msg: blocked.wait()).start()
    try:
        original = year_file.read_text(encoding="utf-8")
        for n in range(3):
            version = server.watcher.version
            save(year_file, original.replace("Vid årets utgång", f"Ändring {n}. Vid årets utgång"))
            until(lambda v=version: server.watcher.version > v, within=2.0)
            until(lambda n=n: f"Ändring {n}." in page(server), within=2.0)
    finally:
        blocked.set()
        server.close()


def test_folders_with_capitals_and_swedish_letters_are_linked(year_file: Path) -> None:
    data = year_file.parent.parent
    shutil.copytree(year_file.parent, data / "Mitt Förbund-Å")
    server = Preview(data, port=0).start()
    try:
        index = page(server)
        links = re.findall(r'href="(/[^"]*Mitt[^"]*\.html)"', index)
        assert links, index
        for link in links:
            status, _, body = get(server.url.rstrip("/") + link)
            assert status == 200 and b"Sidan finns inte" not in body, link
    finally:
        server.close()


def test_sigterm_removes_the_temporary_folder(year_file: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", str(year_file),
                             "--port", str(port)], env={**os.environ, "TMPDIR": str(tmp)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        until(lambda: any(tmp.glob("reportgen-serve-*")), within=30.0)
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert list(tmp.glob("reportgen-serve-*")) == []
    assert b"Traceback" not in err


def test_server_on_every_interface_prints_a_url_it_answers(year_file: Path) -> None:
    server = Preview(year_file, host="0.0.0.0", port=0).start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert get(server.url)[0] == 200
    finally:
        server.close()
