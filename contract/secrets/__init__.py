"""The one catalogue of what a credential is, and how it is masked wherever text leaves the tool.

Every writer — reports, error messages, the live recorder, the stand-in's request log and
``redact`` — asks this package, so a header name or token shape added to :mod:`.catalogue` is
learned by all of them. :mod:`.text` finds credentials in text of any structure (by shape, by
the name before them (:mod:`.names`), as a value this run knows, behind escapes and inside
base64); :mod:`.values` masks the value under a credential's name; :mod:`.masking` masks
headers, URLs and parsed bodies with them.

Base layer: imports only ``parsing`` and ``limits`` of the package.

The imports below run only for type checkers: at run time a name is imported on first use, from the module
``_HOMES`` names, so that a run masking file names (every run does) loads the finders it uses, not the masking
of headers, URLs and cookies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contract.lazy import lazy_exports

if TYPE_CHECKING:
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

_HOMES = {
    "AUTHORIZATION_HEADERS": "contract.secrets.catalogue",
    "CLIENT_SECRET_PREFIX": "contract.secrets.catalogue",
    "COOKIE_HEADERS": "contract.secrets.catalogue",
    "MIN_KNOWN_SECRET": "contract.secrets.catalogue",
    "REDACTED": "contract.secrets.catalogue",
    "SECRET_ENVIRONMENT": "contract.secrets.catalogue",
    "SECRET_HEADERS": "contract.secrets.catalogue",
    "SECRET_MEMBERS": "contract.secrets.catalogue",
    "SECRET_PARAMETERS": "contract.secrets.catalogue",
    "ValueForm": "contract.secrets.catalogue",
    "is_masked": "contract.secrets.catalogue",
    "is_secret_member": "contract.secrets.catalogue",
    "kind_of": "contract.secrets.catalogue",
    "known_secrets": "contract.secrets.catalogue",
    "mask": "contract.secrets.catalogue",
    "normal_name": "contract.secrets.catalogue",
    "remember_secret": "contract.secrets.catalogue",
    "secret_name": "contract.secrets.catalogue",
    "mask_header": "contract.secrets.masking",
    "mask_headers": "contract.secrets.masking",
    "mask_tree": "contract.secrets.masking",
    "mask_url": "contract.secrets.masking",
    "mask_urls": "contract.secrets.masking",
    "Span": "contract.secrets.spans",
    "apply_spans": "contract.secrets.spans",
    "merge_spans": "contract.secrets.spans",
    "credential_spans": "contract.secrets.text",
    "mask_text": "contract.secrets.text",
    "value_spans": "contract.secrets.values",
}


__getattr__, __dir__ = lazy_exports(globals(), _HOMES)
