"""The documented maxima: how much of an input is read before it is reported instead of exhausting memory or time.

Each limit is checked while reading, so an input far beyond it costs no more than the limit itself.
"""

from __future__ import annotations

import zlib
from typing import Any

__all__ = ["MAX_BODY_BYTES", "MAX_DEPTH", "MAX_ENTRY_BYTES", "MAX_YAML_NODES", "decompress", "yaml_expansion"]

#: A response body (a JSON document, a JSON Lines line, a recorded or live body, decompressed): larger is
#: ``json.too-large``. Real session resources are about 1 KiB.
MAX_BODY_BYTES = 16 << 20
#: One HAR entry or cassette interaction as stored: room for a body at the limit, escaped or base64-encoded.
MAX_ENTRY_BYTES = 32 << 20
#: Arrays and objects nested deeper than this are ``json.too-deep`` (orjson refuses them too).
MAX_DEPTH = 1024
#: Nodes one YAML document (a cassette interaction, an OpenAPI document) may expand to through aliases.
MAX_YAML_NODES = 2_000_000

_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def decompress(data: bytes, encoding: str) -> bytes | None:
    """*data* decoded per a ``Content-Encoding`` of gzip or deflate, cut at ``MAX_BODY_BYTES + 1`` bytes.

    ``None`` when it cannot be decoded (corrupt or truncated). A longer result is cut, never expanded
    in full: a small compressed body can hold gigabytes.
    """
    wbits = _WBITS[encoding]
    if encoding == "deflate" and data[:1] != b"\x78":
        wbits = -zlib.MAX_WBITS  # "deflate" is zlib-wrapped per the RFC, but servers also send it raw
    decoder = zlib.decompressobj(wbits)
    try:
        out = decoder.decompress(data, MAX_BODY_BYTES + 1)
    except zlib.error:
        return None
    if len(out) > MAX_BODY_BYTES or decoder.eof:
        return out
    return None


def _children(node: Any) -> list[Any]:
    from yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def yaml_expansion(root: Any, limit: int = MAX_YAML_NODES) -> str | None:
    """Why the composed YAML *root* is unsafe to construct or walk (aliases expanding past *limit* nodes,
    or an alias inside the node it names), or ``None`` when it is fine.

    Aliases share nodes, so a few hundred bytes can stand for billions of values; every node is
    counted once, and each shared one is weighed by what it expands to.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > limit:
                return f"its aliases expand to more than {limit:,} values"
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return "an alias refers to a collection that contains it"
        children = _children(node)
        if not children:
            sizes[key] = 1
            continue
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    return None
