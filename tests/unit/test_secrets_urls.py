"""URLs in the secrets catalogue: user information and credential-bearing query values are masked, the rest kept."""

from __future__ import annotations

import pytest

from contract.secrets import REDACTED, mask_url, mask_urls


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("s3://bucket/logs/2025/x.jsonl", "s3://bucket/logs/2025/x.jsonl"),
        ("https://me:hunter2@host:8443/x.har", f"https://{REDACTED}@host:8443/x.har"),
        ("https://token@host/x.har", f"https://{REDACTED}@host/x.har"),
        (
            "https://b.s3.amazonaws.com/x.jsonl?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=ab12&versionId=3",
            f"https://b.s3.amazonaws.com/x.jsonl?X-Amz-Credential={REDACTED}&X-Amz-Signature={REDACTED}&versionId=3",
        ),
        (
            "https://acct.blob.core.windows.net/c/x.json?sv=2022&sig=Zm9v",
            f"https://acct.blob.core.windows.net/c/x.json?sv=2022&sig={REDACTED}",
        ),
        ("gs://b/x.json?access_token=ya29.abc", f"gs://b/x.json?access_token={REDACTED}"),
        ("https://host/x.json?api_key=sk-proj-abc123", f"https://host/x.json?api_key={REDACTED}"),
        ("https://host/x/ek_live_0123456789abcdef.json", f"https://host/x/ek_{REDACTED}.json"),
    ],
)
def test_a_url_is_shown_without_its_credentials(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_urls_inside_a_message_are_masked_and_the_punctuation_around_them_kept() -> None:
    """A storage library's message: each URL masked, the colon after it and the rest of the text as they were."""
    message = "GET https://u:p@host/x?sig=abc: 403 Forbidden (s3://b/k) with Bearer tok123 sent."
    assert (
        mask_urls(message)
        == f"GET https://{REDACTED}@host/x?sig={REDACTED}: 403 Forbidden (s3://b/k) with Bearer {REDACTED} sent."
    )
