"""The ``chatkit-contract`` command: parse arguments, call the library, pick a reporter, map to an exit code.

One module per command, imported when that command runs; options several commands take are declared once
in :mod:`contract.cli.options`. The console script is :func:`run` (:mod:`contract.cli.console`): ``main`` and a quick
exit.
click is imported nowhere else in the package. Layer: the top; anything below may be imported.
"""

from __future__ import annotations

from contract.cli.console import run
from contract.cli.group import EXIT_BROKEN_PIPE, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_VIOLATION, main

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_VIOLATION", "main", "run"]
