"""Data-driven cases: every body in tests/data/{valid,invalid} with its expected findings beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract import Validator

DATA = Path(__file__).parent / "data"
CASES = sorted(p for p in DATA.glob("*/*.json") if not p.name.endswith(".expected.json"))


def _expectation(body: Path) -> dict[str, object]:
    return json.loads(body.with_name(body.stem + ".expected.json").read_text())  # type: ignore[no-any-return]


def test_every_case_has_its_expectation() -> None:
    """A body without expectations would silently test nothing."""
    assert len(CASES) >= 30
    for body in CASES:
        assert body.with_name(body.stem + ".expected.json").is_file(), body


@pytest.mark.parametrize("body", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_yields_exactly_its_expected_findings(body: Path) -> None:
    """Each case produces exactly the listed findings (rule, pointer, severity), and ok matches its folder."""
    expected = _expectation(body)
    operation = str(expected.get("operation") or expected.get("endpoint") or "cancel")
    validator = Validator(operation=operation, profile=expected.get("profile", "lenient"))  # type: ignore[arg-type]
    result = validator.validate(body.read_bytes(), source=str(body))
    got = sorted(
        ({"rule": f.rule, "pointer": f.pointer, "severity": f.severity} for f in result.findings),
        key=lambda f: (f["pointer"], f["rule"]),
    )
    assert got == expected["findings"]
    assert result.ok is (body.parent.name == "valid")
