"""A förbund's own repository, walked as a new user walks it, outside this checkout.

Build the wheel, install it into a fresh virtual environment, ``reportgen init`` a folder
in a temporary directory, copy an example förbund in, ``make -j2 build``; touch one year
file and see only its report rebuilt; put an override in ``templates/`` and see it used,
also when the build runs from another folder. Nothing here imports the checkout: every
command runs the installed ``reportgen`` with the temporary folder as working directory.

Installing the wheel's dependencies (WeasyPrint, matplotlib …) from the package index takes
a minute, so by default the wheel is installed with ``--no-deps`` and the environment sees
the test environment's site-packages through a ``.pth`` line (which does not pick up the
checkout's editable install: ``.pth`` files in a directory added that way are not read).
``REPORTGEN_WALKTHROUGH_FULL=1`` installs the wheel with its dependencies instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "data" / "skane-nordost"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make finns inte")


def run(args: list[str], cwd: Path, env: dict[str, str], ok: bool = True,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    if ok:
        assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a user who has pip-installed the built wheel: PATH starts with
    a fresh venv's bin/ and nothing points at the checkout."""
    root = tmp_path_factory.mktemp("anvandare")
    dist = root / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "-w", str(dist),
                           "--no-deps", "-q"], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"kunde inte bygga hjulet:\n{done.stdout}\n{done.stderr}")
    [wheel] = dist.glob("reportgen-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    full = os.environ.get("REPORTGEN_WALKTHROUGH_FULL") == "1"
    if full:
        subprocess.run([sys.executable, "-m", "venv", "--upgrade-deps", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "-q", str(wheel)]
    else:
        (site / "testmiljo.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                            encoding="utf-8")
        pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
               "install", "-q", "--no-deps", str(wheel)]
    done = subprocess.run(pip, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"pip install misslyckades:\n{done.stdout}\n{done.stderr}"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin"
    env["HOME"] = str(root)
    where = run([str(venv / "bin" / "python"), "-c",
                 "import reportgen.render as r; print(r.__file__); "
                 "print(r.builtin_templates_dir())"], root, env).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the wheel, not the checkout
    return env


def _stamps(repo: Path) -> dict[str, int]:
    """Each built HTML file's modification time."""
    return {p.relative_to(repo).as_posix(): p.stat().st_mtime_ns
            for p in (repo / "build").rglob("*.html")}


def test_a_new_repository_from_init_to_override(user: dict[str, str],
                                                tmp_path: Path) -> None:
    repo = tmp_path / "vart-forbund"
    assert not repo.is_relative_to(REPO)
    said = run(["reportgen", "init", str(repo)], tmp_path, user)
    assert "Skapade" in said.stderr
    for name in ("Makefile", "README.md", ".gitignore", "templates/README.md",
                 "schema/arsfil.schema.json", "schema/forbund.schema.json"):
        assert (repo / name).is_file(), name
    assert (repo / "data").is_dir()
    assert "pyproject" not in (repo / "Makefile").read_text(encoding="utf-8")
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make check" in readme

    # An empty repository: make build says what to do, make check needs no engine sources.
    empty = run(["make", "build"], repo, user)
    assert "reportgen new" in empty.stdout
    assert "reportgen new" in run(["make", "check"], repo, user).stdout

    shutil.copytree(EXAMPLE, repo / "data" / "skane-nordost")
    first = run(["make", "-j2", "build"], repo, user)
    assert "Byggde build/skane-nordost/2022/" in first.stdout
    assert "Byggde build/skane-nordost/2023/" in first.stdout
    for name in ("2022/arsredovisning.html", "2022/arsredovisning.pdf",
                 "2022/tertialrapport-T1.html", "2023/arsredovisning.pdf"):
        assert (repo / "build" / "skane-nordost" / name).is_file(), name
    run(["make", "check"], repo, user)

    # Nothing changed: nothing is built.
    again = run(["make", "build"], repo, user)
    assert "Byggde" not in again.stdout

    # The later year's file changes: only its report is rebuilt, not the year before.
    before = _stamps(repo)
    os.utime(repo / "data" / "skane-nordost" / "2023.yaml")
    touched = run(["make", "build"], repo, user)
    assert touched.stdout.count("Byggde") == 1, touched.stdout
    assert "Byggde build/skane-nordost/2023/" in touched.stdout
    after = _stamps(repo)
    assert after["build/skane-nordost/2022/arsredovisning.html"] == \
        before["build/skane-nordost/2022/arsredovisning.html"]
    assert after["build/skane-nordost/2023/arsredovisning.html"] > \
        before["build/skane-nordost/2023/arsredovisning.html"]

    # An override in the repository's templates/ takes effect, and rebuilds both years.
    (repo / "templates" / "block").mkdir()
    (repo / "templates" / "block" / "kansli.html").write_text(
        '<p class="egen">Vårt eget kansliavsnitt</p>\n', encoding="utf-8")
    override = run(["make", "build"], repo, user)
    assert override.stdout.count("Byggde") == 2, override.stdout
    page = (repo / "build" / "skane-nordost" / "2023" / "arsredovisning.html")
    assert "Vårt eget kansliavsnitt" in page.read_text(encoding="utf-8")

    # Built from another folder, the repository's override is still the one used.
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    run(["reportgen", "build", str(repo / "data" / "skane-nordost" / "2023.yaml"),
         "--format", "html", "--out", str(elsewhere / "ut"), "-q"], elsewhere, user)
    built = elsewhere / "ut" / "skane-nordost" / "2023" / "arsredovisning.html"
    assert "Vårt eget kansliavsnitt" in built.read_text(encoding="utf-8")

    # init once more changes nothing the user wrote.
    (repo / "README.md").write_text("# Vår egen README\n", encoding="utf-8")
    (repo / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    run(["reportgen", "init", str(repo)], tmp_path, user)
    assert (repo / "README.md").read_text(encoding="utf-8") == "# Vår egen README\n"
    assert (repo / ".gitignore").read_text(encoding="utf-8") == "*.tmp\nbuild/\n.venv/\n"
    assert (repo / "templates" / "block" / "kansli.html").is_file()


def test_make_without_reportgen_says_how_to_install(user: dict[str, str],
                                                    tmp_path: Path) -> None:
    run(["reportgen", "init", str(tmp_path / "r")], tmp_path, user)
    shutil.copytree(EXAMPLE, tmp_path / "r" / "data" / "sn")
    bare = dict(user, PATH=f"/usr/bin{os.pathsep}/bin")
    done = run(["make", "build"], tmp_path / "r", bare, ok=False)
    assert done.returncode != 0
    assert "reportgen är inte installerat" in done.stderr
    assert "pip install" in done.stderr
