"""What each kind of fault does: one small class per kind, registered by being defined.

Answering a request goes through five steps, and a kind overrides the one it changes: ``instead`` (answer
in place of the service, or not at all), ``reshape`` (the resource or error about to be sent), ``encode``
(its bytes), ``delay`` (seconds to hold the answer back) and ``deliver`` (how the bytes go out). A new
kind is one more class here: its ``name`` makes it known to fault specs, ``--fault`` and the header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import orjson

from contract.parsing.numbers import ascii_decimal, ascii_whole
from contract.standin.envelope import status_envelope

if TYPE_CHECKING:
    from contract.standin.faults import Fault

__all__ = ["KINDS", "FaultBehaviour", "Wire", "decimal", "whole"]

# What a misconfigured proxy in front of the service might send instead of JSON.
_NOT_JSON = b"upstream connect error or disconnect/reset before headers. reset reason: connection termination"
# The value an injected undeclared member gets: a plausible Unix time, like upstream's own cancel example.
_EXTRA_VALUE = 1712345678


def whole(text: str) -> int:
    """*text* as a whole number written in ASCII digits, as a spec must write it; else ``ValueError``."""
    value = ascii_whole(text)
    if value is None:
        raise ValueError(f"{text!r} is not a whole number")
    return value


def decimal(text: str, unit: str) -> float:
    """*text* as a number of *unit* written in ASCII digits (``2``, ``0.5``); else ``ValueError``."""
    value = ascii_decimal(text)
    if value is None:
        raise ValueError(f"{text!r} is not a number of {unit} (digits, with a decimal point if need be)")
    return value


class Wire(Protocol):
    """What a fault may do with the connection a request came on; the request handler is one."""

    def reply(self, status: int, data: bytes, headers: Mapping[str, str]) -> None:
        """Send a whole answer."""

    def abort(self) -> None:
        """Answer nothing and reset the connection."""

    def write(self, data: bytes) -> None:
        """Send *data* as (part of) the body of the answer whose headers went out."""

    def hang_up(self) -> None:
        """Close the connection now, whatever the answer promised."""

    def wait(self, seconds: float) -> bool:
        """Wait *seconds*; ``True`` (at once) when the server is stopping and nothing more should be sent."""


class FaultBehaviour:
    """A kind of fault; the base class answers as the service would."""

    #: The kind's name in a spec (``KIND[=ARG]``); set by every concrete kind.
    name: ClassVar[str]
    #: The :class:`~contract.standin.faults.Fault` field ``=ARG`` sets ("": the kind takes no argument).
    field: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            KINDS[cls.name] = cls()

    def read(self, argument: str) -> Any:
        """The value of ``field`` that ``KIND=argument`` asks for."""
        raise ValueError(f"{self.name} takes no argument")

    def settle(self, fault: Fault) -> dict[str, Any]:
        """Fields to fill in on a new fault of this kind (defaults that depend on the kind), after checking it."""
        return {}

    def instead(self, fault: Fault, wire: Wire) -> bool:
        """Answer in place of the service (or not at all) and return ``True``; ``False`` lets it answer."""
        return False

    def reshape(self, fault: Fault, status: int, payload: dict[str, Any]) -> dict[str, Any]:
        """The resource or error envelope to send, changed as the fault says."""
        return payload

    def encode(self, fault: Fault, data: bytes) -> bytes:
        """The body's bytes, changed as the fault says."""
        return data

    def delay(self, fault: Fault) -> float:
        """Seconds to hold the whole answer back."""
        return 0.0

    def deliver(self, fault: Fault, wire: Wire, data: bytes) -> None:
        """Send the body once the headers are out."""
        wire.write(data)


#: Every kind by name, in the order they are defined (and documented).
KINDS: dict[str, FaultBehaviour] = {}


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


class _Mutation(FaultBehaviour):
    """Answers 200 with the resource changed at ``pointer``; a pointer that names nothing changes nothing."""

    field = "pointer"
    default_pointer: ClassVar[str]

    def read(self, argument: str) -> str:
        return argument

    def settle(self, fault: Fault) -> dict[str, Any]:
        pointer = fault.pointer or self.default_pointer
        if not pointer.startswith("/"):
            raise ValueError(f"{pointer!r} is not a JSON pointer such as /workflow/tracing")
        return {"pointer": pointer}

    def reshape(self, fault: Fault, status: int, payload: dict[str, Any]) -> dict[str, Any]:
        if status != 200:
            return payload
        *parents, last = _tokens(fault.pointer)
        node: Any = payload
        for token in parents:
            if not isinstance(node, dict) or token not in node:
                return payload
            node = node[token]
        if isinstance(node, dict):
            self.change(node, last)
        return payload

    def change(self, holder: dict[str, Any], member: str) -> None:
        """Change *member* of *holder*, the object the pointer ends in."""
        raise NotImplementedError


class _Drop(_Mutation):
    """``drop[=/pointer]``: removes a member (default ``/workflow/tracing``)."""

    name = "drop"
    default_pointer = "/workflow/tracing"

    def change(self, holder: dict[str, Any], member: str) -> None:
        holder.pop(member, None)


class _Type(_Mutation):
    """``type[=/pointer]``: gives a value another JSON type (default ``/expires_at``)."""

    name = "type"
    default_pointer = "/expires_at"

    def change(self, holder: dict[str, Any], member: str) -> None:
        if member in holder:
            holder[member] = _other_type(holder[member])


class _Extra(_Mutation):
    """``extra[=/pointer]``: adds an undeclared member (default ``/cancelled_at``)."""

    name = "extra"
    default_pointer = "/cancelled_at"

    def change(self, holder: dict[str, Any], member: str) -> None:
        holder[member] = _EXTRA_VALUE


class _Status(FaultBehaviour):
    """``status[=CODE]``: that error status (default 500) in the service's envelope, ``Retry-After`` if given."""

    name = "status"
    field = "status"

    def read(self, argument: str) -> int:
        return whole(argument)

    def instead(self, fault: Fault, wire: Wire) -> bool:
        retry = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
        wire.reply(fault.status, orjson.dumps(status_envelope(fault.status)), retry)
        return True


class _Delay(FaultBehaviour):
    """``delay[=SECONDS]``: answers late (default 1 s)."""

    name = "delay"
    field = "seconds"

    def read(self, argument: str) -> float:
        return decimal(argument, "seconds")

    def delay(self, fault: Fault) -> float:
        return fault.seconds


class _Disconnect(FaultBehaviour):
    """``disconnect``: promises the whole body, sends half, hangs up."""

    name = "disconnect"

    def deliver(self, fault: Fault, wire: Wire, data: bytes) -> None:
        wire.write(data[: len(data) // 2])
        wire.hang_up()


class _NotJson(FaultBehaviour):
    """``not-json``: ``200``, ``application/json``, a text body."""

    name = "not-json"

    def encode(self, fault: Fault, data: bytes) -> bytes:
        return _NOT_JSON


class _Reset(FaultBehaviour):
    """``reset``: answers nothing and resets the connection."""

    name = "reset"

    def instead(self, fault: Fault, wire: Wire) -> bool:
        wire.abort()
        return True


class _Slow(FaultBehaviour):
    """``slow[=SECONDS]``: trickles the body out over that long (default 1 s), a tenth of a second apart."""

    name = "slow"
    field = "seconds"

    def read(self, argument: str) -> float:
        return decimal(argument, "seconds")

    def deliver(self, fault: Fault, wire: Wire, data: bytes) -> None:
        pieces = max(1, int(fault.seconds * 10))
        step = max(1, -(-len(data) // pieces))
        for start in range(0, len(data), step):
            wire.write(data[start : start + step])
            if wire.wait(fault.seconds / pieces):
                wire.hang_up()  # the server is closing: the rest is never sent
                return


class _Oversize(FaultBehaviour):
    """``oversize[=MIB]``: a body of that many MiB (default 17, at most 256)."""

    name = "oversize"
    field = "mib"

    def read(self, argument: str) -> float:
        return decimal(argument, "MiB")

    def reshape(self, fault: Fault, status: int, payload: dict[str, Any]) -> dict[str, Any]:
        payload["x_padding"] = "x" * int(fault.mib * (1 << 20))
        return payload
