"""Masking of credentials, so no output ever carries one."""

from __future__ import annotations

import re

__all__ = ["REDACTED", "SECRET_POINTERS", "mask", "mask_text"]

REDACTED = "…(redacted)"

#: Members of the session resource whose values are credentials.
SECRET_POINTERS = frozenset({"/client_secret"})

# Known credential shapes: the prefix is kept so a reader still recognises the kind.
_PREFIXES = (
    "ek_",
    "sk-proj-",
    "sk-svcacct-",
    "sk-admin-",
    "sk-",
    "chatkit_token_",
)
_SECRET_IN_TEXT = re.compile(
    r"(?P<prefix>\b(?:ek_|sk-proj-|sk-svcacct-|sk-admin-|sk-|chatkit_token_))[A-Za-z0-9_\-]+"
    r"|(?P<scheme>\b[Bb]earer\s+)[^\s'\",]+"
)


def mask(secret: str) -> str:
    """Mask one credential, keeping only a known prefix: ``ek_abc…`` becomes ``ek_…(redacted)``."""
    for prefix in _PREFIXES:
        if secret.startswith(prefix):
            return prefix + REDACTED
    return REDACTED


def mask_text(text: str) -> str:
    """Mask every credential-shaped token (``ek_…``, ``sk-…``, ``Bearer …``) inside free text."""

    def _replace(match: re.Match[str]) -> str:
        if match.group("scheme"):
            return match.group("scheme") + REDACTED
        return match.group("prefix") + REDACTED

    return _SECRET_IN_TEXT.sub(_replace, text)
