"""What a check produces: findings, and the result for one checked response."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from contract.rules import RULES, Severity

__all__ = ["Finding", "Result", "escape_pointer", "pointer_of"]


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

    def at(self, line: int | None, column: int | None) -> Finding:
        """This finding placed at *line* and *column* of its source file."""
        return replace(self, line=line, column=column)

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
