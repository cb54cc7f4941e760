"""Time loading a full-size OpenAPI document for upstream-diff, against PyYAML's pure-Python safe loader.

Run: ``python benchmarks/upstream.py [openapi.yaml]``. Without an argument it builds a ~3 MB
document in the upstream shape (the ChatKit schemas plus filler components). Target: the
whole upstream-diff on the full document in a few seconds, loading at least 5x faster than
``yaml.safe_load``; ratios are to ``yaml.safe_load`` measured in the same run.
"""

from __future__ import annotations

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
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(sys.argv[1]) if len(sys.argv) > 1 else _synthetic(Path(scratch) / "openapi.yaml")
        data = path.read_bytes()
        baseline = _seconds(lambda: yaml.safe_load(data))
        ours = min(_seconds(lambda: load_openapi(path)) for _ in range(3))
        whole = min(_seconds(lambda: upstream_diff(path)) for _ in range(3))
    print(f"document: {path.name}, {len(data) / 1e6:.1f} MB")
    print(f"yaml.safe_load (pure Python)      {baseline:6.2f} s   1.00x")
    print(f"load_openapi (C loader, no dates) {ours:6.2f} s   {ours / baseline:5.2f}x   (target <= 0.20x)")
    print(f"upstream_diff, load to verdict    {whole:6.2f} s   {whole / baseline:5.2f}x   (target: a few seconds)")


if __name__ == "__main__":
    main()
