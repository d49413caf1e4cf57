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
