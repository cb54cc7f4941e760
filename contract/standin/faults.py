"""Faults the stand-in server can inject, how they are written on the command line, and the queue that hands them out.

A fault spec is ``KIND[=ARG][,on=OPERATION][,times=N|always][,retry-after=SECONDS]``, for example
``drop=/workflow/tracing``, ``status=429,retry-after=0.1,times=2``, ``disconnect,on=cancel``, ``slow=5`` or
``drop=/data/0/thread_id,on=list-thread-items``; ``on`` names any operation (``create``, ``list-threads``…).
What each kind does lives in :mod:`contract.standin.kinds`, one class per kind.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from typing import Any

from contract.errors import InputError
from contract.operations import OPERATION_NAMES
from contract.standin.kinds import KINDS, FaultBehaviour, decimal, whole

__all__ = ["FAULT_KINDS", "Fault", "FaultKind", "FaultQueue", "Route", "mutate", "parse_fault"]

#: A kind's name, one of :data:`FAULT_KINDS`.
FaultKind = str
#: The operation a request was (``create``, ``cancel``, ``list-threads``…), which ``on=`` picks faults by.
Route = str
#: Every kind a spec may name, in the order the README documents them.
FAULT_KINDS: tuple[FaultKind, ...] = tuple(KINDS)
_ROUTES: tuple[Route, ...] = OPERATION_NAMES

_DEFAULT_STATUS = 500
_DEFAULT_DELAY = 1.0
# The stand-in builds an oversized body in memory; a typo such as oversize=10000 should not take the machine down.
_MAX_OVERSIZE_MIB = 256.0
# Past the 16 MiB body limit, so a client (check-live among them) has to stop reading and say so.
_DEFAULT_OVERSIZE_MIB = 17.0


@dataclass(frozen=True, slots=True)
class Fault:
    """One misbehaviour: what to do, to which route (``None``: any), and for how many requests (``None``: all).

    ``pointer`` is for ``drop``/``type``/``extra`` (each has a default), ``status`` and ``retry_after`` for
    ``status``, ``seconds`` for ``delay`` and ``slow``, ``mib`` for ``oversize``.
    """

    kind: FaultKind
    pointer: str = ""
    status: int = _DEFAULT_STATUS
    retry_after: float | None = None
    seconds: float = _DEFAULT_DELAY
    mib: float = _DEFAULT_OVERSIZE_MIB
    on: Route | None = None
    times: int | None = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"unknown fault {self.kind!r}; choose one of: {', '.join(FAULT_KINDS)}")
        try:
            settled = KINDS[self.kind].settle(self)
        except ValueError as err:
            raise InputError(str(err)) from None
        for name, value in settled.items():
            object.__setattr__(self, name, value)  # frozen: a kind's default is filled in once, here
        if not 400 <= self.status <= 599:
            raise InputError(f"status {self.status} is not an HTTP error status (400-599)")
        if self.times is not None and self.times < 1:
            raise InputError(f"times={self.times}: a fault lasts at least 1 request (or 'always')")
        if self.on is not None and self.on not in _ROUTES:
            raise InputError(f"on={self.on!r} is not one of: {', '.join(_ROUTES)}")
        for delay in (self.seconds, self.retry_after or 0.0):
            if not (math.isfinite(delay) and delay >= 0):
                raise InputError(f"delay {delay:g} must be a finite number of seconds, 0 or more")
        if not (math.isfinite(self.mib) and 0 <= self.mib <= _MAX_OVERSIZE_MIB):
            raise InputError(f"oversize={self.mib:g} must be between 0 and {_MAX_OVERSIZE_MIB:g} MiB")

    @property
    def behaviour(self) -> FaultBehaviour:
        """What this fault's kind does to an answer."""
        return KINDS[self.kind]

    @property
    def mutates_body(self) -> bool:
        """True for the kinds that answer 200 with a changed session resource."""
        return self.behaviour.field == "pointer"


def parse_fault(spec: str) -> Fault:
    """Read a fault spec (see the module docstring); a bad spec is an :class:`InputError` naming it.

    Numbers are plain ASCII digits (``status=429``, ``delay=0.5``), as HTTP writes them.
    """
    head, *options = (part.strip() for part in spec.split(","))
    kind, _, argument = head.partition("=")
    fields: dict[str, Any] = {"kind": kind}
    try:
        behaviour = KINDS.get(kind)
        if behaviour is not None and argument:
            value = behaviour.read(argument)  # a kind that takes no argument refuses one here
            fields[behaviour.field] = value
        for option in options:
            key, _, value = option.partition("=")
            if key == "on":
                fields["on"] = value
            elif key == "times":
                fields["times"] = None if value == "always" else whole(value)
            elif key == "retry-after":
                fields["retry_after"] = decimal(value, "seconds")
            else:
                raise ValueError(f"unknown option {key!r} (on, times, retry-after)")
        return Fault(**fields)
    except (ValueError, InputError) as err:
        raise InputError(f"fault {spec!r}: {err}") from err


def mutate(resource: dict[str, Any], fault: Fault) -> dict[str, Any]:
    """Apply a body fault to a 200 answer's *resource* in place; a pointer that names nothing leaves it unchanged."""
    return fault.behaviour.reshape(fault, 200, resource)


class FaultQueue:
    """Faults waiting for requests, handed out in the order they were injected; safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[Fault] = []

    def inject(self, fault: Fault) -> None:
        """Queue *fault* for the next matching requests."""
        with self._lock:
            self._pending.append(fault)

    def clear(self) -> None:
        """Forget every queued fault."""
        with self._lock:
            self._pending.clear()

    @property
    def pending(self) -> tuple[Fault, ...]:
        """What is still queued, with ``times`` counting the requests each fault has left."""
        with self._lock:
            return tuple(self._pending)

    def take(self, route: Route) -> Fault | None:
        """The first queued fault for *route*, counted as used once."""
        with self._lock:
            for index, fault in enumerate(self._pending):
                if fault.on in (None, route):
                    if fault.times is None:
                        return fault
                    if fault.times == 1:
                        del self._pending[index]
                    else:
                        self._pending[index] = replace(fault, times=fault.times - 1)
                    return fault
        return None
