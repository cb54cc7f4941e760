"""``chatkit-contract rules`` and ``schema``: what the tool checks, listed and printed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from contract.cli.options import format_option
from contract.rules import RULES

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

__all__ = ["rules", "schema"]


@click.command()
@format_option(("text", "json"), help="A table, or a JSON array of {rule, severity, summary}.")
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


def _schema_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    from contract.schemas import SCHEMA_NAMES

    return [CompletionItem(name) for name in SCHEMA_NAMES if name.lower().startswith(incomplete.lower())]


@click.command()
@click.argument("name", default="ChatSessionResource", shell_complete=_schema_names)
@click.option(
    "--bundled/--file",
    default=True,
    show_default=True,
    help="The self-contained bundle, or the packaged file as written.",
)
def schema(name: str, bundled: bool) -> None:
    """Print a packaged JSON Schema (default: the ChatSessionResource bundle)."""
    import json

    from contract.schemas import bundle, load_schema

    click.echo(json.dumps(bundle(name) if bundled else load_schema(name), indent=2, ensure_ascii=False))
