"""``reportgen init``: a förbund's own documentation repository, ready for ``make build``.

The repository needs only an installed reportgen: its Makefile calls the ``reportgen``
command (from ``.venv/`` there or from PATH), never the engine's sources or a pyproject.
What it gets: the Makefile, ``data/``, ``templates/`` (empty but for a README on
overrides), ``schema/`` (the JSON Schema for the editor), ``.gitignore`` and a Swedish
README with the two commands.

Running it again changes nothing a user wrote: an existing file is left as it is (a
``.gitignore`` only gets the lines it lacks); only the generated schema is brought up to
date with the installed reportgen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportgenError, relpath

SKELETON = Path(__file__).resolve().parent / "skeleton"
FILES = {
    "Makefile": "Makefile",
    "README.md": "README.md",
    ".gitignore": "gitignore",
    "templates/README.md": "templates-README.md",
}
"""Where each skeleton file goes in the repository."""
FOLDERS = ("data", "templates", "schema")


@dataclass
class Initiated:
    """What ``init`` did, file by file."""

    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def init(folder: Path) -> Initiated:
    """Create (or complete) the documentation repository in *folder*."""
    from .cli import schema_texts

    folder = Path(folder)
    done = Initiated()
    if folder.exists() and not folder.is_dir():
        raise ReportgenError(f"{relpath(folder)} finns redan och är ingen mapp; välj en annan "
                             "mapp för repot")
    try:
        for name in FOLDERS:
            (folder / name).mkdir(parents=True, exist_ok=True)
        for dest_name, source_name in FILES.items():
            dest = folder / dest_name
            text = (SKELETON / source_name).read_text(encoding="utf-8")
            if not dest.exists():
                dest.write_text(text, encoding="utf-8")
                done.created.append(dest)
            elif dest_name == ".gitignore":
                _complete_gitignore(dest, text, done)
            else:
                done.kept.append(dest)
        for name, text in schema_texts().items():
            dest = folder / "schema" / name
            if dest.exists() and dest.read_text(encoding="utf-8") == text:
                done.kept.append(dest)
                continue
            (done.updated if dest.exists() else done.created).append(dest)
            dest.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportgenError(f"kunde inte skapa repot i {relpath(folder)}: "
                             f"{exc.strerror or exc} ({exc.filename or folder})") from None
    return done


def _complete_gitignore(dest: Path, skeleton: str, done: Initiated) -> None:
    """Append the skeleton's patterns a user's .gitignore lacks; change nothing else."""
    text = dest.read_text(encoding="utf-8")
    have = {line.strip().rstrip("/") for line in text.splitlines()}
    patterns = [line for line in skeleton.splitlines() if line.strip() and line[0] != "#"]
    missing = [line for line in patterns if line.strip().rstrip("/") not in have]
    if not missing:
        done.kept.append(dest)
        return
    lead = "" if text.endswith("\n") or not text else "\n"
    dest.write_text(text + lead + "\n".join(missing) + "\n", encoding="utf-8")
    done.updated.append(dest)
