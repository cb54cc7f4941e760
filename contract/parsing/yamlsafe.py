"""YAML read safely, one way for every reader: no objects, no timestamps, and aliases counted before use.

PyYAML is imported when a loader is first asked for, so nothing that never reads YAML pays for it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from contract.limits import MAX_YAML_NODES

__all__ = ["no_timestamp_loader", "streaming_loader", "yaml_expansion"]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _without_timestamps(loader: type[Any]) -> None:
    """Keep ``2024-10-01`` a string, as JSON would (OpenAI's spec writes its version that way, unquoted)."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in loader.yaml_implicit_resolvers.items()
    }


@cache
def no_timestamp_loader() -> type[Any]:
    """The C safe loader (the 3 MB upstream document loads in under a second) minus timestamp coercion."""
    import yaml

    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class NoTimestampLoader(base):  # type: ignore[misc]
        """A safe loader that keeps ``2024-10-01`` a string, as JSON would."""

    _without_timestamps(NoTimestampLoader)
    return NoTimestampLoader


@cache
def streaming_loader() -> type[Any]:
    """A safe loader whose parser hands out one event at a time (libyaml's when present).

    Python-specific tags (VCR writes ``!!python/tuple``) are read as plain data, never as objects.
    """
    import yaml
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    base: Any = yaml.SafeLoader
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        pass
    else:

        class _Events(CParser, SafeConstructor, Resolver):
            # libyaml composes whole documents only; the pure-Python composer works on its events.
            compose_node = Composer.compose_node
            compose_scalar_node = Composer.compose_scalar_node
            compose_sequence_node = Composer.compose_sequence_node
            compose_mapping_node = Composer.compose_mapping_node

            def __init__(self, stream: Any) -> None:
                CParser.__init__(self, stream)
                SafeConstructor.__init__(self)
                Resolver.__init__(self)
                self.anchors: dict[str, Any] = {}

        base = _Events

    class StreamingLoader(base):  # type: ignore[misc]
        """Composes one node at a time; constructs plain data only."""

    StreamingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain)
    _without_timestamps(StreamingLoader)
    return StreamingLoader


def _plain(loader: Any, suffix: str, node: Any) -> Any:
    from yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _children(node: Any) -> list[Any]:
    from yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def yaml_expansion(root: Any, limit: int = MAX_YAML_NODES) -> str | None:
    """Why the composed YAML *root* is unsafe to construct or walk (aliases expanding past *limit* nodes,
    or an alias inside the node it names), or ``None`` when it is fine.

    Aliases share nodes, so a few hundred bytes can stand for billions of values; every node is
    counted once, and each shared one is weighed by what it expands to.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > limit:
                return f"its aliases expand to more than {limit:,} values"
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return "an alias refers to a collection that contains it"
        children = _children(node)
        if not children:
            sizes[key] = 1
            continue
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    return None
