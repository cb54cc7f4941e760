"""Time ``validate`` on one document holding 100,000 findings against the same document with 10,000.

Run: ``python benchmarks/findings_scaling.py``. Each finding is an undeclared member (a
``drift.unknown-field`` warning with its line and column), so the document is about 1.5 MB at 100,000.
Both sizes are checked in this process through the library call the command makes, and also through
the installed command (``validate --format json``) as a user runs it; the ratio of the two sizes is what
counts, since absolute times on shared machines lie.
Targets: 10x the findings costs at most 15x the time; 100,000 findings are reported in under 2 s.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from contract import check_paths
from contract.findings import Result
from contract.report import REPORTERS

SMALL, LARGE = 10_000, 100_000
EXAMPLE = Path(__file__).parents[1] / "examples" / "cancel-ok.json"
COMMAND = str(Path(sys.executable).with_name("chatkit-contract"))


def _document(findings: int) -> bytes:
    """The conforming example plus *findings* undeclared members, one per line as an editor would indent it."""
    session = orjson.loads(EXAMPLE.read_bytes())
    session.update({f"undeclared_{n}": n for n in range(findings)})
    return orjson.dumps(session, option=orjson.OPT_INDENT_2)


def _in_process(path: Path) -> Callable[[], int]:
    """Check *path* and write the JSON report to memory; returns how many findings were reported."""

    def run() -> int:
        outcomes = list(check_paths([str(path)], jobs=1))
        REPORTERS["json"](io.StringIO(), color=False).report(outcomes)
        return sum(len(o.findings) for o in outcomes if isinstance(o, Result))

    return run


def _command(path: Path) -> Callable[[], int]:
    def run() -> int:
        done = subprocess.run([COMMAND, "validate", "--format", "json", str(path)], capture_output=True, check=False)
        assert done.returncode == 0, done.stderr  # warnings only: the document conforms in the lenient profile
        return int(orjson.loads(done.stdout)["summary"]["warnings"])

    return run


def _median_seconds(run: Callable[[], int], expected: int, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert run() == expected
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        paths = {n: Path(scratch) / f"findings-{n}.json" for n in (SMALL, LARGE)}
        for n, path in paths.items():
            path.write_bytes(_document(n))
        print(
            f"documents: {SMALL:,} findings ({paths[SMALL].stat().st_size / 1e6:.2f} MB), "
            f"{LARGE:,} findings ({paths[LARGE].stat().st_size / 1e6:.2f} MB)"
        )
        for label, make in (
            ("library (check_paths + JSON report)", _in_process),
            ("command (validate --format json)", _command),
        ):
            small = _median_seconds(make(paths[SMALL]), SMALL, rounds=5)
            large = _median_seconds(make(paths[LARGE]), LARGE, rounds=3)
            ratio = large / small
            verdict = "ok" if ratio <= 15 and large < 2 else "MISSED"
            print(
                f"{label:<38} {SMALL:>7,}: {small:6.3f} s   {LARGE:,}: {large:6.3f} s   "
                f"ratio {ratio:5.2f}x (target <= 15x, under 2 s)  {verdict}"
            )


if __name__ == "__main__":
    main()
