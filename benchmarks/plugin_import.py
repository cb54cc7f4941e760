"""What the pytest plugin adds to the start-up of every pytest run in an environment that has the package.

Run: ``python benchmarks/plugin_import.py``. Times fresh interpreters importing pytest alone (the
baseline, measured in the same run) and pytest plus ``contract.pytest_plugin``, and reads
``-X importtime`` for the plugin's own cumulative import, the steadier figure on a shared machine.
Target: under 10 ms of import, and none of hypothesis, jsonschema, httpx or yaml imported.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time

HEAVY = ("hypothesis", "jsonschema", "httpx", "yaml")
_ROUNDS = 30


def _walls(*codes: str) -> list[float]:
    """Median seconds for a fresh interpreter to run each of *codes*, interleaved so load drifts hit all alike."""
    times: list[list[float]] = [[] for _ in codes]
    for _ in range(_ROUNDS):
        for spent, code in zip(times, codes, strict=True):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def _importtime_us(module: str) -> int:
    """Cumulative microseconds ``-X importtime`` reports for *module*, with pytest already imported."""
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import pytest; import {module}"],
        check=True,
        capture_output=True,
        text=True,
    )
    line = re.search(rf"^import time:\s+\d+ \|\s+(\d+) \|\s*{re.escape(module)}$", process.stderr, re.MULTILINE)
    assert line, f"{module} missing from -X importtime output"
    return int(line.group(1))


def main() -> None:
    check = f"import sys, contract.pytest_plugin; assert not [m for m in {HEAVY!r} if m in sys.modules]"
    subprocess.run([sys.executable, "-c", check], check=True)
    baseline, with_plugin = _walls("import pytest", "import pytest, contract.pytest_plugin")
    own = statistics.median(_importtime_us("contract.pytest_plugin") for _ in range(_ROUNDS))
    print("heavy libraries imported by the plugin: none")
    print(f"python -c 'import pytest'                          {baseline * 1e3:7.1f} ms   1.00x")
    print(
        f"python -c 'import pytest, contract.pytest_plugin'  {with_plugin * 1e3:7.1f} ms  "
        f"{with_plugin / baseline:5.2f}x   (+{(with_plugin - baseline) * 1e3:.1f} ms)"
    )
    print(f"-X importtime, contract.pytest_plugin cumulative   {own / 1e3:7.1f} ms   (target < 10 ms)")


if __name__ == "__main__":
    main()
