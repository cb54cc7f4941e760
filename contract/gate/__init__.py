"""The CI gate: its configuration, the baseline of accepted findings, the validator's self-check, the run
and how it reads.

Layer: above ``live``, ``redaction``, ``standin``, ``strategies`` and ``upstream``; below the CLI and the
pytest plugin.

The imports below run only for type checkers: at run time a name is imported on first use, from the module
``_HOMES`` names, so that reading the configuration (``validate`` and the pytest plugin do, through
:mod:`contract.gate.config`) does not load the whole gate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contract.lazy import lazy_exports

if TYPE_CHECKING:
    from contract.gate.config import GateConfig, find_config, load_config, load_settings
    from contract.gate.run import GateReport, run_gate, with_baseline

__all__ = ["GateConfig", "GateReport", "find_config", "load_config", "load_settings", "run_gate", "with_baseline"]

_HOMES = {
    "GateConfig": "contract.gate.config",
    "find_config": "contract.gate.config",
    "load_config": "contract.gate.config",
    "load_settings": "contract.gate.config",
    "GateReport": "contract.gate.run",
    "run_gate": "contract.gate.run",
    "with_baseline": "contract.gate.run",
}


__getattr__, __dir__ = lazy_exports(globals(), _HOMES)
