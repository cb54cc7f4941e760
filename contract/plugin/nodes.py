"""Recorded exchanges as pytest nodes: a collector per recordings path, an item per exchange.

Imported by the plugin only when ``--chatkit-recordings`` or a fixture needs it, so a pytest run that
uses neither pays nothing for the validator.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from contract.assertions import failure_message
from contract.check.validator import Validator
from contract.errors import ContractError
from contract.exchange import Exchange, Skipped, Unreadable
from contract.findings import summarise
from contract.gate.config import GateConfig, load_settings
from contract.operations import canonical_operation
from contract.secrets import mask_text
from contract.sources import iter_records

__all__ = [
    "RecordedExchange",
    "RecordingDirectory",
    "RecordingFile",
    "collect_recordings",
    "settings_for",
    "validator_for",
]

_VALIDATOR = pytest.StashKey[Validator]()
_SETTINGS = pytest.StashKey[GateConfig]()
_SKIPPED = pytest.StashKey[list[Skipped]]()
# Item names stay letters, digits and dashes: easy to type after -k or in a shell.
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_]+")


def settings_for(config: pytest.Config) -> GateConfig:
    """``[tool.chatkit-contract]`` from the nearest pyproject.toml (as ``validate`` and ``gate`` read it), with
    the ``--chatkit-*`` options given applied over it; read once, on first use."""
    if _SETTINGS not in config.stash:
        try:
            settings = load_settings(start=config.invocation_params.dir)
        except ContractError as err:
            raise pytest.UsageError(mask_text(str(err))) from None
        config.stash[_SETTINGS] = settings.merged(
            profile=config.getoption("chatkit_profile"),
            operation=config.getoption("chatkit_operation"),
            ignore=frozenset(config.getoption("chatkit_ignore")) or None,
            allow_empty=config.getoption("chatkit_allow_empty"),
        )
    return config.stash[_SETTINGS]


def validator_for(config: pytest.Config) -> Validator:
    """The one validator of this run, built on first use from the settings."""
    if _VALIDATOR not in config.stash:
        settings = settings_for(config)
        config.stash[_VALIDATOR] = Validator(
            operation=settings.operation or "cancel", profile=settings.profile, ignore=settings.ignore
        )
    return config.stash[_VALIDATOR]


def collect_recordings(session: pytest.Session, paths: Iterable[Path]) -> list[pytest.Item]:
    """Collect every exchange under *paths* as items; unusable paths are collection errors, and a part of a
    recording that cannot be read is an item failing with its ``recording.unreadable`` finding.

    Recordings that hold nothing to check are a usage error (unless empty runs are allowed): a CI job that
    points at the wrong directory must not go green having checked nothing.
    """
    settings = settings_for(session.config)
    skipped = session.config.stash.setdefault(_SKIPPED, [])
    failures = session.testsfailed
    items: list[pytest.Item] = []
    for given in paths:
        path = Path(os.path.normpath(given))  # as pytest names nodes: no '..' left inside
        node: pytest.Collector
        if path.is_dir():
            node = RecordingDirectory.from_parent(session, path=path)
        else:
            node = RecordingFile.from_parent(session, path=path)
        items.extend(session.genitems(node))
    if not items and session.testsfailed == failures and not settings.allow_empty:
        why = summarise(skipped).why_nothing_checked()
        message = f"--chatkit-recordings: nothing was checked: {why}; pass --chatkit-allow-empty to accept that"
        raise pytest.UsageError(message)
    return items


Record = Exchange | Unreadable


def item_name(record: Record) -> str:
    """``entry 3`` becomes ``entry-3``; a file holding a single response has the item ``response``, and the
    point where a recording breaks off, ``unreadable``."""
    fallback = "unreadable" if isinstance(record, Unreadable) else "response"
    if not record.location:
        return fallback
    return _NOT_IN_NAME.sub("-", record.location.strip()).strip("-").lower() or fallback


class _RecordingsCollector(pytest.Collector):
    """Reads its path through the sources; an unusable path is one line naming it."""

    def _read(self) -> Iterator[Record]:
        # Hand the sources the path as the user spelled it (relative to where pytest was started),
        # so their error messages name it that way.
        path = os.path.relpath(self.path, self.config.invocation_params.dir)
        skipped = self.config.stash.setdefault(_SKIPPED, [])
        for record in iter_records([path], operation=settings_for(self.config).operation):
            if isinstance(record, (Exchange, Unreadable)):
                yield record
            else:
                skipped.append(record)

    def _located(self, source: str) -> Path:
        return Path(os.path.normpath(self.config.invocation_params.dir / source))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """The error's own message for ContractError; pytest's report for anything else."""
        if isinstance(excinfo.value, ContractError):
            return mask_text(str(excinfo.value))
        return super().repr_failure(excinfo)


class RecordingDirectory(_RecordingsCollector, pytest.Directory):
    """A directory of recordings: one child per file that holds exchanges, in the sources' order."""

    def collect(self) -> Iterator[RecordingFile]:
        """Group the directory's exchanges by the file they came from."""
        by_file: dict[str, list[Record]] = {}
        for record in self._read():
            by_file.setdefault(record.source, []).append(record)
        for source, records in by_file.items():
            yield RecordingFile.from_parent(self, path=self._located(source), records=records)


class RecordingFile(_RecordingsCollector, pytest.File):
    """One recording file: an item per exchange it holds, named after the exchange's location."""

    def __init__(self, *, records: Sequence[Record] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._records = records

    def collect(self) -> Iterator[RecordedExchange]:
        """Items named ``entry-3``, ``line-2``, ``interaction-1``, or ``response`` for a single document."""
        records = self._records if self._records is not None else self._read()
        for record in records:
            yield RecordedExchange.from_parent(self, name=item_name(record), exchange=record)


class _ContractFailure(Exception):
    """Raised by a recorded exchange that does not conform; carries the finished report."""


class RecordedExchange(pytest.Item):
    """One recorded exchange, checked with the run's validator; fails with every finding (a part of a recording
    that cannot be read fails with its one finding)."""

    def __init__(self, *, exchange: Record, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.exchange = exchange

    def runtest(self) -> None:
        """Check the exchange; its findings become the failure report."""
        validator = validator_for(self.config)
        # Name the file relative to the rootdir, as pytest's node ids do, not by the absolute path read.
        record = replace(self.exchange, source=os.path.relpath(self.path, self.config.rootpath))
        result = validator.unreadable(record) if isinstance(record, Unreadable) else validator.check(record)
        if not result.ok:
            named = record.operation if isinstance(record, Exchange) else None
            operation = (canonical_operation(named) if named else None) or validator.operation
            raise _ContractFailure(failure_message(result, validator, operation=operation))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """The findings block alone: nothing of this plugin's internals is worth a traceback."""
        if isinstance(excinfo.value, _ContractFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """The file and the exchange's place in it, for the failure's header line."""
        # A domain that is not the end of the node id keeps pytest from printing its dots as '::'.
        location = self.exchange.location
        return self.path, None, f"{self.path.name} {location}" if location else self.path.name
