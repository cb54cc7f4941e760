"""The CI gate: its configuration, the baseline of accepted findings, the validator's self-check, the run
and how it reads.

Layer: above ``live``, ``redaction``, ``standin``, ``strategies`` and ``upstream``; below the CLI and the
pytest plugin.
"""

from __future__ import annotations

from contract.gate.config import GateConfig, find_config, load_config, load_settings
from contract.gate.run import GateReport, run_gate, with_baseline

__all__ = ["GateConfig", "GateReport", "find_config", "load_config", "load_settings", "run_gate", "with_baseline"]
