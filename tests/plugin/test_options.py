"""The chatkit-contract option group, the live marker, and option values pytest must refuse."""

from __future__ import annotations

import pytest

from tests.plugin.support import run

_LIVE_TEST = """
import pytest

@pytest.mark.chatkit_live
def test_talks_to_the_api(chatkit_base_url):
    print("BASE", chatkit_base_url)

def test_offline():
    pass
"""


def test_help_lists_the_option_group(pytester: pytest.Pytester) -> None:
    """pytest --help shows every option under the chatkit-contract heading."""
    result = run(pytester, "--help")
    result.stdout.fnmatch_lines(
        [
            "ChatKit contract checks (chatkit-contract):",
            "  --chatkit-profile={lenient,strict}",
            "  --chatkit-operation={create,cancel,list-threads,get-thread,delete-thread,list-thread-items,session}",
            "  --chatkit-endpoint={cancel,session}",
            "  --chatkit-ignore=RULE*",
            "  --chatkit-recordings=PATH",
            "  --chatkit-live*",
            "  --chatkit-base-url=URL",
        ]
    )


def test_live_tests_are_skipped_with_a_reason_by_default(pytester: pytest.Pytester) -> None:
    """Without --chatkit-live a marked test is skipped and says how to run it; the marker is registered."""
    pytester.makepyfile(_LIVE_TEST)
    result = run(pytester, "--strict-markers", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        ["SKIPPED [[]1[]] *: chatkit_live test: pass --chatkit-live to run it against the real API"]
    )


def test_live_option_runs_marked_tests_with_the_base_url(pytester: pytest.Pytester) -> None:
    """--chatkit-live runs them; chatkit_base_url is the option's URL without its trailing slash."""
    pytester.makepyfile(_LIVE_TEST)
    result = run(pytester, "--chatkit-live", "--chatkit-base-url=http://127.0.0.1:8321/v1/", "-s")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*BASE http://127.0.0.1:8321/v1*"])


def test_base_url_defaults_to_the_openai_api(pytester: pytest.Pytester) -> None:
    """Live tests talk to api.openai.com unless told otherwise."""
    pytester.makepyfile(_LIVE_TEST)
    run(pytester, "--chatkit-live", "-s").stdout.fnmatch_lines(["*BASE https://api.openai.com/v1"])


def test_markers_listing_documents_the_live_marker(pytester: pytest.Pytester) -> None:
    """pytest --markers explains chatkit_live."""
    run(pytester, "--markers").stdout.fnmatch_lines(["@pytest.mark.chatkit_live: talks to the real ChatKit API*"])


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "--chatkit-profile=loose",
            "*argument --chatkit-profile: invalid choice: 'loose' (choose from *lenient*strict*",
        ),
        ("--chatkit-endpoint=create", "*argument --chatkit-endpoint: invalid choice: 'create'*"),
        ("--chatkit-ignore=schema.nope", "ERROR: --chatkit-ignore: unknown rule id 'schema.nope'*"),
        ("--chatkit-base-url=api.openai.com", "ERROR: --chatkit-base-url: 'api.openai.com' is not an http:// or*"),
        ("--chatkit-recordings=missing.har", "ERROR: --chatkit-recordings: missing.har: no such file or directory"),
        ("--chatkit-recordings=-", "ERROR: --chatkit-recordings: '-' (stdin) is not supported inside pytest*"),
    ],
    ids=["profile", "endpoint", "ignore", "base-url", "missing-recording", "stdin"],
)
def test_unusable_option_value_is_a_usage_error(pytester: pytest.Pytester, option: str, message: str) -> None:
    """A bad value stops pytest before collection with one line naming the option."""
    result = run(pytester, option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "Traceback" not in result.stderr.str()
