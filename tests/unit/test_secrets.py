"""Masking keeps the shape of a credential and nothing else."""

from __future__ import annotations

import pytest

from contract.secrets import mask, mask_text


@pytest.mark.parametrize(
    ("secret", "masked"),
    [
        ("ek_68f2c3d1e5a94b7c", "ek_…(redacted)"),
        ("sk-proj-abc123", "sk-proj-…(redacted)"),
        ("sk-abc123", "sk-…(redacted)"),
        ("chatkit_token_123", "chatkit_token_…(redacted)"),
        ("hunter2", "…(redacted)"),
    ],
)
def test_mask_keeps_only_a_known_prefix(secret: str, masked: str) -> None:
    """Known shapes keep their prefix; unknown ones keep nothing."""
    assert mask(secret) == masked


def test_mask_text_finds_credentials_inside_prose() -> None:
    """Keys and bearer tokens embedded in messages are masked in place."""
    text = "Incorrect API key provided: sk-proj-abc123. Header was 'Bearer tok_456', secret ek_789."
    masked = mask_text(text)
    assert "abc123" not in masked
    assert "tok_456" not in masked
    assert "ek_789" not in masked
    assert masked.startswith("Incorrect API key provided: sk-proj-…(redacted).")
    assert "Bearer …(redacted)" in masked


def test_mask_text_leaves_ordinary_words_alone() -> None:
    """Words that merely contain 'sk' or 'ek' are not credentials."""
    assert mask_text("risk-free week_end task") == "risk-free week_end task"
