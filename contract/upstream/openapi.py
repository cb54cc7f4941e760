"""Read an OpenAPI document (YAML or JSON) and extract one component schema with everything it references."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from contract.errors import InputError
from contract.parsing.yamlsafe import construct, no_timestamp_loader, yaml_expansion
from contract.sources.files import read_regular_file

__all__ = ["COMPONENT_PREFIX", "Excerpt", "component_schemas", "extract", "load_openapi"]

COMPONENT_PREFIX = "#/components/schemas/"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The named component schemas reachable from ``root``, as the document wrote them."""

    source: str
    root: str
    schemas: dict[str, Any]
    api_version: str | None = None


def load_openapi(path: str | Path) -> Any:
    """Parse *path* as JSON when it looks like JSON, else as YAML without turning dates into timestamps."""
    file = Path(path)
    try:
        data = read_regular_file(file)
    except OSError as err:
        raise InputError(f"{file}: {err.strerror}") from None
    if data.lstrip()[:1] == b"{":
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as err:
            raise InputError(f"{file}: not valid JSON ({err})") from None
    import yaml

    loader = no_timestamp_loader()(data)
    try:
        with _no_cycle_collection():
            return _built(loader, file)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise InputError(f"{file}{where}: not valid YAML ({err.problem})") from None
    except yaml.YAMLError as err:
        reason = " ".join(str(err).split())  # PyYAML's reader errors span lines
        raise InputError(f"{file}: not valid YAML ({reason})") from None
    finally:
        loader.dispose()


def _built(loader: Any, file: Path) -> Any:
    """The document *loader* reads, once its aliases are known to be safe to follow.

    Its node tree is dropped on return, before the cycle collector runs again, so it is never walked.
    """
    node = loader.get_single_node()
    if node is None:
        return None
    problem = yaml_expansion(node)
    if problem is not None:
        raise InputError(f"{file}: not read: {problem}")
    return construct(loader, node)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Hold off Python's cycle collector while a large document is built.

    Building one creates a few hundred thousand objects that all stay alive: the collector would walk the
    growing document again and again for nothing (more than half of the load of the 3 MB upstream YAML).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def component_schemas(document: Any, source: str) -> dict[str, Any]:
    """The document's ``components.schemas``; a one-line error naming *source* when it has none."""
    try:
        schemas = document["components"]["schemas"]
    except (KeyError, TypeError):
        raise InputError(f"{source}: not an OpenAPI document (no components.schemas)") from None
    if not isinstance(schemas, dict):
        raise InputError(f"{source}: components.schemas is not a mapping of schemas")
    return schemas


def extract(document: Any, root: str, *, source: str = "<openapi>") -> Excerpt:
    """The schema *root* under ``components.schemas`` and every schema it references, transitively."""
    schemas = component_schemas(document, source)
    found: dict[str, Any] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        if name not in schemas:
            raise InputError(f"{source}: components.schemas has no {name!r}")
        found[name] = _checked(schemas[name], name, source)
        pending.extend(_referenced_names(schemas[name], source))
    info = document.get("info") if isinstance(document, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return Excerpt(source, root, found, str(version) if version is not None else None)


def _checked(schema: Any, name: str, source: str) -> Any:
    """*schema* if it is a well-formed JSON Schema (OpenAPI 3.1's dialect), else an :class:`InputError` naming it."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as err:
        where = "/" + "/".join(str(part) for part in err.absolute_path)
        message = f"components.schemas.{name} is not a valid schema at {where}: {err.message}"
        raise InputError(f"{source}: {message}") from None
    return schema


def _referenced_names(node: Any, source: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                if not value.startswith(COMPONENT_PREFIX):
                    raise InputError(f"{source}: cannot follow $ref {value!r} (only {COMPONENT_PREFIX}… is supported)")
                yield value.removeprefix(COMPONENT_PREFIX)
            else:
                yield from _referenced_names(value, source)
    elif isinstance(node, list):
        for item in node:
            yield from _referenced_names(item, source)
