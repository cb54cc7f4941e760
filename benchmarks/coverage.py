"""Time ``chatkit-contract coverage`` against ``validate`` on the same 1,000,000-line JSON Lines file.

Run: ``python benchmarks/coverage.py`` (``--lines N`` for another size, ``--rounds R``). Target: coverage costs
at most 1.5x what validate costs, in wall time and in CPU time, both with their default worker processes and
with ``--jobs 1``. Wall times are the median of interleaved runs, because shared machines are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# A sibling script, not a package: imported from the path set just above.
from validate_bulk import BIN, _run, _write_jsonl

TARGET = 1.5


def _medians(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of each command, the rounds interleaved so load changes hit all alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(_run(command))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    cli = str(BIN / "chatkit-contract")
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "cancel.jsonl"
        _write_jsonl(path, options.lines)
        print(f"{options.lines:,} JSONL responses ({path.stat().st_size / 1e6:.0f} MB, ~2% broken):")
        met = True
        for jobs in ("0", "1"):
            results = _medians(
                {
                    "validate": [cli, "validate", "--no-config", "-q", "--jobs", jobs, str(path)],
                    "coverage": [cli, "coverage", "--no-config", "-q", "--jobs", jobs, str(path)],
                },
                options.rounds,
            )
            (validate_wall, validate_cpu), (coverage_wall, coverage_cpu) = results["validate"], results["coverage"]
            wall, cpu = coverage_wall / validate_wall, coverage_cpu / validate_cpu
            met = met and wall <= TARGET and cpu <= TARGET
            print(
                f"  --jobs {jobs}: validate wall {validate_wall:6.2f} s cpu {validate_cpu:6.2f} s | "
                f"coverage wall {coverage_wall:6.2f} s cpu {coverage_cpu:6.2f} s | "
                f"ratio wall {wall:.2f}x cpu {cpu:.2f}x"
            )
        print(f"  target: coverage <= {TARGET}x validate  ->  {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
