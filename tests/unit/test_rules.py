"""The rule catalogue: stable ids, severities per profile, and the README table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from contract.operations import OPERATIONS
from contract.rules import RULES, severity_of
from contract.schemas import bundle

_RULE_ID = re.compile(r"^[a-z]+\.[a-z0-9-]+$")


def test_rule_ids_are_stable_dotted_lowercase_slugs() -> None:
    """Rule ids are part of the public contract: family.slug, lower case."""
    for rule_id, rule in RULES.items():
        assert _RULE_ID.match(rule_id), rule_id
        assert rule.summary.endswith(".")
        assert rule.severity in ("error", "warning")


def _schema_keywords(node: dict[str, Any]) -> set[str]:
    """Keywords used anywhere in a schema, walking only subschema positions (not member names)."""
    found = set(node)
    children = [
        *node.get("properties", {}).values(),
        *node.get("$defs", {}).values(),
        *node.get("anyOf", []),
        *node.get("oneOf", []),
    ]
    for key in ("additionalProperties", "items"):
        if isinstance(node.get(key), dict):
            children.append(node[key])
    for child in children:
        found |= _schema_keywords(child)
    return found


@pytest.mark.parametrize("resource", sorted({operation.resource for operation in OPERATIONS}))
def test_every_assertion_keyword_in_the_bundle_has_a_schema_rule(resource: str) -> None:
    """A schema keyword that can fail without a catalogued rule would have no stable id to report."""
    annotations = {"$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "x-upstream"}
    annotations |= {"discriminator", "format"}  # an OpenAPI annotation, and formats draft 2020-12 only annotates
    # Applicators are reported through the branch or value they hold (a oneOf through the branch its discriminator
    # names, or schema.one-of); additionalProperties and items only hold values here.
    applicators = {"anyOf", "oneOf", "properties", "additionalProperties", "items"}
    asserting = _schema_keywords(bundle(resource)) - annotations - applicators
    assert asserting <= {"type", "required", "enum", "const"}
    for keyword in asserting:
        assert f"schema.{keyword}" in RULES, keyword
    assert "schema.one-of" in RULES


def test_strict_profile_raises_only_the_documented_warnings() -> None:
    """Strict turns drift, BOM and id-prefix warnings into errors and leaves errors alone."""
    raised = {r for r in RULES if severity_of(r, "lenient") == "warning" and severity_of(r, "strict") == "error"}
    assert raised == {
        "drift.unknown-field",
        "json.bom",
        "session.expires-at-range",
        "session.id-prefix",
        "thread.status-reason",
    }
    assert all(severity_of(r, "strict") == "error" for r in RULES if RULES[r].severity == "error")


def test_every_rule_appears_in_the_readme_rule_table() -> None:
    """The README's rule table lists each rule id."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    missing = [rule_id for rule_id in RULES if f"`{rule_id}`" not in readme]
    assert not missing
