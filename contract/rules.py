"""The rule catalogue: every finding carries one of these stable ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from contract.limits import MAX_BODY_BYTES, MAX_DEPTH
from contract.operations import MAX_PAGE, SESSION_ID_PREFIX
from contract.records import Record

__all__ = [
    "ENDPOINTS",
    "PROFILES",
    "RULES",
    "Endpoint",
    "Profile",
    "Rule",
    "Severity",
    "severity_of",
    "unknown_rule_ids",
]

Severity = Literal["error", "warning"]
Profile = Literal["lenient", "strict"]
#: The older names of the two session rule sets, still accepted wherever an operation is named.
Endpoint = Literal["cancel", "session"]
PROFILES: tuple[Profile, ...] = ("lenient", "strict")
ENDPOINTS: tuple[Endpoint, ...] = ("cancel", "session")


class Rule(Record):
    """A rule id, the severity it has in the ``lenient`` profile, and what it means."""

    _fields = ("id", "severity", "summary")
    __slots__ = _fields
    id: str
    severity: Severity
    summary: str

    def __init__(self, id: str, severity: Severity, summary: str) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "summary", summary)


_CATALOGUE = (
    Rule("json.parse", "error", "The body is not valid JSON."),
    Rule("json.empty", "error", "The body is empty or only whitespace."),
    Rule("json.trailing-data", "error", "A JSON document is followed by more data."),
    Rule("json.encoding", "error", "The body is not valid UTF-8."),
    Rule("json.bom", "warning", "The body starts with a UTF-8 byte-order mark, which JSON senders must not add."),
    Rule("json.non-finite", "error", "NaN or Infinity, which JSON does not allow."),
    Rule("json.number-range", "error", "A number too large for a double-precision float."),
    Rule("json.too-deep", "error", f"Arrays and objects nested deeper than {MAX_DEPTH} levels."),
    Rule("json.duplicate-key", "error", "An object repeats a member name (checked in the strict profile)."),
    Rule("json.too-large", "error", f"A body larger than {MAX_BODY_BYTES >> 20} MiB; it is not read further."),
    Rule("schema.required", "error", "A required member is missing."),
    Rule("schema.type", "error", "A value has the wrong JSON type."),
    Rule("schema.enum", "error", "A value is not one of the allowed values."),
    Rule("schema.const", "error", "A value differs from the one fixed value allowed."),
    Rule(
        "schema.one-of", "error", "A value matches several alternatives of a union its discriminator cannot tell apart."
    ),
    Rule("drift.unknown-field", "warning", "A member the contract does not declare (an error in the strict profile)."),
    Rule("session.rate-limit-mismatch", "error", "max_requests_per_1_minute differs from its copy in rate_limits."),
    Rule("session.expires-at-unit", "error", "expires_at looks like milliseconds, not Unix seconds."),
    Rule(
        "session.expires-at-range",
        "warning",
        "expires_at is Unix seconds outside 2020-01-01 to 2100-01-01 (an error in the strict profile).",
    ),
    Rule("session.id-prefix", "warning", f"The session id does not start with {SESSION_ID_PREFIX}."),
    Rule("session.client-secret-empty", "error", "client_secret is empty or has no visible characters."),
    Rule("cancel.status", "error", "A cancel response must have status 'cancelled'."),
    Rule("cancel.session-id", "error", "The session id in the request path differs from the body's id."),
    Rule("list.first-id", "error", "first_id is not the id of the page's first item (null for an empty page)."),
    Rule("list.last-id", "error", "last_id is not the id of the page's last item (null for an empty page)."),
    Rule("list.has-more", "error", "has_more is true on a page shorter than the limit asked for, or on an empty page."),
    Rule("list.page-size", "error", f"A page holds more items than asked for (limit, default 20; at most {MAX_PAGE})."),
    Rule("list.order", "error", "Items are not ordered by created_at in the order asked for (desc by default)."),
    Rule("thread.created-at-unit", "error", "A thread's created_at looks like milliseconds, not Unix seconds."),
    Rule(
        "thread.status-reason",
        "warning",
        "A locked or closed thread gives no reason (an error in the strict profile).",
    ),
    Rule("thread.path-id", "error", "The thread id in the request path differs from the retrieved thread's id."),
    Rule("item.created-at-unit", "error", "A thread item's created_at looks like milliseconds, not Unix seconds."),
    Rule("item.thread-id", "error", "An item's thread_id is not the thread the request path names."),
    Rule("delete.thread-id", "error", "The thread id in the request path differs from the deleted thread's id."),
    Rule("delete.deleted", "error", "A delete response must have deleted: true."),
    Rule("http.status", "error", "The HTTP status is not 200."),
    Rule("http.content-type", "error", "The Content-Type is not application/json."),
    Rule("recording.unreadable", "error", "A HAR file or cassette is malformed here; the rest of it is not checked."),
    Rule("recording.body-encoding", "error", "A recorded body cannot be decoded as its encoding says (base64, gzip)."),
)

#: Every rule by id, in catalogue order.
RULES: dict[str, Rule] = {rule.id: rule for rule in _CATALOGUE}

# Rules whose severity the profile raises from warning to error.
_STRICT_ERRORS = frozenset(
    {"drift.unknown-field", "json.bom", "session.expires-at-range", "session.id-prefix", "thread.status-reason"}
)


def severity_of(rule_id: str, profile: Profile) -> Severity:
    """The severity *rule_id* has under *profile*."""
    if profile == "strict" and rule_id in _STRICT_ERRORS:
        return "error"
    return RULES[rule_id].severity


def unknown_rule_ids(ids: Iterable[str]) -> str | None:
    """Why *ids* cannot be used (the first id that names no rule, with a close match), or ``None``.

    Callers raise the error their caller expects; the wording is the same everywhere.
    """
    for rule_id in ids:
        if rule_id not in RULES:
            return f"unknown rule id {rule_id!r}; `chatkit-contract rules` lists them"
    return None
