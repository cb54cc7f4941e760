"""``chatkit-contract validate``: check recorded responses in any format the sources read."""

from __future__ import annotations

import click

from contract.cli.options import (
    allow_empty_option,
    config_option,
    configuration,
    ignore_option,
    operation_option,
    profile_option,
    report_options,
    scheduler_option,
)
from contract.cli.reporting import ReportSettings, exit_with, progress_bar, report

__all__ = ["validate"]


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@report_options()
@profile_option(None, help="strict makes undeclared members errors and checks duplicate keys  [default: lenient]")
@operation_option()
@ignore_option()
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for large inputs; 0 means one per CPU, 1 checks everything in this process.",
)
@scheduler_option()
@allow_empty_option()
@config_option()
def validate(
    paths: tuple[str, ...],
    reports: ReportSettings,
    profile: str | None,
    operation: str | None,
    ignore: tuple[str, ...],
    jobs: int,
    scheduler: str | None,
    allow_empty: bool | None,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Validate recorded responses: JSON, JSON Lines, HAR, VCR cassettes, directories, URLs, or - for stdin.

    URLs (s3://, gs://, https://, file://) are read through fsspec, with the storage library's own credentials.

    Settings come from [tool.chatkit-contract] in the nearest pyproject.toml (as for `gate`, baseline included);
    options given here override them.
    """
    from contract.run import available_cpus, check_runs

    settings = configuration(config_path, no_config).merged(
        profile=profile,
        operation=operation,
        ignore=frozenset(ignore) or None,
        allow_empty=allow_empty,
        scheduler=scheduler,
    )
    progress = progress_bar(paths)
    outcomes = check_runs(
        paths,
        operation=settings.operation,
        profile=settings.profile,
        ignore=settings.ignore,
        jobs=jobs or available_cpus(),
        on_progress=progress.advance if progress is not None else None,
        scheduler=settings.scheduler,
    )
    if settings.baseline is not None:  # the gate is loaded only by the runs that hold findings against a baseline
        from contract.gate import with_baseline

        outcomes = with_baseline(outcomes, settings)
    summary = report(outcomes, reports, progress=progress, allow_empty=settings.allow_empty)
    exit_with(summary, allow_empty=settings.allow_empty)
