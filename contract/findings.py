"""What a check produces: findings, the result for one checked response, and the counts over a run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from contract.exchange import Skipped
from contract.rules import RULES, Severity
from contract.secrets import mask_text

__all__ = ["Finding", "Result", "Summary", "Tally", "escape_pointer", "pointer_of", "summarise"]


def escape_pointer(token: str | int) -> str:
    """Escape one reference token as RFC 6901 requires."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(*tokens: str | int) -> str:
    """Build an RFC 6901 JSON pointer from reference tokens (``()`` is the whole document)."""
    return "".join("/" + escape_pointer(token) for token in tokens)


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation (or warning) at one JSON pointer; messages never carry secrets."""

    rule: str
    severity: Severity
    pointer: str
    message: str
    line: int | None = None
    column: int | None = None

    @classmethod
    def of(cls, rule: str, pointer: str, message: str, line: int | None = None, column: int | None = None) -> Finding:
        """A finding of *rule* with the rule's default severity (the validator applies the profile)."""
        return cls(rule, RULES[rule].severity, pointer, message, line, column)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-output shape: position keys only where known."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "pointer": self.pointer,
            "message": self.message,
        }
        if self.line is not None:
            out["line"] = self.line
            out["column"] = self.column
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """Every finding for one checked response, and where that response came from."""

    source: str = "<payload>"
    location: str | None = None
    findings: tuple[Finding, ...] = field(default=())

    def __post_init__(self) -> None:
        # Every report shows the source: a file or URL named like a credential must not print one.
        shown = _shown_source(self.source)
        if shown != self.source:
            object.__setattr__(self, "source", shown)  # frozen: set once, here

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings do not fail a response)."""
        return not any(finding.severity == "error" for finding in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that fail the response."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings that are reported but do not fail the response."""
        return tuple(f for f in self.findings if f.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        """The JSON-output shape of one result."""
        return {
            "source": self.source,
            "location": self.location,
            "ok": self.ok,
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a run: responses checked, passed and failed, warning findings, recordings skipped.

    ``skipped`` counts HAR entries and cassette interactions that do not hit the checked endpoint.
    """

    checked: int = 0
    passed: int = 0
    failed: int = 0
    warnings: int = 0
    skipped: int = 0

    def to_dict(self) -> dict[str, int]:
        """The JSON-output shape of the summary."""
        return {
            "checked": self.checked,
            "passed": self.passed,
            "failed": self.failed,
            "warnings": self.warnings,
            "skipped": self.skipped,
        }


class Tally:
    """Running counts while outcomes stream past (mutable, unlike :class:`Summary`, for speed)."""

    __slots__ = ("checked", "passed", "skipped", "warnings")

    def __init__(self) -> None:
        self.checked = self.passed = self.warnings = self.skipped = 0

    def count(self, outcome: Result | Skipped) -> bool:
        """Count *outcome*; true when it is a result (something to report), false for a skip marker."""
        if type(outcome) is Skipped:
            self.skipped += 1
            return False
        self.checked += 1
        if not outcome.findings:  # type: ignore[union-attr]
            self.passed += 1  # the common case, kept cheap
        else:
            self.passed += outcome.ok  # type: ignore[union-attr]
            self.warnings += len(outcome.warnings)  # type: ignore[union-attr]
        return True

    def summary(self) -> Summary:
        """The counts so far."""
        return Summary(self.checked, self.passed, self.checked - self.passed, self.warnings, self.skipped)


def summarise(outcomes: Iterable[Result | Skipped]) -> Summary:
    """Count *outcomes* (results, and markers for skipped recordings) into a :class:`Summary`."""
    tally = Tally()
    for outcome in outcomes:
        tally.count(outcome)
    return tally.summary()


# Thousands of results share a source: each is masked once.
_shown_source = lru_cache(maxsize=4096)(mask_text)
