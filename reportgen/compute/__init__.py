"""Stage 3: compute every sum, prior-year column, ratio and number; Decimal only.

Each report kind computes its own typed view from validated
:class:`~reportgen.sources.Indata`: :func:`compute_arsredovisning`,
:func:`compute_tertial`, :func:`compute_delarsrapport` and :func:`compute_verksamhetsplan`
(the views are in :mod:`reportgen.compute.vy`). This module only re-exports them.
"""

from .arsredovisning import compute_arsredovisning
from .budget import compute_verksamhetsplan
from .delar import compute_delarsrapport
from .tertial import compute_tertial

__all__ = ["compute_arsredovisning", "compute_delarsrapport", "compute_tertial",
           "compute_verksamhetsplan"]
