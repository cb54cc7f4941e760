"""What a check produces: findings, the result for one checked response, and the counts over a run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import FrozenInstanceError, dataclass, field
from functools import lru_cache
from typing import Any, NoReturn, TypeVar

from contract.exchange import Skipped
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
    "refuse_assignment",
    "summarise",
]

_Frozen = TypeVar("_Frozen", bound=type)


def escape_pointer(token: str | int) -> str:
    """Escape one reference token as RFC 6901 requires."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(*tokens: str | int) -> str:
    """Build an RFC 6901 JSON pointer from reference tokens (``()`` is the whole document)."""
    return "".join("/" + escape_pointer(token) for token in tokens)


def refuse_assignment(cls: _Frozen) -> _Frozen:
    """Make a frozen, slotted dataclass refuse every assignment and deletion with ``FrozenInstanceError``.

    ``dataclass(frozen=True, slots=True)`` builds a second class to hold the slots, but the ``__setattr__`` it
    generated still names the first: assigning anything but a field (``result.ok = True``) raised
    ``TypeError: super(type, obj)…`` where the same class without slots raises ``FrozenInstanceError``.
    Construction, pickling and ``dataclasses.replace`` set fields through ``object.__setattr__``, untouched.
    """

    def __setattr__(self: object, name: str, value: object) -> NoReturn:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: object, name: str) -> NoReturn:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    cls.__setattr__ = __setattr__  # type: ignore[assignment]
    cls.__delattr__ = __delattr__  # type: ignore[assignment]
    return cls


@refuse_assignment
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


@refuse_assignment
@dataclass(frozen=True, slots=True)
class Result:
    """Every finding for one checked response, and where that response came from."""

    source: str = "<payload>"
    location: str | None = None
    findings: tuple[Finding, ...] = field(default=())
    #: Findings of this response a baseline accepted (taken out of ``findings``).
    baselined: int = 0

    def __post_init__(self) -> None:
        # Every report shows the source: a file or URL named like a credential must not print one.
        source = self.source
        if source is _safe_source[0]:
            return  # the very string the result before had: a bulk run's results share one
        shown = _shown_source(source)
        if shown != source:
            object.__setattr__(self, "source", shown)  # frozen: set once, here
        else:
            _safe_source[0] = source

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


@refuse_assignment
@dataclass(frozen=True, slots=True)
class CleanRun:
    """Consecutive JSON Lines lines of one source that each passed without a finding.

    The bulk of a large run: counted and reported as one outcome instead of a :class:`Result` per line.
    :meth:`results` gives the results it stands for, the same as the run would have given one by one.
    """

    source: str
    #: The line numbers, consecutive.
    lines: range

    def __post_init__(self) -> None:
        shown = _shown_source(self.source)
        if shown != self.source:
            object.__setattr__(self, "source", shown)  # frozen: set once, here

    def results(self) -> Iterator[Result]:
        """One clean result per line."""
        source = self.source
        for number in self.lines:
            yield Result(source, f"line {number}", ())


@refuse_assignment
@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a run: responses checked, passed, failed and accepted by a baseline, warnings, skips.

    ``skipped`` counts recorded requests (HAR entries, cassette interactions) that were not checked;
    ``skips`` says what they were: ``(unit, operation, count)``, the operation ``None`` for a request that is
    no ChatKit operation. ``baselined`` counts responses whose every error a baseline accepted. ``rules``
    counts findings per rule that fired, most frequent first.
    """

    checked: int = 0
    passed: int = 0
    failed: int = 0
    warnings: int = 0
    skipped: int = 0
    baselined: int = 0
    rules: tuple[tuple[str, int], ...] = ()
    skips: tuple[tuple[str, str | None, int], ...] = ()

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
