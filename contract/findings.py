"""What a check produces: findings, the result for one checked response, and the counts over a run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from contract.exchange import Skipped
from contract.records import Record
from contract.rules import RULES, Severity
from contract.secrets import mask_text

__all__ = [
    "CleanRun",
    "Finding",
    "Result",
    "Summary",
    "Tally",
    "escape_pointer",
    "pointer_of",
    "summarise",
]

# Fields are set once, in __init__, past the refusal every record makes of assignment.
_set = object.__setattr__


def escape_pointer(token: str | int) -> str:
    """Escape one reference token as RFC 6901 requires."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(*tokens: str | int) -> str:
    """Build an RFC 6901 JSON pointer from reference tokens (``()`` is the whole document)."""
    return "".join("/" + escape_pointer(token) for token in tokens)


class Finding(Record):
    """One violation (or warning) at one JSON pointer; messages never carry secrets."""

    _fields = ("rule", "severity", "pointer", "message", "line", "column")
    __slots__ = _fields
    rule: str
    severity: Severity
    pointer: str
    message: str
    line: int | None
    column: int | None

    def __init__(  # noqa: PLR0917 - the fields in order, as the dataclass took them
        self,
        rule: str,
        severity: Severity,
        pointer: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        _set(self, "rule", rule)
        _set(self, "severity", severity)
        _set(self, "pointer", pointer)
        _set(self, "message", message)
        _set(self, "line", line)
        _set(self, "column", column)

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


class Result(Record):
    """Every finding for one checked response, and where that response came from."""

    _fields = ("source", "location", "findings", "baselined")
    __slots__ = _fields
    source: str
    location: str | None
    findings: tuple[Finding, ...]
    #: Findings of this response a baseline accepted (taken out of ``findings``).
    baselined: int

    def __init__(
        self,
        source: str = "<payload>",
        location: str | None = None,
        findings: tuple[Finding, ...] = (),
        baselined: int = 0,
    ) -> None:
        # Every report shows the source: a file or URL named like a credential must not print one.
        if source is not _safe_source[0]:  # else the very string the result before had: a bulk run's share one
            shown = _shown_source(source)
            if shown == source:
                _safe_source[0] = source
            source = shown
        _set(self, "source", source)
        _set(self, "location", location)
        _set(self, "findings", findings)
        _set(self, "baselined", baselined)

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


class CleanRun(Record):
    """Consecutive JSON Lines lines of one source that each passed without a finding.

    The bulk of a large run: counted and reported as one outcome instead of a :class:`Result` per line.
    :meth:`results` gives the results it stands for, the same as the run would have given one by one.
    """

    _fields = ("source", "lines")
    __slots__ = _fields
    source: str
    #: The line numbers, consecutive.
    lines: range

    def __init__(self, source: str, lines: range) -> None:
        shown = _shown_source(source)
        _set(self, "source", source if shown == source else shown)
        _set(self, "lines", lines)

    def results(self) -> Iterator[Result]:
        """One clean result per line."""
        source = self.source
        for number in self.lines:
            yield Result(source, f"line {number}", ())


class Summary(Record):
    """Counts over a run: responses checked, passed, failed and accepted by a baseline, warnings, skips.

    ``skipped`` counts recorded requests (HAR entries, cassette interactions) that were not checked;
    ``skips`` says what they were: ``(unit, operation, count)``, the operation ``None`` for a request that is
    no ChatKit operation. ``baselined`` counts responses whose every error a baseline accepted. ``rules``
    counts findings per rule that fired, most frequent first.
    """

    _fields = ("checked", "passed", "failed", "warnings", "skipped", "baselined", "rules", "skips")
    __slots__ = _fields
    checked: int
    passed: int
    failed: int
    warnings: int
    skipped: int
    baselined: int
    rules: tuple[tuple[str, int], ...]
    skips: tuple[tuple[str, str | None, int], ...]

    def __init__(  # noqa: PLR0917 - the fields in order, as the dataclass took them
        self,
        checked: int = 0,
        passed: int = 0,
        failed: int = 0,
        warnings: int = 0,
        skipped: int = 0,
        baselined: int = 0,
        rules: tuple[tuple[str, int], ...] = (),
        skips: tuple[tuple[str, str | None, int], ...] = (),
    ) -> None:
        _set(self, "checked", checked)
        _set(self, "passed", passed)
        _set(self, "failed", failed)
        _set(self, "warnings", warnings)
        _set(self, "skipped", skipped)
        _set(self, "baselined", baselined)
        _set(self, "rules", rules)
        _set(self, "skips", skips)

    @property
    def nothing_checked(self) -> bool:
        """True when the run checked no response at all: a verdict on nothing, which is no pass."""
        return self.checked == 0

    def why_nothing_checked(self) -> str:
        """What the run found instead of responses, in one phrase."""
        if not self.skips:
            return "the inputs hold no responses"
        parts = []
        for unit, operation, count in self.skips:
            one = count == 1
            units = unit if one else _PLURALS.get(unit, unit + "s")
            if operation is None:
                what = "is not a ChatKit API request" if one else "are not ChatKit API requests"
            else:
                what = f"is a {operation} request" if one else f"are {operation} requests"
                what += ", not selected"
            parts.append(f"{count} {units} {what}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-output shape of the summary (``nothing_checked`` says why when nothing was)."""
        out: dict[str, Any] = {
            "checked": self.checked,
            "passed": self.passed,
            "failed": self.failed,
            "warnings": self.warnings,
            "skipped": self.skipped,
            "baselined": self.baselined,
        }
        if self.nothing_checked:
            out["nothing_checked"] = self.why_nothing_checked()
        return out


_PLURALS = {"HAR entry": "HAR entries"}


def _unit(location: str) -> str:
    """``entry 3`` is a HAR entry, ``interaction 2`` a cassette interaction."""
    kind = location.split(" ", 1)[0]
    return {"entry": "HAR entry", "interaction": "cassette interaction"}.get(kind, "recorded request")


class Tally:
    """Running counts while outcomes stream past (mutable, unlike :class:`Summary`, for speed)."""

    __slots__ = ("baselined", "checked", "passed", "rules", "skipped", "skips", "warnings")

    def __init__(self) -> None:
        self.checked = self.passed = self.warnings = self.skipped = self.baselined = 0
        self.rules: dict[str, int] = {}
        self.skips: dict[tuple[str, str | None], int] = {}

    def count(self, outcome: Result | CleanRun | Skipped) -> bool:
        """Count *outcome*; true when it is something to report (a result or a run of clean ones), false for a
        skip marker."""
        kind = type(outcome)
        if kind is CleanRun:
            clean = len(outcome.lines)  # type: ignore[union-attr]
            self.checked += clean
            self.passed += clean
            return True
        if kind is Skipped:
            self.skipped += 1
            key = (_unit(outcome.location), outcome.operation)  # type: ignore[union-attr,arg-type]
            self.skips[key] = self.skips.get(key, 0) + 1
            return False
        self.checked += 1
        findings = outcome.findings  # type: ignore[union-attr]
        if not findings and not outcome.baselined:  # type: ignore[union-attr]
            self.passed += 1  # the common case, kept cheap
            return True
        rules = self.rules
        for finding in findings:
            rules[finding.rule] = rules.get(finding.rule, 0) + 1
        if outcome.ok:  # type: ignore[union-attr]
            if outcome.baselined:  # type: ignore[union-attr]
                self.baselined += 1
            else:
                self.passed += 1
        self.warnings += len(outcome.warnings)  # type: ignore[union-attr]
        return True

    def summary(self) -> Summary:
        """The counts so far."""
        failed = self.checked - self.passed - self.baselined
        rules = tuple(sorted(self.rules.items(), key=lambda item: (-item[1], item[0])))
        skips = tuple((unit, operation, count) for (unit, operation), count in self.skips.items())
        return Summary(self.checked, self.passed, failed, self.warnings, self.skipped, self.baselined, rules, skips)


def summarise(outcomes: Iterable[Result | CleanRun | Skipped]) -> Summary:
    """Count *outcomes* (results, runs of clean ones, and markers for skipped recordings) into a :class:`Summary`."""
    tally = Tally()
    for outcome in outcomes:
        tally.count(outcome)
    return tally.summary()


# Thousands of results share a source: each is masked once.
_shown_source = lru_cache(maxsize=4096)(mask_text)
#: The last source found safe to show as it is, compared by identity first (cheaper than the cache).
_safe_source: list[str | None] = [None]
