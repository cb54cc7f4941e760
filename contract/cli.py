"""The ``chatkit-contract`` command: parse arguments, call the library, report, map to an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from contract.errors import ContractError
from contract.reporters import REPORTERS
from contract.rules import ENDPOINTS, PROFILES, RULES

if TYPE_CHECKING:
    from contract.progress import Progress

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_VIOLATION", "main"]

EXIT_OK, EXIT_VIOLATION, EXIT_ERROR = 0, 1, 2
_FORMATS = tuple(REPORTERS)

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
    help="cancel responses, or any session resource (HAR and cassettes: create requests too).",
)
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip a rule id (repeatable).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for large inputs; 0 means one per CPU, 1 checks everything in this process.",
)
@_friendly
def validate(
    paths: tuple[str, ...],
    format_: str,
    output: str | None,
    profile: str,
    endpoint: str,
    ignore: tuple[str, ...],
    jobs: int,
) -> None:
    """Validate recorded responses: JSON, JSON Lines, HAR, VCR cassettes, directories, or - for stdin."""
    from contract.reporters.text import verdict
    from contract.runner import available_cpus, check_paths

    progress = _progress_bar(paths)
    with ExitStack() as stack:
        stream: TextIO = sys.stdout
        if output:
            stream = stack.enter_context(_open_output(output))
        if progress is not None:
            stack.callback(progress.clear)
            stream = progress.guard(stream) if stream.isatty() else stream
        outcomes = check_paths(
            paths,
            endpoint=endpoint,  # type: ignore[arg-type]
            profile=profile,  # type: ignore[arg-type]
            ignore=ignore,
            jobs=jobs or available_cpus(),
            on_progress=progress.advance if progress is not None else None,
        )
        reporter = REPORTERS[format_](stream, color=not output and format_ == "text" and sys.stdout.isatty())
        summary = reporter.report(outcomes)
    if output:
        click.echo(f"{verdict(summary)} (report in {output})")
    sys.exit(EXIT_VIOLATION if summary.failed else EXIT_OK)


def _progress_bar(paths: tuple[str, ...]) -> Progress | None:
    """A bar on stderr for an interactive run over files (not stdin, never in CI)."""
    from contract.progress import Progress, wanted
    from contract.sources import STDIN
    from contract.sources.files import expand

    if not wanted(sys.stderr) or STDIN in paths:
        return None
    return Progress(sys.stderr, sum(Path(path).stat().st_size for path in expand(paths)))


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
