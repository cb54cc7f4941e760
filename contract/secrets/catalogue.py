"""What a credential is: the names it travels under, the shapes it has, the values this run knows, and its mask.

Names are compared case- and separator-blind (``client_secret``, ``Client-Secret`` and ``clientSecret``
are one name), because JSON members, HTTP headers, query parameters and YAML keys spell them every way.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from typing import Literal

from contract.parsing.patterns import lazy_compile

__all__ = [
    "AUTHORIZATION_HEADERS",
    "CLIENT_SECRET_PREFIX",
    "COOKIE_HEADERS",
    "MIN_KNOWN_SECRET",
    "REDACTED",
    "SECRET_ENVIRONMENT",
    "SECRET_HEADERS",
    "SECRET_MEMBERS",
    "SECRET_PARAMETERS",
    "ValueForm",
    "is_masked",
    "is_secret_member",
    "kind_of",
    "known_secrets",
    "mask",
    "normal_name",
    "remember_secret",
    "secret_name",
]

REDACTED = "…(redacted)"
#: ChatKit client secrets (ephemeral keys) start with this.
CLIENT_SECRET_PREFIX = "ek_"

#: Headers carrying ``scheme credentials``; the scheme stays readable when masked.
AUTHORIZATION_HEADERS = frozenset({"authorization", "proxy-authorization", "x-authorization"})
#: Headers carrying cookies: every cookie value is a credential, Set-Cookie attributes are not.
COOKIE_HEADERS = frozenset({"cookie", "set-cookie", "set-cookie2"})
#: Every header whose value is (or holds) a credential; lower-case.
SECRET_HEADERS = (
    AUTHORIZATION_HEADERS
    | COOKIE_HEADERS
    | frozenset(
        {
            "api-key",
            "x-api-key",
            "openai-api-key",
            "x-openai-api-key",
            "x-goog-api-key",
            "ocp-apim-subscription-key",
            "x-auth-token",
            "x-access-token",
            "x-csrf-token",
            "x-xsrf-token",
            "x-amz-security-token",
        }
    )
)
#: Members (and header-like names recordings use as members) whose value is a credential, with its kind.
SECRET_MEMBERS = {
    "client_secret": "client secret",
    "api_key": "API key",
    "api-key": "API key",
    "x-api-key": "API key",
    "openai-api-key": "API key",
    "secret_key": "API key",
    "secret_access_key": "API key",
    "access_token": "token",
    "refresh_token": "token",
    "id_token": "token",
    "auth_token": "token",
    "session_token": "token",
    "token": "token",
    "password": "password",
    "passwd": "password",
    "secret": "password",
    "private_key": "password",
}
#: Query and form parameters whose value is a credential (beside every member name above).
SECRET_PARAMETERS = {"key": "API key", "sig": "signature", "signature": "signature"}

#: How the value under a credential's name is masked: whole, after its auth scheme, or cookie by cookie.
ValueForm = Literal["whole", "authorization", "cookie", "set-cookie"]

_SEPARATORS = lazy_compile(r"[\s_.\-]+")


def normal_name(name: str) -> str:
    """*name* compared case- and separator-blind: ``Client-Secret`` and ``client_secret`` are ``clientsecret``."""
    return _SEPARATORS.sub("", name.lower())


def _table() -> dict[str, tuple[str, ValueForm]]:
    table: dict[str, tuple[str, ValueForm]] = {}
    for member, kind in SECRET_MEMBERS.items():
        table[normal_name(member)] = (kind, "whole")
    for header in SECRET_HEADERS - AUTHORIZATION_HEADERS - COOKIE_HEADERS:
        table.setdefault(normal_name(header), ("API key" if "key" in header else "token", "whole"))
    for header in AUTHORIZATION_HEADERS:
        table[normal_name(header)] = ("credential", "authorization")
    table["cookie"] = table["cookies"] = ("cookie", "cookie")
    table["setcookie"] = table["setcookie2"] = ("cookie", "set-cookie")
    return table


_NAMES = _table()
_PARAMETERS: dict[str, tuple[str, ValueForm]] = {
    normal_name(name): (kind, "whole") for name, kind in SECRET_PARAMETERS.items()
}


_judged: dict[tuple[str, bool], tuple[str, ValueForm] | None] = {}


def secret_name(name: object, *, parameter: bool = False) -> tuple[str, ValueForm] | None:
    """The kind of credential a value named *name* holds, and how to mask it; ``None`` for other names.

    With *parameter*, *name* is a query or form parameter, where a few more names (``key``, ``sig``) count.
    """
    if not isinstance(name, str) or len(name) > 64:
        return None
    try:
        return _judged[name, parameter]
    except KeyError:
        pass
    key = normal_name(name)
    found = _NAMES.get(key)
    if found is None and parameter:
        found = _PARAMETERS.get(key)
    if len(_judged) > 10_000:
        _judged.clear()
    _judged[name, parameter] = found
    return found


def is_secret_member(name: object) -> bool:
    """True when a member (or the last token of a JSON pointer) of this name holds a credential."""
    return isinstance(name, str) and secret_name(name.rsplit("/", 1)[-1]) is not None


# Known credential shapes: the prefix is kept so a reader still recognises the kind. Longest first.
PREFIXES = ("chatkit_token_", "sk-svcacct-", "sk-admin-", "sk-proj-", "sk-", CLIENT_SECRET_PREFIX)
_MASKED = lazy_compile(
    r"\s*(?:[A-Za-z][\w-]*\s+)?(?:" + "|".join(map(re.escape, PREFIXES)) + r")?" + re.escape(REDACTED) + r"\s*"
)


def mask(secret: str) -> str:
    """Mask one credential, keeping only a known prefix: ``ek_abc…`` becomes ``ek_…(redacted)``."""
    for prefix in PREFIXES:
        if secret.startswith(prefix):
            return prefix + REDACTED
    return REDACTED


def is_masked(value: str) -> bool:
    """True for a value that is nothing but a mask (``ek_…(redacted)``, ``Bearer …(redacted)``)."""
    return _MASKED.fullmatch(value) is not None


def kind_of(token: str) -> str:
    """What a credential token is, judged by its shape: a client secret, an API key, or a token."""
    if token.startswith(("ek_", "chatkit_token_")):
        return "client secret"
    if token.startswith("sk-"):
        return "API key"
    return "token"


#: Environment variables whose value is this run's own key, masked wherever it shows up, whatever its shape.
SECRET_ENVIRONMENT = ("OPENAI_API_KEY", "OPENAI_ADMIN_KEY")
#: Shorter known values are not searched for: a short word would be masked everywhere it appears.
MIN_KNOWN_SECRET = 8

_remembered: set[str] = set()
_lock = threading.Lock()
#: What the last answer was computed from — the environment mapping, the ``get`` of the dict it keeps its entries
#: in and the names as stored there (``None``, ``()``: it is no ``os._Environ``), those entries, how many values
#: were remembered — and the answer.
_known: tuple[object, Callable[[object], object] | None, tuple[object, ...], tuple[object, ...], int, tuple[str, ...]]
_known = (None, None, (), (), -1, ())


def _stored(environ: object) -> tuple[Callable[[object], object] | None, tuple[object, ...]]:
    """How to read the entries of :data:`SECRET_ENVIRONMENT` as *environ* (``os.environ``) stores them.

    ``os.environ`` keeps its entries encoded in a plain dict, and every change made through it (``monkeypatch``,
    ``os.environ[...] =``, ``del``, ``update``) lands there: two dict lookups tell whether anything changed, where
    ``os.environ.get`` decodes through three Python calls a name. Any other mapping is read the ordinary way.
    """
    data, encode = getattr(environ, "_data", None), getattr(environ, "encodekey", None)
    if type(data) is not dict or encode is None:
        return None, ()
    return data.get, tuple(encode(name) for name in SECRET_ENVIRONMENT)


def remember_secret(value: str) -> None:
    """Treat *value* (an API key in use, say) as a credential wherever it appears, from now on, in this process."""
    value = value.strip()
    if len(value) >= MIN_KNOWN_SECRET:
        with _lock:
            _remembered.add(value)


def known_secrets() -> tuple[str, ...]:
    """Every value remembered, and the keys held in :data:`SECRET_ENVIRONMENT` now, longest first.

    Asked for every text a report shows: the answer is kept until the environment or the remembered values change.
    """
    seen, get, keys, raw, count, values = _known
    if os.environ is seen and get is not None and count == len(_remembered) and tuple(map(get, keys)) == raw:
        return values
    return _read_known()


def _read_known() -> tuple[str, ...]:
    """:func:`known_secrets` computed afresh, and kept with what it was computed from."""
    global _known  # noqa: PLW0603 - a cache of what the environment and the remembered set say
    environ = os.environ
    get, keys = _stored(environ)
    raw = tuple(map(get, keys)) if get is not None else ()
    environment = tuple(environ.get(name) for name in SECRET_ENVIRONMENT)
    with _lock:
        found = {value.strip() for value in environment if value} | _remembered
        count = len(_remembered)
    values = tuple(sorted((value for value in found if len(value) >= MIN_KNOWN_SECRET), key=len, reverse=True))
    _known = (environ, get, keys, raw, count, values)
    return values
