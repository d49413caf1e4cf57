"""SIE: the Swedish standard export of bookkeeping (sie.se), read beside the YAML files.

* :mod:`.reader` turns a SIE file (types 1–4, 4E and 4I) into a typed :class:`Sie` model,
  every problem a :class:`~reportgen.errors.Problem` with file and line.
* :mod:`.kontroller` checks the books (each check a named function, listed in ``CHECKS``).
* :mod:`.kontoplan` maps accounts to the lines of the statements and the note rows.
* :mod:`.bokslut` applies a kontoplan to the books: the statements of one year.
"""

from __future__ import annotations

from .reader import MAX_FILE_BYTES, Sie, read_sie

__all__ = ["MAX_FILE_BYTES", "Sie", "read_sie"]
