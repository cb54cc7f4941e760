"""The checker: parse, decide validity fast, explain failures in detail, apply the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from contract.check.body import NO_VALUE, diagnose, parse_body
from contract.check.drift import (
    closed_errors_suffice,
    is_undeclared,
    undeclared_in,
    unknown_fields,
    walk_follows_errors,
)
from contract.check.schema_findings import Failing, masked
from contract.check.semantics import quiet_check, quiet_constraints, semantic_findings
from contract.errors import InputError
from contract.exchange import Exchange, Unreadable
from contract.findings import Finding, Result
from contract.limits import MAX_BODY_BYTES
from contract.operations import OPERATION_CHOICES, canonical_operation, operation_named
from contract.rules import PROFILES, Profile, severity_of, unknown_rule_ids
from contract.schemas import ROOT, bundle, closed_bundle
from contract.secrets import known_secrets

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from contract.check.error_findings import ErrorFindings

# What only some checks need (status and headers, a failure to explain, the rules of threads) is imported where it
# is used, so that a run over conforming session responses does not load it.

__all__ = ["Validator", "validate"]

#: What JSON Schema cannot say about one operation's response: (payload, operation, session id from the path,
#: the request's other parameters, whether the operation was assumed) -> findings.
SemanticCheck = Callable[..., list[Finding]]
#: The semantic rules each operation's responses are checked under: module of contract.check, and function.
_SEMANTICS: dict[str, tuple[str, str]] = {
    "create": ("semantics", "semantic_findings"),
    "cancel": ("semantics", "semantic_findings"),
    "list-threads": ("thread_rules", "thread_list_findings"),
    "get-thread": ("thread_rules", "thread_findings"),
    "delete-thread": ("thread_rules", "deleted_thread_findings"),
    "list-thread-items": ("thread_rules", "item_list_findings"),
}


def _semantics(operation: str) -> SemanticCheck:
    module, name = _SEMANTICS[operation]
    check: SemanticCheck = getattr(import_module(f"contract.check.{module}"), name)
    return check


@cache
def _closed_engine(resource: str = ROOT) -> Any:
    """The fast validator of a resource's closed bundle (undeclared members refused), compiled once per process."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(closed_bundle(resource))


@cache
def _open_engine(resource: str) -> Any:
    """The fast validator of a resource's bundle as written, compiled the first time a failure needs it."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(bundle(resource))


@cache
def _detailed(resource: str = ROOT) -> Draft202012Validator:
    """The reference validator of a resource, built on its first failure so conforming runs never import it."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(bundle(resource))


def _place_line(findings: tuple[Finding, ...], body: bytes, number: int, value: Any = NO_VALUE) -> tuple[Finding, ...]:
    """:func:`contract.check.positions.place_line`, imported by the first failing line: a clean run never places."""
    return _line_placer()(findings, body, number, value)


@cache
def _line_placer() -> Callable[..., tuple[Finding, ...]]:
    # Remembered, not imported again by every failing line (an import statement costs a failing line 0.6 µs).
    from contract.check.positions import place_line

    return place_line


class _Compiled(NamedTuple):
    """What checking a resource beyond the quiet check takes: the closed engine and the bundle, and what they say."""

    closed: Any
    bundle: dict[str, Any]
    #: Whether the closed engine's errors tell where undeclared members are (so the walk runs only then).
    drift_in_errors: bool
    #: Whether the closed engine's errors, less the undeclared members, are all the open engine would say.
    closed_errors_suffice: bool


@cache
def _compiled(resource: str) -> _Compiled:
    document = bundle(resource)
    drift_in_errors = walk_follows_errors(document)
    suffice = drift_in_errors and closed_errors_suffice(document)
    return _Compiled(_closed_engine(resource), document, drift_in_errors, suffice)


class _Rules:
    """The operation whose rules apply, whether it was assumed (no request said which operation it was), and what
    checking its resource takes: the semantic rules and the quiet check at once, the engines (:class:`_Compiled`,
    the open one apart) at the first record the quiet check does not pass, so that a run of conforming sessions
    never compiles them."""

    __slots__ = ("assumed", "operation", "quiet", "resource", "semantics")

    def __init__(self, operation: str, assumed: bool) -> None:
        self.operation = operation
        self.assumed = assumed
        self.resource = operation_named(operation).resource
        self.semantics = _semantics(operation)
        #: True only for the JSON text of a conforming value the semantic rules have nothing to say about (given
        #: no request): the bulk path's one check of a clean record, parsing and checking in one pass. ``None``
        #: where the rules are not written as schema too, or the schema not as types.
        self.quiet = _quiet(self.resource, operation) if self.semantics is semantic_findings else None

    @property
    def closed(self) -> Any:
        return _compiled(self.resource).closed

    @property
    def open(self) -> Any:
        return _open_engine(self.resource)

    @property
    def bundle(self) -> dict[str, Any]:
        return _compiled(self.resource).bundle

    @property
    def drift_in_errors(self) -> bool:
        return _compiled(self.resource).drift_in_errors

    @property
    def closed_errors_suffice(self) -> bool:
        return _compiled(self.resource).closed_errors_suffice

    def conforms(self, value: Any) -> bool:
        return bool(self.closed.is_valid(value))

    def stated(self, value: Any, errors: list[Any]) -> list[Finding] | None:
        """The findings the closed engine's *errors* state themselves (asked only where they suffice)."""
        return _stated(self.resource)(value, errors)


@cache
def _rules(operation: str, assumed: bool) -> _Rules:
    return _Rules(operation, assumed)


@cache
def _stated(resource: str) -> ErrorFindings:
    """The findings the closed engine's errors state, one memo per resource whatever the operation."""
    from contract.check.error_findings import ErrorFindings

    return ErrorFindings(_compiled(resource).bundle)


def _quiet(resource: str, operation: str) -> Callable[[bytes], bool] | None:
    """The closed schema with the session rules' constraints on its members, decoding JSON text in one pass, and
    the one rule it cannot state; ``None`` where the schema is not one the decoder can be written for."""
    from contract.check.typed import decoder_for

    closed = closed_bundle(resource)
    members = dict(closed["properties"])
    for name, constraint in quiet_constraints(operation).items():
        member = members[name]
        # Beside the member's own keywords where none is the same; else an allOf, which the decoder does not write.
        members[name] = (
            {**member, **constraint} if member.keys().isdisjoint(constraint) else {"allOf": [member, constraint]}
        )
    decode = decoder_for({**closed, "properties": members})
    return None if decode is None else quiet_check(decode)


class Validator:
    """Checks ChatKit responses against the contract under one operation, profile and ignore set.

    A response whose request is known (an :class:`~contract.exchange.Exchange` naming its operation) is checked
    under that operation's resource and rules; a bare body, under *operation* (``endpoint`` is its older name).
    """

    def __init__(
        self,
        *,
        operation: str = "cancel",
        profile: Profile = "lenient",
        ignore: Iterable[str] = (),
        endpoint: str | None = None,
    ) -> None:
        chosen = canonical_operation(endpoint if endpoint is not None else operation)
        if chosen is None:
            given = endpoint if endpoint is not None else operation
            raise InputError(f"unknown operation {given!r}; choose one of: {', '.join(OPERATION_CHOICES)}")
        if profile not in PROFILES:
            raise InputError(f"unknown profile {profile!r}; choose one of: {', '.join(PROFILES)}")
        ignored = frozenset(ignore)
        problem = unknown_rule_ids(sorted(ignored))
        if problem is not None:
            raise InputError(problem)
        self.operation: str = chosen
        self._assumed = _rules(chosen, True)
        self._known: dict[str, _Rules] = {}
        self.profile: Profile = profile
        self.ignore = ignored
        self._fast = profile == "lenient"

    @property
    def endpoint(self) -> str:
        """The older name of :attr:`operation`."""
        return self.operation

    def __repr__(self) -> str:
        return f"Validator(operation={self.operation!r}, profile={self.profile!r}, ignore={sorted(self.ignore)!r})"

    def validate(
        self,
        payload: Any,
        *,
        session_id: str | None = None,
        params: Mapping[str, str] | None = None,
        source: str = "<payload>",
        location: str | None = None,
    ) -> Result:
        """Check one response: raw ``bytes``/``str`` JSON text, or an already parsed value.

        *session_id* and *params* say what the request asked (its path's ``session_id``, ``thread_id``, its
        ``limit`` and ``order``), for the rules that compare the answer with the question. Given *params*, even
        empty, the request is known: what it left out takes the API's defaults (a page of 20, newest first).
        """
        rules = self._assumed if params is None else self._rules_of(self.operation)
        if type(payload) is bytes:
            return Result(source, location, self._body_findings(payload, session_id, rules, params))
        if isinstance(payload, (str, bytes, bytearray, memoryview)):
            body = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else bytes(payload)
            return Result(source, location, self._body_findings(body, session_id, rules, params))
        found = self._payload_findings(payload, rules, session_id, params)
        return Result(source, location, self._finish(found))

    def findings(
        self, body: bytes, *, session_id: str | None = None, params: Mapping[str, str] | None = None
    ) -> tuple[Finding, ...]:
        """The findings for one raw response body, without a :class:`Result` around them (the bulk path)."""
        return self._body_findings(body, session_id, None if params is None else self._rules_of(self.operation), params)

    def line_findings(self, body: bytes, number: int) -> tuple[Finding, ...]:
        """The findings for JSON Lines line *number*, whose text is *body*, each at its line and column in the file:
        the bulk path, where a clean line costs one pass of the quiet check, parsing and checking at once."""
        rules = self._assumed
        if not self._fast or len(body) > MAX_BODY_BYTES:
            return _place_line(self._body_findings(body, None, rules), body, number)
        quiet = rules.quiet
        if quiet is not None and quiet(body):
            return ()
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError as err:
            parsed = diagnose(body, err)
            found = list(parsed.findings)
            if parsed.has_value:
                found.extend(self._payload_findings(parsed.value, rules, None, None))
            return _place_line(self._finish(found), body, number)
        found = self._unquiet_findings(value, rules, None, None)
        return _place_line(self._finish(found), body, number, value) if found else ()

    def check(self, exchange: Exchange) -> Result:
        """Check one exchange: its body, and its status and headers where they are known.

        A response to a known operation is checked under that operation's resource and rules, whatever this
        validator's operation (which applies to bodies whose request is unknown).
        """
        rules = self._assumed if exchange.operation is None else self._rules_of(exchange.operation)
        if exchange.status is None and not exchange.headers:
            findings = self._body_findings(exchange.body, exchange.session_id, rules, exchange.params)
            return Result(exchange.source, exchange.location, findings)
        from contract.check.http_rules import error_envelope, http_findings

        found = list(http_findings(exchange))
        parsed = parse_body(exchange.body, duplicates=self.profile == "strict")
        found.extend(parsed.findings)
        envelope = error_envelope(exchange.status, parsed.value) if parsed.has_value else None
        if envelope is not None:
            found = [f for f in found if f.rule != "http.status"]
            found.append(envelope)
        elif parsed.has_value:
            found.extend(self._payload_findings(parsed.value, rules, exchange.session_id, exchange.params))
        return Result(exchange.source, exchange.location, self._finish(found))

    def _rules_of(self, operation: str) -> _Rules:
        """The rules a response to *operation* is checked under (this validator's, for one it does not know)."""
        rules = self._known.get(operation)
        if rules is None:
            known = canonical_operation(operation)
            rules = self._assumed if known is None else _rules(known, False)
            self._known[operation] = rules
        return rules

    def unreadable(self, record: Unreadable) -> Result:
        """The result for part of a recording that cannot be read: its one finding, under this profile and ignores."""
        finding = Finding.of(record.rule, "", record.message, record.line, record.column)
        return Result(record.source, record.location, self._finish([finding]))

    def _body_findings(
        self,
        body: bytes,
        session_id: str | None,
        rules: _Rules | None = None,
        params: Mapping[str, str] | None = None,
    ) -> tuple[Finding, ...]:
        if rules is None:
            rules = self._assumed
        if self._fast and len(body) <= MAX_BODY_BYTES:
            quiet = rules.quiet
            # The session rules ask nothing of the request but the session id in its path.
            if quiet is not None and session_id is None and quiet(body):
                return ()
            try:
                value = orjson.loads(body)
            except orjson.JSONDecodeError as err:
                parsed = diagnose(body, err)
            else:
                found = self._unquiet_findings(value, rules, session_id, params)
                return self._finish(found) if found else ()
        else:
            parsed = parse_body(body, duplicates=self.profile == "strict")
        found = list(parsed.findings)
        if parsed.has_value:
            found.extend(self._payload_findings(parsed.value, rules, session_id, params))
        return self._finish(found)

    def _unquiet_findings(
        self, value: Any, rules: _Rules, session_id: str | None, params: Mapping[str, str] | None
    ) -> list[Finding]:
        """Every finding of a parsed response the quiet check did not pass (or was not asked about).

        Where the closed engine's errors tell everything, they are asked at once, not after an ``is_valid`` that
        a failing record would fail: none means only the semantic rules may have something to say.
        """
        errors: list[Any] | None = None
        if not rules.closed_errors_suffice:
            conforms = rules.conforms(value)
        else:
            try:
                errors = list(rules.closed.iter_errors(value))
            except (UnicodeEncodeError, ValueError):
                errors = None  # more than the fast engine takes: _payload_findings explains it in full
            conforms = errors == []
        if conforms:
            return rules.semantics(value, rules.operation, session_id, params, assumed=rules.assumed)
        return self._payload_findings(value, rules, session_id, params, invalid=True, errors=errors)

    def _payload_findings(
        self,
        value: Any,
        rules: _Rules,
        session_id: str | None,
        params: Mapping[str, str] | None,
        *,
        invalid: bool = False,
        errors: list[Any] | None = None,
    ) -> list[Finding]:
        """Every finding of a parsed response; *invalid* says the closed engine already refused it, *errors* are
        its errors where they were asked already."""
        try:
            found = self._schema_and_drift(value, rules, invalid, errors)
        except (UnicodeEncodeError, ValueError):
            # Lone surrogates (\ud800 escapes) and nesting past 255 levels are JSON, but more than the fast
            # engine takes (it raises UnicodeEncodeError and "Recursion limit reached"): explain in full.
            found = self._in_full(value, rules)
        found.extend(rules.semantics(value, rules.operation, session_id, params, assumed=rules.assumed))
        return found

    def _in_full(self, value: Any, rules: _Rules | None = None) -> list[Finding]:
        """Schema and drift findings from the reference engine alone, for values the fast engine refuses."""
        from contract.check.schema_findings import schema_findings

        if rules is None:
            rules = self._assumed
        try:
            return [*schema_findings(_detailed(rules.resource), value), *unknown_fields(rules.bundle, value)]
        except RecursionError:
            return [Finding.of("json.too-deep", "", "nesting too deep to check against the schema")]

    def _schema_and_drift(
        self, value: Any, rules: _Rules, invalid: bool, errors: list[Any] | None = None
    ) -> list[Finding]:
        """The ``schema.*`` and ``drift.*`` findings of a parsed response (*invalid*: the closed engine refused it,
        with *errors* where they were asked already)."""
        if rules.closed_errors_suffice and (invalid or not rules.closed.is_valid(value)):
            # One pass of the closed engine: its errors less the undeclared members are the open engine's, and
            # most state their findings themselves.
            if errors is None:
                errors = list(rules.closed.iter_errors(value))
            stated = rules.stated(value, errors)
            if stated is not None:
                return stated
            return self._schema_findings(value, _closed_failures(errors), rules)
        return self._schema_findings(value, self._fast_failures(value, rules, invalid=invalid), rules)

    def _fast_failures(self, value: Any, rules: _Rules | None = None, *, invalid: bool = False) -> Failing | bool:
        """The fast engine's verdict: ``True`` conforms, ``False`` conforms but for undeclared members, else
        where it fails (so the reference engine explains only those places). *invalid*: the closed engine
        already refused the value."""
        if rules is None:
            rules = self._assumed
        if not invalid and rules.closed.is_valid(value):
            return True
        if rules.closed_errors_suffice:
            return _closed_failures(list(rules.closed.iter_errors(value)))
        if rules.open.is_valid(value):
            return False
        failing = Failing.at(
            (error.instance_path, str(error.schema_path[-1])) for error in rules.open.iter_errors(value)
        )
        if rules.drift_in_errors:
            failing.undeclared = undeclared_in(rules.closed.iter_errors(value))
        return failing

    def _schema_findings(self, value: Any, failing: Failing | bool, rules: _Rules | None = None) -> list[Finding]:
        if failing is True:
            return []
        if rules is None:
            rules = self._assumed
        found: list[Finding] = []
        if failing is not False:
            from contract.check.simple_findings import simple_findings

            simple = simple_findings(rules.bundle, value, failing)
            if simple is None:
                from contract.check.schema_findings import schema_findings

                simple = list(schema_findings(_detailed(rules.resource), value, failing=failing))
            found.extend(simple)
            if not failing.undeclared:
                return found  # the walk would find nothing
        found.extend(unknown_fields(rules.bundle, value))
        return found

    def _finish(self, found: list[Finding]) -> tuple[Finding, ...]:
        """Drop ignored rules, give each finding its severity under this profile, and make it safe to show."""
        if not found:
            return ()
        kept = []
        known = known_secrets()  # asked once for all the findings
        for finding in found:
            if finding.rule in self.ignore:
                continue
            severity = severity_of(finding.rule, self.profile)
            message, pointer = _shown(finding.message, known), _shown(finding.pointer, known)
            unchanged = (severity, message, pointer) == (finding.severity, finding.message, finding.pointer)
            kept.append(finding if unchanged else replace(finding, severity=severity, message=message, pointer=pointer))
        return tuple(kept)


def _closed_failures(errors: list[Any]) -> Failing | bool:
    """Where the closed engine's *errors* say a value fails, less its undeclared members (``False``: only those)."""
    explained = [error for error in errors if not is_undeclared(error)]
    if not explained:
        return False
    failing = Failing.at((error.instance_path, str(error.schema_path[-1])) for error in explained)
    failing.undeclared = len(explained) != len(errors) or undeclared_in(explained)
    return failing


def _shown(text: str, known: tuple[str, ...]) -> str:
    """*text* as a report may show it: credentials masked (a member may be named like a key; *known* are the
    run's own), and any lone surrogate (a ``\\ud800`` escape in the body, which UTF-8 cannot hold) written as
    that escape."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = "".join(f"\\u{ord(c):04x}" if "\ud800" <= c <= "\udfff" else c for c in text)
    return masked(text, known)


def validate(
    payload: Any,
    *,
    operation: str = "cancel",
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    session_id: str | None = None,
    params: Mapping[str, str] | None = None,
    endpoint: str | None = None,
) -> Result:
    """Check one response to *operation* with a one-off :class:`Validator` (compiled schemas are shared)."""
    validator = Validator(operation=operation, profile=profile, ignore=ignore, endpoint=endpoint)
    return validator.validate(payload, session_id=session_id, params=params)
