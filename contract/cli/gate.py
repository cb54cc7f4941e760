"""``chatkit-contract gate``: the CI gate, configured in ``[tool.chatkit-contract]``."""

from __future__ import annotations

import os
import sys

import click

from contract.cli.group import EXIT_OK, EXIT_VIOLATION
from contract.cli.options import config_option, report_options
from contract.cli.output import open_text
from contract.cli.reporting import ReportSettings, empty_reason, report
from contract.errors import InputError

__all__ = ["gate"]


@click.command()
@config_option(ignorable=False)
@report_options()
@click.option("--update-baseline", is_flag=True, help="Accept every current finding into the configured baseline.")
def gate(config_path: str | None, reports: ReportSettings, update_baseline: bool) -> None:
    """Fail the build on new contract violations, upstream drift or a broken validator (for CI)."""
    from contract.gate import load_config, run_gate
    from contract.gate.render import markdown_summary, text_lines

    config = load_config(config_path)
    outcome = run_gate(config, update_baseline=update_baseline)
    coverage = outcome.coverage.coverage if outcome.coverage is not None else None
    report(outcome.outcomes, reports, allow_empty=config.allow_empty, coverage=coverage)
    # Machine formats own stdout; the gate's own lines then go to stderr so stdout stays parseable.
    click.echo("\n".join(text_lines(outcome, config)), err=reports.format != "text")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open_text(step_summary, append=True) as stream:
            stream.write(markdown_summary(outcome, config))
    if outcome.refused_empty and outcome.ok:
        raise InputError(f"nothing was checked: {empty_reason(outcome.summary)}")
    sys.exit(EXIT_OK if outcome.ok else EXIT_VIOLATION)
