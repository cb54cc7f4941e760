"""Redaction: mask credentials in recordings (JSON, JSON Lines, HAR, VCR cassettes) so they are safe to commit.

What counts as a credential is not defined here but in :mod:`contract.secrets`, the one catalogue every
writer shares; this package applies it to whole files, as a stream (:mod:`.stream`: JSON Lines,
:mod:`.documents`: JSON, :mod:`.yamlstream`: YAML), by structure where the text parses (:mod:`.record`,
:mod:`.walk`, :mod:`.literals`) and by name and shape where it does not, replacing the file atomically
(:mod:`.copies`, :mod:`.pieces` for large JSON Lines files across processes).

Layer: beside ``live``, ``standin``, ``strategies`` and ``upstream``; imports ``sources`` and the base modules.
"""

from __future__ import annotations

from contract.redaction.redactor import Leak, Redaction, redact_bytes, redact_file

__all__ = ["Leak", "Redaction", "redact_bytes", "redact_file"]
