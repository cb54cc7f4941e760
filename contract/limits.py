"""The documented maxima: how much of an input is read before it is reported instead of exhausting memory or time.

Each limit is checked while reading, so an input far beyond it costs no more than the limit itself.
"""

from __future__ import annotations

__all__ = ["MAX_BODY_BYTES", "MAX_DEPTH", "MAX_ENTRY_BYTES", "MAX_YAML_NODES", "decompress"]

#: A response body (a JSON document, a JSON Lines line, a recorded or live body, decompressed): larger is
#: ``json.too-large``. Real session resources are about 1 KiB.
MAX_BODY_BYTES = 16 << 20
#: One HAR entry or cassette interaction as stored: room for a body at the limit, escaped or base64-encoded.
MAX_ENTRY_BYTES = 32 << 20
#: Arrays and objects nested deeper than this are ``json.too-deep`` (orjson refuses them too).
MAX_DEPTH = 1024
#: Nodes one YAML document (a cassette interaction, an OpenAPI document) may expand to through aliases.
MAX_YAML_NODES = 2_000_000

# zlib.MAX_WBITS, 15 on every build: written out so that importing the limits does not load zlib.
_MAX_WBITS = 15
_WBITS = {"gzip": 16 + _MAX_WBITS, "x-gzip": 16 + _MAX_WBITS, "deflate": _MAX_WBITS}


def decompress(data: bytes, encoding: str) -> bytes | None:
    """*data* decoded per a ``Content-Encoding`` of gzip or deflate, cut at ``MAX_BODY_BYTES + 1`` bytes.

    ``None`` when it cannot be decoded (corrupt or truncated). A longer result is cut, never expanded
    in full: a small compressed body can hold gigabytes.
    """
    import zlib

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
