"""The installed version of chatkit-contract, read once from the package metadata."""

from __future__ import annotations

from functools import cache

__all__ = ["installed_version"]


@cache
def installed_version() -> str:
    """The distribution's version, or ``0+unknown`` in a checkout that was never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chatkit-contract")
    except PackageNotFoundError:  # pragma: no cover - a bare checkout that was never installed
        return "0+unknown"
