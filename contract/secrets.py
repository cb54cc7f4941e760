"""Masking of credentials, so no output ever carries one."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["REDACTED", "SECRET_POINTERS", "credential_spans", "kind_of", "mask", "mask_text"]

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
    # A token already masked (``sk-svcacct-…(redacted)``) is left alone, not masked again from a shorter prefix.
    r"(?P<prefix>\b(?:ek_|sk-proj-|sk-svcacct-|sk-admin-|sk-|chatkit_token_))(?![A-Za-z0-9_\-]*…)[A-Za-z0-9_\-]+"
    # A backslash ends the token: inside escaped JSON it belongs to the closing quote. A token
    # starting with $ or the redaction marker is a shell variable or already masked, not a secret.
    r"|(?P<scheme>\b[Bb]earer\s+)(?![$…])[^\s'\",\\]+"
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


# Every credential shape starts with one of these; str.find locates them far faster than a regex scan.
_TRIGGERS = ("ek_", "sk-", "chatkit_token_", "Bearer", "bearer")


def credential_spans(text: str) -> Iterator[tuple[int, int]]:
    """The ``[start, end)`` spans of credential-shaped tokens in *text* (after ``Bearer``, just the token)."""
    candidates = set()
    for trigger in _TRIGGERS:
        index = text.find(trigger)
        while index != -1:
            candidates.add(index)
            index = text.find(trigger, index + 1)
    covered = 0
    for index in sorted(candidates):
        match = _SECRET_IN_TEXT.match(text, index) if index >= covered else None
        if match is None:
            continue
        start, end = (match.end("scheme") if match.group("scheme") else match.start()), match.end()
        covered = end
        if REDACTED[0] not in text[start : end + 1]:  # already masked: ``sk-proj-…(redacted)``
            yield start, end


def kind_of(token: str) -> str:
    """What a credential token is, judged by its shape: a client secret, an API key, or a token."""
    if token.startswith(("ek_", "chatkit_token_")):
        return "client secret"
    if token.startswith("sk-"):
        return "API key"
    return "token"
