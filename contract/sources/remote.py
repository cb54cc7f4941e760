"""Recordings in object storage or on the web: fsspec URLs (``s3://``, ``gs://``, ``https://``, ``file://``)
listed, sized and opened so that the readers stream them as they stream local files.

fsspec, and the package a scheme needs (s3fs, gcsfs, aiohttp), is imported here only, and only once a URL
is given: a local run never pays for it. Credentials come from the storage library's own configuration
(environment variables, its configuration files, an instance role). A URL is only ever shown masked
(:func:`contract.secrets.mask_url`), and so is every error text a storage library gives.
"""

# String paths throughout, as everywhere in sources.
# ruff: noqa: PTH122

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import time
from collections.abc import Iterator
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from contract.errors import InputError
from contract.parsing.patterns import lazy_compile
from contract.sources.detect import EXTENSIONS, HEAD_SIZE, detect

__all__ = ["expand_url", "extension", "glob_urls", "is_remote", "open_url", "read_range", "shown", "url_size"]

_URL = lazy_compile(r"[A-Za-z][A-Za-z0-9+.-]+://")
# The extra that brings the filesystem package of each scheme.
_EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs", "http": "http", "https": "http"}
# A web URL is one file: "listing" it would download it to look for links.
_WEB = frozenset({"http", "https"})
# Reads go to storage this many bytes at a time: few requests, little read past what a reader wants.
_BLOCK = 4 << 20
_JSON_FAMILY = frozenset(suffix for suffix, fmt in EXTENSIONS.items() if not fmt.startswith("cassette"))
# Sizes from the latest listing, so that planning a run costs no request per object (a run expands its inputs
# twice: to check them, then to plan). Refreshed by every listing, trusted for a short while, and bounded.
_sizes: dict[str, tuple[int, float]] = {}
_MAX_SIZES = 1 << 20
_TRUSTED_FOR = 60.0
_SHOWN = 300


def is_remote(path: str) -> bool:
    """True when *path* is a URL (``scheme://…``) rather than a local path."""
    return "://" in path and _URL.match(path) is not None


def shown(path: str) -> str:
    """*path* as messages and reports show it: a URL with its credentials masked, a local path as it is."""
    if not is_remote(path):
        return path
    from contract.secrets import mask_url  # the masking of URLs: imported by the runs that have one

    return mask_url(path)


def extension(path: str) -> str:
    """The extension of a local path, or of a URL's path (its query and fragment left out)."""
    if is_remote(path):
        return posixpath.splitext(urlsplit(path).path)[1]
    return os.path.splitext(path)[1]


def _scheme(url: str) -> str:
    return url.split("://", 1)[0].lower()


def _install_hint(scheme: str) -> str:
    extra = _EXTRAS.get(scheme)
    if extra is not None:
        return f"pip install 'chatkit-contract[{extra}]'"
    return "pip install fsspec" if scheme == "file" else f"install fsspec and the filesystem package for {scheme}://"


def _filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem for *url* and the path inside it."""
    scheme = _scheme(url)
    try:
        import fsspec.core
    except ImportError:
        raise InputError(f"{shown(url)}: reading {scheme}:// URLs needs fsspec: {_install_hint(scheme)}") from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError as err:  # fsspec knows the scheme; the package that implements it is missing
        reason = str(err).splitlines()[0] if str(err) else "a package is missing"
        from contract.secrets import mask_urls

        raise InputError(f"{shown(url)}: {mask_urls(reason)}; {_install_hint(scheme)}") from None
    except ValueError as err:
        if "protocol" in str(err).lower():
            raise InputError(f"{shown(url)}: no storage library reads {scheme}:// URLs") from None
        raise failure(url, err) from None
    except Exception as err:
        raise failure(url, err) from None
    return fs, str(path)


def failure(url: str, err: BaseException) -> InputError:
    """A one-line input error naming *url* (masked) and what the storage library said (masked too)."""
    if isinstance(err, InputError):
        return err
    if isinstance(err, FileNotFoundError):
        reason = "no such file or object"
    elif isinstance(err, PermissionError):
        reason = "permission denied (the storage library's credentials do not allow reading it)"
    elif isinstance(err, IsADirectoryError):
        reason = "is a directory, not a file"
    else:
        text = " ".join(str(err).split())
        from contract.secrets import mask_urls

        reason = mask_urls(text) if text else type(err).__name__
        if len(reason) > _SHOWN:
            reason = reason[:_SHOWN] + "…"
    return InputError(f"{shown(url)}: {reason}")


def _remember(url: str, size: Any) -> None:
    if len(_sizes) >= _MAX_SIZES:
        _sizes.clear()
    _sizes[url] = (size if isinstance(size, int) and size >= 0 else 0, time.monotonic())


def _listed(url: str) -> int | None:
    """The size of *url* if a listing saw it moments ago."""
    known = _sizes.get(url)
    if known is None or time.monotonic() - known[1] > _TRUSTED_FOR:
        return None
    return known[0]


def expand_url(url: str) -> Iterator[str]:
    """*url* if it names an object; every recording under it if it names a directory or prefix.

    As for a local directory: sorted, hidden names left out, files with a JSON-family extension or whose
    content sniffs as a recording taken. Listing refreshes what the storage library cached.
    """
    if _listed(url) is not None:
        yield url  # an object a listing just found
        return
    fs, path = _filesystem(url)
    try:
        if _scheme(url) in _WEB:
            _remember(url, fs.size(path))
            yield url
            return
        fs.invalidate_cache(path)
        info = fs.info(path)
        if info.get("type") != "directory":
            _remember(url, info.get("size"))
            yield url
            return
        listed = fs.find(path, detail=True)
    except Exception as err:
        raise failure(url, err) from None
    found = [
        (name, entry)
        for name, entry in sorted(listed.items(), key=lambda item: item[0].split("/"))
        if entry.get("type", "file") == "file"
    ]
    base = path.rstrip("/") + "/"
    prefix = url.rstrip("/") + "/"
    taken = 0
    for name, entry in found:
        relative = name[len(base) :] if name.startswith(base) else name
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        full = prefix + relative if name.startswith(base) else fs.unstrip_protocol(name)
        _remember(full, entry.get("size"))
        if extension(full).lower() in _JSON_FAMILY or _sniffs_as_recording(full):
            taken += 1
            yield full
    if not taken:
        raise InputError(f"{shown(url)}: no recordings (JSON, JSON Lines, HAR, VCR cassettes) under this prefix")


def _sniffs_as_recording(url: str) -> bool:
    try:
        return detect(read_range(url, 0, min(HEAD_SIZE, url_size(url))), "") is not None
    except InputError:
        return False


def glob_urls(pattern: str) -> list[str]:
    """The URLs a glob pattern (``s3://bucket/logs/**/*.jsonl``) matches, sorted; a pattern without wildcards
    is itself. Web URLs are never globbed."""
    if _scheme(pattern) in _WEB or not any(char in pattern for char in "*?["):
        return [pattern]
    fs, path = _filesystem(pattern)
    try:
        fs.invalidate_cache()
        matches = fs.glob(path)
    except Exception as err:
        raise failure(pattern, err) from None
    return sorted((fs.unstrip_protocol(name) for name in matches), key=lambda url: url.split("/"))


def url_size(url: str) -> int:
    """The size in bytes of the object at *url* (from the latest listing when there was one)."""
    size = _listed(url)
    if size is not None:
        return size
    fs, path = _filesystem(url)
    try:
        size = fs.size(path)
    except Exception as err:
        raise failure(url, err) from None
    _remember(url, size)
    return _sizes[url][0]


def read_range(url: str, start: int, end: int) -> bytes:
    """Bytes ``[start, end)`` of the object at *url*, in one request."""
    if end <= start:
        return b""
    fs, path = _filesystem(url)
    try:
        return bytes(fs.cat_file(path, start=start, end=end))
    except Exception as err:
        raise failure(url, err) from None


def open_url(url: str) -> BinaryIO:
    """The object at *url* as a buffered, seekable binary stream; a storage error while reading is an
    :class:`InputError` naming the URL (masked)."""
    fs, path = _filesystem(url)
    known = _listed(url)
    options: dict[str, Any] = {"block_size": _BLOCK, "cache_type": "none"}
    if known is not None and _scheme(url) not in _WEB:
        options["size"] = known  # spares a request for the object's size
    try:
        raw = fs.open(path, "rb", **options)
    except Exception as err:
        raise failure(url, err) from None
    return io.BufferedReader(_Guarded(raw, url), buffer_size=_BLOCK)


class _Guarded(io.RawIOBase):
    """A storage library's file object whose every failure is an :class:`InputError` naming the URL, masked."""

    def __init__(self, raw: Any, url: str) -> None:
        self._raw = raw
        self._url = url

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return bool(getattr(self._raw, "seekable", lambda: False)())

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except Exception as err:
            raise failure(self._url, err) from None
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        try:
            return int(self._raw.seek(offset, whence))
        except Exception as err:
            raise failure(self._url, err) from None

    def tell(self) -> int:
        return int(self._raw.tell())

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):  # closing a read-only object: nothing to lose, nothing to report
                self._raw.close()
        super().close()
