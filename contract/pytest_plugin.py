"""The pytest plugin: contract fixtures, ``--chatkit-*`` options, recordings as test items, the live marker.

Registered through the ``pytest11`` entry point under its module name, so it loads in every pytest run
where the package is installed (``-p no:contract.pytest_plugin`` turns it off) and naming the module with
``-p`` or ``pytest_plugins`` does not register it twice. Hooks and fixtures only: the work lives in the
library, imported when a fixture or a recording first needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from contract.operations import API_BASE_URL, OPERATION_CHOICES
from contract.plugin.server_fixture import chatkit_server
from contract.rules import ENDPOINTS, PROFILES, unknown_rule_ids

if TYPE_CHECKING:
    from contract.assertions import ResponseChecker
    from contract.check.validator import Validator

__all__ = [
    "chatkit_base_url",
    "chatkit_contract",
    "chatkit_server",
    "chatkit_validator",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_generate_tests",
]

_LIVE = "chatkit_live"


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``chatkit-contract`` option group."""
    group = parser.getgroup("chatkit-contract", "ChatKit contract checks (chatkit-contract)")
    group.addoption(
        "--chatkit-profile",
        choices=PROFILES,
        default=None,
        help="Profile for chatkit_validator, chatkit_contract and recordings: strict makes undeclared "
        "members errors (default: [tool.chatkit-contract] profile, else lenient).",
    )
    group.addoption(
        "--chatkit-operation",
        choices=OPERATION_CHOICES,
        default=None,
        help="Recordings: check only this operation's responses (default: every ChatKit operation found, each "
        "under its own resource and rules). Payloads without a request: what chatkit_validator checks them as "
        "(default: cancel).",
    )
    group.addoption(
        "--chatkit-endpoint",
        dest="chatkit_operation",
        choices=ENDPOINTS,
        default=None,
        help="The older name of --chatkit-operation: cancel, or session (create).",
    )
    group.addoption(
        "--chatkit-ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="Skip a rule id in fixtures and recordings (repeatable).",
    )
    # One PATH per flag, repeatable: a flag taking several would swallow the test paths after it.
    group.addoption(
        "--chatkit-recordings",
        action="append",
        default=[],
        metavar="PATH",
        help="Recorded exchanges (a file or directory, any format `chatkit-contract validate` reads; "
        "repeatable): each becomes a test item such as file.har::entry-3.",
    )
    group.addoption(
        "--chatkit-allow-empty",
        action="store_const",
        const=True,
        default=None,
        help="Accept --chatkit-recordings that hold no response to check (by default that is an error).",
    )
    group.addoption(
        "--chatkit-live",
        action="store_true",
        help=f"Run tests marked @pytest.mark.{_LIVE} against the real API (skipped otherwise).",
    )
    group.addoption(
        "--chatkit-base-url",
        default=API_BASE_URL,
        metavar="URL",
        help=f"API base URL for live tests, from the chatkit_base_url fixture (default: {API_BASE_URL}).",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the live marker and reject unusable option values before collection starts."""
    config.addinivalue_line(
        "markers", f"{_LIVE}: talks to the real ChatKit API; runs only with --chatkit-live (see --chatkit-base-url)"
    )
    config.addinivalue_line(
        "markers",
        "chatkit_gaps(report): run the test once per variant the coverage report (coverage --format json) never "
        "observed, each passed as its chatkit_gap argument",
    )
    problem = unknown_rule_ids(config.getoption("chatkit_ignore"))
    if problem is not None:
        raise pytest.UsageError(f"--chatkit-ignore: {problem}")
    base_url = config.getoption("chatkit_base_url")
    if not base_url.startswith(("http://", "https://")):
        raise pytest.UsageError(f"--chatkit-base-url: {base_url!r} is not an http:// or https:// URL")
    for path in config.getoption("chatkit_recordings"):
        if path == "-":
            raise pytest.UsageError("--chatkit-recordings: '-' (stdin) is not supported inside pytest; pass a path")
        if not (config.invocation_params.dir / path).exists():
            raise pytest.UsageError(f"--chatkit-recordings: {path}: no such file or directory")


@pytest.hookimpl(tryfirst=True)  # before -k/-m deselection and xdist scheduling see the item list
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add one item per recorded exchange, and skip live tests unless ``--chatkit-live`` was given."""
    recordings = config.getoption("chatkit_recordings")
    if recordings:
        from contract.plugin.nodes import collect_recordings

        items.extend(collect_recordings(session, [config.invocation_params.dir / path for path in recordings]))
    if not config.getoption("chatkit_live"):
        skip = pytest.mark.skip(reason=f"{_LIVE} test: pass --chatkit-live to run it against the real API")
        for item in items:
            if item.get_closest_marker(_LIVE) is not None:
                item.add_marker(skip)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``chatkit_gap`` with a coverage report's gaps (``@pytest.mark.chatkit_gaps("coverage.json")``)."""
    if "chatkit_gap" in metafunc.fixturenames:
        from contract.plugin.gaps import parametrize_gaps

        parametrize_gaps(metafunc)


@pytest.fixture(scope="session")
def chatkit_validator(pytestconfig: pytest.Config) -> Validator:
    """The session's :class:`~contract.Validator`, under ``--chatkit-operation/-profile/-ignore``; override to pin."""
    from contract.plugin.nodes import validator_for

    return validator_for(pytestconfig)


@pytest.fixture
def chatkit_contract(chatkit_validator: Validator) -> ResponseChecker:
    """A checker over ``chatkit_validator``: ``.check(obj)`` returns the Result, ``.assert_conforms(obj)`` asserts."""
    from contract.assertions import ResponseChecker

    return ResponseChecker(chatkit_validator)


@pytest.fixture(scope="session")
def chatkit_base_url(pytestconfig: pytest.Config) -> str:
    """The API base URL live tests talk to (``--chatkit-base-url``), without a trailing slash."""
    url: str = pytestconfig.getoption("chatkit_base_url")
    return url.rstrip("/")
