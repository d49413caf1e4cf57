"""What ``make`` needs to rebuild exactly what changed: a dependency file and a stamp.

``reportgen build FILE --report alla --deps build/.deps/<förbund>/<år>.d --stamp
build/.stamps/<förbund>/<år>.stamp`` writes, after a successful build,

* the dependency file: the stamp depends on every file the build read (the year file,
  forbund.yaml, the prior year's file, the logo, every template on the search path and
  the folders holding them, reportgen's own files), and, through ``$(wildcard …)``, on
  files that did not exist but would have been read (a prior year's file, a templates/
  folder): the Makefile ``-include``s it;
* the stamp, whose modification time is the newest of those files *as they were when the
  build read them*. A file saved while the build ran is newer than the stamp, so the next
  ``make build`` builds it again; when the build notices such a file itself, it writes no
  stamp at all.

Both are written atomically (a temporary file renamed into place), so a parallel
``make -j2`` never reads half a dependency file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .build import Built, snapshot


def changed_during_build(built: Built) -> list[Path]:
    """The files that are not as they were when the build read them."""
    now: dict[Path, tuple[int, int] | None] = {}
    snapshot(built.seen, now)
    return [p for p, before in built.seen.items() if now[p] != before]


def make_path(path: Path, cwd: Path | None = None) -> str:
    """*path* as a make prerequisite: relative to *cwd* (make's folder) when below it,
    with the characters make treats specially escaped.

    >>> make_path(Path("/r/data/a b/2023.yaml"), Path("/r"))
    'data/a\\\\ b/2023.yaml'
    >>> make_path(Path("/elsewhere/x#1.yaml"), Path("/r"))
    '/elsewhere/x\\\\#1.yaml'
    """
    base = (cwd or Path.cwd()).absolute()
    try:
        text = Path(path).relative_to(base).as_posix()
    except ValueError:
        text = Path(path).as_posix()
    return _escape(text)


def _escape(text: str) -> str:
    return text.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")


def deps_text(target: Path, built: Built, cwd: Path | None = None) -> str:
    """The dependency file: *target* (named as make names it) depends on every file *built*
    saw, present or not."""
    present = [make_path(p, cwd) for p, st in built.seen.items() if st is not None]
    absent = [make_path(p, cwd) for p, st in built.seen.items() if st is None]
    lines = ["# Skrivet av reportgen build --deps: filerna som bygget läste. Ändra inte för hand.",
             f"{_escape(Path(target).as_posix())}: \\"]
    lines += [f"  {p} \\" for p in present]
    lines.append(f"  $(wildcard {' '.join(absent)})" if absent else "")
    # An empty rule for each file, so a file that is removed later makes a rebuild instead
    # of "No rule to make target" (as gcc -MP does).
    lines += [f"{p}:" for p in present]
    return "\n".join(lines) + "\n"


def _write_atomic(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_deps(deps: Path, target: Path, built: Built) -> None:
    _write_atomic(deps, deps_text(target, built).encode("utf-8"))


def write_stamp(stamp: Path, built: Built) -> list[Path]:
    """Write the stamp dated as the newest input the build read; return the files that
    changed while the build ran (then no stamp is written and an old one is removed)."""
    changed = changed_during_build(built)
    if changed:
        stamp.unlink(missing_ok=True)
        return changed
    newest = max((st[0] for st in built.seen.values() if st is not None), default=0)
    _write_atomic(stamp, b"")
    os.utime(stamp, ns=(newest, newest))
    return []
