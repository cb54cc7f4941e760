"""The one catalogue of what a credential is, and how it is masked wherever text leaves the tool.

Every writer — reports, error messages, the live recorder, the stand-in's request log and
``redact`` — asks this module, so a header name or token shape added here is learned by all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "AUTHORIZATION_HEADERS",
    "CLIENT_SECRET_PREFIX",
    "COOKIE_HEADERS",
    "REDACTED",
    "SECRET_HEADERS",
    "SECRET_MEMBERS",
    "credential_spans",
    "is_secret_member",
    "kind_of",
    "mask",
    "mask_header",
    "mask_headers",
    "mask_text",
    "mask_url",
    "mask_urls",
]

REDACTED = "…(redacted)"
#: ChatKit client secrets (ephemeral keys) start with this.
CLIENT_SECRET_PREFIX = "ek_"

#: Headers carrying ``scheme credentials``; the scheme stays readable when masked.
AUTHORIZATION_HEADERS = frozenset({"authorization", "proxy-authorization"})
#: Headers carrying cookies: every cookie value is a credential, Set-Cookie attributes are not.
COOKIE_HEADERS = frozenset({"cookie", "set-cookie"})
#: Every header whose value is (or holds) a credential; lower-case.
SECRET_HEADERS = AUTHORIZATION_HEADERS | COOKIE_HEADERS | frozenset({"api-key", "x-api-key", "openai-api-key"})
#: Members (and the header-like names some recordings use as members) whose value is a credential, with its kind.
SECRET_MEMBERS = {
    "client_secret": "client secret",
    "api_key": "API key",
    "api-key": "API key",
    "x-api-key": "API key",
    "openai-api-key": "API key",
}

# Known credential shapes: the prefix is kept so a reader still recognises the kind.
_PREFIXES = (
    CLIENT_SECRET_PREFIX,
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


def is_secret_member(name: object) -> bool:
    """True when a member (or the last token of a JSON pointer) of this name holds a credential."""
    return isinstance(name, str) and name.rsplit("/", 1)[-1].lower() in SECRET_MEMBERS


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


def mask_header(name: str, value: str) -> str:
    """*value* of header *name* as it may be shown: a credential header masked whole (its auth scheme kept)."""
    key = name.lower()
    if key not in SECRET_HEADERS:
        return mask_text(value)
    scheme, space, token = value.partition(" ")
    if space and key in AUTHORIZATION_HEADERS and scheme.lower() == "bearer":
        return f"{scheme} {mask(token)}"
    return mask(value)


def mask_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers with lower-case names and every credential masked, for recordings and logs."""
    return {name.lower(): mask_header(name, value) for name, value in items}


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


# Query parameters of signed and keyed URLs (S3 and GCS pre-signed, Azure SAS, API keys, OAuth tokens): a name
# holding any of these words carries a credential. Over-masking an innocent ``keyword=`` costs nothing.
_SECRET_QUERY = re.compile(r"sig|signature|credential|token|key|secret|password|passwd|auth", re.IGNORECASE)
# A URL in prose ends before the punctuation that follows it ("…/x.jsonl: not found").
_URL_IN_TEXT = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]*[^\s'\"<>.,;:)\]]")


def mask_url(url: str) -> str:
    """*url* as it may be shown: user and password, and every credential-like query value, masked.

    ``https://me:pw@host/f?X-Amz-Signature=ab&v=2`` becomes ``https://…(redacted)@host/f?X-Amz-Signature=…(redacted)&v=2``.
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced ``[`` in the host: shown as text, masked by shape
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
    if "://" in text:
        text = _URL_IN_TEXT.sub(lambda match: mask_url(match.group()), text)
    return mask_text(text)
