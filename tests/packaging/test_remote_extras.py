"""The storage and cluster libraries are extras: a plain install pulls none of them, each extra brings its own."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).parents[2]
PROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
HEAVY = {"fsspec", "s3fs", "gcsfs", "aiohttp", "dask", "distributed"}


def _names(entries: list[str]) -> set[str]:
    return {Requirement(entry).name for entry in entries}


def test_the_default_install_pulls_no_storage_or_cluster_library() -> None:
    assert not _names(PROJECT["project"]["dependencies"]) & HEAVY


def test_each_extra_brings_what_its_urls_or_scheduler_need() -> None:
    """s3 and gcs their filesystems, http fsspec's web extra, dask the distributed scheduler, each with fsspec."""
    extras = PROJECT["project"]["optional-dependencies"]
    assert _names(extras["s3"]) == {"fsspec", "s3fs"}
    assert _names(extras["gcs"]) == {"fsspec", "gcsfs"}
    assert [(r.name, r.extras) for r in map(Requirement, extras["http"])] == [("fsspec", {"http"})]
    assert [(r.name, r.extras) for r in map(Requirement, extras["dask"])] == [
        ("dask", {"distributed"}),
        ("fsspec", set()),
    ]


def test_ci_checks_that_a_plain_install_has_none_of_them() -> None:
    step = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "('fsspec', 's3fs', 'gcsfs', 'dask', 'distributed')" in step
