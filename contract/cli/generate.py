"""``chatkit-contract generate``: conforming payloads or one-rule mutants of any resource, as JSON Lines."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack

import click

from contract.cli.group import EXIT_OK
from contract.cli.options import operation_option, profile_option
from contract.cli.output import open_binary
from contract.operations import OPERATIONS
from contract.rules import Profile
from contract.schemas import ROOT, load_schema

__all__ = ["generate"]

# Read from the packaged schema (a small file) so the choices never drift from the contract.
_STATUSES = tuple(load_schema("ChatSessionStatus")["enum"])
# The response resources (contract.strategies.RESOURCES, a test keeps them equal): importing the strategies here
# would import Hypothesis for every command.
_RESOURCES = (*dict.fromkeys(operation.resource for operation in OPERATIONS), "ThreadItem")


@click.command()
@click.option(
    "--resource",
    type=click.Choice(_RESOURCES),
    default=ROOT,
    show_default=True,
    help="What to draw; with --invalid, a ThreadItem is broken inside a page of items (list-thread-items).",
)
@click.option("--count", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many lines.")
@click.option("--seed", type=int, help="The same seed gives the same lines (default: a random seed).")
@click.option("--status", type=click.Choice(_STATUSES), help="Conforming session resources with this status only.")
@click.option(
    "--invalid",
    is_flag=True,
    help="One-rule mutants instead: each line is {payload, rule, pointer, operation, profile}.",
)
@click.option(
    "--rule", "rules", multiple=True, metavar="RULE", help="With --invalid: break only this rule (repeatable)."
)
@operation_option(help="With --invalid: every mutant fails as a response to this operation (--endpoint: older name).")
@profile_option(None, help="With --invalid: every mutant fails under this profile.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the lines to FILE instead of stdout (a data file, not a report); directories are created.",
)
@click.option(
    "--fill-gaps",
    "fill_gaps",
    type=click.Path(dir_okay=False),
    metavar="COVERAGE.json",
    help="Instead: one conforming exchange per variant that `coverage --format json` report never observed, as a "
    "HAR file (or a VCR cassette with -o FILE.yaml); status-class gaps come with their stand-in fault spec.",
)
@click.option(
    "--expectations",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="With --invalid: write bare payloads, and each line's expected rule and pointer to FILE.",
)
def generate(
    resource: str,
    count: int,
    seed: int | None,
    status: str | None,
    invalid: bool,
    rules: tuple[str, ...],
    operation: str | None,
    profile: Profile | None,
    output: str | None,
    fill_gaps: str | None,
    expectations: str | None,
) -> None:
    """Write generated responses as JSON Lines: conforming ones, or one-rule mutants (session resources unless
    --resource says otherwise); or, with --fill-gaps, the exchanges a coverage report is missing."""
    if fill_gaps is not None:
        _fill_gaps(fill_gaps, seed, output)
        return
    from contract.strategies import corpus

    mutant_only = {"--rule": rules, "--operation": operation, "--profile": profile, "--expectations": expectations}
    if invalid and status:
        raise click.UsageError("--status applies to conforming payloads; with --invalid use --operation")
    if status and resource != ROOT:
        raise click.UsageError(f"--status picks session resources ({ROOT}), not {resource}")
    if not invalid and any(mutant_only.values()):
        raise click.UsageError(f"{next(k for k, v in mutant_only.items() if v)} needs --invalid")
    # Drawing is lazy, but the options are checked here, before any output file is created.
    mutants = (
        corpus.mutants(
            count=count, seed=seed, rules=rules or None, operation=operation, profile=profile, resource=resource
        )
        if invalid
        else iter(())
    )
    payloads = (
        iter(()) if invalid else corpus.conforming_payloads(count=count, seed=seed, status=status, resource=resource)
    )
    with ExitStack() as stack:
        stream = stack.enter_context(open_binary(output)) if output else sys.stdout.buffer
        side = stack.enter_context(open_binary(expectations)) if expectations else None
        try:
            written = (
                corpus.write_mutants(stream, mutants, side) if invalid else corpus.write_payloads(stream, payloads)
            )
            stream.flush()
        except BrokenPipeError:
            # The reader (e.g. `head`) has what it wanted: stop quietly, as other Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
    if output:
        click.echo(f"wrote {written} lines to {output}")


def _fill_gaps(report: str, seed: int | None, output: str | None) -> None:
    """``--fill-gaps``: the gaps as a recording on stdout (HAR) or in *output*; each fault spec said on stderr."""
    from pathlib import PurePath

    from contract.gaps import gaps_from_file, write_gaps

    ctx = click.get_current_context()
    clashing = [
        "--rule" if name == "rules" else f"--{name}"
        for name in ("count", "status", "invalid", "rules", "endpoint", "profile", "expectations")
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    ]
    if clashing:
        raise click.UsageError(f"--fill-gaps writes one exchange per gap; it does not take {clashing[0]}")
    suffix = PurePath(output).suffix if output else ".har"
    gaps = gaps_from_file(report, seed=seed or 0)
    data = write_gaps(gaps, suffix=suffix)
    if output:
        with open_binary(output) as stream:
            stream.write(data)
    else:
        sys.stdout.buffer.write(data)
    for gap in gaps:
        if gap.fault:
            click.echo(f"{gap.name}: or make the stand-in answer it: --fault {gap.fault}", err=True)
    if output:
        click.echo(f"wrote {len(gaps)} gap{'s' if len(gaps) != 1 else ''} to {output}")
