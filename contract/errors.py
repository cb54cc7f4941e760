"""The one exception family of the package: raised only when a check could not run at all."""

from __future__ import annotations

__all__ = ["ContractError", "EndpointError", "EngineError", "InputError"]


class ContractError(Exception):
    """Base class: chatkit-contract could not do its job (as opposed to finding a violation)."""


class InputError(ContractError):
    """A user-supplied input (path, option, configuration) is unusable; the message names it."""


class EndpointError(ContractError):
    """A live endpoint could not be reached, kept failing after every retry, or refused the credentials."""


class EngineError(ContractError):
    """An optional engine cannot run with the installed packages; the message names versions that work."""
