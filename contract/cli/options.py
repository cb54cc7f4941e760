"""Options more than one command takes, declared once so the commands cannot drift apart.

Every command that reports takes :func:`report_options`: ``--format`` for stdout, ``--output FORMAT=PATH``
(repeatable) for files, ``--color``, ``-q`` and ``-v``, handed to the command as one ``reports`` argument.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from contract.cli.param_types import ReportFile, ReportFileType
from contract.cli.reporting import COLOR_MODES, ReportSettings
from contract.report import REPORTERS
from contract.rules import ENDPOINTS, PROFILES

__all__ = [
    "FORMATS",
    "endpoint_option",
    "format_option",
    "ignore_option",
    "profile_option",
    "report_options",
]

#: Every registered report format, in registry order.
FORMATS = tuple(REPORTERS)

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def format_option(choices: tuple[str, ...] = FORMATS, help: str = "Report format on stdout.") -> Decorator:
    """``--format``, stored as ``format_``."""
    return click.option("--format", "format_", type=click.Choice(choices), default="text", show_default=True, help=help)


def report_options(format_help: str = "Report format on stdout.") -> Decorator:
    """``--format``, ``--output/-o FORMAT=PATH``, ``--color``, ``-q``/``-v``, passed on as ``reports``."""
    options = [
        format_option(help=format_help),
        click.option(
            "--output",
            "-o",
            "outputs",
            multiple=True,
            type=ReportFileType(),
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


def endpoint_option(default: str | None = "cancel", help: str | None = None) -> Decorator:
    """``--endpoint cancel|session``."""
    return click.option(
        "--endpoint",
        type=click.Choice(ENDPOINTS),
        default=default,
        show_default=default is not None,
        help=help or "cancel responses, or any session resource (HAR and cassettes: create requests too).",
    )


def ignore_option() -> Decorator:
    """``--ignore RULE``, repeatable."""
    return click.option("--ignore", multiple=True, metavar="RULE", help="Skip a rule id (repeatable).")
