"""``chatkit-contract validate``: check recorded responses in any format the sources read."""

from __future__ import annotations

import click

from contract.cli.options import endpoint_option, ignore_option, profile_option, report_options
from contract.cli.reporting import ReportSettings, exit_with, progress_bar, report

__all__ = ["validate"]


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@report_options()
@profile_option()
@endpoint_option()
@ignore_option()
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for large inputs; 0 means one per CPU, 1 checks everything in this process.",
)
def validate(
    paths: tuple[str, ...],
    reports: ReportSettings,
    profile: str,
    endpoint: str,
    ignore: tuple[str, ...],
    jobs: int,
) -> None:
    """Validate recorded responses: JSON, JSON Lines, HAR, VCR cassettes, directories, or - for stdin."""
    from contract.run import available_cpus, check_paths

    progress = progress_bar(paths)
    outcomes = check_paths(
        paths,
        endpoint=endpoint,  # type: ignore[arg-type]
        profile=profile,  # type: ignore[arg-type]
        ignore=ignore,
        jobs=jobs or available_cpus(),
        on_progress=progress.advance if progress is not None else None,
    )
    exit_with(report(outcomes, reports, progress=progress))
