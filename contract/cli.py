"""The ``chatkit-contract`` command: parse arguments, call the library, report, map to an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from contextlib import ExitStack, suppress
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

import click

from contract.errors import ContractError
from contract.reporters import REPORTERS, Summary
from contract.rules import ENDPOINTS, PROFILES, RULES, Endpoint, Profile
from contract.schemas import load_schema
from contract.secrets import mask_text

if TYPE_CHECKING:
    from contract.progress import Progress
    from contract.runner import Outcome

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_VIOLATION", "main"]

EXIT_OK, EXIT_VIOLATION, EXIT_ERROR = 0, 1, 2
# What a shell reports for a process ended by SIGINT (Ctrl-C) and by SIGPIPE (`| head` went away): 128 + signal.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
_FORMATS = tuple(REPORTERS)

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(command: F) -> F:
    """Turn ContractError (a problem the user can fix) into one line on stderr and exit 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ContractError as err:
            # Messages quote what the user gave; a credential among it must still not reach a CI log,
            # and a line break in it must not split the one line a CI log shows.
            message = "; ".join(line.strip() for line in mask_text(str(err)).splitlines() if line.strip())
            click.echo(f"chatkit-contract: error: {message}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


class _Commands(click.Group):
    """The command group: Ctrl-C and a reader that goes away end a run quietly, never with a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # Flushed here, not at interpreter exit, so a closed pipe is noticed while it can be handled.
                sys.stdout.flush()
        except KeyboardInterrupt:
            with suppress(OSError):  # stderr may be gone too: then there is no one left to tell
                click.echo("chatkit-contract: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # Nothing more can reach the reader; leave stdout pointing nowhere so exiting cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chatkit-contract")
def main() -> None:
    """Check OpenAI ChatKit session responses against their contract."""


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format", "format_", type=click.Choice(_FORMATS), default="text", show_default=True, help="Report format."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report here; a summary still goes to the terminal.",
)
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="lenient",
    show_default=True,
    help="strict makes undeclared members errors and checks duplicate keys.",
)
@click.option(
    "--endpoint",
    type=click.Choice(ENDPOINTS),
    default="cancel",
    show_default=True,
    help="cancel responses, or any session resource (HAR and cassettes: create requests too).",
)
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip a rule id (repeatable).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for large inputs; 0 means one per CPU, 1 checks everything in this process.",
)
@_friendly
def validate(
    paths: tuple[str, ...],
    format_: str,
    output: str | None,
    profile: str,
    endpoint: str,
    ignore: tuple[str, ...],
    jobs: int,
) -> None:
    """Validate recorded responses: JSON, JSON Lines, HAR, VCR cassettes, directories, or - for stdin."""
    from contract.runner import available_cpus, check_paths

    progress = _progress_bar(paths)
    outcomes = check_paths(
        paths,
        endpoint=endpoint,  # type: ignore[arg-type]
        profile=profile,  # type: ignore[arg-type]
        ignore=ignore,
        jobs=jobs or available_cpus(),
        on_progress=progress.advance if progress is not None else None,
    )
    _exit_with(_report(outcomes, format_, output, progress=progress))


def _progress_bar(paths: tuple[str, ...]) -> Progress | None:
    """A bar on stderr for an interactive run over files (not stdin, never in CI)."""
    from contract.progress import Progress, wanted
    from contract.sources import STDIN
    from contract.sources.files import expand

    if not wanted(sys.stderr) or STDIN in paths:
        return None
    return Progress(sys.stderr, sum(Path(path).stat().st_size for path in expand(paths)))


def _report(
    outcomes: Iterable[Outcome], format_: str, output: str | None, *, progress: Progress | None = None
) -> Summary:
    """Report *outcomes* in *format_* on stdout, or to *output* with a one-line verdict on stdout."""
    from contract.reporters.text import verdict

    with ExitStack() as stack:
        # Closed here even when writing fails (a reader gone, Ctrl-C), so worker processes stop now, not at exit.
        stack.callback(getattr(outcomes, "close", lambda: None))
        stream: TextIO = sys.stdout
        if output:
            stream = stack.enter_context(_open_output(output))
        if progress is not None:
            stack.callback(progress.clear)
            stream = progress.guard(stream) if stream.isatty() else stream
        reporter = REPORTERS[format_](stream, color=not output and format_ == "text" and sys.stdout.isatty())
        summary = reporter.report(outcomes)
    if output:
        click.echo(f"{verdict(summary)} (report in {output})")
    return summary


def _exit_with(summary: Summary) -> NoReturn:
    sys.exit(EXIT_VIOLATION if summary.failed else EXIT_OK)


def _open_output(path: str) -> Any:
    try:
        return Path(path).open("w", encoding="utf-8")
    except OSError as err:
        raise ContractError(f"{path}: cannot write the report: {err.strerror}") from err


@main.command()
@click.option("--format", "format_", type=click.Choice(("text", "json")), default="text", show_default=True)
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


@main.command()
@click.argument("name", default="ChatSessionResource")
@click.option(
    "--bundled/--file",
    default=True,
    show_default=True,
    help="The self-contained bundle, or the packaged file as written.",
)
@_friendly
def schema(name: str, bundled: bool) -> None:
    """Print a packaged JSON Schema (default: the ChatSessionResource bundle)."""
    import json

    from contract.schemas import bundle, load_schema

    click.echo(json.dumps(bundle(name) if bundled else load_schema(name), indent=2, ensure_ascii=False))


# --- live checks and the stand-in server (check-live, serve) ---------------------------------------------------


@main.command("check-live")
@click.option("--session-id", metavar="ID", help="Cancel this session and check the response.")
@click.option("--workflow-id", metavar="WF", help="Create a session for WF, cancel it, then cancel it again.")
@click.option("--user", metavar="U", help="The end user the created session belongs to (with --workflow-id).")
@click.option(
    "--base-url",
    envvar="OPENAI_BASE_URL",
    default="https://api.openai.com/v1",
    show_default=True,
    help="API root [env: OPENAI_BASE_URL].",
)
@click.option("--api-key-env", default="OPENAI_API_KEY", show_default=True, metavar="NAME", help="Read the key here.")
@click.option("--organization", envvar="OPENAI_ORG_ID", metavar="ORG", help="OpenAI-Organization [env: OPENAI_ORG_ID].")
@click.option("--project", envvar="OPENAI_PROJECT_ID", metavar="ID", help="OpenAI-Project [env: OPENAI_PROJECT_ID].")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=30.0, show_default=True, help="Seconds.")
@click.option("--retries", type=click.IntRange(0), default=2, show_default=True, help="On connection errors, 429, 5xx.")
@click.option("--backoff", type=click.FloatRange(0), default=0.5, show_default=True, help="First wait; doubles.")
@click.option("--record", type=click.Path(dir_okay=False), metavar="FILE", help="Append every exchange, redacted.")
@click.option("--format", "format_", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--profile", type=click.Choice(PROFILES), default="lenient", show_default=True)
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip a rule id (repeatable).")
@_friendly
def check_live(
    session_id: str | None,
    workflow_id: str | None,
    user: str | None,
    base_url: str,
    api_key_env: str,
    organization: str | None,
    project: str | None,
    timeout: float,
    retries: int,
    backoff: float,
    record: str | None,
    format_: str,
    output: str | None,
    profile: str,
    ignore: tuple[str, ...],
) -> None:
    """Check the live endpoint: cancel --session-id, or create, cancel and re-cancel with --workflow-id/--user."""
    from contract.checklive import check_cancel, check_lifecycle
    from contract.live import LiveClient, RetryPolicy, api_key_from_env
    from contract.recording import Recorder

    if bool(session_id) == bool(workflow_id) or bool(workflow_id) != bool(user):
        raise click.UsageError("give either --session-id ID, or --workflow-id WF with --user U")
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
            options["on_exchange"] = stack.enter_context(Recorder(record)).write
        if session_id:
            check = check_cancel(client, session_id, **options)
        else:
            check = check_lifecycle(client, workflow_id=workflow_id or "", user=user or "", **options)
    for note in check.notes:
        click.echo(f"chatkit-contract: {note}", err=True)
    _exit_with(_report(check.results, format_, output))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0 picks a free port.")
@click.option(
    "--api-key-env",
    default="OPENAI_API_KEY",
    show_default=True,
    metavar="NAME",
    help="Clients must send the key held here; when unset, the built-in test key sk-fake-chatkit-contract.",
)
@click.option("--fault", "faults", multiple=True, metavar="SPEC", help="Inject a fault, e.g. status=429,times=2.")
@_friendly
def serve(host: str, port: int, api_key_env: str, faults: tuple[str, ...]) -> None:
    """Run a local stand-in for the ChatKit sessions API until interrupted."""
    import signal

    from contract.fakeserver import FAKE_API_KEY, FakeServer

    server = FakeServer(host=host, port=port, api_key=os.environ.get(api_key_env) or FAKE_API_KEY)
    for spec in faults:
        server.inject(spec)
    key = f"${api_key_env}" if os.environ.get(api_key_env) else FAKE_API_KEY
    click.echo(f"chatkit-contract: serving on {server.base_url} (API key: {key}; Ctrl-C stops)")
    sys.stdout.flush()

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


# --- CI gate, upstream drift and redaction (issue 7) -------------------------------------------------------------


def _report_outputs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    """Parse each ``FORMAT=PATH`` of ``--output`` and check the format is a registered reporter."""
    outputs = []
    for value in values:
        format_, sep, path = value.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"{value!r} is not FORMAT=PATH (e.g. sarif=contract.sarif)", ctx, param)
        if format_ not in REPORTERS:
            known = ", ".join(REPORTERS)
            raise click.BadParameter(f"unknown report format {format_!r}; choose one of: {known}", ctx, param)
        outputs.append((format_, path))
    return outputs


def _write_report(format_: str, path: str, results: Any) -> None:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as stream:
            REPORTERS[format_](stream).report(results)
    except OSError as err:
        raise ContractError(f"{path}: cannot write the report: {err.strerror}") from err


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="TOML file holding [tool.chatkit-contract]  [default: ./pyproject.toml]",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(_FORMATS),
    default="text",
    show_default=True,
    help="Report format on stdout.",
)
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    metavar="FORMAT=PATH",
    callback=_report_outputs,
    help="Also write a report file, e.g. junit=reports/contract.xml (repeatable).",
)
@click.option("--update-baseline", is_flag=True, help="Accept every current finding into the configured baseline.")
@_friendly
def gate(config_path: str | None, format_: str, outputs: list[tuple[str, str]], update_baseline: bool) -> None:
    """Fail the build on new contract violations, upstream drift or a broken validator (for CI)."""
    from contract.config import load_config
    from contract.gate import run_gate
    from contract.gate_report import markdown_summary, text_lines

    config = load_config(config_path)
    report = run_gate(config, update_baseline=update_baseline)
    for output_format, path in outputs:
        _write_report(output_format, path, report.outcomes)
    REPORTERS[format_](sys.stdout, color=format_ == "text" and sys.stdout.isatty()).report(report.outcomes)
    # Machine formats own stdout; the gate's own lines then go to stderr so stdout stays parseable.
    click.echo("\n".join(text_lines(report, config)), err=format_ != "text")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        try:
            with Path(step_summary).open("a", encoding="utf-8") as stream:
                stream.write(markdown_summary(report, config))
        except OSError as err:
            raise ContractError(f"{step_summary}: cannot write the step summary: {err.strerror}") from err
    sys.exit(EXIT_OK if report.ok else EXIT_VIOLATION)


@main.command("upstream-diff")
@click.argument("openapi", metavar="OPENAPI")
@click.option("--format", "format_", type=click.Choice(("text", "json")), default="text", show_default=True)
@_friendly
def upstream_diff_command(openapi: str, format_: str) -> None:
    """Compare the bundled schemas with an OpenAI OpenAPI document (YAML or JSON); exit 1 on unknown drift."""
    from contract.gate_report import upstream_lines
    from contract.upstream_diff import upstream_diff

    diff = upstream_diff(openapi)
    if format_ == "json":
        import orjson

        click.echo(orjson.dumps(diff.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        click.echo("\n".join(upstream_lines(diff)))
    sys.exit(EXIT_OK if diff.ok else EXIT_VIOLATION)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file still holds a secret (pre-commit).")
@_friendly
def redact(files: tuple[str, ...], check: bool) -> None:
    """Mask client secrets, bearer tokens, API keys and cookies in recordings, leaving every other byte alone."""
    from contract.redact import redact_file

    failed = False
    for name in files:
        result = redact_file(Path(name), check=check)
        for leak in result.unmaskable:
            click.echo(f"{name}:{leak.line}:{leak.column}: {leak.kind} cannot be masked in place; re-record it decoded")
        if check:
            for leak in result.masked:
                click.echo(f"{name}:{leak.line}:{leak.column}: unmasked {leak.kind} {leak.masked}")
            failed |= bool(result.leaks)
        else:
            if result.masked:
                click.echo(f"{name}: masked {len(result.masked)} secret(s)")
            failed |= bool(result.unmaskable)
    if check and failed:
        click.echo("run `chatkit-contract redact FILE...` to mask them", err=True)
    sys.exit(EXIT_VIOLATION if failed else EXIT_OK)


# --- generated payloads and mutants (generate) ---------------------------------------------------------------


# Read from the packaged schema (a small file) so the choices never drift from the contract.
_STATUSES = tuple(load_schema("ChatSessionStatus")["enum"])


@main.command()
@click.option("--count", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many lines.")
@click.option("--seed", type=int, help="The same seed gives the same lines (default: a random seed).")
@click.option("--status", type=click.Choice(_STATUSES), help="Conforming payloads with this status only.")
@click.option(
    "--invalid",
    is_flag=True,
    help="One-rule mutants instead: each line is {payload, rule, pointer, endpoint, profile}.",
)
@click.option(
    "--rule", "rules", multiple=True, metavar="RULE", help="With --invalid: break only this rule (repeatable)."
)
@click.option(
    "--endpoint", type=click.Choice(ENDPOINTS), help="With --invalid: every mutant fails under this endpoint."
)
@click.option("--profile", type=click.Choice(PROFILES), help="With --invalid: every mutant fails under this profile.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the lines here instead of stdout.")
@click.option(
    "--expectations",
    type=click.Path(dir_okay=False),
    help="With --invalid: write bare payloads, and each line's expected rule and pointer to this file.",
)
@_friendly
def generate(
    count: int,
    seed: int | None,
    status: str | None,
    invalid: bool,
    rules: tuple[str, ...],
    endpoint: Endpoint | None,
    profile: Profile | None,
    output: str | None,
    expectations: str | None,
) -> None:
    """Write generated session resources as JSON Lines: conforming ones, or one-rule mutants."""
    from contract import generate as corpus

    mutant_only = {"--rule": rules, "--endpoint": endpoint, "--profile": profile, "--expectations": expectations}
    if invalid and status:
        raise click.UsageError("--status applies to conforming payloads; with --invalid use --endpoint")
    if not invalid and any(mutant_only.values()):
        raise click.UsageError(f"{next(k for k, v in mutant_only.items() if v)} needs --invalid")
    # Drawing is lazy, but the options are checked here, before any output file is created.
    mutants = (
        corpus.mutants(count=count, seed=seed, rules=rules or None, endpoint=endpoint, profile=profile)
        if invalid
        else iter(())
    )
    payloads = iter(()) if invalid else corpus.conforming_payloads(count=count, seed=seed, status=status)
    with ExitStack() as stack:
        stream = stack.enter_context(_open_binary(output)) if output else sys.stdout.buffer
        side = stack.enter_context(_open_binary(expectations)) if expectations else None
        try:
            written = (
                corpus.write_mutants(stream, mutants, side) if invalid else corpus.write_payloads(stream, payloads)
            )
            stream.flush()
        except BrokenPipeError:
            # The reader (e.g. `head`) has what it wanted: stop quietly, as other Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
    if output:
        click.echo(f"wrote {written} lines to {output}")


def _open_binary(path: str) -> Any:
    try:
        return Path(path).open("wb")
    except OSError as err:
        raise ContractError(f"{path}: cannot write: {err.strerror}") from err
