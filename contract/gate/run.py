"""The CI gate: validate every configured recording, hold findings against the baseline, check upstream drift,
(optionally) the validator itself and contract coverage, and decide pass or fail."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from contract.errors import InputError
from contract.exchange import Skipped
from contract.findings import Result, Summary, summarise
from contract.gate.baseline import Acceptance, Baseline, Entry, compare
from contract.gate.config import TABLE, GateConfig
from contract.run import RunOutcome
from contract.sources.remote import glob_urls, is_remote, shown

if TYPE_CHECKING:
    from contract.coverage import Verdict
    from contract.gate.selfcheck import SelfCheck
    from contract.upstream.diff import UpstreamDiff

__all__ = ["GateReport", "recording_paths", "run_gate", "with_baseline"]


@dataclass(frozen=True, slots=True)
class GateReport:
    """What one gate run found; ``results`` hold only findings the baseline does not accept."""

    results: tuple[Result, ...]
    summary: Summary
    skipped: tuple[Skipped, ...] = ()
    accepted: int = 0
    stale: tuple[Entry, ...] = ()
    baseline_written: Path | None = None
    upstream: UpstreamDiff | None = None
    self_check: SelfCheck | None = None
    allow_empty: bool = False
    coverage: Verdict | None = None

    @property
    def refused_empty(self) -> bool:
        """True when no recording held a response to check and the configuration does not allow that."""
        return self.summary.nothing_checked and not self.allow_empty

    @property
    def outcomes(self) -> tuple[Result | Skipped, ...]:
        """What reporters take: the results, then the recordings skipped (no ChatKit operation, or not the chosen)."""
        return (*self.results, *self.skipped)

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the gate fails, one phrase per check that failed (empty when it passes)."""
        problems = []
        if self.summary.failed:
            new = sum(len(r.errors) for r in self.results)
            problems.append(f"{new} new violation{'s' if new != 1 else ''} in {self.summary.failed} recording(s)")
        if self.upstream is not None and not self.upstream.ok:
            problems.append(f"{len(self.upstream.drift)} unknown upstream change(s)")
        if self.self_check is not None and not self.self_check.ok:
            problems.append("the validator failed its self-check")
        if self.coverage is not None:
            problems.extend(self.coverage.problems)
        return tuple(problems)

    @property
    def ok(self) -> bool:
        """True when nothing new is wrong: no new violation, no unknown drift, a passing self-check."""
        return not self.problems


def recording_paths(config: GateConfig) -> list[Path | str]:
    """The files and directories the ``recordings`` globs match, in order, each once; URLs (``s3://…``) as
    strings, globbed in their storage."""
    found: dict[Path | str, None] = {}
    for pattern in config.recordings:
        if is_remote(pattern):
            urls = glob_urls(pattern)
            if not urls:
                raise InputError(f"{config.file}: [{TABLE}] recordings: {shown(pattern)!r} matches nothing")
            found.update((url, None) for url in urls)
            continue
        # glob.glob, like a shell, leaves dotfiles out of `*`; Path.glob would not.
        matches = sorted(glob.glob(pattern, root_dir=config.root, recursive=True))  # noqa: PTH207
        if not matches:
            raise InputError(f"{config.file}: [{TABLE}] recordings: {pattern!r} matches nothing under {config.root}")
        found.update((config.root / match, None) for match in matches)
    return list(found)


def _relative(result: Result, root: Path) -> Result:
    """Name the source relative to the project root, so reports and fingerprints do not depend on the checkout."""
    try:
        source = Path(result.source).relative_to(root).as_posix()
    except ValueError:
        return result
    return replace(result, source=source)


def run_gate(config: GateConfig, *, update_baseline: bool = False) -> GateReport:
    """Run every configured check; with *update_baseline*, accept today's findings first."""
    from contract.run.runner import available_cpus, check_paths

    if not config.recordings:
        message = "recordings: required (a list of globs naming the recordings to check)"
        raise InputError(f"{config.file}: [{TABLE}] {message}")
    paths = [str(path) for path in recording_paths(config)]
    # On a cluster of this machine, one worker process per CPU; without a cluster, as before, in this process.
    jobs = available_cpus() if config.scheduler else 1
    checks = check_paths(
        paths,
        operation=config.operation,
        profile=config.profile,
        ignore=config.ignore,
        jobs=jobs,
        scheduler=config.scheduler,
    )
    outcomes = list(checks)
    results = tuple(_relative(o, config.root) for o in outcomes if isinstance(o, Result))
    skipped = tuple(o for o in outcomes if isinstance(o, Skipped))
    written = None
    if update_baseline:
        if config.baseline is None:
            raise InputError(f"{config.file}: [{TABLE}] baseline: set a path to write the baseline to")
        baseline = Baseline.of(results)
        baseline.write(config.baseline)
        written = config.baseline
    else:
        baseline = Baseline.load(config.baseline) if config.baseline is not None else Baseline()
    comparison = compare(results, baseline)
    return GateReport(
        results=comparison.results,
        summary=summarise([*comparison.results, *skipped]),
        skipped=skipped,
        accepted=comparison.accepted,
        stale=comparison.stale,
        baseline_written=written,
        upstream=_upstream(config),
        self_check=_self_check(config),
        allow_empty=config.allow_empty,
        coverage=_coverage(config, paths),
    )


def _upstream(config: GateConfig) -> UpstreamDiff | None:
    if config.upstream is None:
        return None
    from contract.upstream.diff import upstream_diff

    return upstream_diff(config.upstream)


def _coverage(config: GateConfig, paths: list[str]) -> Verdict | None:
    """Coverage against ``coverage = {min, require}``: a second, counting-only read of the recordings."""
    if config.coverage is None:
        return None
    from contract.coverage import judge, measure_coverage

    return judge(measure_coverage(paths, operation=config.operation), config.coverage)


def _self_check(config: GateConfig) -> SelfCheck | None:
    if not config.self_check:
        return None
    from contract.gate.selfcheck import run_self_check

    return run_self_check(config.self_check, operation=config.operation, profile=config.profile)


def with_baseline(outcomes: Iterable[RunOutcome], config: GateConfig) -> Iterator[RunOutcome]:
    """*outcomes* with the findings the configured baseline accepts taken out, as ``gate`` judges them.

    Results are matched by their source relative to the project root, as the baseline records them.
    """
    if config.baseline is None:
        yield from outcomes
        return
    acceptance = Acceptance(
        Baseline.load(config.baseline),
        source_of=lambda source: source if is_remote(source) else _under(Path(source), config.root),
    )
    for outcome in outcomes:
        yield acceptance.apply(outcome) if isinstance(outcome, Result) else outcome


def _under(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path.as_posix()
