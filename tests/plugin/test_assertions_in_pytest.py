"""assert_conforms and the fixtures as a consumer's pytest run shows them."""

from __future__ import annotations

import orjson
import pytest

from tests.helpers import SECRET, conforming_session
from tests.plugin.support import run

_HELPERS = """
import copy, json
SESSION = json.loads({session!r})
def session(**overrides):
    value = copy.deepcopy(SESSION)
    value.update(overrides)
    return value
"""


@pytest.fixture
def sessions(pytester: pytest.Pytester) -> None:
    """A conftest giving generated tests ``session(**overrides)``, a conforming cancel response."""
    pytester.makeconftest(_HELPERS.format(session=orjson.dumps(conforming_session()).decode()))


@pytest.mark.usefixtures("sessions")
def test_failing_assertion_lists_every_finding_without_internals(pytester: pytest.Pytester) -> None:
    """The failure is the test's line and one block of findings: no frames from the library, no secret."""
    pytester.makepyfile(
        """
        from conftest import session
        from contract import assert_conforms

        def test_drifted():
            drifted = session(status="canceled", cancelled_at=1)
            del drifted["workflow"]["tracing"]
            assert_conforms(drifted)
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines(
        [
            r">\s+assert_conforms\(drifted\)",
            r"E\s+AssertionError: the payload does not conform to the ChatKit contract "
            r"\(operation cancel, profile lenient\): 2 errors, 1 warning",
            r"E\s+error\s+schema\.required\s+/workflow/tracing\s+required member 'tracing' is missing",
            r"E\s+error\s+schema\.enum\s+/status\s+'canceled' is not one of .*did you mean 'cancelled'\?",
            r"E\s+warning\s+drift\.unknown-field\s+/cancelled_at\s+member 'cancelled_at' is not declared.*",
        ]
    )
    output = result.stdout.str()
    assert "contract/" not in output
    assert SECRET not in output


@pytest.mark.usefixtures("sessions")
def test_conforming_payloads_pass_in_every_form(pytester: pytest.Pytester) -> None:
    """A dict, its JSON text and its bytes all pass; a warning alone does not fail."""
    pytester.makepyfile(
        """
        import json
        import pytest
        from conftest import session
        from contract import assert_conforms

        @pytest.mark.parametrize("form", [dict, json.dumps, lambda s: json.dumps(s).encode()])
        def test_conforms(form):
            assert_conforms(form(session()))

        def test_warning_only():
            assert assert_conforms(session(extra=1)).warnings
        """
    )
    run(pytester).assert_outcomes(passed=4)


@pytest.mark.usefixtures("sessions")
def test_chatkit_contract_fixture_returns_findings_to_assert_on(pytester: pytest.Pytester) -> None:
    """chatkit_contract.check hands the result to the test; its assert_conforms fails like the function."""
    pytester.makepyfile(
        """
        from conftest import session

        def test_findings(chatkit_contract):
            result = chatkit_contract.check(session(status="active"))
            assert [(f.rule, f.pointer) for f in result.errors] == [("cancel.status", "/status")]

        def test_fixture_assertion(chatkit_contract):
            chatkit_contract.assert_conforms(session(status="active"))
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.re_match_lines([r"E\s+error\s+cancel\.status\s+/status\s+a cancel response has status 'active'.*"])


@pytest.mark.usefixtures("sessions")
def test_session_validator_honours_the_command_line(pytester: pytest.Pytester) -> None:
    """--chatkit-profile/-endpoint/-ignore reach chatkit_validator, and so chatkit_contract (session, the older
    name of the create rules, still reads)."""
    pytester.makepyfile(
        """
        from conftest import session

        def test_options(chatkit_validator, chatkit_contract):
            assert (chatkit_validator.profile, chatkit_validator.operation) == ("strict", "create")
            assert chatkit_validator.ignore == {"session.id-prefix"}
            assert chatkit_contract.validator is chatkit_validator
            assert chatkit_contract.check(session(status="active", id="x")).ok
            assert not chatkit_contract.check(session(extra=1)).ok
        """
    )
    run(
        pytester, "--chatkit-profile=strict", "--chatkit-endpoint=session", "--chatkit-ignore=session.id-prefix"
    ).assert_outcomes(passed=1)


@pytest.mark.usefixtures("sessions")
def test_consumer_can_override_the_validator_fixture(pytester: pytest.Pytester) -> None:
    """A conftest that pins chatkit_validator changes what chatkit_contract checks with."""
    pytester.makeconftest(
        pytester.path.joinpath("conftest.py").read_text()
        + """
import pytest
from contract import Validator

@pytest.fixture(scope="session")
def chatkit_validator():
    return Validator(profile="strict")
"""
    )
    pytester.makepyfile(
        """
        from conftest import session

        def test_pinned(chatkit_contract):
            assert not chatkit_contract.check(session(extra=1)).ok
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_unsupported_object_is_a_plain_error_naming_its_type(pytester: pytest.Pytester) -> None:
    """Handing assert_conforms something that is not a response says so, rather than listing findings."""
    pytester.makepyfile(
        """
        from contract import assert_conforms

        def test_wrong_thing():
            assert_conforms({1, 2})
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines([r"E\s+contract\.errors\.InputError: cannot check a set: pass a dict, JSON text.*"])
    assert "contract/" not in result.stdout.str()
