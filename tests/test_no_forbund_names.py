"""The engine and the built-in templates name no förbund.

Everything particular to one förbund lives in ``data/<förbund>/`` (its year files,
``forbund.yaml`` and its own ``templates/``). A förbund's name in ``reportgen/`` or in
``templates/`` is a special case waiting to happen (``if forbund.namn == …``), or a template
that prints the wrong name for everyone else.

The names looked for are the brief's stems (``sodert``, ``nordost``, ``nnv``) and the
``namn``, ``kortnamn`` and folder name of every example förbund in ``data/``, compared
case-insensitively with accents folded (``Södertörn`` is caught as ``sodertorn``).

Examples in docstrings and messages use a made-up förbund ("Mittbygden") instead.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reportgen.load import load_yaml

ROOT = Path(__file__).resolve().parent.parent
STEMS = ("sodert", "nordost", "nnv")
INVENTED = ("exempel",)
"""Example förbund made up for the documentation, marked as invented in their files. Like
"Mittbygden" they may be named anywhere; "Exempel" is also the word the engine's Swedish
messages use ("till exempel")."""

def fold(text: str) -> str:
    """Lower case without accents: 'Östra Södertörn' → 'ostra sodertorn'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def names() -> list[str]:
    found = set(STEMS)
    for path in sorted(ROOT.glob("data/*/forbund.yaml")):
        if path.parent.name in INVENTED:
            continue
        data = load_yaml(path).data
        found.add(path.parent.name)
        for key in ("namn", "kortnamn"):
            value = data.get(key)
            if isinstance(value, str):
                found.add(value.removeprefix("Samordningsförbundet").strip())
    return sorted({fold(n) for n in found if n})


def files() -> list[Path]:
    engine = sorted((ROOT / "reportgen").rglob("*.py"))
    templates = sorted(p for p in (ROOT / "templates").rglob("*") if p.is_file())
    return [p for p in engine + templates if "__pycache__" not in p.parts]


def mentions() -> list[tuple[str, int, str, str]]:
    """(file, line number, line, name) of every förbund name in the engine and templates."""
    pattern = re.compile("|".join(re.escape(n) for n in names()))
    found = []
    for path in files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # a binary file (an image) cannot hold a name as text
            continue
        for n, line in enumerate(text.splitlines(), start=1):
            match = pattern.search(fold(line))
            if match:
                found.append((path.relative_to(ROOT).as_posix(), n, line.strip(), match[0]))
    return found


def test_the_names_cover_every_example_forbund():
    assert {"skane-nordost", "ostra-sodertorn", "nnv-skane", "skane nordost",
            "ostra sodertorn", "nnv skane"} <= set(names())
    assert files(), "no engine or template files found"


def test_no_forbund_name_in_engine_or_templates():
    new = [f"{file}:{n}: '{name}' in: {line}" for file, n, line, name in mentions()]
    assert not new, ("förbund names in engine code or built-in templates (move it to "
                     "data/<förbund>/, or use a made-up example name such as mitt-forbund):\n"
                     + "\n".join(new))
