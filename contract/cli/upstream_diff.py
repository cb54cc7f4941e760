"""``chatkit-contract upstream-diff``: compare the bundled schemas with OpenAI's OpenAPI document."""

from __future__ import annotations

import sys

import click

from contract.cli.group import EXIT_OK, EXIT_VIOLATION
from contract.cli.options import format_option

__all__ = ["upstream_diff_command"]


@click.command("upstream-diff")
@click.argument("openapi", metavar="OPENAPI")
@format_option(("text", "json"), help="One line per change, or the comparison as one JSON object.")
def upstream_diff_command(openapi: str, format_: str) -> None:
    """Compare the bundled schemas with an OpenAI OpenAPI document (YAML or JSON); exit 1 on unknown drift."""
    from contract.gate.render import upstream_lines
    from contract.upstream import upstream_diff

    diff = upstream_diff(openapi)
    if format_ == "json":
        import orjson

        click.echo(orjson.dumps(diff.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        click.echo("\n".join(upstream_lines(diff)))
    sys.exit(EXIT_OK if diff.ok else EXIT_VIOLATION)
