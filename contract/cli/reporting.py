"""Where a command's report goes: a format on stdout or a file, extra report files, and the exit code it earns."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import click

from contract.errors import ContractError, InputError
from contract.findings import Summary
from contract.report import REPORTERS

if TYPE_CHECKING:
    from contract.report.progress import Progress
    from contract.run import Outcome

from contract.cli.group import EXIT_OK, EXIT_VIOLATION

__all__ = ["exit_with", "progress_bar", "report", "report_outputs", "write_report"]


def progress_bar(paths: tuple[str, ...]) -> Progress | None:
    """A bar on stderr for an interactive run over files (not stdin, never in CI)."""
    from contract.report.progress import Progress, wanted
    from contract.sources import STDIN
    from contract.sources.files import expand

    if not wanted(sys.stderr) or STDIN in paths:
        return None
    return Progress(sys.stderr, sum(Path(path).stat().st_size for path in expand(paths)))


def report(
    outcomes: Iterable[Outcome],
    format_: str,
    output: str | None,
    *,
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> Summary:
    """Report *outcomes* in *format_* on stdout, or to *output* with a one-line verdict on stdout."""
    from contract.report.text import verdict

    with ExitStack() as stack:
        # Closed here even when writing fails (a reader gone, Ctrl-C), so worker processes stop now, not at exit.
        stack.callback(getattr(outcomes, "close", lambda: None))
        stream: TextIO = sys.stdout
        if output:
            stream = stack.enter_context(_open_output(output))
        if progress is not None:
            stack.callback(progress.clear)
            stream = progress.guard(stream) if stream.isatty() else stream
        color = not output and format_ == "text" and sys.stdout.isatty()
        reporter = REPORTERS[format_](stream, color=color, allow_empty=allow_empty)
        summary = reporter.report(outcomes)
    if output:
        click.echo(f"{verdict(summary, allow_empty=allow_empty)} (report in {output})")
    return summary


def exit_with(summary: Summary, *, allow_empty: bool = False) -> NoReturn:
    """Exit 1 when a checked response failed; 2 when nothing was checked (unless allowed), saying why; else 0."""
    if summary.failed:
        sys.exit(EXIT_VIOLATION)
    if summary.nothing_checked and not allow_empty:
        raise InputError(f"nothing was checked: {empty_reason(summary)}")
    sys.exit(EXIT_OK)


def empty_reason(summary: Summary) -> str:
    """Why nothing was checked, with what the user can do about it in command-line terms."""
    reason = summary.why_nothing_checked()
    if any(operation is not None for _, operation, _ in summary.skips):
        reason += "; drop --endpoint (or pick the other one) to check them"
    return reason + "; allow it with --allow-empty (or allow-empty = true in [tool.chatkit-contract])"


def _open_output(path: str) -> Any:
    try:
        return Path(path).open("w", encoding="utf-8")
    except OSError as err:
        raise ContractError(f"{path}: cannot write the report: {err.strerror}") from err


def report_outputs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    """Parse each ``FORMAT=PATH`` of ``--output`` and check the format is a registered reporter."""
    outputs = []
    for value in values:
        format_, sep, path = value.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"{value!r} is not FORMAT=PATH (e.g. sarif=contract.sarif)", ctx, param)
        if format_ not in REPORTERS:
            known = ", ".join(REPORTERS)
            raise click.BadParameter(f"unknown report format {format_!r}; choose one of: {known}", ctx, param)
        outputs.append((format_, path))
    return outputs


def write_report(format_: str, path: str, results: Any, *, allow_empty: bool = False) -> None:
    """Write *results* in *format_* to *path*, creating its directory."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as stream:
            REPORTERS[format_](stream, allow_empty=allow_empty).report(results)
    except OSError as err:
        raise ContractError(f"{path}: cannot write the report: {err.strerror}") from err
