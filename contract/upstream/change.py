"""One difference between the bundled contract and an upstream document, as every comparison reports it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from contract.schemas import ROOT

__all__ = ["Change", "Impact"]

Impact = Literal["breaking", "additive"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference at an instance pointer of a component (a schema, or an operation such as
    ``GET /chatkit/threads``); ``known`` holds the reason when it is a deliberate deviation."""

    pointer: str
    kind: str
    impact: Impact
    detail: str
    known: str | None = None
    component: str = ROOT

    @property
    def where(self) -> str:
        """``Component#/pointer``, or the component alone for a change to the whole of it."""
        return f"{self.component}#{self.pointer}" if self.pointer else self.component

    def to_dict(self) -> dict[str, Any]:
        """The JSON-output shape of one change."""
        return {
            "component": self.component,
            "pointer": self.pointer,
            "kind": self.kind,
            "impact": self.impact,
            "detail": self.detail,
            "known": self.known,
        }
