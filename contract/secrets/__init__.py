"""The one catalogue of what a credential is, and how it is masked wherever text leaves the tool.

Every writer — reports, error messages, the live recorder, the stand-in's request log and
``redact`` — asks this package, so a header name or token shape added to :mod:`.catalogue` is
learned by all of them. :mod:`.text` finds credentials in text of any structure (by shape, by
the name before them (:mod:`.names`), as a value this run knows, behind escapes and inside
base64); :mod:`.values` masks the value under a credential's name; :mod:`.masking` masks
headers, URLs and parsed bodies with them.

Base layer: imports only ``parsing`` and ``limits`` of the package.
"""

from __future__ import annotations

from contract.secrets.catalogue import (
    AUTHORIZATION_HEADERS,
    CLIENT_SECRET_PREFIX,
    COOKIE_HEADERS,
    MIN_KNOWN_SECRET,
    REDACTED,
    SECRET_ENVIRONMENT,
    SECRET_HEADERS,
    SECRET_MEMBERS,
    SECRET_PARAMETERS,
    ValueForm,
    is_masked,
    is_secret_member,
    kind_of,
    known_secrets,
    mask,
    normal_name,
    remember_secret,
    secret_name,
)
from contract.secrets.masking import mask_header, mask_headers, mask_tree, mask_url, mask_urls
from contract.secrets.spans import Span, apply_spans, merge_spans
from contract.secrets.text import credential_spans, mask_text
from contract.secrets.values import value_spans

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
    "Span",
    "ValueForm",
    "apply_spans",
    "credential_spans",
    "is_masked",
    "is_secret_member",
    "kind_of",
    "known_secrets",
    "mask",
    "mask_header",
    "mask_headers",
    "mask_text",
    "mask_tree",
    "mask_url",
    "mask_urls",
    "merge_spans",
    "normal_name",
    "remember_secret",
    "secret_name",
    "value_spans",
]
