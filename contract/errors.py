"""The one exception family of the package: raised only when a check could not run at all."""

from __future__ import annotations

__all__ = ["ClusterError", "ContractError", "EndpointError", "EngineError", "InputError", "RecordingError"]


class ContractError(Exception):
    """Base class: chatkit-contract could not do its job (as opposed to finding a violation)."""


class InputError(ContractError):
    """A user-supplied input (path, option, configuration) is unusable; the message names it."""


class RecordingError(InputError):
    """A recording (HAR file, cassette) cannot be read past a point; ``line`` and ``column`` say where.

    Checking a run reports it as a ``recording.unreadable`` finding and goes on with the other inputs.
    """

    def __init__(self, source: str, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f":{line}:{column}" if line is not None else ""
        super().__init__(f"{source}{where}: {message}")
        self.source, self.message, self.line, self.column = source, message, line, column


class EndpointError(ContractError):
    """A live endpoint could not be reached, kept failing after every retry, or refused the credentials."""


class EngineError(ContractError):
    """An optional engine cannot run with the installed packages; the message names versions that work."""


class ClusterError(ContractError):
    """A Dask cluster could not be reached, or lost work it could not redo: the run stopped, nothing half reported."""
