"""click parameter types of our own: values checked and converted while the command line is read."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import click

from contract.records import Record
from contract.report import REPORTERS

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

__all__ = ["ReportFile", "ReportFileType", "SchedulerType"]

# What a bare path given where FORMAT=PATH belongs most likely meant, by its suffix, for the error's suggestion.
_FORMAT_BY_SUFFIX = {
    ".json": "json",
    ".xml": "junit",
    ".sarif": "sarif",
    ".txt": "text",
    ".log": "text",
    ".html": "html",
    ".md": "markdown",
}


class ReportFile(Record):
    """One ``--output FORMAT=PATH``: a report in ``format`` written to ``path``."""

    _fields = ("format", "path")
    __slots__ = _fields
    format: str
    path: str

    def __init__(self, format: str, path: str) -> None:
        object.__setattr__(self, "format", format)
        object.__setattr__(self, "path", path)


class ReportFileType(click.ParamType):  # type: ignore[type-arg]  # generic only in recent click
    """``FORMAT=PATH``: a report format the command writes (default: every registered reporter), and a path that
    is not a directory."""

    name = "FORMAT=PATH"

    def __init__(self, formats: tuple[str, ...] | None = None) -> None:
        self.formats = formats if formats is not None else tuple(REPORTERS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> ReportFile:
        if isinstance(value, ReportFile):
            return value
        format_, sep, path = str(value).partition("=")
        if not sep:
            guess = _FORMAT_BY_SUFFIX.get(PurePath(value).suffix.lower(), "text")
            self.fail(f"{value!r} is not FORMAT=PATH; did you mean {guess}={value}?", param, ctx)
        if format_ not in self.formats:
            known = ", ".join(self.formats)
            self.fail(f"unknown report format {format_!r} in {value!r}; choose one of: {known}", param, ctx)
        if not path:
            self.fail(f"{value!r} names no file after '='", param, ctx)
        click.Path(dir_okay=False).convert(path, param, ctx)  # a directory is refused now, not after the run
        return ReportFile(format_, path)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        """The formats, up to the ``=``; the shell cannot complete a path glued to them."""
        from click.shell_completion import CompletionItem

        return [
            CompletionItem(f"{name}=", help=f"a {name} report") for name in self.formats if name.startswith(incomplete)
        ]


class SchedulerType(click.ParamType):  # type: ignore[type-arg]  # generic only in recent click
    """``local`` or a Dask scheduler address, checked as ``scheduler`` in ``[tool.chatkit-contract]`` is."""

    name = "ADDRESS|local"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from contract.run.cluster import check_scheduler

        try:
            return check_scheduler(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)
