"""Contract coverage: which variants of the contract (enum values, null and non-null, union branches, status
classes, …) the recorded responses showed, per operation, and which they never did.

``variants`` derives the variants from the bundled schemas and compiles a counter per resource; ``catalogue``
fits them to each operation in the table; ``measure`` reads recordings and counts; ``model`` holds the counts
and their JSON form; ``threshold`` judges them against ``coverage = {min, require}``.

Layer: above ``run``, ``sources`` and ``check`` (whose validator tells which variants an operation's rules
forbid); below ``report``, which renders coverage, and the gate, which judges it.
"""

from __future__ import annotations

from contract.coverage.catalogue import HTTP_VARIANTS, operation_variants
from contract.coverage.measure import count_records, measure_coverage
from contract.coverage.model import Coverage, OperationCoverage, Tally
from contract.coverage.threshold import Requirement, Threshold, Verdict, judge
from contract.coverage.variants import Variant, body_variants

__all__ = [
    "HTTP_VARIANTS",
    "Coverage",
    "OperationCoverage",
    "Requirement",
    "Tally",
    "Threshold",
    "Variant",
    "Verdict",
    "body_variants",
    "count_records",
    "judge",
    "measure_coverage",
    "operation_variants",
]
