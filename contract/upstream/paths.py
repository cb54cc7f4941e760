"""Compare the operation table with an upstream document's paths: each operation still declared at its method
and path, with the same path parameters, answering the same resource (create: taking the same body); its query
parameters as one object schema, for the shape comparison; and the ChatKit operations the table lacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from contract.errors import InputError
from contract.operations import OPERATIONS, Operation
from contract.schemas import CREATE_BODY
from contract.upstream.change import Change
from contract.upstream.openapi import COMPONENT_PREFIX

__all__ = ["declared_queries", "operation_changes"]

#: Maps a ``$ref`` value to the referenced type's name and schema.
Resolver = Callable[[str], tuple[str, Any]]
_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})


def _paths(document: Any) -> dict[str, Any]:
    paths = document.get("paths") if isinstance(document, dict) else None
    return paths if isinstance(paths, dict) else {}


def _declared(document: Any, operation: Operation) -> dict[str, Any] | None:
    methods = _paths(document).get(operation.template)
    spec = methods.get(operation.method.lower()) if isinstance(methods, dict) else None
    return spec if isinstance(spec, dict) else None


def _where(operation: Operation) -> str:
    return f"{operation.method} {operation.template}"


def operation_changes(document: Any) -> Iterator[Change]:
    """Each operation of the table as upstream declares it (or not), and upstream's ChatKit operations we lack."""
    ours = {(operation.method.lower(), operation.template) for operation in OPERATIONS}
    for operation in OPERATIONS:
        spec = _declared(document, operation)
        if spec is None:
            detail = f"upstream no longer declares {operation.upstream}"
            yield Change("", "operation-removed", "breaking", detail, None, _where(operation))
        else:
            yield from _declared_operation(operation, spec)
    for template, methods in _paths(document).items():
        if not (isinstance(template, str) and template.startswith("/chatkit/") and isinstance(methods, dict)):
            continue
        for method, spec in methods.items():
            if method in _METHODS and (method, template) not in ours:
                name = spec.get("operationId", "?") if isinstance(spec, dict) else "?"
                detail = f"a ChatKit operation this tool does not check ({name})"
                yield Change("", "operation-added", "additive", detail, None, f"{method.upper()} {template}")


def _ref_name(node: Any, *keys: str) -> str | None:
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.removeprefix(COMPONENT_PREFIX) if isinstance(ref, str) else None


def _parameters(spec: dict[str, Any], place: str) -> dict[str, dict[str, Any]]:
    listed = spec.get("parameters")
    if not isinstance(listed, list):
        return {}  # absent, or not a list: no parameter a reader could rely on
    return {
        p["name"]: p for p in listed if isinstance(p, dict) and p.get("in") == place and isinstance(p.get("name"), str)
    }


def _declared_operation(operation: Operation, spec: dict[str, Any]) -> Iterator[Change]:
    """The differences between one operation of the table and upstream's declaration of it (its query aside)."""
    where = _where(operation)
    answered = _ref_name(spec, "responses", "200", "content", "application/json", "schema")
    if answered != operation.resource:
        now = f"answers {answered}" if answered else "declares no JSON 200 response"
        yield Change("", "response-changed", "breaking", f"{now}, not {operation.resource}", None, where)
    if operation.name == "create":
        body = _ref_name(spec, "requestBody", "content", "application/json", "schema")
        if body != CREATE_BODY:
            detail = f"takes {body or 'no JSON body'}, not {CREATE_BODY}"
            yield Change("", "request-changed", "breaking", detail, None, where)
    in_path = tuple(_parameters(spec, "path"))
    if in_path != operation.path_parameters:
        detail = f"path parameters {list(operation.path_parameters)} → {list(in_path)}"
        yield Change("", "parameters-changed", "breaking", detail, None, where)
    query = _parameters(spec, "query")
    if operation.query is None and query:
        yield Change("", "parameters-changed", "additive", f"new query parameters {sorted(query)}", None, where)


def declared_queries(document: Any, schemas: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Resolver]]:
    """For each list operation upstream declares: our query schema's name, upstream's query parameters as one
    object schema, and how to follow its references."""
    for operation in OPERATIONS:
        spec = _declared(document, operation)
        if operation.query is None or spec is None:
            continue
        query = _parameters(spec, "query")
        where = _where(operation)
        theirs = {
            "type": "object",
            "properties": {name: _schema_of(parameter, name, where) for name, parameter in query.items()},
            "required": sorted(name for name, parameter in query.items() if parameter.get("required") is True),
        }
        yield operation.query, theirs, _resolver(schemas, where)


def _schema_of(parameter: dict[str, Any], name: str, where: str) -> Any:
    """A query parameter's schema, when it is a well-formed JSON Schema (as components' are checked to be)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    schema = parameter.get("schema", {})
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as err:
        raise InputError(f"{where}: query parameter {name!r} has no valid schema: {err.message}") from None
    return schema


def _resolver(schemas: dict[str, Any], where: str) -> Resolver:
    def upstream_ref(ref: Any) -> tuple[str, Any]:
        # A document can hold anything where a reference goes: only a string naming a component is followed.
        name = ref.removeprefix(COMPONENT_PREFIX) if isinstance(ref, str) else None
        if name is None or not ref.startswith(COMPONENT_PREFIX) or name not in schemas:
            raise InputError(f"cannot follow $ref {ref!r} in the parameters of {where}")
        return name, schemas[name]

    return upstream_ref
