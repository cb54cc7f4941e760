"""YAML read safely, one way for every reader: no objects, no timestamps, and aliases counted before use.

A value whose tag cannot be constructed (``!!bool 'abc'``, ``!!timestamp '2024-13-45'``, an integer of
5,000 digits) is a ``ConstructorError`` at that value's line, like every other YAML error, so a reader
needs one ``except yaml.YAMLError`` and never meets PyYAML's bare ``KeyError`` or ``ValueError``.

PyYAML is imported when a loader is first asked for, so nothing that never reads YAML pays for it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from contract.limits import MAX_YAML_NODES

__all__ = ["construct", "no_timestamp_loader", "streaming_loader", "yaml_expansion"]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STANDARD_TAGS = "tag:yaml.org,2002:"
# What PyYAML's own scalar constructors raise for a value their tag cannot hold: KeyError (!!bool 'abc'),
# ValueError (!!int 'abc', too many digits, !!timestamp '2024-13-45'), IndexError (!!int ''),
# AttributeError (!!timestamp 'abc'). Everything else they refuse is already a ConstructorError.
_REFUSED_VALUE = (KeyError, ValueError, IndexError, AttributeError)
# Constructors that raise no bare error: a string is the scalar's text, and the collections' are generators whose
# bodies run later, outside any wrapper. Left as they are, most nodes skip a call.
_CANNOT_REFUSE = frozenset(_STANDARD_TAGS + name for name in ("str", "seq", "map"))
_SHOWN = 40
# Standard tags whose values (bytes, sets, datetimes, lists of pairs) JSON has no counterpart for.
_NOT_JSON = ("binary", "set", "timestamp", "omap", "pairs")


def _without_timestamps(loader: type[Any]) -> None:
    """Keep ``2024-10-01`` a string, as JSON would (OpenAI's spec writes its version that way, unquoted)."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in loader.yaml_implicit_resolvers.items()
    }


def _shown(node: Any) -> str:
    """A scalar's text as an error message quotes it: short ones whole, long ones cut with their length."""
    text = str(node.value)
    if len(text) <= _SHOWN:
        return repr(text)
    return f"{text[: _SHOWN // 2]!r}… ({len(text):,} characters)"


def _marked(constructor: Callable[..., Any]) -> Callable[..., Any]:
    """*constructor*, raising ``ConstructorError`` at the node's place where it would raise a bare error."""

    @functools.wraps(constructor)
    def construct_value(loader: Any, *args: Any) -> Any:
        try:
            return constructor(loader, *args)
        except _REFUSED_VALUE as err:
            from yaml.constructor import ConstructorError

            node = args[-1]  # single constructors get (node), multi-constructors (suffix, node)
            tag = str(node.tag).replace(_STANDARD_TAGS, "!!")
            problem = f"{_shown(node)} is not a valid {tag} value"
            if isinstance(err, ValueError) and "digits" in str(err):
                problem += f" (an integer of more than {sys.get_int_max_str_digits():,} digits)"
            raise ConstructorError(None, None, problem, node.start_mark) from err

    return construct_value


def _reporting_bad_values(loader: type[Any]) -> None:
    """Make every constructor of *loader* report a value it cannot build as a marked YAML error."""
    loader.yaml_constructors = {
        tag: built if tag in _CANNOT_REFUSE else _marked(built) for tag, built in loader.yaml_constructors.items()
    }
    loader.yaml_multi_constructors = {tag: _marked(built) for tag, built in loader.yaml_multi_constructors.items()}


def construct(loader: Any, node: Any) -> Any:
    """The Python value of the composed *node*; a value its tag cannot hold is a ``yaml.YAMLError``.

    The loader stays usable for the next node after an error (a cassette goes on with its next interaction).
    """
    from yaml.constructor import ConstructorError

    try:
        return loader.construct_document(node)
    except RecursionError:
        _forget(loader)
        raise ConstructorError(None, None, "nested too deeply to build", node.start_mark) from None
    except ConstructorError:
        _forget(loader)
        raise


def _forget(loader: Any) -> None:
    """Drop what a failed construction left half built: construct_document resets it only when it succeeds."""
    loader.constructed_objects, loader.recursive_objects, loader.state_generators = {}, {}, []
    loader.deep_construct = False


def _no_json_equivalent(loader: Any, node: Any) -> Any:
    from yaml.constructor import ConstructorError

    tag = str(node.tag).replace(_STANDARD_TAGS, "!!")
    raise ConstructorError(None, None, f"a {tag} value has no JSON equivalent", node.start_mark)


@cache
def no_timestamp_loader() -> type[Any]:
    """The C safe loader (the 3 MB upstream document loads in under a second) for documents that are JSON data.

    ``2024-10-01`` stays a string, as JSON would have it; a value JSON cannot hold (``!!binary``, ``!!set``,
    an explicit ``!!timestamp``, ``!!omap``, ``!!pairs``) is a ``ConstructorError`` at its place.
    """
    import yaml

    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class NoTimestampLoader(base):  # type: ignore[misc]
        """A safe loader that builds only what JSON can hold, and keeps ``2024-10-01`` a string."""

    _without_timestamps(NoTimestampLoader)
    _reporting_bad_values(NoTimestampLoader)
    for name in _NOT_JSON:
        NoTimestampLoader.add_constructor(_STANDARD_TAGS + name, _no_json_equivalent)
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
    _reporting_bad_values(StreamingLoader)
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
    size = _tree_size(root)
    if size is None:
        return _shared_expansion(root, limit)
    return f"its aliases expand to more than {limit:,} values" if size > limit else None


def _tree_size(root: Any) -> int | None:
    """How many values *root* expands to when no collection in it is reached twice (no alias to one: the
    common case), else ``None``.

    Then it is a tree, save for scalars it may share, and expands to a value per visit: one quick pass.
    """
    from yaml.nodes import CollectionNode, MappingNode

    count = 0
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        count += 1
        if not isinstance(node, CollectionNode):
            continue
        if id(node) in seen:
            return None
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for pair in node.value:
                stack.extend(pair)
        else:
            stack.extend(node.value)
    return count


def _shared_expansion(root: Any, limit: int) -> str | None:
    """:func:`yaml_expansion` for a node graph with shared nodes: each weighed by what it expands to."""
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
