"""The ``chatkit-contract`` command: parse arguments, call the library, pick a reporter, map to an exit code.

One module per command; options several commands take are declared once in :mod:`contract.cli.options`.
click is imported nowhere else in the package. Layer: the top; anything below may be imported.
"""

from __future__ import annotations

from contract.cli.catalogue import rules, schema
from contract.cli.check_live import check_live
from contract.cli.gate import gate
from contract.cli.generate import generate
from contract.cli.group import EXIT_BROKEN_PIPE, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_VIOLATION, main
from contract.cli.redact import redact
from contract.cli.serve import serve
from contract.cli.upstream_diff import upstream_diff_command
from contract.cli.validate import validate

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_VIOLATION", "main"]

for _command in (validate, rules, schema, check_live, serve, gate, upstream_diff_command, redact, generate):
    main.add_command(_command)
