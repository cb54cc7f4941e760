"""``chatkit-contract check-live``: create, cancel and re-cancel a session on the real API, walk a user's threads
read-only, and check each answer."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import click

from contract.cli.options import ignore_option, profile_option, report_options
from contract.cli.output import writing_to
from contract.cli.reporting import ReportSettings, exit_with, report
from contract.errors import InputError
from contract.operations import API_BASE_URL

__all__ = ["check_live"]


def _base_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from contract.live.client import is_base_url

    if not is_base_url(value):
        raise InputError(f"{param.opts[0]} {value!r} is not an http(s) URL")
    return value


def _header_token(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from contract.live.client import is_header_token

    if value and not is_header_token(value):
        raise InputError(f"{param.opts[0]} {value!r} must be one printable ASCII token")
    return value


@click.command("check-live")
@click.option("--session-id", metavar="ID", help="Cancel this session and check the response.")
@click.option("--workflow-id", metavar="WF", help="Create a session for WF, cancel it, then cancel it again.")
@click.option(
    "--user",
    metavar="U",
    help="The end user the created session belongs to (with --workflow-id); whose threads --threads lists.",
)
@click.option(
    "--threads",
    is_flag=True,
    help="Walk threads read-only: list them (of --user, else every user's) page by page, read one, page through its "
    "items. With --workflow-id or --session-id, after that check.",
)
@click.option("--limit", type=click.IntRange(1, 100), metavar="N", help="With --threads: page size asked for (1-100).")
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    metavar="N",
    help="With --threads: read at most N pages of threads, and of items.",
)
@click.option(
    "--base-url",
    envvar="OPENAI_BASE_URL",
    default=API_BASE_URL,
    show_default=True,
    callback=_base_url,
    help="API root [env: OPENAI_BASE_URL].",
)
@click.option("--api-key-env", default="OPENAI_API_KEY", show_default=True, metavar="NAME", help="Read the key here.")
@click.option(
    "--organization",
    envvar="OPENAI_ORG_ID",
    metavar="ORG",
    callback=_header_token,
    help="OpenAI-Organization [env: OPENAI_ORG_ID].",
)
@click.option(
    "--project",
    envvar="OPENAI_PROJECT_ID",
    metavar="ID",
    callback=_header_token,
    help="OpenAI-Project [env: OPENAI_PROJECT_ID].",
)
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=30.0, show_default=True, help="Seconds.")
@click.option("--retries", type=click.IntRange(0), default=2, show_default=True, help="On connection errors, 429, 5xx.")
@click.option("--backoff", type=click.FloatRange(0), default=0.5, show_default=True, help="First wait; doubles.")
@click.option(
    "--record",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write every exchange, redacted, as HAR (.har) or a VCR.py cassette (.yaml).",
)
@report_options()
@profile_option()
@ignore_option()
def check_live(
    session_id: str | None,
    workflow_id: str | None,
    user: str | None,
    threads: bool,
    limit: int | None,
    max_pages: int,
    base_url: str,
    api_key_env: str,
    organization: str | None,
    project: str | None,
    timeout: float,
    retries: int,
    backoff: float,
    record: str | None,
    reports: ReportSettings,
    profile: str,
    ignore: tuple[str, ...],
) -> None:
    """Check the live API: cancel --session-id, or create, cancel and re-cancel with --workflow-id/--user; --threads
    walks threads read-only."""
    from contract.live import (
        LiveClient,
        Recorder,
        RetryPolicy,
        api_key_from_env,
        check_cancel,
        check_lifecycle,
        check_threads,
    )

    if (session_id and workflow_id) or (workflow_id and not user) or not (session_id or workflow_id or threads):
        raise click.UsageError("give --session-id ID, or --workflow-id WF with --user U, and/or --threads")
    if user and not (workflow_id or threads):
        raise click.UsageError("--user goes with --workflow-id or --threads")
    if not threads and (limit is not None or max_pages != 3):
        raise click.UsageError(f"{'--limit' if limit is not None else '--max-pages'} needs --threads")
    options: dict[str, Any] = {"profile": profile, "ignore": ignore}
    with ExitStack() as stack:
        client = stack.enter_context(
            LiveClient(
                api_key=api_key_from_env(api_key_env),
                base_url=base_url,
                organization=organization,
                project=project,
                timeout=timeout,
                retry=RetryPolicy(retries=retries, backoff=backoff),
                on_retry=lambda retry: click.echo(f"chatkit-contract: {retry.describe()}", err=True),
            )
        )
        if record:
            # Recorder opens its own file; its writes and its closing still fail as one line naming it.
            recorder = Recorder(record)
            stack.callback(writing_to(record, recorder.close))
            options["on_exchange"] = writing_to(record, recorder.write)
        checks = []
        if session_id:
            checks.append(check_cancel(client, session_id, **options))
        elif workflow_id:
            checks.append(check_lifecycle(client, workflow_id=workflow_id, user=user or "", **options))
        if threads:
            checks.append(check_threads(client, user=user, limit=limit, max_pages=max_pages, **options))
    for note in (note for check in checks for note in check.notes):
        click.echo(f"chatkit-contract: {note}", err=True)
    exit_with(report([result for check in checks for result in check.results], reports))
