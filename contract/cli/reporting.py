"""Where a command's report goes: one format on stdout, any number of report files, and the exit code it earns."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from typing import TYPE_CHECKING, NoReturn, TextIO

from contract.cli.group import EXIT_OK, EXIT_VIOLATION
from contract.cli.output import open_text
from contract.cli.param_types import ReportFile
from contract.errors import InputError
from contract.findings import Summary
from contract.records import Record
from contract.report import REPORTERS, CoverageReporter, Reporter, report_all

if TYPE_CHECKING:
    from contract.coverage import Coverage
    from contract.report.progress import Progress
    from contract.run import RunOutcome

__all__ = ["COLOR_MODES", "ReportSettings", "exit_with", "progress_bar", "report", "use_color"]

#: ``--color``: ``auto`` follows the terminal and the NO_COLOR / FORCE_COLOR conventions.
COLOR_MODES = ("auto", "always", "never")


class ReportSettings(Record):
    """What the shared reporting options asked for: the stdout format, report files, colour, verbosity."""

    _fields = ("format", "files", "color", "verbosity")
    __slots__ = _fields
    format: str
    files: tuple[ReportFile, ...]
    color: str
    verbosity: int

    def __init__(
        self, format: str = "text", files: tuple[ReportFile, ...] = (), color: str = "auto", verbosity: int = 0
    ) -> None:
        object.__setattr__(self, "format", format)
        object.__setattr__(self, "files", files)
        object.__setattr__(self, "color", color)
        object.__setattr__(self, "verbosity", verbosity)


def use_color(mode: str, stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour *stream*: the option first, then NO_COLOR, then FORCE_COLOR, then whether it is a terminal.

    As no-color.org and force-color.org define them, each variable counts when set and not empty;
    NO_COLOR wins over FORCE_COLOR (as in CPython's own colouring). A dumb terminal gets no colour.
    """
    if mode != "auto":
        return mode == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return environ.get("TERM") != "dumb" and stream.isatty()


def progress_bar(paths: tuple[str, ...]) -> Progress | None:
    """A bar on stderr for an interactive run over files (not stdin, never in CI)."""
    from contract.sources import STDIN

    if STDIN in paths or not sys.stderr.isatty():  # the common case: no terminal, nothing more to import
        return None
    from contract.report.progress import Progress, wanted
    from contract.sources.files import expand, input_size

    if not wanted(sys.stderr):
        return None
    return Progress(sys.stderr, sum(input_size(path) for path in expand(paths)))


def report(
    outcomes: Iterable[RunOutcome],
    settings: ReportSettings,
    *,
    progress: Progress | None = None,
    allow_empty: bool = False,
    coverage: Coverage | None = None,
) -> Summary:
    """Report *outcomes* in the settings' format on stdout and in each report file, reading them once; reporters
    that can show *coverage* (the HTML report) show it too."""
    with ExitStack() as stack:
        # Closed here even when writing fails (a reader gone, Ctrl-C), so worker processes stop now, not at exit.
        stack.callback(getattr(outcomes, "close", lambda: None))
        # Opened (their directories made) before the run, so an unwritable path costs no checking.
        files = [(target.format, stack.enter_context(open_text(target.path))) for target in settings.files]
        stdout: TextIO = sys.stdout
        color = use_color(settings.color, stdout)
        if progress is not None:
            stack.callback(progress.clear)
            stdout = progress.guard(stdout) if stdout.isatty() else stdout
        first = REPORTERS[settings.format](stdout, color=color, verbosity=settings.verbosity, allow_empty=allow_empty)
        reporters: list[Reporter] = [first]
        reporters += [REPORTERS[format_](stream, allow_empty=allow_empty) for format_, stream in files]
        for reporter in reporters:
            if coverage is not None and isinstance(reporter, CoverageReporter):
                reporter.show_coverage(coverage)
        return report_all(reporters, outcomes)


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
        reason += "; drop --operation (or pick another) to check them"
    return reason + "; allow it with --allow-empty (or allow-empty = true in [tool.chatkit-contract])"
