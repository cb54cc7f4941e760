"""SARIF 2.1.0: one result per finding, with the rule catalogue in the tool description."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from contract.findings import CleanRun, Finding, Result, Summary
from contract.report.base import StreamReporter
from contract.rules import RULES, Rule
from contract.sources.remote import is_remote
from contract.version import installed_version

__all__ = ["SarifReporter"]

_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_INDEX = {rule_id: index for index, rule_id in enumerate(RULES)}


def _descriptor(rule: Rule) -> dict[str, Any]:
    help_text = (
        f"{rule.summary} Rule id {rule.id}, {rule.severity} by default; "
        "`chatkit-contract rules` lists every rule, `--ignore` skips one."
    )
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": rule.severity},
    }


def _uri(source: str) -> str:
    if is_remote(source):  # a recording in storage (already masked): its URL is its URI
        return quote(source, safe=":/?#[]@!$&'()*+,;=%~")
    path = Path(source)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def _result(result: Result, finding: Finding, uri: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if finding.line is not None:
        physical["region"] = {"startLine": finding.line, "startColumn": finding.column or 1}
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity,
        "message": {"text": f"{finding.pointer or '(document)'}: {finding.message}"},
        "locations": [{"physicalLocation": physical}],
        "properties": {"pointer": finding.pointer, "recording": result.location},
    }
    if finding.rule in _INDEX:
        out["ruleIndex"] = _INDEX[finding.rule]
    return out


class SarifReporter(StreamReporter):
    """A SARIF log with one run; results stream out, the run's properties carry the summary."""

    def begin(self) -> None:
        """The log header and the tool with every rule."""
        driver = {
            "name": "chatkit-contract",
            "version": installed_version(),
            "rules": [_descriptor(rule) for rule in RULES.values()],
        }
        head = {"$schema": _SCHEMA, "version": "2.1.0"}
        run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints"}
        self._stream.write(orjson.dumps(head).decode()[:-1] + ', "runs": [' + orjson.dumps(run).decode()[:-1])
        self._stream.write(', "results": [')
        self._separator = "\n"

    def result(self, result: Result) -> None:
        """A SARIF result per finding."""
        if not result.findings:
            return
        uri = _uri(result.source)
        for finding in result.findings:
            self._stream.write(self._separator + orjson.dumps(_result(result, finding, uri)).decode())
            self._separator = ",\n"

    def clean(self, run: CleanRun) -> None:
        """Nothing: SARIF lists findings only."""

    def end(self, summary: Summary) -> None:
        """Close the results; record that the run completed and what it counted."""
        invocation: dict[str, Any] = {"executionSuccessful": True}
        if self.refused_empty(summary):
            # Nothing was checked: the run did not do its job, which SARIF says on the invocation.
            text = f"nothing was checked: {summary.why_nothing_checked()}"
            notification = {"level": "error", "message": {"text": text}, "descriptor": {"id": "nothing-checked"}}
            invocation = {"executionSuccessful": False, "toolExecutionNotifications": [notification]}
        tail = {"invocations": [invocation], "properties": {"summary": summary.to_dict()}}
        self._stream.write("\n], " + orjson.dumps(tail).decode()[1:] + "]}\n")
