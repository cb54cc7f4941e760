"""Mask credentials in the things writers write: header values, URLs, parsed JSON bodies, text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from contract.parsing.patterns import lazy_compile
from contract.secrets.catalogue import REDACTED, secret_name
from contract.secrets.spans import apply_spans
from contract.secrets.text import mask_text
from contract.secrets.values import value_spans

__all__ = ["mask_header", "mask_headers", "mask_tree", "mask_url", "mask_urls"]


def mask_header(name: str, value: str) -> str:
    """*value* of header *name* as it may be shown: a credential header masked (an auth scheme and cookie
    names and attributes kept), any other header masked where a credential shows in it."""
    found = secret_name(name)
    if found is None:
        return mask_text(value)
    kind, form = found
    return mask_text(apply_spans(value, value_spans(value, form, kind)))


def mask_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers with lower-case names and every credential masked, for recordings and logs.

    A header sent more than once keeps its last value, as the mapping this returns can hold only one;
    each is masked on its own, so none can slip through.
    """
    return {mask_text(name.lower()): mask_header(name, value) for name, value in items}


# Query parameters of signed and keyed URLs (S3 and GCS pre-signed, Azure SAS, API keys, OAuth tokens): a name
# holding any of these words carries a credential. Over-masking an innocent ``keyword=`` costs nothing.
_SECRET_QUERY = lazy_compile(r"sig|signature|credential|token|key|secret|password|passwd|auth", re.IGNORECASE)
# A URL in prose ends before the punctuation that follows it ("…/x.jsonl: not found").
_URL_IN_TEXT = lazy_compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]*[^\s'\"<>.,;:)\]]")


def mask_url(url: str) -> str:
    """*url* as it may be shown: user and password, every credential-like query value, and credential-shaped
    tokens masked. ``https://me:pw@host/f?X-Amz-Signature=ab&v=2`` becomes
    ``https://…(redacted)@host/f?X-Amz-Signature=…(redacted)&v=2``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced ``[`` in the host: shown as text, masked by shape and name
        return mask_text(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = REDACTED + "@" + netloc.rpartition("@")[2]
    query = "&".join(_masked_parameter(item) for item in parts.query.split("&")) if parts.query else ""
    return mask_text(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)))


def _masked_parameter(item: str) -> str:
    name, equals, value = item.partition("=")
    return f"{name}={REDACTED}" if equals and value and _SECRET_QUERY.search(name) else item


def mask_urls(text: str) -> str:
    """Free text (a storage library's error message, say) with every URL in it masked by :func:`mask_url`."""
    if "://" not in text:
        return mask_text(text)
    # Each URL masked as a URL, the text between masked as text, so the punctuation after a URL stays its own.
    shown, last = [], 0
    for match in _URL_IN_TEXT.finditer(text):
        shown += [mask_text(text[last : match.start()]), mask_url(match.group())]
        last = match.end()
    shown.append(mask_text(text[last:]))
    return "".join(shown)


def mask_tree(value: Any, name: str | None = None) -> Any:
    """A parsed JSON value with every credential masked: members named like one, and any shaped like one
    in member names and strings (also inside JSON carried as a string)."""
    if isinstance(value, dict):
        return {mask_text(key): mask_tree(item, key) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_tree(item, name) for item in value]
    if isinstance(value, str):
        found = secret_name(name) if name is not None else None
        if found is not None:
            kind, form = found
            value = apply_spans(value, value_spans(value, form, kind))
        return mask_text(value)
    return value
