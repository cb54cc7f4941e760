"""Options more than one command takes, declared once so the commands cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from contract.report import REPORTERS
from contract.rules import ENDPOINTS, PROFILES

if TYPE_CHECKING:
    from contract.gate.config import GateConfig

__all__ = [
    "FORMATS",
    "allow_empty_option",
    "config_option",
    "configuration",
    "endpoint_option",
    "format_option",
    "ignore_option",
    "output_file_option",
    "profile_option",
]

#: Every registered report format, in registry order.
FORMATS = tuple(REPORTERS)

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def format_option(choices: tuple[str, ...] = FORMATS, help: str = "Report format.") -> Decorator:
    """``--format``, stored as ``format_``."""
    return click.option("--format", "format_", type=click.Choice(choices), default="text", show_default=True, help=help)


def output_file_option(help: str = "Write the report here; a summary still goes to the terminal.") -> Decorator:
    """``--output/-o FILE``."""
    return click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help=help)


def profile_option(default: str | None = "lenient", help: str | None = None) -> Decorator:
    """``--profile lenient|strict``."""
    return click.option(
        "--profile",
        type=click.Choice(PROFILES),
        default=default,
        show_default=default is not None,
        help=help or "strict makes undeclared members errors and checks duplicate keys.",
    )


def endpoint_option(default: str | None = None, help: str | None = None) -> Decorator:
    """``--endpoint cancel|session``; unset, recorded requests are checked as whatever operation they were."""
    return click.option(
        "--endpoint",
        type=click.Choice(ENDPOINTS),
        default=default,
        show_default=default is not None,
        help=help
        or "Recorded requests (HAR, cassettes): check only cancel, or only create ('session') responses; "
        "default both. Bodies without a request: check them as this endpoint's responses; default cancel.",
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
