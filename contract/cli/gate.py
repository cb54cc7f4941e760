"""``chatkit-contract gate``: the CI gate, configured in ``[tool.chatkit-contract]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from contract.cli.group import EXIT_OK, EXIT_VIOLATION
from contract.cli.options import format_option
from contract.cli.reporting import empty_reason, report_outputs, write_report
from contract.errors import ContractError, InputError
from contract.report import REPORTERS

__all__ = ["gate"]


@click.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="TOML file holding [tool.chatkit-contract]  [default: ./pyproject.toml]",
)
@format_option(help="Report format on stdout.")
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    metavar="FORMAT=PATH",
    callback=report_outputs,
    help="Also write a report file, e.g. junit=reports/contract.xml (repeatable).",
)
@click.option("--update-baseline", is_flag=True, help="Accept every current finding into the configured baseline.")
def gate(config_path: str | None, format_: str, outputs: list[tuple[str, str]], update_baseline: bool) -> None:
    """Fail the build on new contract violations, upstream drift or a broken validator (for CI)."""
    from contract.gate import load_config, run_gate
    from contract.gate.render import markdown_summary, text_lines

    config = load_config(config_path)
    outcome = run_gate(config, update_baseline=update_baseline)
    allow_empty = config.allow_empty
    for output_format, path in outputs:
        write_report(output_format, path, outcome.outcomes, allow_empty=allow_empty)
    color = format_ == "text" and sys.stdout.isatty()
    REPORTERS[format_](sys.stdout, color=color, allow_empty=allow_empty).report(outcome.outcomes)
    # Machine formats own stdout; the gate's own lines then go to stderr so stdout stays parseable.
    click.echo("\n".join(text_lines(outcome, config)), err=format_ != "text")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        try:
            with Path(step_summary).open("a", encoding="utf-8") as stream:
                stream.write(markdown_summary(outcome, config))
        except OSError as err:
            raise ContractError(f"{step_summary}: cannot write the step summary: {err.strerror}") from err
    if outcome.refused_empty and outcome.ok:
        raise InputError(f"nothing was checked: {empty_reason(outcome.summary)}")
    sys.exit(EXIT_OK if outcome.ok else EXIT_VIOLATION)
