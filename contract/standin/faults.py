"""Faults the stand-in server can inject, how they are written on the command line, and the queue that hands them out.

A fault spec is ``KIND[=ARG][,on=create|cancel][,times=N|always][,retry-after=SECONDS]``, for example
``drop=/workflow/tracing``, ``status=429,retry-after=0.1,times=2``, ``disconnect,on=cancel`` or ``slow=5``.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from contract.errors import InputError

__all__ = ["FAULT_KINDS", "Fault", "FaultKind", "FaultQueue", "Route", "mutate", "parse_fault"]

FaultKind = Literal["drop", "type", "extra", "status", "delay", "disconnect", "not-json", "reset", "slow", "oversize"]
Route = Literal["create", "cancel"]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)
_ROUTES: tuple[Route, ...] = get_args(Route)

# What each kind does when the spec gives no argument.
_DEFAULT_POINTER = {"drop": "/workflow/tracing", "type": "/expires_at", "extra": "/cancelled_at"}
_DEFAULT_STATUS = 500
_DEFAULT_DELAY = 1.0
# The stand-in builds an oversized body in memory; a typo such as oversize=10000 should not take the machine down.
_MAX_OVERSIZE_MIB = 256.0
# Past the 16 MiB body limit, so a client (check-live among them) has to stop reading and say so.
_DEFAULT_OVERSIZE_MIB = 17.0
# The value an injected undeclared member gets: a plausible Unix time, like upstream's own cancel example.
_EXTRA_VALUE = 1712345678


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
        if self.kind not in FAULT_KINDS:
            raise InputError(f"unknown fault {self.kind!r}; choose one of: {', '.join(FAULT_KINDS)}")
        if self.kind in _DEFAULT_POINTER and not self.pointer:
            object.__setattr__(self, "pointer", _DEFAULT_POINTER[self.kind])  # frozen: set once, here
        if self.kind in _DEFAULT_POINTER and not self.pointer.startswith("/"):
            raise InputError(f"{self.pointer!r} is not a JSON pointer such as /workflow/tracing")
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
    def mutates_body(self) -> bool:
        """True for the kinds that answer 200 with a changed session resource."""
        return self.kind in _DEFAULT_POINTER


def parse_fault(spec: str) -> Fault:
    """Read a fault spec (see the module docstring); a bad spec is an :class:`InputError` naming it."""
    head, *options = (part.strip() for part in spec.split(","))
    kind, _, arg = head.partition("=")
    fields: dict[str, Any] = {"kind": kind}
    try:
        if kind in _DEFAULT_POINTER:
            fields["pointer"] = arg
        elif kind == "status":
            fields["status"] = int(arg) if arg else _DEFAULT_STATUS
        elif kind in ("delay", "slow"):
            fields["seconds"] = float(arg) if arg else _DEFAULT_DELAY
        elif kind == "oversize":
            fields["mib"] = float(arg) if arg else _DEFAULT_OVERSIZE_MIB
        elif arg:
            raise ValueError(f"{kind} takes no argument")
        for option in options:
            key, _, value = option.partition("=")
            if key == "on":
                fields["on"] = value
            elif key == "times":
                fields["times"] = None if value == "always" else int(value)
            elif key == "retry-after":
                fields["retry_after"] = float(value)
            else:
                raise ValueError(f"unknown option {key!r} (on, times, retry-after)")
        return Fault(**fields)
    except (ValueError, InputError) as err:
        raise InputError(f"fault {spec!r}: {err}") from err


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


def _tokens(pointer: str) -> list[str]:
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]


def _other_type(value: Any) -> Any:
    """A value of a different JSON type that still reads as a plausible mistake."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return 0
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return {str(index): item for index, item in enumerate(value)}
    return 0


def mutate(resource: dict[str, Any], fault: Fault) -> dict[str, Any]:
    """Apply a body fault to *resource* in place; a pointer that names nothing leaves it unchanged."""
    *parents, last = _tokens(fault.pointer)
    node: Any = resource
    for token in parents:
        if not isinstance(node, dict) or token not in node:
            return resource
        node = node[token]
    if not isinstance(node, dict):
        return resource
    if fault.kind == "extra":
        node[last] = _EXTRA_VALUE
    elif last in node:
        if fault.kind == "drop":
            del node[last]
        else:
            node[last] = _other_type(node[last])
    return resource
