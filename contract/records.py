"""Frozen value records that cost nothing at import: the small types every run creates (findings, results,
exchanges, rules, operations) behave as frozen, slotted dataclasses, without building one.

``@dataclass(frozen=True, slots=True)`` writes and executes several methods and then rebuilds the class for its
slots: about 0.7 ms a class, paid by every start-up, a fifth of what checking one file costs. A subclass of
:class:`Record` names its fields in order as ``_fields``, makes them its ``__slots__`` (with any private slot
of its own), annotates them, and writes its own ``__init__`` (setting them with :func:`object.__setattr__`).
It then compares, hashes, prints, copies and pickles as the dataclass did, refuses assignment with
:class:`dataclasses.FrozenInstanceError`, and :func:`dataclasses.fields` and :func:`dataclasses.replace` work on
it: the ``dataclasses`` module is imported only when one of those is used. Type checkers see a frozen dataclass.

Base layer: imports nothing of the package.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

if TYPE_CHECKING:
    from dataclasses import Field

    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**kwargs: Any) -> Any:
        """For type checkers only: they read a subclass's annotations as frozen dataclass fields."""
        return lambda cls: cls


__all__ = ["Record", "refuse_assignment"]

_R = TypeVar("_R", bound="Record")
_Frozen = TypeVar("_Frozen", bound=type)


def refuse_assignment(cls: _Frozen) -> _Frozen:
    """Make a frozen, slotted dataclass refuse every assignment and deletion with ``FrozenInstanceError``.

    ``dataclass(frozen=True, slots=True)`` builds a second class to hold the slots, but the ``__setattr__`` it
    generated still names the first: assigning anything but a field (``result.ok = True``) raised
    ``TypeError: super(type, obj)…`` where the same class without slots raises ``FrozenInstanceError``.
    Construction, pickling and ``dataclasses.replace`` set fields through ``object.__setattr__``, untouched.
    A :class:`Record` refuses the same way by itself.
    """
    cls.__setattr__ = Record.__setattr__  # type: ignore[assignment]
    cls.__delattr__ = Record.__delattr__  # type: ignore[assignment]
    return cls


class _Fields:
    """``__dataclass_fields__``, built on first use by the ``dataclasses`` module itself and then kept on the class.

    A field's default is what the subclass's ``__init__`` gives it (``_factories`` names the fields whose
    default is a fresh object, as ``default_factory`` does).
    """

    def __get__(self, instance: object, owner: type[Record]) -> dict[str, Field[Any]]:
        import dataclasses
        import inspect

        defaults = inspect.signature(owner.__init__).parameters
        factories = owner._factories
        specs = []
        for name in owner._fields:
            default = defaults[name].default
            if name in factories:
                spec = dataclasses.field(default_factory=factories[name])
            elif default is inspect.Parameter.empty:
                spec = dataclasses.field()
            else:
                spec = dataclasses.field(default=default)
            specs.append((name, Any, spec))
        shadow = dataclasses.make_dataclass(owner.__name__, specs)
        built = {field.name: field for field in dataclasses.fields(shadow)}
        owner.__dataclass_fields__ = built  # kept: later reads find it on the class
        return built


def _rebuild(cls: type[_R], values: tuple[Any, ...]) -> _R:
    """An instance of *cls* holding *values*, made as unpickling a dataclass makes it: without ``__init__``."""
    instance = object.__new__(cls)
    for name, value in zip(cls._fields, values, strict=True):
        object.__setattr__(instance, name, value)
    return instance


@dataclass_transform(frozen_default=True)
class Record:
    """Base of frozen, slotted value records; see the module's docstring for what a subclass writes."""

    __slots__ = ()
    #: The fields, in order.
    _fields: ClassVar[tuple[str, ...]] = ()
    #: Fields whose default is a fresh object each time, and what makes it (``dict`` for ``{}``).
    _factories: ClassVar[dict[str, Any]] = {}
    _values: ClassVar[Any]
    if TYPE_CHECKING:
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    else:
        __dataclass_fields__ = _Fields()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        type.__setattr__(cls, "__match_args__", cls._fields)
        # A tuple of the fields' values, read in C: what comparing, hashing and pickling look at.
        getter = attrgetter(*cls._fields)
        cls._values = getter if len(cls._fields) > 1 else lambda self: (getter(self),)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = self._values
        return bool(values(self) == values(other))

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self._values(self))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")
