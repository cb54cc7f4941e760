"""``python -m contract`` runs the command line, as the console script does."""

from contract.cli import run

run()
