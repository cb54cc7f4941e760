"""``python -m contract`` runs the command line."""

from contract.cli import main

main(prog_name="chatkit-contract")
