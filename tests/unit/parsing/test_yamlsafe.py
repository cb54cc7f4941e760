"""What a composed YAML document expands to, counted once per node whether or not aliases share them."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import yaml

from contract.parsing.yamlsafe import no_timestamp_loader, yaml_expansion


def _node(text: str) -> yaml.Node:
    loader = no_timestamp_loader()(text)
    try:
        node: yaml.Node = loader.get_single_node()
        return node
    finally:
        loader.dispose()


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("[1, 2, 3]", 4),
        ("{a: [1, 2], b: {c: d}}", 9),
        ("[&x 1, *x, *x]", 4),  # a shared scalar is one value per use
        ("[&x [1, 2], *x, *x]", 10),  # a shared list is its three values per use
    ],
)
def test_a_document_at_its_size_is_fine_and_one_value_less_is_refused(text: str, values: int) -> None:
    """Trees and graphs alike expand to every value a reader would walk, aliases followed."""
    assert yaml_expansion(_node(text), limit=values) is None
    assert yaml_expansion(_node(text), limit=values - 1) == f"its aliases expand to more than {values - 1:,} values"


def test_an_alias_inside_the_list_it_names_is_refused() -> None:
    """A list that holds itself expands for ever."""
    assert yaml_expansion(_node("&x [1, *x]")) == "an alias refers to a collection that contains it"


def test_loading_an_openapi_document_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    """The collector is held off while the document is built, and on again after, or still off if it was."""
    from contract.upstream.openapi import load_openapi

    path = tmp_path / "openapi.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {version: 2024-10-01}\n")
    assert load_openapi(path) == {"openapi": "3.1.0", "info": {"version": "2024-10-01"}}
    assert gc.isenabled()
    gc.disable()
    try:
        load_openapi(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
