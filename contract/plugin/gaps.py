"""``@pytest.mark.chatkit_gaps("coverage.json")``: run a test once per variant the coverage report never observed.

The test takes a ``chatkit_gap`` argument (a :class:`contract.gaps.Gap`): ``payload`` and ``status`` are the
answer to feed the code under test, ``fault`` the stand-in fault spec that makes ``chatkit_server`` answer an
error status. Gaps are built once per report and run; a report with no gaps leaves the test skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.errors import ContractError
from contract.secrets import mask_text

__all__ = ["ARGUMENT", "MARKER", "parametrize_gaps"]

#: The marker naming the coverage report, and the argument each gap is passed as.
MARKER, ARGUMENT = "chatkit_gaps", "chatkit_gap"
_CACHE = pytest.StashKey[dict[tuple[Path, int], list[object]]]()


def parametrize_gaps(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``chatkit_gap`` with the gaps of the report the closest ``chatkit_gaps`` marker names."""
    marker = metafunc.definition.get_closest_marker(MARKER)
    where = metafunc.definition.nodeid
    if marker is None or len(marker.args) != 1 or not isinstance(marker.args[0], (str, Path)):
        raise pytest.Collector.CollectError(
            f"{where}: takes {ARGUMENT}, so mark it @pytest.mark.{MARKER}('coverage.json') with the report "
            "`chatkit-contract coverage --format json` wrote"
        )
    seed = marker.kwargs.get("seed", 0)
    report = Path(marker.args[0])
    if not report.is_absolute():  # relative to the test's own file, as its other fixtures usually are
        report = metafunc.definition.path.parent / report
    cache = metafunc.config.stash.setdefault(_CACHE, {})
    if (report, seed) not in cache:
        from contract.gaps import gaps_from_file

        try:
            cache[report, seed] = list(gaps_from_file(report, seed=seed))
        except ContractError as err:
            raise pytest.Collector.CollectError(f"{where}: @pytest.mark.{MARKER}: {mask_text(str(err))}") from None
    gaps = cache[report, seed]
    metafunc.parametrize(ARGUMENT, gaps, ids=[str(gap) for gap in gaps])
