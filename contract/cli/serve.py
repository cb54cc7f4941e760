"""``chatkit-contract serve``: the stand-in ChatKit service (sessions and threads) in the foreground."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from contract.errors import InputError

__all__ = ["serve"]

# The kinds contract.standin.faults.FAULT_KINDS defines (a test keeps them equal): importing the stand-in
# here would slow every command's start-up.
_FAULT_HELP = (
    "Misbehave on purpose: KIND[=ARG][,on=OPERATION][,times=N|always][,retry-after=SECONDS], "
    "KIND one of drop, type, extra, status, delay, disconnect, not-json, reset, slow, oversize; "
    "e.g. status=429,times=2 (repeatable)."
)


def _is_loopback(host: str) -> bool:
    """True when *host* is reachable from this machine only (a name other than localhost counts as not)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any but loopback needs a key of your own (see --api-key-env).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0 picks a free port.")
@click.option(
    "--api-key-env",
    default="OPENAI_API_KEY",
    show_default=True,
    metavar="NAME",
    help="Clients must send the key held here; when unset, the built-in test key sk-fake-chatkit-contract.",
)
@click.option("--fault", "faults", multiple=True, metavar="SPEC", help=_FAULT_HELP)
def serve(host: str, port: int, api_key_env: str, faults: tuple[str, ...]) -> None:
    """Run a local stand-in for the ChatKit API (sessions and threads) until interrupted."""
    import signal

    from contract.standin import FAKE_API_KEY, FakeServer

    if not _is_loopback(host):
        if not os.environ.get(api_key_env):
            raise InputError(
                f"--host {host} is reachable from other machines, and the built-in test key is public: "
                f"set ${api_key_env} to a key of your own (or name another variable with --api-key-env)"
            )
        click.echo(
            f"chatkit-contract: warning: --host {host} is reachable from other machines; "
            f"clients need the key in ${api_key_env}",
            err=True,
        )
    server = FakeServer(host=host, port=port, api_key=os.environ.get(api_key_env) or FAKE_API_KEY)
    for spec in faults:
        server.inject(spec)
    key = f"${api_key_env}" if os.environ.get(api_key_env) else FAKE_API_KEY
    click.echo(f"chatkit-contract: serving on {server.base_url} (API key: {key}; Ctrl-C stops)")
    sys.stdout.flush()

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # SIGTERM (a CI runner or `kill` stopping it) ends it as Ctrl-C does: the group prints the documented
    # "interrupted" line and exits 130, after the server has hung up on its clients.
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    finally:
        server.close()
