"""Coverage in every form it is read in: a terminal table, JSON (which ``generate --fill-gaps`` reads back), a
Markdown table for a GitHub step summary, and the HTML page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from contract.coverage import Coverage, OperationCoverage, Requirement

__all__ = ["COVERAGE_FORMATS", "coverage_line", "markdown", "write_coverage"]

_GREEN, _RED, _RESET = "\033[32m", "\033[31m", "\033[0m"
_MAX_MISSING = 40


def coverage_line(coverage: Coverage) -> str:
    """``coverage: 13 of 56 variants observed (23%) over 3 responses``."""
    return (
        f"coverage: {coverage.observed} of {coverage.total} variants observed ({coverage.ratio:.0%}) "
        f"over {coverage.responses} response{'s' if coverage.responses != 1 else ''}"
    )


def _heading(op: OperationCoverage) -> str:
    return (
        f"{op.operation} ({op.method} {op.path} -> {op.resource}): {op.observed} of {op.total} variants "
        f"({op.ratio:.0%}), {op.responses} response{'s' if op.responses != 1 else ''}"
    )


def _rows(op: OperationCoverage) -> dict[str, list[tuple[str, int]]]:
    rows: dict[str, list[tuple[str, int]]] = {}
    for variant, count in op.variants:
        rows.setdefault(variant.path, []).append((variant.label, count))
    return rows


def _text(stream: TextIO, coverage: Coverage, color: bool, verbosity: int) -> None:
    def paint(text: str, count: int) -> str:
        return f"{_GREEN if count else _RED}{text}{_RESET}" if color else text

    for op in coverage.operations:
        stream.write(_heading(op) + "\n")
        if verbosity < 0:
            continue
        if not op.responses and verbosity == 0:
            stream.write(f"  nothing recorded: all {op.total} variants missing\n")
            continue
        rows = _rows(op)
        width = max(len(path) for path in rows)
        for path, cells in rows.items():
            shown = "  ".join(paint(f"{label} {count}", count) for label, count in cells)
            stream.write(f"  {path:<{width}}  {shown}\n")
        if op.error_types:
            stream.write("  error types seen: " + ", ".join(f"{kind} {count}" for kind, count in op.error_types) + "\n")
    stream.write(coverage_line(coverage) + "\n")


def _json(stream: TextIO, coverage: Coverage, color: bool, verbosity: int) -> None:
    import orjson

    stream.write(orjson.dumps(coverage.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown(coverage: Coverage, unmet: tuple[Requirement, ...] = ()) -> str:
    """GitHub-flavoured Markdown: a row per operation, then the variants never observed."""
    out = [
        f"## chatkit-contract coverage: {coverage.observed} of {coverage.total} variants ({coverage.ratio:.0%})",
        "",
        "| operation | request | responses | variants observed | coverage |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| {op.operation} | `{op.method} {op.path}` | {op.responses} | {op.observed} of {op.total} | {op.ratio:.0%} |"
        for op in coverage.operations
    ]
    if unmet:
        out += ["", "Required but never observed: " + ", ".join(f"`{_cell(r.text)}`" for r in unmet)]
    missing = coverage.missing()
    if missing:
        out += ["", "| operation | never observed |", "|---|---|"]
        out += [f"| {operation} | `{_cell(variant.name)}` |" for operation, variant in missing[:_MAX_MISSING]]
        if len(missing) > _MAX_MISSING:
            out.append(f"\n…and {len(missing) - _MAX_MISSING} more; `chatkit-contract coverage` lists them all.")
    return "\n".join(out) + "\n"


def _markdown(stream: TextIO, coverage: Coverage, color: bool, verbosity: int) -> None:
    stream.write(markdown(coverage))


def _html(stream: TextIO, coverage: Coverage, color: bool, verbosity: int) -> None:
    from contract.report.html import coverage_page

    stream.write(coverage_page(coverage))


#: Each coverage format and its writer ``(stream, coverage, color, verbosity)``.
COVERAGE_FORMATS: dict[str, Callable[[TextIO, Coverage, bool, int], None]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
    "html": _html,
}


def write_coverage(
    format_: str, stream: TextIO, coverage: Coverage, *, color: bool = False, verbosity: int = 0
) -> None:
    """Write *coverage* to *stream* in *format_* (one of :data:`COVERAGE_FORMATS`)."""
    COVERAGE_FORMATS[format_](stream, coverage, color, verbosity)
