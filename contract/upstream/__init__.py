"""Upstream drift: load OpenAI's OpenAPI document, normalise schema shapes, and diff them with the bundled ones.

Layer: beside ``live``, ``redaction``, ``standin`` and ``strategies``; imports the base modules only.
"""

from __future__ import annotations

from contract.upstream.diff import KNOWN_DEVIATIONS, Change, Deviation, UpstreamDiff, upstream_diff

__all__ = ["KNOWN_DEVIATIONS", "Change", "Deviation", "UpstreamDiff", "upstream_diff"]
