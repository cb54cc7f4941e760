"""The bar coverage must clear: ``coverage = { min = 0.8, require = ["status:cancelled", …] }``."""

from __future__ import annotations

from dataclasses import dataclass

from contract.coverage.model import Coverage, Requirement
from contract.findings import refuse_assignment

__all__ = ["Threshold", "Verdict", "judge"]


@refuse_assignment
@dataclass(frozen=True, slots=True)
class Threshold:
    """The least share of variants to observe (``None``: no minimum), and variants that must each be observed."""

    minimum: float | None = None
    require: tuple[Requirement, ...] = ()


@refuse_assignment
@dataclass(frozen=True, slots=True)
class Verdict:
    """How coverage measured up: below the minimum or not, and each required variant never observed."""

    coverage: Coverage
    threshold: Threshold
    unmet: tuple[Requirement, ...] = ()

    @property
    def below_minimum(self) -> bool:
        """True when fewer variants were observed than the minimum asks."""
        return self.threshold.minimum is not None and self.coverage.ratio < self.threshold.minimum

    @property
    def ok(self) -> bool:
        """True when the bar is cleared."""
        return not self.below_minimum and not self.unmet

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the bar is not cleared, one phrase each; required variants listed by name."""
        problems = []
        if self.below_minimum:
            problems.append(
                f"coverage {self.coverage.ratio:.0%} ({self.coverage.observed} of {self.coverage.total} variants) "
                f"is below the minimum {self.threshold.minimum:.0%}"
            )
        if self.unmet:
            names = ", ".join(requirement.text for requirement in self.unmet)
            problems.append(f"required variant(s) never observed: {names}")
        return tuple(problems)


def judge(coverage: Coverage, threshold: Threshold) -> Verdict:
    """Hold *coverage* against *threshold*; a requirement naming no variant is an :class:`InputError`."""
    return Verdict(coverage, threshold, coverage.unmet(threshold.require))
