"""The bar coverage must clear: ``coverage = { min = 0.8, require = ["status:cancelled", …] }``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from contract.coverage.model import Coverage
from contract.errors import InputError
from contract.records import refuse_assignment

__all__ = ["Requirement", "Threshold", "Verdict", "judge", "unmet"]


@refuse_assignment
@dataclass(frozen=True, slots=True)
class Requirement:
    """A variant a configuration requires: ``status:cancelled`` (any operation) or ``cancel/status:cancelled``."""

    text: str
    operation: str | None
    name: str

    @classmethod
    def parse(cls, text: str) -> Requirement:
        """Read ``[operation/]path:label``; a ``ValueError`` says what is wrong with it."""
        head, colon, label = text.partition(":")
        if not colon or not head or not label:
            raise ValueError(f"{text!r} is not a variant name such as 'status:cancelled' or 'cancel/status:cancelled'")
        operation, slash, path = head.rpartition("/")
        if slash and not (operation and path):
            raise ValueError(f"{text!r}: write the operation before '/' and the member path after it")
        return cls(text, operation or None, f"{path}:{label}")


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
    return Verdict(coverage, threshold, unmet(coverage, threshold.require))


def unmet(coverage: Coverage, requirements: Iterable[Requirement]) -> tuple[Requirement, ...]:
    """The *requirements* not observed (in any operation, or in the one they name).

    A requirement naming no variant of the operations covered is an :class:`InputError`: a typo must not
    pass as a variant that was simply never seen.
    """
    unmet = []
    for requirement in requirements:
        counts = [
            count
            for op in coverage.operations
            if requirement.operation in (None, op.operation)
            for variant, count in op.variants
            if variant.name == requirement.name
        ]
        if not counts:
            where = f" of operation {requirement.operation!r}" if requirement.operation else ""
            hint = _hint(coverage, requirement.text)
            raise InputError(f"coverage require: {requirement.text!r} names no variant{where}; {hint}")
        if not any(counts):
            unmet.append(requirement)
    return tuple(unmet)


def _hint(coverage: Coverage, text: str) -> str:
    import difflib

    qualified = sorted({f"{op.operation}/{variant.name}" for op in coverage.operations for variant, _ in op.variants})
    names = qualified if "/" in text.split(":", 1)[0] else sorted({name.split("/", 1)[1] for name in qualified})
    close = difflib.get_close_matches(text, names, n=1)
    return f"did you mean {close[0]!r}?" if close else "`chatkit-contract coverage` lists every variant"
