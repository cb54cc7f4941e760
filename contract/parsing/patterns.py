"""Regular expressions compiled when first used, not when their module is imported.

Compiling costs about 0.1 ms a pattern, and a run over conforming files uses few of the dozens its modules
define (the credential finders, the readers of other formats): compiling them all up front was a noticeable
part of every start-up. A lazy pattern is a stand-in for the compiled one: its methods and attributes are the
compiled pattern's own once it is first used (then no slower to call), but it is no :class:`re.Pattern`, so
it cannot be handed to the functions of :mod:`re` themselves.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

__all__ = ["lazy_compile"]

# What a compiled pattern offers, copied onto the stand-in when it compiles.
_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _Lazy:
    """Compiles its pattern the first time any attribute is asked for, then holds the compiled one's."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source: tuple[Any, int] = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not found: before compiling, or for one no pattern has. Private and special
        # names (copy and pickle ask for some) are none of a pattern's.
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        self.__dict__.update((attribute, getattr(compiled, attribute)) for attribute in _ATTRIBUTES)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        pattern, flags = self._source
        return f"lazy_compile({pattern!r}, {flags!r})"


def lazy_compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """*pattern* as :func:`re.compile` gives it, compiled the first time it is used."""
    return cast("re.Pattern[AnyStr]", _Lazy(pattern, int(flags)))
