"""Options more than one command takes, declared once so the commands cannot drift apart.

Every command that reports takes :func:`report_options`: ``--format`` for stdout, ``--output FORMAT=PATH``
(repeatable) for files, ``--color``, ``-q`` and ``-v``, handed to the command as one ``reports`` argument.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from contract.cli.param_types import ReportFile, ReportFileType, SchedulerType
from contract.cli.reporting import COLOR_MODES, ReportSettings
from contract.operations import OPERATION_CHOICES
from contract.report import REPORTERS
from contract.rules import PROFILES

if TYPE_CHECKING:
    from contract.gate.config import GateConfig

__all__ = [
    "FORMATS",
    "allow_empty_option",
    "config_option",
    "configuration",
    "format_option",
    "ignore_option",
    "operation_option",
    "profile_option",
    "report_options",
    "scheduler_option",
]

#: Every registered report format, in registry order.
FORMATS = tuple(REPORTERS)

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def format_option(choices: tuple[str, ...] = FORMATS, help: str = "Report format on stdout.") -> Decorator:
    """``--format``, stored as ``format_``."""
    return click.option("--format", "format_", type=click.Choice(choices), default="text", show_default=True, help=help)


def report_options(format_help: str = "Report format on stdout.", formats: tuple[str, ...] = FORMATS) -> Decorator:
    """``--format``, ``--output/-o FORMAT=PATH``, ``--color``, ``-q``/``-v``, passed on as ``reports``; *formats* are
    the ones the command writes (default: every registered reporter)."""
    options = [
        format_option(formats, help=format_help),
        click.option(
            "--output",
            "-o",
            "outputs",
            multiple=True,
            type=ReportFileType(formats),
            help="Also write a report file, e.g. junit=reports/contract.xml; directories are created (repeatable).",
        ),
        click.option(
            "--color",
            type=click.Choice(COLOR_MODES),
            default="auto",
            show_default=True,
            help="Colour the text report; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="Text report: the summary line only."),
        click.option("--verbose", "-v", is_flag=True, help="Text report: the passing responses too."),
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_reports(
            *args: Any,
            format_: str,
            outputs: tuple[ReportFile, ...],
            color: str,
            quiet: bool,
            verbose: bool,
            **kwargs: Any,
        ) -> Any:
            if quiet and verbose:
                raise click.UsageError("--quiet and --verbose cannot be combined")
            paths = [target.path for target in outputs]
            if len(set(paths)) != len(paths):
                raise click.UsageError("two --output reports name the same file")
            reports = ReportSettings(format_, outputs, color, verbosity=int(verbose) - int(quiet))
            return command(*args, reports=reports, **kwargs)

        for option in reversed(options):
            with_reports = option(with_reports)
        return with_reports

    return decorate


def profile_option(default: str | None = "lenient", help: str | None = None) -> Decorator:
    """``--profile lenient|strict``."""
    return click.option(
        "--profile",
        type=click.Choice(PROFILES),
        default=default,
        show_default=default is not None,
        help=help or "strict makes undeclared members errors and checks duplicate keys.",
    )


def operation_option(help: str | None = None) -> Decorator:
    """``--operation NAME`` (``--endpoint`` is its older name); unset, recorded requests are checked as whatever
    operation they were."""
    return click.option(
        "--operation",
        "--endpoint",
        "operation",
        type=click.Choice(OPERATION_CHOICES),
        default=None,
        help=help
        or "Recorded requests (HAR, cassettes): check only this operation's responses; default every ChatKit "
        "operation found, each under its own rules. Bodies without a request: check them as this operation's "
        "responses; default cancel. (--endpoint is its older name; session means create.)",
    )


def ignore_option() -> Decorator:
    """``--ignore RULE``, repeatable."""
    return click.option("--ignore", multiple=True, metavar="RULE", help="Skip a rule id (repeatable).")


def allow_empty_option() -> Decorator:
    """``--allow-empty``: a run that checks nothing passes instead of exiting 2."""
    return click.option(
        "--allow-empty",
        is_flag=True,
        default=None,
        help="Accept a run that checks no response (by default it fails with exit 2, saying what was skipped).",
    )


def scheduler_option() -> Decorator:
    """``--scheduler ADDRESS|local``: run the checks on a Dask cluster."""
    return click.option(
        "--scheduler",
        type=SchedulerType(),
        metavar="ADDRESS|local",
        default=None,
        help="Check on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local for a cluster of --jobs "
        "worker processes on this machine; needs chatkit-contract[dask]  [default: scheduler in "
        "[tool.chatkit-contract], else no cluster]",
    )


def config_option(*, ignorable: bool = True) -> Decorator:
    """``--config FILE`` (and, where the table is optional, ``--no-config``)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False),
            help="TOML file holding [tool.chatkit-contract]  [default: the nearest pyproject.toml upward that has it]",
        )(command)
        if ignorable:
            command = click.option(
                "--no-config", is_flag=True, help="Ignore [tool.chatkit-contract]: only the options given here count."
            )(command)
        return command

    return decorate


def configuration(config_path: str | None, no_config: bool = False) -> GateConfig:
    """The settings a command starts from: the named file, else the nearest one found, else the defaults."""
    from contract.gate.config import GateConfig, load_settings

    return GateConfig.defaults() if no_config else load_settings(config_path)
