"""The checker: parse, decide validity fast, explain failures in detail, apply the rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

import jsonschema_rs
import orjson

from contract.check.body import parse_body
from contract.check.drift import unknown_fields
from contract.check.http_rules import error_envelope, http_findings
from contract.check.semantics import semantic_findings
from contract.errors import InputError
from contract.exchange import Exchange, Unreadable
from contract.findings import Finding, Result
from contract.limits import MAX_BODY_BYTES
from contract.operations import endpoint_of
from contract.rules import ENDPOINTS, PROFILES, Endpoint, Profile, severity_of, unknown_rule_ids
from contract.schemas import ROOT, bundle, closed_bundle
from contract.secrets import mask_text

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from contract.check.schema_findings import Failing

__all__ = ["Validator", "validate"]


@cache
def _engines() -> tuple[Any, Any, dict[str, Any]]:
    """Compile the bundle once per process: a closed and an open fast validator."""
    document = bundle(ROOT)
    return jsonschema_rs.validator_for(closed_bundle(ROOT)), jsonschema_rs.validator_for(document), document


@cache
def _detailed() -> Draft202012Validator:
    """The reference validator, built on first failure so conforming runs never import it."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(bundle(ROOT))


class _Rules(NamedTuple):
    """The endpoint whose rules apply, and whether it was assumed (no request said which operation it was)."""

    endpoint: Endpoint
    assumed: bool = False


class Validator:
    """Checks ChatKit session responses against the contract under one endpoint, profile and ignore set."""

    def __init__(
        self, *, endpoint: Endpoint = "cancel", profile: Profile = "lenient", ignore: Iterable[str] = ()
    ) -> None:
        if endpoint not in ENDPOINTS:
            raise InputError(f"unknown endpoint {endpoint!r}; choose one of: {', '.join(ENDPOINTS)}")
        if profile not in PROFILES:
            raise InputError(f"unknown profile {profile!r}; choose one of: {', '.join(PROFILES)}")
        ignored = frozenset(ignore)
        problem = unknown_rule_ids(sorted(ignored))
        if problem is not None:
            raise InputError(problem)
        self.endpoint: Endpoint = endpoint
        self._assumed = _Rules(endpoint, assumed=True)
        self.profile: Profile = profile
        self.ignore = ignored
        self._closed, self._open, self._bundle = _engines()
        # Looked up once here rather than per response on the fast path.
        self._conforms = self._closed.is_valid
        self._fast = profile == "lenient"

    def __repr__(self) -> str:
        return f"Validator(endpoint={self.endpoint!r}, profile={self.profile!r}, ignore={sorted(self.ignore)!r})"

    def validate(
        self,
        payload: Any,
        *,
        session_id: str | None = None,
        source: str = "<payload>",
        location: str | None = None,
    ) -> Result:
        """Check one response: raw ``bytes``/``str`` JSON text, or an already parsed value."""
        if type(payload) is bytes:
            return Result(source, location, self._body_findings(payload, session_id))
        if isinstance(payload, (str, bytes, bytearray, memoryview)):
            body = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else bytes(payload)
            return Result(source, location, self._body_findings(body, session_id))
        return Result(source, location, self._finish(self._payload_findings(payload, self._assumed, session_id)))

    def findings(self, body: bytes, *, session_id: str | None = None) -> tuple[Finding, ...]:
        """The findings for one raw response body, without a :class:`Result` around them (the bulk path)."""
        return self._body_findings(body, session_id)

    def check(self, exchange: Exchange) -> Result:
        """Check one exchange: its body, and its status and headers where they are known.

        A response to a known operation is checked under that operation's rules, whatever this validator's
        endpoint (which applies to bodies whose request is unknown).
        """
        rules = self._assumed if exchange.operation is None else _Rules(endpoint_of(exchange.operation, self.endpoint))
        if exchange.status is None and not exchange.headers:
            findings = self._body_findings(exchange.body, exchange.session_id, rules)
            return Result(exchange.source, exchange.location, findings)
        found = list(http_findings(exchange))
        parsed = parse_body(exchange.body, duplicates=self.profile == "strict")
        found.extend(parsed.findings)
        envelope = error_envelope(exchange.status, parsed.value) if parsed.has_value else None
        if envelope is not None:
            found = [f for f in found if f.rule != "http.status"]
            found.append(envelope)
        elif parsed.has_value:
            found.extend(self._payload_findings(parsed.value, rules, exchange.session_id))
        return Result(exchange.source, exchange.location, self._finish(found))

    def unreadable(self, record: Unreadable) -> Result:
        """The result for part of a recording that cannot be read: its one finding, under this profile and ignores."""
        finding = Finding.of(record.rule, "", record.message, record.line, record.column)
        return Result(record.source, record.location, self._finish([finding]))

    def _body_findings(self, body: bytes, session_id: str | None, rules: _Rules | None = None) -> tuple[Finding, ...]:
        rules = rules or self._assumed
        if self._fast and len(body) <= MAX_BODY_BYTES:
            try:
                value = orjson.loads(body)
            except orjson.JSONDecodeError:
                pass
            else:
                # The fast path: a conforming body costs one parse, one is_valid and the semantic rules.
                if self._conforms(value):
                    found = semantic_findings(value, rules.endpoint, session_id, assumed=rules.assumed)
                    return self._finish(found) if found else ()
                return self._finish(self._payload_findings(value, rules, session_id))
        parsed = parse_body(body, duplicates=self.profile == "strict")
        found = list(parsed.findings)
        if parsed.has_value:
            found.extend(self._payload_findings(parsed.value, rules, session_id))
        return self._finish(found)

    def _payload_findings(self, value: Any, rules: _Rules, session_id: str | None) -> list[Finding]:
        try:
            failing = self._fast_failures(value)
        except (UnicodeEncodeError, ValueError):
            # Lone surrogates (\ud800 escapes) and nesting past 255 levels are JSON, but more than the fast
            # engine takes (it raises UnicodeEncodeError and "Recursion limit reached"): explain in full.
            found = self._in_full(value)
        else:
            found = self._schema_findings(value, failing)
        found.extend(semantic_findings(value, rules.endpoint, session_id, assumed=rules.assumed))
        return found

    def _in_full(self, value: Any) -> list[Finding]:
        """Schema and drift findings from the reference engine alone, for values the fast engine refuses."""
        from contract.check.schema_findings import schema_findings

        try:
            return [*schema_findings(_detailed(), value), *unknown_fields(self._bundle, value)]
        except RecursionError:
            return [Finding.of("json.too-deep", "", "nesting too deep to check against the schema")]

    def _fast_failures(self, value: Any) -> Failing | bool:
        """The fast engine's verdict: ``True`` conforms, ``False`` conforms but for undeclared members, else
        where it fails (so the reference engine explains only those places)."""
        if self._closed.is_valid(value):
            return True
        if self._open.is_valid(value):
            return False
        from contract.check.schema_findings import Failing

        return Failing.at((error.instance_path, str(error.schema_path[-1])) for error in self._open.iter_errors(value))

    def _schema_findings(self, value: Any, failing: Failing | bool) -> list[Finding]:
        if failing is True:
            return []
        found: list[Finding] = []
        if failing is not False:
            from contract.check.schema_findings import schema_findings

            found.extend(schema_findings(_detailed(), value, failing=failing))
        found.extend(unknown_fields(self._bundle, value))
        return found

    def _finish(self, found: list[Finding]) -> tuple[Finding, ...]:
        """Drop ignored rules, give each finding its severity under this profile, and make it safe to show."""
        if not found:
            return ()
        kept = []
        for finding in found:
            if finding.rule in self.ignore:
                continue
            severity = severity_of(finding.rule, self.profile)
            message, pointer = _shown(finding.message), _shown(finding.pointer)
            unchanged = (severity, message, pointer) == (finding.severity, finding.message, finding.pointer)
            kept.append(finding if unchanged else replace(finding, severity=severity, message=message, pointer=pointer))
        return tuple(kept)


def _shown(text: str) -> str:
    """*text* as a report may show it: credentials masked (a member may be named like a key), and any lone
    surrogate (a ``\\ud800`` escape in the body, which UTF-8 cannot hold) written as that escape."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = "".join(f"\\u{ord(c):04x}" if "\ud800" <= c <= "\udfff" else c for c in text)
    return mask_text(text)


def validate(
    payload: Any,
    *,
    endpoint: Endpoint = "cancel",
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    session_id: str | None = None,
) -> Result:
    """Check one response with a one-off :class:`Validator` (compiled schemas are shared)."""
    return Validator(endpoint=endpoint, profile=profile, ignore=ignore).validate(payload, session_id=session_id)
