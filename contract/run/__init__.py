"""The runner: check every recording under some paths, in input order, in one process or several.

Layer: above ``sources`` and ``check``; imports those and the base modules, nothing higher.
"""

from __future__ import annotations

from contract.run.checking import Outcome, RunOutcome, check_records
from contract.run.runner import available_cpus, check_paths, check_runs

__all__ = ["Outcome", "RunOutcome", "available_cpus", "check_paths", "check_records", "check_runs"]
