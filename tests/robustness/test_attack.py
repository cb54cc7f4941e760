"""The attacker's test: secrets planted in every place, format and spelling (tests/robustness/attack.py) are
searched for in every decoded view (tests/leaks.py) of what each command leaves behind.

``redact --check`` must fail on the planted recording and pass once ``redact`` has run, and the redacted
recording must hold the secret in no view. The same planted corpus then goes through ``validate`` in every
report format, ``gate``, and ``check-live --record`` against a stand-in that echoes what it is sent: the
secret may appear in none of their output.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.report import REPORTERS
from contract.standin.server import running_server
from tests import leaks
from tests.robustness.attack import COMBINATIONS, FORMATS, PLACES, SPELLINGS, plant
from tests.robustness.support import invoke

#: A secret's distinctive part: letters and digits, long enough to be a real credential's.
NEEDLES = st.builds(
    lambda head, digit, tail: head + digit + tail,
    st.text(string.ascii_letters, min_size=6, max_size=10),
    st.sampled_from(string.digits),
    st.text(string.ascii_letters + string.digits, min_size=5, max_size=10),
)


def test_every_place_spelling_and_format_is_planted() -> None:
    """The attack covers the whole matrix: each place in each format that has it, each spelling somewhere."""
    assert {place for place, _, _ in COMBINATIONS} == set(PLACES)
    assert {spelling for _, spelling, _ in COMBINATIONS} == set(SPELLINGS)
    assert {fmt for _, _, fmt in COMBINATIONS} == set(FORMATS)


def _parses(data: bytes, suffix: str) -> bool:
    text = data.decode()
    try:
        if suffix == ".jsonl":
            for line in text.splitlines():
                json.loads(line)
        elif suffix == ".yaml":
            yaml.safe_load(text)
        else:
            json.loads(text)
    except ValueError:
        return False
    return True


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(combination=st.sampled_from(COMBINATIONS), needle=NEEDLES, choice=st.integers(0, 11))
def test_redact_leaves_no_planted_secret_in_any_decoded_view(
    tmp_path_factory: pytest.TempPathFactory, combination: tuple[str, str, str], needle: str, choice: int
) -> None:
    """Whatever the place, format and spelling: --check fails, redact masks, no view of the file shows the
    secret, --check then passes, and a recording that parsed still parses."""
    planted = plant(*combination, needle, choice=choice)
    assert leaks.found(planted.data, needle), "the secret was not planted"
    path = tmp_path_factory.mktemp("attack") / f"recording{planted.suffix}"
    path.write_bytes(planted.data)
    checked = invoke(["redact", "--check", str(path)], env=planted.env)
    assert checked.exit_code == 1, checked.output
    redacted = invoke(["redact", str(path)], env=planted.env)
    assert redacted.exit_code == 0, redacted.output
    leaks.assert_clean(path.read_bytes(), needle, where=str(combination))
    leaks.assert_clean(checked.output + redacted.output, needle, where="redact's own output")
    assert invoke(["redact", "--check", str(path)], env=planted.env).exit_code == 0
    assert _parses(path.read_bytes(), planted.suffix) == planted.parses


KNOWN_KEY = "plantedKnownKey7Zx"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Every planting of the matrix as a file of its own (one named like a token too); the needles they hold."""
    root = tmp_path_factory.mktemp("planted")
    needles = []
    for number, (place, spelling, fmt) in enumerate(COMBINATIONS):
        needle = KNOWN_KEY if place == "body-known-key" else f"planted{number}Qz{number * 7 % 10}x"
        planting = plant(place, spelling, fmt, needle, choice=number)
        (root / f"{number:03}-{place}-{spelling}{planting.suffix}").write_bytes(planting.data)
        needles.append(needle)
    (root / "ek_live_plantedName7file.json").write_text(json.dumps({"status": "x"}))
    return root, [*sorted(set(needles)), "plantedName7file"]


RUN = {"OPENAI_API_KEY": KNOWN_KEY}


@pytest.mark.parametrize("format_", sorted(REPORTERS))
def test_the_planted_corpus_shows_in_no_validate_report(
    planted: tuple[Path, list[str]], tmp_path: Path, format_: str
) -> None:
    """validate over every planted recording, in every format, to stdout and to a file: no secret in any view."""
    root, needles = planted
    report = tmp_path / "report"
    result = invoke(
        ["validate", "--format", format_, "--profile", "strict", "-o", f"{format_}={report}", str(root)], env=RUN
    )
    shown = invoke(["validate", "--format", format_, "--endpoint", "session", str(root)], env=RUN)
    assert (result.exit_code, shown.exit_code) == (1, 1), result.output
    for text in (result.stdout, result.stderr, report.read_text(), shown.stdout, shown.stderr):
        leaks.assert_clean(text, *needles, where=format_)


def test_the_planted_corpus_shows_in_no_gate_report(planted: tuple[Path, list[str]], tmp_path: Path) -> None:
    """gate over the planted corpus: no secret in any report it writes, its step summary or its baseline."""
    root, needles = planted
    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.chatkit-contract]\nrecordings = ["{root}/*"]\nbaseline = "baseline.json"\n')
    outputs = [arg for fmt in sorted(REPORTERS) for arg in ("-o", f"{fmt}={tmp_path}/reports/gate.{fmt}")]
    summary = tmp_path / "summary.md"
    result = invoke(["gate", "--config", str(config), *outputs], env={**RUN, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.output
    baseline = invoke(["gate", "--config", str(config), "--update-baseline"], env=RUN)
    written = [path.read_text() for path in (tmp_path / "reports").iterdir()]
    for text in (result.stdout, result.stderr, baseline.stdout, summary.read_text(), *written):
        leaks.assert_clean(text, *needles)
    leaks.assert_clean((tmp_path / "baseline.json").read_text(), *needles)


#: What check-live sends that the stand-in echoes back (the user, an undeclared member's name), spelt each way.
ECHOED = {
    "glued-%3D": "client_secret%3Dek_live_echoA7glued",
    "glued-newline": "line\nek_live_echoB7glued",
    "glued-underscore": "x_ek_live_echoC7glued",
    "json-escaped": "\\u0065k_live_echoD7escaped",
    "by-name": "password=echoE7opaque&x=1",
    "bearer": "Bearer echoF7opaque",
    "known-key": KNOWN_KEY,
}


def test_check_live_against_an_echoing_stand_in_shows_no_secret(tmp_path: Path) -> None:
    """The stand-in echoes the user sent and is told to add members named like secrets: stderr, the report and
    the --record file hold none of them; neither does the stand-in's own request log."""
    needles = ["echoA7glued", "echoB7glued", "echoC7glued", "echoD7escaped", "echoE7opaque", "echoF7opaque", KNOWN_KEY]
    with running_server(api_key=KNOWN_KEY) as server:
        server.inject("status=503,times=1")
        for member in ("ek_live_echoA7glued", f"a~1{ECHOED['glued-underscore']}", KNOWN_KEY):
            server.inject(f"extra=/{member},on=cancel,times=always")
        report, record = tmp_path / "report.sarif", tmp_path / "live.har"
        args: list[Any] = ["check-live", "--base-url", server.base_url, "--retries", "1", "--backoff", "0"]
        args += ["--workflow-id", "wf_1", "--user", " ".join(ECHOED.values()), "--profile", "strict"]
        result = invoke([*args, "--format", "github", "-o", f"sarif={report}", "--record", str(record)], env=RUN)
        log = repr(server.served)
    assert result.exit_code == 1, result.output
    assert "drift.unknown-field" in report.read_text()
    assert "password=…(redacted)&x=1 Bearer …(redacted)" in record.read_text()  # the echoed user, masked
    for text in (result.stdout, result.stderr, report.read_text(), record.read_text(), log):
        leaks.assert_clean(text, *needles)
