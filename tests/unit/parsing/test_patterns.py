"""A lazily compiled pattern answers every question as the compiled pattern does."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from contract.parsing.patterns import lazy_compile


@pytest.mark.parametrize(
    ("pattern", "flags", "text"),
    [
        (r"(?P<word>[a-z]+)-(\d+)", 0, "x abc-12 de-3"),
        (r"^ek_\w+$", re.IGNORECASE | re.MULTILINE, "EK_1\nek_two\nno"),
        (rb"\{\s*\"log\"", 0, b'  { "log": 1}'),
    ],
)
def test_every_method_and_attribute_matches_the_compiled_pattern(pattern: Any, flags: int, text: Any) -> None:
    """match, search, finditer, sub, split and the attributes agree with re.compile's, before and after first use."""
    lazy, compiled = lazy_compile(pattern, flags), re.compile(pattern, flags)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        compiled.groupindex,
    )
    empty = text[:0]
    for name, args in [
        ("search", (text,)),
        ("match", (text, 1)),
        ("fullmatch", (text,)),
        ("findall", (text,)),
        ("split", (text,)),
        ("sub", (empty, text)),
        ("subn", (empty, text)),
    ]:
        ours, theirs = getattr(lazy, name)(*args), getattr(compiled, name)(*args)
        assert (ours.span() if isinstance(ours, re.Match) else ours) == (
            theirs.span() if isinstance(theirs, re.Match) else theirs
        ), name
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]


def test_nothing_is_compiled_until_the_pattern_is_used() -> None:
    """A pattern that does not compile raises only when first used, as re.compile would have then."""
    broken = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        broken.search("unclosed")


def test_a_copy_is_still_a_working_pattern() -> None:
    """Copying asks for special methods, which must not compile nor recurse."""
    lazy = lazy_compile(r"a+")
    assert copy.copy(lazy).fullmatch("aaa") is not None
    assert copy.deepcopy(lazy_compile(r"b+")).fullmatch("bb") is not None
