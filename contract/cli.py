"""The ``chatkit-contract`` command: parse arguments, call the library, report, map to an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import wraps
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from contract.errors import ContractError
from contract.rules import ENDPOINTS, PROFILES, RULES, Endpoint, Profile
from contract.schemas import load_schema

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_VIOLATION", "main"]

EXIT_OK, EXIT_VIOLATION, EXIT_ERROR = 0, 1, 2
_FORMATS = ("text", "json")

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(command: F) -> F:
    """Turn ContractError (a problem the user can fix) into one line on stderr and exit 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ContractError as err:
            click.echo(f"chatkit-contract: error: {err}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chatkit-contract")
def main() -> None:
    """Check OpenAI ChatKit session responses against their contract."""


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format", "format_", type=click.Choice(_FORMATS), default="text", show_default=True, help="Report format."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report here; a summary still goes to the terminal.",
)
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="lenient",
    show_default=True,
    help="strict makes undeclared members errors and checks duplicate keys.",
)
@click.option(
    "--endpoint",
    type=click.Choice(ENDPOINTS),
    default="cancel",
    show_default=True,
    help="cancel responses, or any session resource.",
)
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip a rule id (repeatable).")
@_friendly
def validate(
    paths: tuple[str, ...], format_: str, output: str | None, profile: str, endpoint: str, ignore: tuple[str, ...]
) -> None:
    """Validate recorded responses: JSON files, directories, or - for stdin."""
    from contract.reporters import REPORTERS
    from contract.reporters.text import summary_line
    from contract.sources import iter_exchanges
    from contract.validator import Validator

    validator = Validator(endpoint=endpoint, profile=profile, ignore=ignore)  # type: ignore[arg-type]
    results = (validator.check(exchange) for exchange in iter_exchanges(paths))
    with ExitStack() as stack:
        stream: TextIO = sys.stdout
        if output:
            stream = stack.enter_context(_open_output(output))
        reporter = REPORTERS[format_](stream, color=not output and format_ == "text" and sys.stdout.isatty())
        summary = reporter.report(results)
    if output:
        click.echo(f"{'FAILED' if summary.failed else 'OK'}: {summary_line(summary)} (report in {output})")
    sys.exit(EXIT_VIOLATION if summary.failed else EXIT_OK)


def _open_output(path: str) -> Any:
    try:
        return Path(path).open("w", encoding="utf-8")
    except OSError as err:
        raise ContractError(f"{path}: cannot write the report: {err.strerror}") from err


@main.command()
@click.option("--format", "format_", type=click.Choice(("text", "json")), default="text", show_default=True)
def rules(format_: str) -> None:
    """List every rule id with its severity and what it means."""
    if format_ == "json":
        import orjson

        rows = [{"rule": r.id, "severity": r.severity, "summary": r.summary} for r in RULES.values()]
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    width = max(len(rule_id) for rule_id in RULES)
    for rule in RULES.values():
        click.echo(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.summary}")


@main.command()
@click.argument("name", default="ChatSessionResource")
@click.option(
    "--bundled/--file",
    default=True,
    show_default=True,
    help="The self-contained bundle, or the packaged file as written.",
)
@_friendly
def schema(name: str, bundled: bool) -> None:
    """Print a packaged JSON Schema (default: the ChatSessionResource bundle)."""
    import json

    from contract.schemas import bundle, load_schema

    click.echo(json.dumps(bundle(name) if bundled else load_schema(name), indent=2, ensure_ascii=False))


# Read from the packaged schema (a small file) so the choices never drift from the contract.
_STATUSES = tuple(load_schema("ChatSessionStatus")["enum"])


@main.command()
@click.option("--count", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many lines.")
@click.option("--seed", type=int, help="The same seed gives the same lines (default: a random seed).")
@click.option("--status", type=click.Choice(_STATUSES), help="Conforming payloads with this status only.")
@click.option(
    "--invalid",
    is_flag=True,
    help="One-rule mutants instead: each line is {payload, rule, pointer, endpoint, profile}.",
)
@click.option(
    "--rule", "rules", multiple=True, metavar="RULE", help="With --invalid: break only this rule (repeatable)."
)
@click.option(
    "--endpoint", type=click.Choice(ENDPOINTS), help="With --invalid: every mutant fails under this endpoint."
)
@click.option("--profile", type=click.Choice(PROFILES), help="With --invalid: every mutant fails under this profile.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the lines here instead of stdout.")
@click.option(
    "--expectations",
    type=click.Path(dir_okay=False),
    help="With --invalid: write bare payloads, and each line's expected rule and pointer to this file.",
)
@_friendly
def generate(
    count: int,
    seed: int | None,
    status: str | None,
    invalid: bool,
    rules: tuple[str, ...],
    endpoint: Endpoint | None,
    profile: Profile | None,
    output: str | None,
    expectations: str | None,
) -> None:
    """Write generated session resources as JSON Lines: conforming ones, or one-rule mutants."""
    from contract import generate as corpus

    mutant_only = {"--rule": rules, "--endpoint": endpoint, "--profile": profile, "--expectations": expectations}
    if invalid and status:
        raise click.UsageError("--status applies to conforming payloads; with --invalid use --endpoint")
    if not invalid and any(mutant_only.values()):
        raise click.UsageError(f"{next(k for k, v in mutant_only.items() if v)} needs --invalid")
    with ExitStack() as stack:
        stream = stack.enter_context(_open_binary(output)) if output else sys.stdout.buffer
        side = stack.enter_context(_open_binary(expectations)) if expectations else None
        try:
            if invalid:
                found = corpus.mutants(count=count, seed=seed, rules=rules or None, endpoint=endpoint, profile=profile)
                written = corpus.write_mutants(stream, found, side)
            else:
                payloads = corpus.conforming_payloads(count=count, seed=seed, status=status)
                written = corpus.write_payloads(stream, payloads)
            stream.flush()
        except BrokenPipeError:
            # The reader (e.g. `head`) has what it wanted: stop quietly, as other Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
    if output:
        click.echo(f"wrote {written} lines to {output}")


def _open_binary(path: str) -> Any:
    try:
        return Path(path).open("wb")
    except OSError as err:
        raise ContractError(f"{path}: cannot write: {err.strerror}") from err
