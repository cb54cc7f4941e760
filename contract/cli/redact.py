"""``chatkit-contract redact``: mask secrets in recordings in place, or ``--check`` that none is left."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from contract.cli.group import EXIT_OK, EXIT_VIOLATION

__all__ = ["redact"]


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file still holds a secret (pre-commit).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Processes for a large JSON Lines file (0: one per CPU).",
)
def redact(files: tuple[str, ...], check: bool, jobs: int) -> None:
    """Mask client secrets, bearer tokens, API keys, cookies and credential fields in recordings, leaving every
    other byte alone. A secret that cannot be masked in place (inside a compressed body that is cut short) is
    reported, and the exit status is 1."""
    from contract.redaction import redact_file
    from contract.secrets import mask_text

    failed, jobs = False, jobs or os.cpu_count() or 1
    for name in files:
        result = redact_file(Path(name), check=check, jobs=jobs)
        shown = mask_text(name)
        for note in result.notes:
            click.echo(f"{shown}: {note}", err=True)
        for leak in result.unmaskable:
            click.echo(f"{shown}:{leak.line}:{leak.column}: {leak.kind} cannot be masked in place; re-record it")
        if check:
            for leak in result.masked:
                click.echo(f"{shown}:{leak.line}:{leak.column}: unmasked {leak.kind} {leak.masked}")
            unlisted = result.masked_count - len(result.masked) + result.unmaskable_count - len(result.unmaskable)
            if unlisted:
                click.echo(f"{shown}: and {unlisted} more")
            failed |= bool(result.masked_count or result.unmaskable_count)
        else:
            if result.masked_count:
                click.echo(f"{shown}: masked {result.masked_count} secret(s)")
            failed |= bool(result.unmaskable_count)
    if check and failed:
        click.echo("run `chatkit-contract redact FILE...` to mask them", err=True)
    sys.exit(EXIT_VIOLATION if failed else EXIT_OK)
