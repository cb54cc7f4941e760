"""Mask credentials in the things writers write: header values, URLs, parsed JSON bodies, text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from contract.secrets.catalogue import secret_name
from contract.secrets.spans import apply_spans
from contract.secrets.text import mask_text
from contract.secrets.values import value_spans

__all__ = ["mask_header", "mask_headers", "mask_tree", "mask_url"]


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


def mask_url(url: str) -> str:
    """*url* with credential query parameters, a password in it, and credential-shaped tokens masked."""
    return mask_text(url)


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
