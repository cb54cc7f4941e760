"""Baselines: fingerprints that survive edits, multiset matching, and honest errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.errors import InputError
from contract.findings import Finding, Result
from contract.gate.baseline import Baseline, Entry, compare, fingerprint


def _finding(rule: str = "schema.enum", pointer: str = "/status", line: int | None = None) -> Finding:
    return Finding.of(rule, pointer, f"message for {rule}", line, 1 if line else None)


def test_fingerprint_ignores_wording_and_position_but_not_identity() -> None:
    """Moving a finding or rewording it keeps its fingerprint; another file, location or pointer does not."""
    moved = Baseline.of([Result("a.json", None, (_finding(line=3),))]).entries[0]
    original = Baseline.of([Result("a.json", None, (_finding(line=90),))]).entries[0]
    assert moved == original
    assert moved.fingerprint == fingerprint("a.json", None, "schema.enum", "/status")
    others = {
        fingerprint("b.json", None, "schema.enum", "/status"),
        fingerprint("a.json", "line 2", "schema.enum", "/status"),
        fingerprint("a.json", None, "schema.enum", "/user"),
    }
    assert moved.fingerprint not in others
    assert len(others) == 3


def test_compare_accepts_each_entry_once_and_reports_the_rest() -> None:
    """Two identical findings with one accepted leave one new; an entry matching nothing is stale."""
    baseline = Baseline((Entry("a.json", None, "schema.enum", "/status"), Entry("gone.json", None, "json.parse", "")))
    results = [Result("a.json", None, (_finding(), _finding())), Result("b.json", None, ())]
    comparison = compare(results, baseline)
    assert comparison.accepted == 1
    assert [len(r.findings) for r in comparison.results] == [1, 0]
    assert comparison.stale == (Entry("gone.json", None, "json.parse", ""),)


def test_written_baseline_reads_back_equal(tmp_path: Path) -> None:
    """write then load round-trips, sorted, with None locations sorting first."""
    path = tmp_path / "deep" / "baseline.json"
    results = [Result("b.jsonl", "line 2", (_finding(),)), Result("b.jsonl", None, (_finding("json.parse", ""),))]
    baseline = Baseline.of(results)
    baseline.write(path)
    assert Baseline.load(path) == baseline
    assert [e.location for e in baseline.entries] == [None, "line 2"]


def test_missing_baseline_is_empty(tmp_path: Path) -> None:
    """A configured baseline that does not exist yet accepts nothing."""
    assert Baseline.load(tmp_path / "none.json") == Baseline()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "the baseline is not valid JSON"),
        ('{"tool": "other", "version": 1, "findings": []}', "not a chatkit-contract baseline"),
        ('{"tool": "chatkit-contract", "version": 9, "findings": []}', "unsupported version 9"),
        ('{"tool": "chatkit-contract", "version": 1, "findings": [{"source": 1}]}', "not a chatkit-contract baseline"),
    ],
)
def test_bad_baseline_files_are_input_errors(tmp_path: Path, content: str, message: str) -> None:
    """A corrupt or foreign baseline is named, never silently treated as empty."""
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        Baseline.load(path)
    assert str(caught.value).startswith(str(path))
