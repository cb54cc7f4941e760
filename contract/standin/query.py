"""A list request's query as the service reads it: ``limit`` as an integer, every value checked against the
bundled ``ListThreadsParameters`` or ``ListThreadItemsParameters`` schema, refused with the service's 400.

Parameters no schema declares are ignored, as a query string's extras are; a repeated one counts once, first.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from contract.parsing.numbers import ascii_whole
from contract.schemas import bundle
from contract.standin.createbody import BodyError, as_body_error

__all__ = ["BodyError", "read_query"]

_CURSORS = ("after", "before")


@cache
def _engines(name: str) -> tuple[Any, Any]:
    import jsonschema_rs
    from jsonschema import Draft202012Validator

    document = bundle(name)
    return jsonschema_rs.validator_for(document), Draft202012Validator(document)


def read_query(name: str, query: Mapping[str, str]) -> dict[str, Any]:
    """The query's declared parameters, ``limit`` an integer; a query the service refuses raises :class:`BodyError`."""
    fast, detailed = _engines(name)
    declared = bundle(name)["properties"]
    # An empty cursor (after=) continues from nowhere: the first page, as if it were not given.
    value: dict[str, Any] = {
        key: text for key, text in query.items() if key in declared and not (key in _CURSORS and not text)
    }
    if "limit" in value:
        # A URL says everything in text; the service reads a limit of plain digits as the integer it spells.
        number = ascii_whole(value["limit"])
        value["limit"] = number if number is not None else value["limit"]
    if not fast.is_valid(value):
        from jsonschema.exceptions import best_match

        error = best_match(detailed.iter_errors(value))
        if error is not None:
            raise as_body_error(error)
    return value
