"""The command group, the exit codes every command shares, and how errors a user can cause are shown."""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from importlib import import_module
from typing import Any, NoReturn

import click

from contract.cli.output import guarded_stdout
from contract.errors import ContractError

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_VIOLATION", "main"]

EXIT_OK, EXIT_VIOLATION, EXIT_ERROR = 0, 1, 2
# What a shell reports for a process ended by SIGINT (Ctrl-C) and by SIGPIPE (`| head` went away): 128 + signal.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141

# Each command and the module that defines it, imported when that command runs (or a listing needs it),
# so that `validate` does not pay at start-up for the options and imports of every other command.
_COMMANDS = {
    "check-live": "contract.cli.check_live:check_live",
    "coverage": "contract.cli.coverage:coverage",
    "gate": "contract.cli.gate:gate",
    "generate": "contract.cli.generate:generate",
    "redact": "contract.cli.redact:redact",
    "rules": "contract.cli.catalogue:rules",
    "schema": "contract.cli.catalogue:schema",
    "serve": "contract.cli.serve:serve",
    "upstream-diff": "contract.cli.upstream_diff:upstream_diff_command",
    "validate": "contract.cli.validate:validate",
}


def _error_line(err: ContractError) -> str:
    from contract.secrets import mask_urls  # the catalogue is needed only once something went wrong

    # Messages quote what the user gave; a credential among it (a token, a URL's password) must still not reach
    # a CI log, and a line break in it must not split the one line a CI log shows.
    message = "; ".join(line.strip() for line in mask_urls(str(err)).splitlines() if line.strip())
    return f"chatkit-contract: error: {message}"


def _fail(err: ContractError) -> NoReturn:
    click.echo(_error_line(err), err=True)
    sys.exit(EXIT_ERROR)


class _Commands(click.Group):
    """The command group: what a user can fix is one line and exit 2 (raised by a command or while its options
    are read, a failed write among it); Ctrl-C and a reader that goes away end a run quietly; never a traceback.

    Commands are loaded on demand (click's lazy-group pattern) from ``_COMMANDS``.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*_COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            module, name = _COMMANDS[cmd_name].split(":")
            self.add_command(getattr(import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in _COMMANDS:
            for name in _COMMANDS:  # a typo: click suggests from the commands loaded, so load them all
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Every write to stdout goes through :func:`guarded_stdout`, ``--help`` and ``--version`` included."""
        try:
            with guarded_stdout():
                return super().main(*args, **kwargs)
        except ContractError as err:  # raised outside a command: writing --help or --version failed
            _fail(err)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # Flushed here, not at interpreter exit, so a closed pipe or a full disk is noticed while it
                # can be handled, and turns the exit code of a run whose report was lost into 141 or 2.
                sys.stdout.flush()
        except ContractError as err:
            _fail(err)
        except KeyboardInterrupt:
            with suppress(OSError):  # stderr may be gone too: then there is no one left to tell
                click.echo("chatkit-contract: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # Nothing more can reach the reader; leave stdout pointing nowhere so exiting cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from contract import __version__

    click.echo(f"chatkit-contract, version {__version__}")
    ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the installed version and exit.",
)
def main() -> None:
    """Check OpenAI ChatKit API responses (sessions and threads) against their contract."""
