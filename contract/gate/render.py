"""How a gate run reads: terminal lines after the findings, and a Markdown table for a GitHub step summary."""

from __future__ import annotations

from pathlib import Path

from contract.gate.config import GateConfig
from contract.gate.run import GateReport
from contract.report.text import summary_line
from contract.upstream.diff import UpstreamDiff

__all__ = ["markdown_summary", "text_lines", "upstream_lines"]

_MAX_ROWS = 50


def upstream_lines(diff: UpstreamDiff) -> list[str]:
    """One line per change (unknown drift first, then known deviations), and a verdict."""
    version = f" (API {diff.api_version})" if diff.api_version else ""
    lines = [f"upstream: {diff.source}{version} against the bundled schemas from {diff.derived_from}"]
    lines += [f"  {c.impact:<8}  {c.where}: {c.detail}" for c in diff.drift]
    lines += [f"  known     {c.where}: {c.known}" for c in diff.known]
    breaking = sum(c.impact == "breaking" for c in diff.drift)
    counts = f"{breaking} breaking, {len(diff.drift) - breaking} additive, {len(diff.known)} known"
    lines.append(f"{'DRIFT' if diff.drift else 'OK'}: {len(diff.drift)} unknown change(s) ({counts})")
    return lines


def _where(config: GateConfig, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _baseline_lines(report: GateReport, config: GateConfig) -> list[str]:
    if report.baseline_written is not None:
        where = _where(config, report.baseline_written)
        return [f"baseline: wrote {report.accepted} accepted finding(s) to {where}"]
    if config.baseline is None:
        return []
    if not config.baseline.exists():
        where = _where(config, config.baseline)
        return [f"baseline: {where} does not exist yet; `chatkit-contract gate --update-baseline` writes it"]
    lines = [f"baseline: {report.accepted} finding(s) accepted by {_where(config, config.baseline)}"]
    if report.stale:
        lines.append(
            f"baseline: {len(report.stale)} accepted finding(s) no longer occur; "
            "drop them with `chatkit-contract gate --update-baseline`:"
        )
        lines += [f"  {entry.describe()}" for entry in report.stale]
    return lines


def text_lines(report: GateReport, config: GateConfig) -> list[str]:
    """What the gate adds after the findings: baseline, upstream, self-check, and the verdict."""
    lines = _baseline_lines(report, config)
    if report.upstream is not None:
        lines += upstream_lines(report.upstream)
    if report.self_check is not None:
        check = report.self_check
        lines.append(f"self-check: {check.conforming} conforming payload(s) and {check.mutants} mutant(s) checked")
        lines += [f"  {failure}" for failure in check.failures]
    if report.coverage is not None:
        from contract.report.coverage import coverage_line

        measured = report.coverage
        minimum = measured.threshold.minimum
        lines.append(coverage_line(measured.coverage) + (f"; minimum {minimum:.0%}" if minimum is not None else ""))
        lines += [f"  {problem}" for problem in measured.problems]
    if report.refused_empty:
        verdict = f"NOTHING CHECKED ({report.summary.why_nothing_checked()})"
    else:
        verdict = "OK" if report.ok else f"FAILED ({'; '.join(report.problems)})"
    lines.append(f"gate: {verdict}")
    return lines


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_summary(report: GateReport, config: GateConfig) -> str:
    """A GitHub-flavoured Markdown summary: one row per check, then the new findings."""
    mark = {True: "✅", False: "❌"}
    rows = [("Recordings", not report.summary.failed, summary_line(report.summary))]
    if config.baseline is not None:
        detail = f"{report.accepted} accepted, {len(report.stale)} no longer occur"
        rows.append(("Baseline", True, detail))
    if report.upstream is not None:
        diff = report.upstream
        rows.append(("Upstream drift", diff.ok, f"{len(diff.drift)} unknown, {len(diff.known)} known"))
    if report.self_check is not None:
        check = report.self_check
        detail = f"{check.conforming} conforming, {check.mutants} mutants, {len(check.failures)} failures"
        rows.append(("Self-check", check.ok, detail))
    if report.coverage is not None:
        measured = report.coverage.coverage
        detail = f"{measured.observed} of {measured.total} variants ({measured.ratio:.0%})"
        rows.append(("Coverage", report.coverage.ok, "; ".join((detail, *report.coverage.problems))))
    out = [f"## chatkit-contract gate {mark[report.ok]}", "", "| check | result | details |", "|---|---|---|"]
    out += [f"| {name} | {mark[ok]} | {_cell(detail)} |" for name, ok, detail in rows]
    findings = [(r, f) for r in report.results for f in r.findings]
    if findings:
        out += ["", "| recording | severity | rule | pointer | message |", "|---|---|---|---|---|"]
        for result, finding in findings[:_MAX_ROWS]:
            where = f"{result.source} ({result.location})" if result.location else result.source
            cells = (where, finding.severity, finding.rule, finding.pointer or "(document)", finding.message)
            out.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        if len(findings) > _MAX_ROWS:
            out.append(f"\n…and {len(findings) - _MAX_ROWS} more findings in the full report.")
    if report.upstream is not None and report.upstream.drift:
        out += ["", "| upstream change | impact | details |", "|---|---|---|"]
        out += [f"| `{_cell(c.where)}` | {c.impact} | {_cell(c.detail)} |" for c in report.upstream.drift]
    return "\n".join(out) + "\n"
