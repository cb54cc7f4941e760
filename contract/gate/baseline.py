"""The gate's baseline: findings a team has accepted, fingerprinted so later runs fail only on new ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import orjson

from contract.errors import InputError
from contract.findings import Finding, Result
from contract.sources.files import read_regular_file

__all__ = ["BASELINE_VERSION", "Acceptance", "Baseline", "Comparison", "Entry", "compare", "fingerprint"]

BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Entry:
    """One accepted finding: where it is and what it is, without line numbers or wording, so it survives edits."""

    source: str
    location: str | None
    rule: str
    pointer: str

    @property
    def fingerprint(self) -> str:
        """A short stable hash of (source, location, rule, pointer)."""
        return fingerprint(self.source, self.location, self.rule, self.pointer)

    def describe(self) -> str:
        """``path (location) rule pointer`` for a human."""
        where = f"{self.source} ({self.location})" if self.location else self.source
        return f"{where} {self.rule} {self.pointer or '(document)'}"

    def sort_key(self) -> tuple[str, str, str, str]:
        """Order by file, then location, rule and pointer (no location sorts first)."""
        return (self.source, self.location or "", self.rule, self.pointer)


def fingerprint(source: str, location: str | None, rule: str, pointer: str) -> str:
    """Hash the identity of a finding; the message, line and column are left out on purpose."""
    import hashlib  # only a run that has a baseline pays for loading OpenSSL

    identity = orjson.dumps([source, location, rule, pointer])
    return hashlib.sha256(identity).hexdigest()[:16]


def _entry(result: Result, finding: Finding) -> Entry:
    return Entry(result.source, result.location, finding.rule, finding.pointer)


@dataclass(frozen=True, slots=True)
class Baseline:
    """A multiset of accepted entries (the same finding may be accepted more than once)."""

    entries: tuple[Entry, ...] = ()

    @classmethod
    def of(cls, results: Iterable[Result]) -> Baseline:
        """Every finding in *results*, accepted."""
        return cls(tuple(sorted((_entry(r, f) for r in results for f in r.findings), key=Entry.sort_key)))

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; a missing file is an empty baseline (nothing accepted yet)."""
        try:
            document = orjson.loads(read_regular_file(path))
        except FileNotFoundError:
            return cls()
        except OSError as err:
            raise InputError(f"{path}: cannot read the baseline: {err.strerror}") from None
        except orjson.JSONDecodeError as err:
            raise InputError(f"{path}: the baseline is not valid JSON ({err})") from None
        try:
            return cls(tuple(sorted((_parse_entry(row) for row in _rows(document)), key=Entry.sort_key)))
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"{path}: not a chatkit-contract baseline ({err})") from None

    def write(self, path: Path) -> None:
        """Write the baseline as sorted, indented JSON, so reruns and reviews see stable diffs."""
        rows = [{"fingerprint": entry.fingerprint, **asdict(entry)} for entry in self.entries]
        document = {"tool": "chatkit-contract", "version": BASELINE_VERSION, "findings": rows}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
        except OSError as err:
            raise InputError(f"{path}: cannot write the baseline: {err.strerror}") from None


def _rows(document: Any) -> list[Any]:
    if not isinstance(document, dict) or document.get("tool") != "chatkit-contract":
        raise ValueError("expected an object with 'tool': 'chatkit-contract'")
    if document.get("version") != BASELINE_VERSION:
        raise ValueError(f"unsupported version {document.get('version')!r}")
    rows = document["findings"]
    if not isinstance(rows, list):
        raise TypeError("'findings' must be a list")
    return rows


def _parse_entry(row: Any) -> Entry:
    location = row["location"]
    fields = (row["source"], row["rule"], row["pointer"])
    if not all(isinstance(value, str) for value in fields) or not isinstance(location, (str, type(None))):
        raise TypeError(f"malformed entry {row!r}")
    return Entry(row["source"], location, row["rule"], row["pointer"])


@dataclass(frozen=True, slots=True)
class Comparison:
    """Results with accepted findings taken out, how many were accepted, and entries that no longer occur."""

    results: tuple[Result, ...]
    accepted: int
    stale: tuple[Entry, ...]


class Acceptance:
    """Takes baselined findings out of results as they stream past (each acceptance used once).

    *source_of* gives the name a result's source has in the baseline (sources there are relative to the
    project root), when it differs from how the run names it.
    """

    def __init__(self, baseline: Baseline, source_of: Callable[[str], str] | None = None) -> None:
        self._remaining = Counter(baseline.entries)
        self._source_of = source_of
        self.accepted = 0

    def apply(self, result: Result) -> Result:
        """*result* without its accepted findings; ``baselined`` counts them."""
        if not result.findings or not self._remaining:
            return result
        source = self._source_of(result.source) if self._source_of else result.source
        new = []
        for finding in result.findings:
            entry = Entry(source, result.location, finding.rule, finding.pointer)
            if self._remaining[entry] > 0:
                self._remaining[entry] -= 1
            else:
                new.append(finding)
        taken = len(result.findings) - len(new)
        self.accepted += taken
        return result if not taken else replace(result, findings=tuple(new), baselined=result.baselined + taken)

    def stale(self) -> tuple[Entry, ...]:
        """Accepted entries that no result used: findings that no longer occur."""
        return tuple(sorted(self._remaining.elements(), key=Entry.sort_key))


def compare(results: Iterable[Result], baseline: Baseline) -> Comparison:
    """Take each baselined finding out of *results* (once per acceptance); keep the rest as new."""
    acceptance = Acceptance(baseline)
    kept = tuple(acceptance.apply(result) for result in results)
    return Comparison(kept, acceptance.accepted, acceptance.stale())
