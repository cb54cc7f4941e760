"""VCR.py / pytest-recording cassettes (YAML, or VCR's JSON serializer): matching interactions, streamed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from contract.check.positions import locate
from contract.errors import RecordingError
from contract.exchange import Exchange, Skipped, Unreadable
from contract.limits import MAX_BODY_BYTES, MAX_ENTRY_BYTES, decompress
from contract.parsing.lines import shift
from contract.parsing.yamlsafe import construct, streaming_loader, yaml_expansion
from contract.sources.jsonstream import array_items
from contract.sources.recorded import header_map, recorded_exchange, routed

if TYPE_CHECKING:
    from yaml.nodes import Node

__all__ = ["read_json_cassette", "read_yaml_cassette"]

_BODY = ("response", "body", "string")
# The parser reads ahead (libyaml: 16 KiB at a time), so an interaction's count may include a little of the next.
_READ_AHEAD = 1 << 16


def read_json_cassette(
    stream: BinaryIO, source: str, *, operation: str | None
) -> Iterator[Exchange | Skipped | Unreadable]:
    """A cassette written by VCR's JSON serializer."""
    for number, item in enumerate(array_items(stream, source, ("interactions",), "VCR cassette"), 1):
        spot = locate(item.text, ["/" + "/".join(_BODY)])["/" + "/".join(_BODY)]
        yield _record(item.value, source, number, operation, shift((item.line, item.column), spot))


def read_yaml_cassette(
    stream: BinaryIO, source: str, *, operation: str | None
) -> Iterator[Exchange | Skipped | Unreadable]:
    """A YAML cassette, one interaction composed at a time so memory follows the largest one."""
    import yaml

    budget = _Budget(stream)
    loader = streaming_loader()(budget)
    place = _Place()
    try:
        yield from _top_level(loader, budget, place, source, operation)
    except RecursionError:
        raise RecordingError(source, "nested too deeply to read") from None
    except _OverBudget:
        message = f"interaction {place.number + 1} is larger than {MAX_ENTRY_BYTES >> 20} MiB"
        raise RecordingError(source, message, *place.start) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or "unreadable"
        raise RecordingError(source, f"not a valid YAML cassette: {problem}", *_mark(err, mark)) from err
    finally:
        loader.dispose()


class _Place:
    """How far the reader got: interactions read so far, and where the one being read starts."""

    number = 0
    start: tuple[int, int] | tuple[()] = ()


def _top_level(
    loader: Any, budget: _Budget, place: _Place, source: str, operation: str | None
) -> Iterator[Exchange | Skipped | Unreadable]:
    """Walk the cassette's top-level mapping: skip other keys, read ``interactions`` once, refuse it twice."""
    import yaml
    from yaml.events import MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

    for event in (yaml.StreamStartEvent, yaml.DocumentStartEvent, MappingStartEvent):
        if not loader.check_event(event):
            message = "not a VCR cassette (expected a YAML mapping with 'interactions')"
            raise RecordingError(source, message, *_mark(loader.peek_event()))
        loader.get_event()
    seen = False
    while not loader.check_event(MappingEndEvent):
        key = loader.get_event()
        if not isinstance(key, ScalarEvent):
            raise RecordingError(source, "not a VCR cassette (a top-level key is not a name)", *_mark(key))
        if key.value != "interactions":
            loader.compose_node(None, None)  # another member: skip its value (composing is linear)
            continue
        if seen:
            # YAML libraries keep the last of repeated keys; this reader has checked the first. Refused.
            message = "more than one 'interactions' key (readers disagree on which counts)"
            raise RecordingError(source, message, *_mark(key))
        seen = True
        if not loader.check_event(SequenceStartEvent):
            raise RecordingError(source, "'interactions' is not a list", *_mark(loader.peek_event()))
        loader.get_event()
        yield from _interactions(loader, budget, place, source, operation)
    if not seen:
        raise RecordingError(source, "not a VCR cassette (no 'interactions')", *_mark(loader.peek_event()))


def _interactions(
    loader: Any, budget: _Budget, place: _Place, source: str, operation: str | None
) -> Iterator[Exchange | Skipped | Unreadable]:
    """Each item of the ``interactions`` sequence, composed one at a time within its byte budget."""
    from yaml.events import SequenceEndEvent

    while not loader.check_event(SequenceEndEvent):
        budget.restart()
        place.start = _mark(loader.peek_event())
        try:
            node = loader.compose_node(None, None)
        except RecursionError:
            raise RecordingError(source, f"interaction {place.number + 1} is nested too deeply", *place.start) from None
        place.number += 1
        yield _interaction(loader, node, source, place.number, operation)
    loader.get_event()


def _mark(event: Any, mark: Any = None) -> tuple[int, int] | tuple[()]:
    """The 1-based line and column of a YAML event or error mark, if it has one."""
    mark = mark if mark is not None else getattr(event, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else ()


def _interaction(
    loader: Any, node: Node, source: str, number: int, operation: str | None
) -> Exchange | Skipped | Unreadable:
    """One composed interaction as a record, unless its aliases make it unsafe to build or a value in it
    cannot be built (``!!bool 'abc'``): then it is unreadable at that place, and the next one is read."""
    import yaml

    problem = yaml_expansion(node)
    if problem is not None:
        line, column = _mark(node) or (None, None)
        return Unreadable(source, f"interaction {number}", "recording.unreadable", problem, line, column)
    try:
        interaction = construct(loader, node)
    except yaml.MarkedYAMLError as err:
        line, column = _mark(node, err.problem_mark) or (None, None)
        message = f"not a valid YAML cassette: {err.problem}"
        return Unreadable(source, f"interaction {number}", "recording.unreadable", message, line, column)
    return _record(interaction, source, number, operation, _body_mark(node))


class _OverBudget(Exception):
    """More than one interaction's worth of bytes was read for a single interaction."""


class _Budget(io.RawIOBase):
    """The cassette stream, refusing to feed the parser more than ``MAX_ENTRY_BYTES`` for one interaction."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._used = 0

    def restart(self) -> None:
        """A new interaction starts: its budget is whole again."""
        self._used = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._used += len(data)
        if self._used > MAX_ENTRY_BYTES + _READ_AHEAD:
            raise _OverBudget
        return data


def _body_mark(node: Node) -> tuple[int, int]:
    """Line and column where the response body (or the nearest enclosing member) starts."""
    from yaml.nodes import MappingNode

    for name in _BODY:
        if not isinstance(node, MappingNode):
            break
        inner = next((value for key, value in node.value if getattr(key, "value", None) == name), None)
        if inner is None:
            break
        node = inner
    return node.start_mark.line + 1, node.start_mark.column + 1


def _record(
    interaction: Any, source: str, number: int, operation: str | None, where: tuple[int, int]
) -> Exchange | Skipped | Unreadable:
    label = f"interaction {number}"
    request = interaction.get("request") if isinstance(interaction, dict) else None
    request = request if isinstance(request, dict) else {}
    found = routed(request.get("method"), request.get("uri"), operation, source, label)
    if isinstance(found, Skipped):
        return found
    response = interaction.get("response")
    response = response if isinstance(response, dict) else {}
    raw_headers = response.get("headers")
    headers = header_map(raw_headers.items() if isinstance(raw_headers, dict) else ())
    status = response.get("status")
    code = status.get("code") if isinstance(status, dict) else status
    body, problem = _body(response.get("body"), headers.get("content-encoding", ""))
    line, column = where
    if body is None:
        rule = "recording.body-encoding" if problem.startswith("the compressed") else "recording.unreadable"
        return Unreadable(source, label, rule, problem, line, column)
    return recorded_exchange(found, body, source=source, label=label, status=code, headers=headers, where=where)


def _body(recorded: Any, encoding: str) -> tuple[bytes | None, str]:
    """The body as sent before compression, or ``None`` and why it cannot be had.

    A body beyond the limit is cut just past it, to be reported as too large.
    """
    value = recorded.get("string") if isinstance(recorded, dict) else recorded
    if value is None:
        return b"", ""
    if isinstance(value, str):
        body = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, (bytes, bytearray)):
        body = bytes(value)
    else:
        return None, "the response body is neither text nor bytes"
    encoding = encoding.strip().lower()
    if (encoding in ("gzip", "x-gzip") and body[:2] == b"\x1f\x8b") or (encoding == "deflate" and body):
        decoded = decompress(body, encoding)
        if decoded is None:
            return None, f"the compressed body cannot be decoded ({encoding})"
        body = decoded
    return body[: MAX_BODY_BYTES + 1], ""
