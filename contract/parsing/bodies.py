"""Encoded bodies — base64 text and gzip, zlib or raw deflate data — decoded, and encoded again the same way.

Readers decode a recorded body to check it; redaction decodes it to look inside, and must then
encode the cleaned body so that the same reader decodes it again. Each decoding here remembers
what it undid (the base64 alphabet, padding and line wrapping; the compression) for that.
"""

from __future__ import annotations

import zlib
from typing import Literal

from contract.limits import MAX_BODY_BYTES
from contract.parsing.patterns import lazy_compile
from contract.records import Record

__all__ = ["Base64", "Compression", "Inflated", "decode_base64", "deflate", "inflate", "inflate_binary"]

Compression = Literal["gzip", "zlib", "deflate"]

_BASE64 = lazy_compile(r"[A-Za-z0-9+/\s]*={0,2}\s*")
_URLSAFE = lazy_compile(r"[A-Za-z0-9_\-\s]*={0,2}\s*")
_LINE_BREAK = lazy_compile(r"\r?\n")
_SPACE = lazy_compile(r"\s")


# Fields are set once, in __init__, past the refusal every record makes of assignment.
_set = object.__setattr__


class Base64(Record):
    """How a base64 text was written: alphabet, padding, and line wrapping (``width`` 0: one line)."""

    _fields = ("urlsafe", "padded", "width", "newline", "trailing_newline")
    __slots__ = _fields
    urlsafe: bool
    padded: bool
    width: int
    newline: str
    trailing_newline: bool

    def __init__(
        self,
        urlsafe: bool = False,
        padded: bool = True,
        width: int = 0,
        newline: str = "\n",
        trailing_newline: bool = False,
    ) -> None:
        _set(self, "urlsafe", urlsafe)
        _set(self, "padded", padded)
        _set(self, "width", width)
        _set(self, "newline", newline)
        _set(self, "trailing_newline", trailing_newline)

    def encode(self, data: bytes) -> str:
        """*data* in this form."""
        import base64

        text = (base64.urlsafe_b64encode(data) if self.urlsafe else base64.b64encode(data)).decode("ascii")
        if not self.padded:
            text = text.rstrip("=")
        if self.width:
            text = self.newline.join(text[i : i + self.width] for i in range(0, len(text), self.width))
        return text + self.newline if self.trailing_newline else text


def decode_base64(text: str, *, min_size: int = 16) -> tuple[bytes, Base64] | None:
    """The bytes *text* encodes and how it was written, or ``None`` unless all of it is base64.

    Shorter texts than *min_size* characters are not taken for base64: any word of four letters is.
    """
    stripped = text.strip()
    if len(stripped) < min_size:
        return None
    urlsafe = _BASE64.fullmatch(text) is None
    if urlsafe and _URLSAFE.fullmatch(text) is None:
        return None
    lines = _LINE_BREAK.split(stripped)
    compact = "".join(lines)
    if _SPACE.search(compact) is not None:
        return None
    padded = len(compact) % 4 == 0  # unpadded only when it shows: a length padding would have filled
    import base64  # imported by the texts that look like base64
    import binascii

    try:
        data = base64.b64decode(compact + "=" * (-len(compact) % 4), altchars=b"-_" if urlsafe else None, validate=True)
    except (binascii.Error, ValueError):
        return None
    width = len(lines[0]) if len(lines) > 1 else 0
    newline = "\r\n" if "\r\n" in stripped else "\n"
    form = Base64(urlsafe, padded, width, newline, trailing_newline=text.endswith("\n"))
    return data, form


class Inflated(Record):
    """What compressed *data* holds, how it was compressed, and whether all of it could be had."""

    _fields = ("data", "compression", "complete")
    __slots__ = _fields
    data: bytes
    compression: Compression
    complete: bool

    def __init__(self, data: bytes, compression: Compression, complete: bool) -> None:
        _set(self, "data", data)
        _set(self, "compression", compression)
        _set(self, "complete", complete)


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def inflate_binary(data: bytes) -> Inflated | None:
    """*data* decompressed when it is no UTF-8 text (:func:`inflate`, guessing raw deflate too); ``None`` for text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return inflate(data)
    return None


def inflate(data: bytes, *, guess: bool = True) -> Inflated | None:
    """*data* decompressed, judged by its first bytes (gzip, zlib) or, with *guess*, tried as raw deflate.

    ``None`` when it is not compressed. Output stops just past ``MAX_BODY_BYTES``: a small compressed
    body can hold gigabytes; such a body, or one cut short, comes back with ``complete`` false.
    """
    if data[:2] == b"\x1f\x8b":
        kinds: tuple[tuple[Compression, int], ...] = (("gzip", 16 + zlib.MAX_WBITS),)
    elif _zlib_header(data):
        kinds = (("zlib", zlib.MAX_WBITS), ("deflate", -zlib.MAX_WBITS))
    elif guess and len(data) >= 2:
        kinds = (("deflate", -zlib.MAX_WBITS),)
    else:
        return None
    for compression, wbits in kinds:
        decoder = zlib.decompressobj(wbits)
        try:
            out = decoder.decompress(data, MAX_BODY_BYTES + 1)
        except zlib.error:
            continue
        if compression == "deflate" and not (decoder.eof and not decoder.unused_data and out):
            continue  # raw deflate has no header: only a whole stream that ends with the data counts
        if not out and not decoder.eof:
            continue
        return Inflated(out, compression, decoder.eof and len(out) <= MAX_BODY_BYTES)
    return None


def deflate(data: bytes, compression: Compression) -> bytes:
    """*data* compressed the way :func:`inflate` found it compressed."""
    if compression == "gzip":
        import gzip

        return gzip.compress(data, mtime=0)
    if compression == "zlib":
        return zlib.compress(data)
    encoder = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return encoder.compress(data) + encoder.flush()
