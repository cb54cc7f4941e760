"""The engines that can build strategies, and the version check that guards hypothesis-jsonschema."""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from contract.errors import EngineError

__all__ = [
    "BUILTIN",
    "ENGINES",
    "EXTRA_INSTALL",
    "HYPOTHESIS_JSONSCHEMA",
    "check_engine",
    "incompatibility",
    "jsonschema_strategy",
]

BUILTIN = "builtin"
HYPOTHESIS_JSONSCHEMA = "hypothesis-jsonschema"
ENGINES = (BUILTIN, HYPOTHESIS_JSONSCHEMA)

# hypothesis-jsonschema 0.23.1 calls an internal Hypothesis API that 6.170.10 changed: every object
# schema then fails with "'many' object has no attribute 'more'". Later releases are assumed fixed.
# The package's extra of the same name pins a pair that works (pyproject.toml; a test keeps them in step).
_LAST_BROKEN_JSONSCHEMA = (0, 23, 1)
_FIRST_BREAKING_HYPOTHESIS = (6, 170, 10)
#: What installs the engine with versions that work together.
EXTRA_INSTALL = "pip install 'chatkit-contract[hypothesis-jsonschema]'"


def _release(version: str) -> tuple[int, ...]:
    """The numeric release of a version string: ``"6.170.9"`` -> ``(6, 170, 9)``."""
    match = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def incompatibility(hypothesis_version: str, jsonschema_version: str) -> str | None:
    """Why this pair of hypothesis and hypothesis-jsonschema versions cannot generate objects, or None."""
    if _release(jsonschema_version) > _LAST_BROKEN_JSONSCHEMA:
        return None
    if _release(hypothesis_version) < _FIRST_BREAKING_HYPOTHESIS:
        return None
    return (
        f"hypothesis-jsonschema {jsonschema_version} crashes on object schemas with hypothesis "
        f"{hypothesis_version}; it works with hypothesis 6.100 up to 6.170.9, the pair the extra installs "
        f"({EXTRA_INSTALL}), or use the default engine"
    )


def check_engine(engine: str) -> None:
    """Refuse an unknown engine (InvalidArgument) or one that cannot run here (EngineError)."""
    if engine not in ENGINES:
        raise InvalidArgument(f"engine={engine!r}; choose one of: {', '.join(map(repr, ENGINES))}")
    if engine == BUILTIN:
        return
    try:
        installed = metadata.version("hypothesis-jsonschema")
    except metadata.PackageNotFoundError as err:
        message = f"engine='hypothesis-jsonschema' needs the optional package: {EXTRA_INSTALL}"
        raise EngineError(message) from err
    reason = incompatibility(metadata.version("hypothesis"), installed)
    if reason is not None:
        raise EngineError(f"engine='hypothesis-jsonschema' cannot run: {reason}")


def jsonschema_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """hypothesis-jsonschema's strategy for *schema* (call :func:`check_engine` first)."""
    from hypothesis_jsonschema import from_schema

    strategy: st.SearchStrategy[Any] = from_schema(schema)
    return strategy
