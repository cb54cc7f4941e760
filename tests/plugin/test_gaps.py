"""``@pytest.mark.chatkit_gaps``: a test runs once per variant a coverage report never observed."""

from __future__ import annotations

import orjson
import pytest

from contract.coverage import measure_coverage
from tests.helpers import ROOT
from tests.plugin.support import run

TEST_FILE = """
import httpx
import pytest

from contract import assert_conforms


@pytest.mark.chatkit_gaps("coverage.json")
def test_each_gap(chatkit_gap, chatkit_server):
    if chatkit_gap.fault:
        chatkit_server.inject(chatkit_gap.fault)
        headers = {"Authorization": f"Bearer {chatkit_server.api_key}", "OpenAI-Beta": "chatkit_beta=v1"}
        response = httpx.post(chatkit_server.base_url + "/chatkit/sessions/cksess_x/cancel", headers=headers)
        assert response.status_code == chatkit_gap.status
        assert response.json()["error"]["type"] == chatkit_gap.payload["error"]["type"]
    else:
        assert_conforms(chatkit_gap.payload, endpoint="cancel")
"""


@pytest.fixture
def report(pytester: pytest.Pytester) -> int:
    """The coverage report of the examples, as cancel answers; how many gaps it has."""
    coverage = measure_coverage([str(ROOT / "examples")], endpoint="cancel")
    (pytester.path / "coverage.json").write_bytes(orjson.dumps(coverage.to_dict()))
    return len(coverage.missing())


@pytest.mark.slow
def test_each_gap_is_a_test_with_a_conforming_payload_or_a_fault_the_stand_in_answers(
    pytester: pytest.Pytester, report: int
) -> None:
    """One test per gap, named after it; payloads conform, fault specs make the stand-in answer the status."""
    pytester.makepyfile(test_gaps=TEST_FILE)
    result = run(pytester, "-v", "-p", "no:randomly")
    result.assert_outcomes(passed=report)
    result.stdout.fnmatch_lines(
        [
            "*test_each_gap?cancel/workflow.version:null? PASSED*",
            "*test_each_gap?cancel/http:5xx? PASSED*",
        ]
    )


def test_a_test_taking_chatkit_gap_without_the_marker_is_a_collection_error(pytester: pytest.Pytester) -> None:
    """The argument alone says nothing about which report: the error says what to add."""
    pytester.makepyfile(test_unmarked="def test_gap(chatkit_gap):\n    pass\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*takes chatkit_gap, so mark it @pytest.mark.chatkit_gaps('coverage.json')*"])


def test_a_missing_report_names_itself(pytester: pytest.Pytester) -> None:
    """A report that is not there is a collection error naming the file, not a traceback."""
    pytester.makepyfile(
        test_missing="import pytest\n\n@pytest.mark.chatkit_gaps('nowhere.json')\n"
        "def test_gap(chatkit_gap):\n    pass\n"
    )
    result = run(pytester)
    result.stdout.fnmatch_lines(["*nowhere.json: cannot read the coverage report*"])
    assert "Traceback" not in result.stdout.str()
