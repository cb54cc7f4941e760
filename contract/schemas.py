"""The packaged JSON Schemas, their registry, and the self-contained bundles every engine uses."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import orjson

from contract.errors import ContractError

if TYPE_CHECKING:
    from referencing import Registry, Resource

__all__ = [
    "BASE_URI",
    "CREATE_BODY",
    "ROOT",
    "SCHEMA_NAMES",
    "bundle",
    "closed_bundle",
    "defined_name",
    "load_schema",
    "registry",
    "resolve",
]

#: Every ``$id`` lives under this base; ``.invalid`` is reserved, so nothing can ever fetch it.
BASE_URI = "https://chatkit-contract.invalid/schemas/"
#: The response resource every check is about.
ROOT = "ChatSessionResource"
#: The request body of session create, which the stand-in checks as the service does.
CREATE_BODY = "CreateChatSessionBody"
#: Every packaged type: the session resource and its parts, the create request body and its parts, the four
#: thread resources and theirs, and the query parameters of the two list operations. A bundle holds only the
#: types its root references, so a session bundle carries nothing of threads, nor a request's of a response.
SCHEMA_NAMES: tuple[str, ...] = (
    "ChatSessionResource",
    "ChatSessionChatkitConfiguration",
    "ChatSessionAutomaticThreadTitling",
    "ChatSessionFileUpload",
    "ChatSessionHistory",
    "ChatSessionRateLimits",
    "ChatSessionStatus",
    "ChatkitWorkflow",
    "ChatkitWorkflowTracing",
    "CreateChatSessionBody",
    "WorkflowParam",
    "WorkflowTracingParam",
    "ExpiresAfterParam",
    "RateLimitsParam",
    "ChatkitConfigurationParam",
    "AutomaticThreadTitlingParam",
    "FileUploadParam",
    "HistoryParam",
    "ThreadResource",
    "ActiveStatus",
    "LockedStatus",
    "ClosedStatus",
    "ThreadListResource",
    "DeletedThreadResource",
    "ThreadItemListResource",
    "ThreadItem",
    "UserMessageItem",
    "UserMessageInputText",
    "UserMessageQuotedText",
    "Attachment",
    "AttachmentType",
    "InferenceOptions",
    "ToolChoice",
    "AssistantMessageItem",
    "ResponseOutputText",
    "FileAnnotation",
    "FileAnnotationSource",
    "UrlAnnotation",
    "UrlAnnotationSource",
    "WidgetMessageItem",
    "ClientToolCallItem",
    "ClientToolCallStatus",
    "TaskItem",
    "TaskType",
    "TaskGroupItem",
    "TaskGroupTask",
    "OrderEnum",
    "ListThreadsParameters",
    "ListThreadItemsParameters",
)

Schema = dict[str, Any]
# Where a bundle keeps the types it references.
_DEFS = "#/$defs/"


def _hint(name: str) -> str:
    """The packaged name closest to *name* (ignoring case), else every packaged name."""
    import difflib

    by_lower = {known.lower(): known for known in SCHEMA_NAMES}
    close = difflib.get_close_matches(name.lower(), by_lower, n=1)
    return f"did you mean {by_lower[close[0]]!r}?" if close else f"known: {', '.join(SCHEMA_NAMES)}"


@cache
def load_schema(name: str) -> Schema:
    """Return the packaged schema file for the type *name*, as written on disk."""
    if name not in SCHEMA_NAMES:
        raise ContractError(f"unknown schema {name!r}; {_hint(name)}")
    try:
        document: Schema = orjson.loads(_package_data(f"schemas/{name}.json"))
    except (OSError, ValueError) as err:
        raise ContractError(f"packaged schema {name}.json is unreadable: {err}") from err
    return document


def _package_data(resource: str) -> bytes:
    """A data file of the installed package (*resource* a ``/``-separated path inside it), read through the
    package's loader, as :func:`pkgutil.get_data` and ``importlib.resources`` read it (from a wheel, a zip, a
    checkout) without the imports either costs every run's start-up."""
    package = sys.modules["contract"]
    get_data = getattr(getattr(package.__spec__, "loader", None), "get_data", None)
    if get_data is None or package.__file__ is None:
        raise OSError(f"the package's loader cannot read {resource}")
    # String paths, as pkgutil builds them: pathlib is not imported for this.
    directory = os.path.dirname(package.__file__)  # noqa: PTH120
    data: bytes = get_data(os.path.join(directory, *resource.split("/")))  # noqa: PTH118
    return data


def _refuse_retrieval(uri: str) -> Resource[Any]:
    from referencing.exceptions import NoSuchResource

    # A $ref outside the packaged set is a packaging bug, never a reason to go online.
    raise NoSuchResource(uri)


@cache
def registry() -> Registry[Any]:
    """A `referencing` registry holding every packaged schema under its ``$id``; it never retrieves."""
    from referencing import Registry, Resource

    packaged = [Resource.from_contents(load_schema(name)) for name in SCHEMA_NAMES]
    built: Registry[Any] = Registry(retrieve=_refuse_retrieval)  # type: ignore[call-arg]
    return built.with_resources((resource.id(), resource) for resource in packaged)  # type: ignore[misc]


def _name_of(uri: str) -> str:
    return uri.removeprefix(BASE_URI).removesuffix(".json")


def _rewrite_refs(node: Any, base: str, found: set[str]) -> Any:
    """Copy *node*, turning each relative ``$ref`` into ``#/$defs/Name`` and noting the names."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref":
                name = _name_of(urljoin(base, value))
                if name not in SCHEMA_NAMES:
                    raise ContractError(f"$ref {value!r} does not name a packaged schema")
                found.add(name)
                out[key] = _DEFS + name
            elif key in ("$id", "$schema"):
                continue
            else:
                out[key] = _rewrite_refs(value, base, found)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, base, found) for item in node]
    return node


@cache
def _bundle(name: str) -> bytes:
    root = load_schema(name)
    defs: dict[str, Schema] = {}
    pending = {name}
    done: set[str] = set()
    body: Schema = {}
    while pending:
        current = pending.pop()
        done.add(current)
        found: set[str] = set()
        rewritten = _rewrite_refs(load_schema(current), BASE_URI + current + ".json", found)
        if current == name:
            body = rewritten
        else:
            defs[current] = rewritten
        pending |= found - done
    document: Schema = {"$schema": root["$schema"], "$id": root["$id"], **body}
    if defs:
        document["$defs"] = dict(sorted(defs.items()))
    # Cached as text so every caller gets its own mutable copy.
    return orjson.dumps(document)


def bundle(name: str = ROOT) -> Schema:
    """Return *name* as one self-contained draft 2020-12 document: local ``$defs``, no remote refs."""
    return orjson.loads(_bundle(name))  # type: ignore[no-any-return]


def _objects(node: Any) -> Iterator[Schema]:
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from _objects(item)


def closed_bundle(name: str = ROOT) -> Schema:
    """The bundle with every declared object closed, so one ``is_valid`` also rules out drift."""
    document = bundle(name)  # a copy of its own
    for node in _objects(document):
        node.setdefault("additionalProperties", False)
    return document


def defined_name(node: Mapping[str, Any]) -> str | None:
    """The type a bundle node refers to (``#/$defs/Name`` gives ``Name``), or ``None`` when it is no reference."""
    ref = node.get("$ref")
    return ref.removeprefix(_DEFS) if isinstance(ref, str) and ref.startswith(_DEFS) else None


def resolve(document: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local ``#/$defs/Name`` reference inside a bundle; other nodes come back unchanged."""
    name = defined_name(node)
    return node if name is None else document["$defs"][name]
