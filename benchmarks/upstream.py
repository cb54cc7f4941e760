"""Time loading a full-size OpenAPI document for upstream-diff, against PyYAML's loaders.

Run: ``python benchmarks/upstream.py [openapi.yaml] [--rounds N]``. Without a document it builds a ~3 MB
document in the upstream shape (the ChatKit schemas plus filler components). Targets: the whole
upstream-diff on the full document in a few seconds, and at most 1.2x ``yaml.load`` with ``CSafeLoader`` of
the same file (issue 16; CPU, median of interleaved rounds, with the spread); loading at least 5x faster
than ``yaml.safe_load`` (pure Python). Every ratio is to a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from contract.upstream.diff import upstream_diff
from contract.upstream.openapi import load_openapi


def _synthetic(path: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.upstream_fixture import upstream_document

    document = upstream_document()
    for i in range(2_500):
        # Distinct objects, so the YAML dump writes each in full rather than as an alias.
        properties = {f"p{n}": {"type": "string", "description": f"member {n} of filler {i}"} for n in range(12)}
        document["components"]["schemas"][f"Filler{i}"] = {"type": "object", "properties": properties}
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _seconds(fn: Callable[[], object]) -> float:
    """CPU seconds of one call (the machine is shared; wall time swings with the neighbours)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def _c_load(data: bytes) -> None:
    yaml.load(data, Loader=yaml.CSafeLoader)


def _c_load_without_collector(data: bytes) -> None:
    gc.disable()
    try:
        _c_load(data)
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("document", nargs="?", type=Path, help="an OpenAPI YAML file (default: a synthetic one)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (median reported)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = arguments.document or _synthetic(Path(scratch) / "openapi.yaml")
        data = path.read_bytes()
        baseline = _seconds(lambda: yaml.safe_load(data))
        runs: dict[str, Callable[[], object]] = {
            "c": lambda: _c_load(data),
            "c, collector off": lambda: _c_load_without_collector(data),
            "load": lambda: load_openapi(path),
            "diff": lambda: upstream_diff(path),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(arguments.rounds):
            for name, run in runs.items():
                times[name].append(_seconds(run))
    ours, whole = statistics.median(times["load"]), statistics.median(times["diff"])
    print(
        f"document: {path.name}, {len(data) / 1e6:.1f} MB; CPU seconds, median of {arguments.rounds} interleaved rounds"
    )
    print(f"yaml.safe_load (pure Python)      {baseline:6.2f} s   1.00x")
    print(f"load_openapi (C loader, no dates) {ours:6.2f} s   {ours / baseline:5.2f}x   (target <= 0.20x)")
    print(f"upstream_diff, load to verdict    {whole:6.2f} s   {whole / baseline:5.2f}x   (target: a few seconds)")
    for name, label in (("c", "yaml.load, CSafeLoader"), ("c, collector off", "  the same, collector off")):
        ratios = [diff / c for diff, c in zip(times["diff"], times[name], strict=True)]
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
        target = "target <= 1.2x: " + ("met" if statistics.median(ratios) <= 1.2 else "NOT met") if name == "c" else ""
        ratio, seconds = statistics.median(ratios), statistics.median(times[name])
        print(f"{label:33} {seconds:6.2f} s   upstream_diff {ratio:5.2f}x of it ({spread})   {target}")


if __name__ == "__main__":
    main()
