"""``chatkit-contract coverage``: which contract variants the recordings exercised, and which they never did."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack

import click

from contract.cli.group import EXIT_OK, EXIT_VIOLATION
from contract.cli.options import allow_empty_option, config_option, configuration, operation_option, report_options
from contract.cli.output import open_text
from contract.cli.reporting import ReportSettings, use_color
from contract.errors import InputError

__all__ = ["coverage"]

# The coverage formats, spelled here so that building the command imports nothing heavy.
_FORMATS = ("text", "json", "markdown", "html")


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@report_options("Coverage format on stdout (markdown suits a GitHub step summary).", formats=_FORMATS)
@operation_option()
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(0, 1),
    help="Exit 1 when less than this share of the variants (0 to 1) was observed  [default: coverage.min]",
)
@click.option(
    "--require",
    multiple=True,
    metavar="VARIANT",
    help="Exit 1 unless this variant was observed, e.g. status:cancelled or cancel/http:4xx (repeatable).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for large inputs; 0 means one per CPU, 1 counts everything in this process.",
)
@allow_empty_option()
@config_option()
def coverage(
    paths: tuple[str, ...],
    reports: ReportSettings,
    operation: str | None,
    minimum: float | None,
    require: tuple[str, ...],
    jobs: int,
    allow_empty: bool | None,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Count which contract variants the recorded responses show: enum values, null and non-null, union branches,
    booleans both ways, empty and non-empty lists, HTTP status classes; per operation.

    Reads what `validate` reads (default: the recordings in [tool.chatkit-contract]); `coverage = { min, require }`
    there, or --min and --require here, make a run that falls short exit 1.
    """
    from contract.coverage import Requirement, Threshold, judge, measure_coverage
    from contract.gate.run import recording_paths
    from contract.report.coverage import markdown, write_coverage
    from contract.run import available_cpus

    settings = configuration(config_path, no_config).merged(operation=operation, allow_empty=allow_empty)
    if not paths and not settings.recordings:
        raise click.UsageError("name the recordings (PATH...), or list them as recordings in [tool.chatkit-contract]")
    inputs = list(paths) or [str(path) for path in recording_paths(settings)]
    try:
        required = tuple(Requirement.parse(text) for text in require)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--require") from None
    configured = settings.coverage or Threshold()
    threshold = Threshold(minimum if minimum is not None else configured.minimum, required or configured.require)
    measured = measure_coverage(inputs, operation=settings.operation, jobs=jobs or available_cpus())
    verdict = judge(measured, threshold)
    with ExitStack() as stack:
        files = [(target.format, stack.enter_context(open_text(target.path))) for target in reports.files]
        color = use_color(reports.color, sys.stdout)
        write_coverage(reports.format, sys.stdout, measured, color=color, verbosity=reports.verbosity)
        for format_, stream in files:
            write_coverage(format_, stream, measured)
    # Machine formats own stdout; the verdict then goes to stderr so stdout stays parseable.
    for problem in verdict.problems:
        click.echo(f"coverage: FAILED: {problem}", err=reports.format != "text")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open_text(step_summary, append=True) as stream:
            stream.write(markdown(measured, verdict.unmet))
    if not measured.responses and not settings.allow_empty:
        raise InputError(
            "nothing was counted: the inputs hold no responses to the operations covered; "
            "allow it with --allow-empty (or allow-empty = true in [tool.chatkit-contract])"
        )
    sys.exit(EXIT_OK if verdict.ok else EXIT_VIOLATION)
