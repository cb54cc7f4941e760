"""The session rules' wording: times in messages read as a calendar, the way strftime writes them."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from contract.check.semantics import _utc, milliseconds_message


def _strftime(seconds: float) -> str | None:
    try:
        return f"{datetime.fromtimestamp(seconds, tz=timezone.utc):%Y-%m-%dT%H:%M:%SZ}"
    except (OverflowError, OSError, ValueError):
        return None


@given(st.integers(-(10**12), 10**12) | st.floats(-1e12, 1e13) | st.integers(-(2**70), 2**70))
@example(1_712_349_876.9999996)  # rounds up to the next second
@example(-62_135_596_801)  # a second before year 1
@example(253_402_300_800)  # year 10000
@example(-61_000_000_000)  # a year below 1000
def test_a_time_reads_as_strftime_writes_it(seconds: float) -> None:
    """Every Unix time a message shows reads as strftime writes it, and one beyond a datetime is none at all."""
    assert _utc(seconds) == _strftime(seconds)


def test_milliseconds_are_read_as_such() -> None:
    """A time in milliseconds says which moment it would be in seconds."""
    message = milliseconds_message(1_767_225_607_000)
    assert message == "1767225607000 is not Unix seconds; read as milliseconds it is 2026-01-01T00:00:07Z"
