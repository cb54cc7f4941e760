"""VCR.py / pytest-recording cassettes (YAML, or VCR's JSON serializer): matching interactions, streamed."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

from contract.errors import InputError
from contract.exchange import Exchange, Skipped
from contract.positions import locate, shift
from contract.rules import Endpoint
from contract.sources.endpoints import header_map, match_request
from contract.sources.jsonstream import array_items

if TYPE_CHECKING:
    from yaml.nodes import Node

__all__ = ["read_json_cassette", "read_yaml_cassette"]

_BODY = ("response", "body", "string")


def read_json_cassette(stream: BinaryIO, source: str, *, endpoint: Endpoint) -> Iterator[Exchange | Skipped]:
    """A cassette written by VCR's JSON serializer."""
    for number, item in enumerate(array_items(stream, source, ("interactions",), "VCR cassette"), 1):
        spot = locate(item.text, ["/" + "/".join(_BODY)])["/" + "/".join(_BODY)]
        yield _record(item.value, source, number, endpoint, shift((item.line, item.column), spot))


def read_yaml_cassette(stream: BinaryIO, source: str, *, endpoint: Endpoint) -> Iterator[Exchange | Skipped]:
    """A YAML cassette, one interaction composed at a time so memory follows the largest one."""
    import yaml
    from yaml.events import MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent

    loader = _loader()(stream)
    try:
        for event in (yaml.StreamStartEvent, yaml.DocumentStartEvent, MappingStartEvent):
            if not loader.check_event(event):
                raise InputError(f"{source}: not a VCR cassette (expected a YAML mapping with 'interactions')")
            loader.get_event()
        while not loader.check_event(MappingEndEvent):
            key = loader.get_event()
            if not isinstance(key, ScalarEvent):
                raise InputError(f"{source}: not a VCR cassette (a top-level key is not a name)")
            if key.value != "interactions":
                loader.compose_node(None, None)  # another member: skip its value
                continue
            if not loader.check_event(SequenceStartEvent):
                raise InputError(f"{source}: 'interactions' is not a list")
            loader.get_event()
            number = 0
            while not loader.check_event(SequenceEndEvent):
                node = loader.compose_node(None, None)
                number += 1
                yield _record(loader.construct_document(node), source, number, endpoint, _body_mark(node))
            return
        raise InputError(f"{source}: not a VCR cassette (no 'interactions')")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "unreadable"
        raise InputError(f"{source}{where}: not a valid YAML cassette: {problem}") from err
    finally:
        loader.dispose()


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
    interaction: Any, source: str, number: int, endpoint: Endpoint, where: tuple[int, int]
) -> Exchange | Skipped:
    label = f"interaction {number}"
    request = interaction.get("request") if isinstance(interaction, dict) else None
    request = request if isinstance(request, dict) else {}
    checked, session_id = match_request(request.get("method"), request.get("uri"), endpoint)
    if not checked:
        return Skipped(source, label)
    response = interaction.get("response")
    response = response if isinstance(response, dict) else {}
    raw_headers = response.get("headers")
    headers = header_map(raw_headers.items() if isinstance(raw_headers, dict) else ())
    status = response.get("status")
    code = status.get("code") if isinstance(status, dict) else status
    body = _body(response.get("body"), headers.get("content-encoding", ""))
    if body is None:
        raise InputError(f"{source}:{where[0]}:{where[1]}: {label}: the compressed body cannot be decoded")
    line, column = where
    return Exchange(body, source, label, code if type(code) is int else None, headers, session_id, line, column, True)


def _body(recorded: Any, encoding: str) -> bytes | None:
    """The body as sent before compression; ``None`` when its Content-Encoding cannot be undone."""
    value = recorded.get("string") if isinstance(recorded, dict) else recorded
    if value is None:
        return b""
    body = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)
    encoding = encoding.strip().lower()
    try:
        if encoding in ("gzip", "x-gzip") and body[:2] == b"\x1f\x8b":
            return gzip.decompress(body)
        if encoding == "deflate" and body:
            # "deflate" is zlib-wrapped per the RFC, but servers also send it raw.
            return zlib.decompress(body) if body[:1] == b"\x78" else zlib.decompress(body, -zlib.MAX_WBITS)
    except (OSError, EOFError, zlib.error):
        return None
    return body


@cache
def _loader() -> Any:
    """A safe loader class whose parser hands out one event at a time (libyaml's when present)."""
    import yaml
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    base: Any = yaml.SafeLoader
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        pass
    else:

        class _Events(CParser, SafeConstructor, Resolver):
            # libyaml composes whole documents only; the pure-Python composer works on its events.
            compose_node = Composer.compose_node
            compose_scalar_node = Composer.compose_scalar_node
            compose_sequence_node = Composer.compose_sequence_node
            compose_mapping_node = Composer.compose_mapping_node

            def __init__(self, stream: Any) -> None:
                CParser.__init__(self, stream)
                SafeConstructor.__init__(self)
                Resolver.__init__(self)
                self.anchors: dict[str, Any] = {}

        base = _Events

    class _CassetteLoader(base):  # type: ignore[misc]
        """Reads VCR's Python-specific tags (``!!python/tuple`` and the like) as plain data, never as objects."""

    _CassetteLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain)
    return _CassetteLoader


def _plain(loader: Any, suffix: str, node: Node) -> Any:
    from yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)
