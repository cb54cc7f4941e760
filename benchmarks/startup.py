"""Time what a short ``chatkit-contract validate`` costs: start-up, and many small files.

Run: ``python benchmarks/startup.py`` (``--rounds N``; check-jsonschema comes with the test dependency group).
Targets, each against a baseline measured in the same run:

1. ``validate`` of one conforming file, start to finish: at most 0.10 s on an idle machine; printed next to
   ``python -c pass`` (the interpreter's own start-up) and the difference between the two.
2. 2,000 single-response files (~2 % failing), ``validate --format json DIR``: at most 0.20x the wall time of
   ``check-jsonschema --schemafile BUNDLE FILES...`` with the same bundle (5x faster).

Every figure is the median of interleaved rounds (shared machines are noisy), with its spread (min-max).
The package's bytecode is compiled first, as ``pip install`` does: a checkout run with PYTHONDONTWRITEBYTECODE
would otherwise compile every module on every start and time the compiler.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

import contract
from contract.schemas import bundle

sys.path.insert(0, str(Path(__file__).parent))

# A sibling script, not a package: imported from the path set just above.
from validate_bulk import _bodies, response

BIN = Path(sys.executable).parent


def _compile_package() -> None:
    """Write the package's bytecode, as installing it does."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    package = str(Path(contract.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], env=environment, check=True)


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the command and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _rounds(
    commands: dict[str, list[str]], rounds: int, cwd: Path
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU times of each command, the rounds interleaved so that load changes hit all alike."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            wall, cpu = _run(command, cwd)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return walls, cpus


def _spread(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    return f"{statistics.median(values) * scale:.3f}{unit} (spread {min(values) * scale:.3f}-{max(values) * scale:.3f})"


def one_file(workdir: Path, rounds: int) -> None:
    path = workdir / "cancel-ok.json"
    path.write_bytes(orjson.dumps(response(1)))
    times, cpus = _rounds(
        {
            "python -c pass": [sys.executable, "-c", "pass"],
            # What no change to this package can remove: importing the parser, the fast engine and the CLI library.
            "libraries": [sys.executable, "-c", "import orjson, msgspec, click"],
            "validate": [str(BIN / "chatkit-contract"), "validate", str(path)],
        },
        rounds,
        workdir,
    )
    bare, ours = times["python -c pass"], times["validate"]
    differences = [mine - floor for mine, floor in zip(ours, bare, strict=True)]
    print(f"\nOne conforming file, start to finish, median of {rounds} (spread min-max):")
    print(f"  python -c pass   {_spread(bare, 1, ' s')}")
    print(f"  import orjson, msgspec, click (what a conforming file loads)  {_spread(times['libraries'], 1, ' s')}")
    print(f"  validate         {_spread(ours, 1, ' s')}")
    print(f"  difference to python -c pass  {_spread(differences, 1, ' s')}")
    print(f"  cpu time: python -c pass {_spread(cpus['python -c pass'], 1, ' s')}")
    print(f"  cpu time: validate        {_spread(cpus['validate'], 1, ' s')}")
    verdict = "met" if statistics.median(ours) <= 0.10 else "NOT met"
    print(f"  target: validate <= 0.10 s on an idle machine  ->  {verdict} on this one")


def many_files(workdir: Path, rounds: int) -> None:
    folder = workdir / "files"
    folder.mkdir()
    for number, body in enumerate(_bodies(2_000, seed=11)):
        (folder / f"cancel-{number:04}.json").write_bytes(body)
    schema = workdir / "ChatSessionResource.bundle.json"
    schema.write_text(json.dumps(bundle()))
    check = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if check is None:
        print("\n2,000 files: check-jsonschema is not installed (it is in the test dependency group); skipped")
        return
    files = sorted(str(path) for path in folder.iterdir())
    times, cpus = _rounds(
        {
            "check-jsonschema": [check, "--schemafile", str(schema), *files],
            "validate": [str(BIN / "chatkit-contract"), "validate", "--format", "json", str(folder)],
        },
        rounds,
        workdir,
    )
    theirs, ours = times["check-jsonschema"], times["validate"]
    ratios = [mine / baseline for mine, baseline in zip(ours, theirs, strict=True)]
    print(f"\n2,000 single-response files (~2% failing), median of {rounds} (spread min-max):")
    print(f"  check-jsonschema {_spread(theirs, 1, ' s')}")
    print(f"  validate         {_spread(ours, 1, ' s')}")
    print(f"  ratio            {_spread(ratios, 1, 'x')} of check-jsonschema")
    cpu_ratios = [mine / baseline for mine, baseline in zip(cpus["validate"], cpus["check-jsonschema"], strict=True)]
    print(f"  cpu ratio        {_spread(cpu_ratios, 1, 'x')} (steadier on a busy machine)")
    verdict = "met" if statistics.median(ratios) <= 0.20 else "NOT met"
    print(f"  target: <= 0.20x  ->  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed runs per command (at least 5; median shown)")
    options = parser.parse_args()
    rounds = max(options.rounds, 5)
    _compile_package()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="chatkit-startup-") as tmp:
        workdir = Path(tmp)
        one_file(workdir, rounds)
        many_files(workdir, max(5, rounds // 3))


if __name__ == "__main__":
    main()
