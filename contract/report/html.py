"""The HTML report: one self-contained page to look at, for ``validate``, ``gate`` and ``coverage``.

A summary (the verdict, counts per rule and per file), filters by rule and severity, each failing response
with the value at every finding's pointer marked in its body and the finding beside it, and, where a run
measured it, the coverage grid. Results stream in as for every reporter; the page is written at the end,
because its summary comes first. Only the first ``MAX_RESPONSES`` failing responses are drawn (the counts
cover all of them), and their bodies are read back from their files, never kept from the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING

from contract.findings import CleanRun, Result, Summary
from contract.report.base import StreamReporter
from contract.report.html_body import render_body
from contract.report.html_page import page
from contract.report.text import verdict
from contract.rules import RULES
from contract.secrets import mask_text

if TYPE_CHECKING:
    from contract.coverage import Coverage
    from contract.exchange import Exchange

__all__ = ["MAX_RESPONSES", "HtmlReporter", "coverage_grid", "coverage_page"]

#: Failing responses drawn in full; a browser gets slow past a few hundred bodies.
MAX_RESPONSES = 200


class HtmlReporter(StreamReporter):
    """Collects the run's counts and its first failing responses; writes the page when the run ends."""

    _coverage: Coverage | None = None

    def begin(self) -> None:
        """Start counting."""
        self._files: dict[str, list[int]] = {}
        self._failing: list[Result] = []
        self._more = 0

    def show_coverage(self, coverage: Coverage) -> None:
        """Add the coverage grid of *coverage* to the page."""
        self._coverage = coverage

    def result(self, result: Result) -> None:
        """Count *result* for its file; keep it to draw if it has findings."""
        counts = self._files.get(result.source)
        if counts is None:
            counts = self._files[result.source] = [0, 0, 0]
        counts[0] += 1
        if not result.findings:
            return
        counts[1] += not result.ok
        counts[2] += len(result.findings)
        if len(self._failing) < MAX_RESPONSES:
            self._failing.append(result)
        else:
            self._more += 1

    def clean(self, run: CleanRun) -> None:
        """Count the run's results for their file."""
        counts = self._files.get(run.source)
        if counts is None:
            counts = self._files[run.source] = [0, 0, 0]
        counts[0] += len(run.lines)

    def end(self, summary: Summary) -> None:
        """Write the page."""
        bad = summary.failed > 0 or self.refused_empty(summary)
        sections = [
            _header("chatkit-contract report", verdict(summary, allow_empty=self._allow_empty), bad, summary),
            "<main>",
            _rules_table(summary),
            _files_table(self._files),
        ]
        if self._failing:
            sections.append(_responses(self._failing, self._more))
        if self._coverage is not None:
            sections.append(coverage_grid(self._coverage))
        sections.append("</main>")
        self._stream.write(page("chatkit-contract report", sections))


def _header(title: str, line: str, bad: bool, summary: Summary | None) -> str:
    counts = ""
    if summary is not None:
        items = [
            ("checked", summary.checked),
            ("passed", summary.passed),
            ("failed", summary.failed),
            ("warnings", summary.warnings),
            ("skipped", summary.skipped),
        ]
        if summary.baselined:
            items.append(("baselined", summary.baselined))
        counts = '<ul class="counts">' + "".join(f"<li><b>{n}</b> {w}</li>" for w, n in items) + "</ul>"
    tone = "bad" if bad else "good"
    return (
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="verdict {tone}" role="status">{escape(mask_text(line))}</p>{counts}</header>'
    )


def _rules_table(summary: Summary) -> str:
    if not summary.rules:
        return '<section aria-labelledby="by-rule"><h2 id="by-rule">Findings by rule</h2><p>No findings.</p></section>'
    rows = "".join(
        f"<tr><td><code>{escape(rule)}</code></td><td>{escape(RULES[rule].summary) if rule in RULES else ''}</td>"
        f'<td class="num">{count}</td></tr>'
        for rule, count in summary.rules
    )
    return (
        '<section aria-labelledby="by-rule"><h2 id="by-rule">Findings by rule</h2>'
        '<table><thead><tr><th scope="col">rule</th><th scope="col">what it means</th>'
        f'<th scope="col">findings</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _files_table(files: dict[str, list[int]]) -> str:
    rows = "".join(
        f'<tr><td><code>{escape(mask_text(source))}</code></td><td class="num">{checked}</td>'
        f'<td class="num">{failed}</td><td class="num">{found}</td></tr>'
        for source, (checked, failed, found) in files.items()
    )
    return (
        '<section aria-labelledby="by-file"><h2 id="by-file">Responses by file</h2>'
        '<table><thead><tr><th scope="col">file</th><th scope="col">checked</th><th scope="col">failed</th>'
        f'<th scope="col">findings</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _filters(failing: list[Result]) -> str:
    rules = sorted({finding.rule for result in failing for finding in result.findings})
    options = "".join(f'<option value="{escape(rule)}">{escape(rule)}</option>' for rule in rules)
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{severity}" checked> {severity}</label>'
        for severity in ("error", "warning")
    )
    return (
        '<form class="filters" aria-label="Filter the findings">'
        f'<label for="rule">Rule</label><select id="rule" name="rule"><option value="">every rule</option>{options}'
        f"</select><fieldset><legend>Severity</legend>{boxes}</fieldset>"
        '<span id="filter-status" class="note" aria-live="polite"></span></form>'
    )


def _responses(failing: list[Result], more: int) -> str:
    bodies = dict(_bodies(failing))
    parts = [
        '<section aria-labelledby="failing"><h2 id="failing">Responses with findings</h2>',
        _filters(failing),
    ]
    for number, result in enumerate(failing, start=1):
        parts.append(_response(number, result, bodies.get((result.source, result.location))))
    if more:
        parts.append(f'<p class="note">…and {more} more responses with findings, counted above but not drawn.</p>')
    parts.append("</section>")
    return "".join(parts)


def _response(number: int, result: Result, exchange: Exchange | None) -> str:
    where = result.source + (f" ({result.location})" if result.location else "")
    marks = [(f"r{number}-{index}", finding) for index, finding in enumerate(result.findings, start=1)]
    items = []
    for mark_id, finding in marks:
        position = f" (line {finding.line}, column {finding.column})" if finding.line is not None else ""
        pointer = escape(finding.pointer or "(document)")
        target = f'<a href="#{mark_id}">{pointer}</a>' if exchange is not None else pointer
        items.append(
            f'<li class="{finding.severity}" data-rule="{escape(finding.rule)}" data-severity="{finding.severity}">'
            f'<span class="{finding.severity}">{finding.severity}</span> <code>{escape(finding.rule)}</code> '
            f"<code>{target}</code><br>{escape(finding.message)}{position}</li>"
        )
    body = (
        render_body(exchange.body, marks)
        if exchange is not None
        else '<p class="note">The body cannot be read back from its source to show here.</p>'
    )
    return (
        f'<article class="response" aria-labelledby="h{number}"><h3 id="h{number}">{escape(mask_text(where))}</h3>'
        f'<ul class="findings">{"".join(items)}</ul><div>{body}</div></article>'
    )


def _bodies(failing: list[Result]) -> Iterator[tuple[tuple[str, str | None], Exchange]]:
    """The exchanges behind *failing*, read again from their files (nothing for stdin or a file gone since)."""
    from pathlib import Path

    from contract.errors import ContractError
    from contract.exchange import Exchange
    from contract.sources import iter_records

    wanted: dict[str, set[str | None]] = {}
    for result in failing:
        wanted.setdefault(result.source, set()).add(result.location)
    for source, locations in wanted.items():
        if not Path(source).is_file():
            continue
        try:
            for record in iter_records([source]):
                if type(record) is Exchange and record.location in locations:
                    locations.discard(record.location)
                    yield (source, record.location), record
                    if not locations:
                        break
        except (ContractError, OSError):
            continue


def coverage_grid(coverage: Coverage) -> str:
    """The coverage matrix: per operation, a row per member path and a cell per variant, seen or never."""
    parts = [
        '<section aria-labelledby="coverage"><h2 id="coverage">Contract coverage</h2>',
        f"<p>{_meter(coverage.ratio)} <b>{coverage.observed} of {coverage.total}</b> variants observed "
        f"({coverage.ratio:.0%}) over {coverage.responses} responses.</p>",
    ]
    for op in coverage.operations:
        title = f"{op.operation}: {op.method} {op.path} → {op.resource}"
        parts.append(
            f"<h3>{escape(title)}</h3><p>{_meter(op.ratio)} {op.observed} of {op.total} variants ({op.ratio:.0%}), "
            f"{op.responses} responses</p>"
        )
        rows: dict[str, list[str]] = {}
        for variant, count in op.variants:
            seen = "seen" if count else "never"
            rows.setdefault(variant.path, []).append(
                f'<td class="{seen}"><span class="label">{escape(variant.label)}</span>'
                f"{f'seen {count}' if count else 'never seen'}</td>"
            )
        width = max((len(cells) for cells in rows.values()), default=0)
        body = "".join(
            f'<tr><th scope="row"><code>{escape(path)}</code></th>{"".join(cells)}{"<td></td>" * (width - len(cells))}'
            "</tr>"
            for path, cells in rows.items()
        )
        parts.append(
            f'<table class="grid"><caption class="note">Variants of {escape(op.operation)}</caption>'
            f'<thead><tr><th scope="col">member</th><th scope="col" colspan="{width}">variants</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
        if op.error_types:
            seen_types = ", ".join(f"<code>{escape(kind)}</code> {count}" for kind, count in op.error_types)
            parts.append(f"<p>Error types seen: {seen_types}</p>")
    parts.append("</section>")
    return "".join(parts)


def _meter(ratio: float) -> str:
    return f'<span class="meter" aria-hidden="true"><span style="width:{ratio:.0%}"></span></span>'


def coverage_page(coverage: Coverage) -> str:
    """The page ``coverage --format html`` writes: the totals and the grid."""
    line = f"coverage: {coverage.observed} of {coverage.total} variants observed ({coverage.ratio:.0%})"
    header = _header("chatkit-contract coverage", line, coverage.observed < coverage.total, None)
    return page("chatkit-contract coverage", [header, "<main>", coverage_grid(coverage), "</main>"])
