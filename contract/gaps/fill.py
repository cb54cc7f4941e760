"""Build one exchange per coverage gap, and prove each one before handing it out.

A body gap is filled from a pool of conforming draws of the operation's resource: the first draw that already
shows the variant, else one with the variant's value set at its pointer. Values the operation's own rules
forbid (``active`` in a cancel answer) are replaced by an allowed value of the same member. Every candidate is
written as a HAR entry, read back by the HAR reader and checked under its operation's rules: only one with no
finding that counts the variant is kept, so a fixture from here can never be what breaks a suite. An HTTP status
class gap is the error envelope the service answers with, plus the stand-in fault spec that provokes it.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from contract import operations
from contract.coverage import Coverage, Tally, Variant, count_records, operation_variants
from contract.coverage.catalogue import OperationVariants
from contract.errors import ContractError, InputError
from contract.operations import API_BASE_URL, Operation
from contract.records import refuse_assignment

__all__ = ["POOL", "STATUS_OF_CLASS", "Gap", "fill_gaps", "gaps_from_file"]

#: Conforming draws per resource to pick fillers from.
POOL = 64
#: The status a status-class gap is filled with: a plain client error, a plain server error.
STATUS_OF_CLASS = {"2xx": 200, "4xx": 400, "5xx": 500}


@refuse_assignment
@dataclass(frozen=True, slots=True)
class Gap:
    """A variant of *operation* never observed, and an exchange that shows it: the answer's ``status`` and
    ``payload``, the request ``url`` (path parameters filled in), and for an error status the ``fault`` spec
    that makes the stand-in answer it."""

    operation: str
    variant: Variant
    status: int
    payload: Any
    url: str
    fault: str | None = None

    @property
    def name(self) -> str:
        """``cancel/status:cancelled``: the operation and the variant, as ``require`` writes it."""
        return f"{self.operation}/{self.variant.name}"

    @property
    def method(self) -> str:
        """The request's HTTP method."""
        return next(op.method for op in operations.OPERATIONS if op.name == self.operation)

    def __str__(self) -> str:
        return self.name


def gaps_from_file(path: str | Path, *, seed: int = 0) -> list[Gap]:
    """The gaps of the coverage report (``coverage --format json``) at *path*."""
    try:
        data = orjson.loads(Path(path).read_bytes())
    except OSError as err:
        raise InputError(f"{path}: cannot read the coverage report: {err.strerror or err}") from None
    except orjson.JSONDecodeError as err:
        raise InputError(f"{path}: the coverage report is not JSON: {err}") from None
    try:
        return fill_gaps(Coverage.from_dict(data), seed=seed)
    except InputError as err:
        raise InputError(f"{path}: {err}") from None


def fill_gaps(coverage: Coverage, *, seed: int = 0) -> list[Gap]:
    """One proven exchange per variant *coverage* never observed, in report order."""
    return [_fill(operation, variant, seed) for operation, variant in coverage.missing()]


def _fill(name: str, variant: Variant, seed: int) -> Gap:
    catalogue = operation_variants(name)
    operation = catalogue.operation
    if variant.kind == "http" and variant.label != "2xx":
        return _error_gap(operation, variant)
    for payload in _candidates(catalogue, variant, seed):
        gap = Gap(name, variant, 200, payload, _url(operation, payload))
        if _proven(gap):
            return gap
    raise ContractError(f"no conforming {operation.resource} showing {name}/{variant.name} could be built")


def _error_gap(operation: Operation, variant: Variant) -> Gap:
    from contract.standin.envelope import status_envelope
    from contract.standin.faults import parse_fault

    status = STATUS_OF_CLASS[variant.label]
    spec = f"status={status},on={operation.name}"
    try:
        parse_fault(spec)
    except InputError:  # an operation the stand-in cannot aim a fault at alone
        spec = f"status={status}"
    return Gap(operation.name, variant, status, status_envelope(status), _url(operation, {}), spec)


@cache
def _pool(resource: str, seed: int) -> tuple[Any, ...]:
    from contract.strategies import from_schema
    from contract.strategies.corpus import draw_examples

    return tuple(draw_examples(from_schema(resource), count=POOL, seed=seed))


def _candidates(catalogue: OperationVariants, variant: Variant, seed: int) -> Iterator[Any]:
    """Draws that show *variant* as drawn, then draws with its value set, each with forbidden values replaced."""
    pool = _pool(catalogue.operation.resource, seed)
    index = catalogue.body.index(variant) if variant in catalogue.body else None
    from contract.coverage.variants import compile_counter

    count = compile_counter(catalogue.operation.resource)
    for payload in pool:
        counts = [0] * len(catalogue.body)
        count(payload, counts)
        if index is None or counts[index]:
            yield _allowed(catalogue, copy.deepcopy(payload))
    if variant.fixed:
        for payload in pool:
            changed = copy.deepcopy(payload)
            if _set_at_path(changed, variant.path.split("."), variant.value):
                yield _allowed(catalogue, changed)


def _allowed(catalogue: OperationVariants, payload: Any) -> Any:
    """*payload* with each value its operation's rules forbid replaced by an allowed value of the same member."""
    kept = set(catalogue.variants)
    for variant in catalogue.body:
        if variant in kept or not variant.fixed or variant.pointer is None:
            continue
        allowed = next((v for v in catalogue.variants if v.path == variant.path and v.fixed), None)
        if allowed is not None and _get(payload, variant.pointer) == variant.value:
            _set(payload, allowed.pointer or "", allowed.value)
    return payload


def _get(payload: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        if not isinstance(payload, dict) or token not in payload:
            return None
        payload = payload[token]
    return payload


def _set(payload: Any, pointer: str, value: Any) -> bool:
    *parents, last = pointer.split("/")[1:]
    for token in parents:
        payload = payload.get(token) if isinstance(payload, dict) else None
    if not isinstance(payload, dict):
        return False
    payload[last] = value
    return True


_STEP = re.compile(r"(?P<name>[^\[\]{}()]*)(?P<marks>(?:\[\]|\{\}|\([^)]*\))*)")


def _set_at_path(payload: Any, steps: list[str], value: Any) -> bool:
    """Set the value a variant path names (``data[].status(locked).reason``) where the payload has a place for it:
    ``[]`` any item of an array, ``{}`` any value of an object, ``(x)`` a union branch whose members name *x*."""
    if not steps:
        return False
    match = _STEP.fullmatch(steps[0])
    if match is None or not isinstance(payload, dict):
        return False
    name, marks = match.group("name"), re.findall(r"\[\]|\{\}|\([^)]*\)", match.group("marks"))
    if len(steps) == 1 and not marks:
        payload[name] = value
        return True
    if name not in payload:
        return False
    return _set_in((payload, name), marks, steps[1:], value)


def _set_in(place: tuple[Any, Any], marks: list[str], rest: list[str], value: Any) -> bool:
    container, key = place
    target = container[key]
    if not marks:
        return _set_at_path(target, rest, value) if rest else False
    mark, more = marks[0], marks[1:]
    if mark == "[]" and isinstance(target, list):
        return any(_set_in((target, index), more, rest, value) for index in range(len(target)))
    if mark == "{}" and isinstance(target, dict):
        return any(_set_in((target, member), more, rest, value) for member in list(target))
    branch = mark[1:-1]
    if isinstance(target, dict) and branch in target.values():
        return _set_in((container, key), more, rest, value)
    return False


def _url(operation: Operation, payload: Any) -> str:
    """The request the answer fits: path parameters from the body (as the service echoes them), and for a page the
    ``limit`` and ``order`` it was drawn with, so the rules comparing answer and question hold."""
    path = re.sub(r"\{(\w+)\}", lambda match: _path_value(match.group(1), payload), operation.template)
    return API_BASE_URL + path + (_page_query(payload) if operation.query is not None else "")


def _path_value(param: str, payload: Any) -> str:
    """A path parameter's value: the member of that name (in the body, or its first listed item), else the body's
    ``id`` (a resource names itself), else a placeholder."""
    first = payload.get("data") if isinstance(payload, dict) else None
    item = first[0] if isinstance(first, list) and first and isinstance(first[0], dict) else {}
    for source in (payload if isinstance(payload, dict) else {}, item):
        value = source.get(param)
        if isinstance(value, str) and value:
            return value
    known = payload.get("id") if isinstance(payload, dict) else None
    return known if isinstance(known, str) and known and "data" not in payload else "gap"


def _page_query(payload: Any) -> str:
    data = payload.get("data") if isinstance(payload, dict) else None
    items = data if isinstance(data, list) else []
    stamps = [item.get("created_at") for item in items if isinstance(item, dict)]
    ascending = len(stamps) > 1 and all(
        isinstance(a, int) and isinstance(b, int) and a <= b for a, b in itertools.pairwise(stamps)
    )
    full = isinstance(payload, dict) and payload.get("has_more") is True
    limit = max(len(items), 1) if full else 100
    return f"?limit={limit}&order={'asc' if ascending else 'desc'}"


def _proven(gap: Gap) -> bool:
    """True when *gap*, written as a HAR entry and read back, conforms and shows its variant."""
    import io

    from contract.check import Validator
    from contract.exchange import Exchange
    from contract.gaps.write import har_bytes
    from contract.sources.har import read_har

    records = list(read_har(io.BytesIO(har_bytes([gap])), "<gap>", operation=None))
    exchanges = [record for record in records if type(record) is Exchange]
    # Conforming: no error (a warning, such as a locked thread's null reason, is what the contract allows).
    if len(exchanges) != 1 or not Validator().check(exchanges[0]).ok:
        return False
    tally = Tally()
    count_records(exchanges, tally)
    (measured,) = (op for op in tally.coverage().operations if op.operation == gap.operation)
    return dict(measured.variants).get(gap.variant, 0) > 0
