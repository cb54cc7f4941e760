"""Contract checks for consumers' tests: accept whatever a test holds, fail with every finding listed.

A test may hold a parsed dict, JSON text, an ``httpx``/``requests`` response or an SDK model. None of
those libraries is imported here: responses and models are recognised by the attributes they have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from contract.check.validator import Validator
from contract.errors import InputError
from contract.exchange import Exchange
from contract.findings import Finding, Result
from contract.operations import canonical_operation, route
from contract.rules import Profile
from contract.secrets import mask_text

__all__ = ["ResponseChecker", "assert_conforms", "failure_message"]

_PARSED_JSON = (dict, list, bool, int, float, type(None))


class ResponseChecker:
    """Checks what a test holds with one :class:`~contract.Validator`; the ``chatkit_contract`` fixture is one."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator

    def __repr__(self) -> str:
        return f"ResponseChecker({self.validator!r})"

    def check(self, obj: object, *, session_id: str | None = None) -> Result:
        """Every finding for *obj*; an HTTP response also gets the ``http.*`` rules and what its request asked.

        A response whose request was a ChatKit operation is checked under that operation's resource and rules.
        """
        __tracebackhide__ = True  # a wrong kind of object is the test's mistake: show the test's line
        return self._checked(obj, session_id)[0]

    def assert_conforms(self, obj: object, *, session_id: str | None = None) -> Result:
        """Raise ``AssertionError`` listing every finding unless *obj* conforms; return the result otherwise."""
        __tracebackhide__ = True  # pytest shows the test's line, not this frame
        result, operation = self._checked(obj, session_id)
        if not result.ok:
            raise AssertionError(failure_message(result, self.validator, operation=operation))
        return result

    def _checked(self, obj: object, session_id: str | None) -> tuple[Result, str]:
        """The result, and the operation whose rules it was checked under."""
        __tracebackhide__ = True
        if isinstance(obj, (bytes, bytearray, memoryview, str, *_PARSED_JSON)):
            return self.validator.validate(obj, session_id=session_id), self.validator.operation
        if _is_response(obj):
            exchange = _exchange_of(obj)
            if session_id is not None:
                exchange = replace(exchange, session_id=session_id)
            known = canonical_operation(exchange.operation) if exchange.operation else None
            return self.validator.check(exchange), known or self.validator.operation
        payload = _model_payload(obj)
        result = self.validator.validate(payload, session_id=session_id, source=type(obj).__name__)
        return result, self.validator.operation


def assert_conforms(
    obj: object,
    *,
    operation: str = "cancel",
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    session_id: str | None = None,
    endpoint: str | None = None,
) -> Result:
    """Assert that *obj* is a conforming response, failing with every finding (pointer, rule, message).

    *obj* is a parsed value, JSON text or bytes, an ``httpx.Response`` or ``requests.Response``, or a
    model with ``to_dict()``/``model_dump()`` such as the official SDK's. A response whose request was a
    ChatKit operation is checked as that operation's answer; anything else as *operation*'s (``endpoint``
    is its older name). Warnings do not fail it; the returned :class:`~contract.Result` still carries them.
    """
    __tracebackhide__ = True
    checker = ResponseChecker(Validator(operation=operation, profile=profile, ignore=ignore, endpoint=endpoint))
    return checker.assert_conforms(obj, session_id=session_id)


def failure_message(result: Result, validator: Validator, *, operation: str | None = None) -> str:
    """The block a failed check shows: a headline, then one aligned row per finding, credentials masked."""
    errors, warnings = len(result.errors), len(result.warnings)
    counts = _plural(errors, "error") + (f", {_plural(warnings, 'warning')}" if warnings else "")
    where = "the payload" if result.source == "<payload>" else result.source
    where += f" ({result.location})" if result.location else ""
    headline = (
        f"{where} does not conform to the ChatKit contract "
        f"(operation {operation or validator.operation}, profile {validator.profile}): {counts}"
    )
    rows = [(f.severity, f.rule, f.pointer or "(document)", _message(f)) for f in result.findings]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [headline]
    lines.extend(
        "  " + "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in rows
    )
    return mask_text("\n".join(lines))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _message(finding: Finding) -> str:
    if finding.line is None:
        return finding.message
    return f"{finding.message} (line {finding.line}, column {finding.column})"


def _is_response(obj: object) -> bool:
    """httpx, requests and most test clients' responses share these three attributes."""
    return all(hasattr(obj, name) for name in ("status_code", "headers", "content"))


def _exchange_of(response: Any) -> Exchange:
    """The response as an exchange: body, status, lower-cased headers, and the request it answered."""
    method, url = _request_of(response)
    headers: Mapping[str, str] = {str(k).lower(): str(v) for k, v in response.headers.items()}
    found = route(method, url)
    return Exchange(
        body=bytes(response.content),
        source=f"{method} {url}" if method and url else "<response>",
        status=int(response.status_code),
        headers=headers,
        session_id=found.params.get("session_id") if found is not None else None,
        operation=found.operation.name if found is not None else None,
        params=found.request if found is not None else {},
    )


def _request_of(response: Any) -> tuple[str | None, str | None]:
    try:
        request = response.request
    except RuntimeError:  # httpx: a response built by hand has no request
        return None, None
    url = getattr(request, "url", None)
    return getattr(request, "method", None), str(url) if url is not None else None


def _model_payload(obj: object) -> Any:
    """What a model says the API sent: the SDK's ``to_dict()`` keeps API names and only fields received."""
    __tracebackhide__ = True
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    model_dump = getattr(obj, "model_dump", None)
    if callable(model_dump):
        return model_dump(mode="json", by_alias=True)
    raise InputError(
        f"cannot check a {type(obj).__name__}: pass a dict, JSON text or bytes, an httpx or requests "
        "response, or a model with to_dict() or model_dump()"
    )
