"""Close coverage gaps: for each variant a coverage report never observed, a conforming exchange that shows it
(and, for an HTTP status class, the stand-in fault that provokes it), to keep as a fixture.

``fill`` builds the gaps from a :class:`~contract.coverage.Coverage`; ``write`` lays them out as a HAR file or a
VCR.py cassette that ``validate`` and ``coverage`` read like any recording.

Layer: above ``live`` (whose recorder writes the file), ``standin`` (error envelopes and fault specs) and
``strategies`` (conforming payloads); below the gate, the CLI and the pytest plugin.
"""

from __future__ import annotations

from contract.gaps.fill import Gap, fill_gaps, gaps_from_file
from contract.gaps.write import write_gaps

__all__ = ["Gap", "fill_gaps", "gaps_from_file", "write_gaps"]
