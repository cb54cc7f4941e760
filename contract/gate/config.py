"""The configuration: the ``[tool.chatkit-contract]`` table of ``pyproject.toml``, found like pytest and ruff find
theirs, checked key by key. ``validate``, ``gate``, the pre-commit hooks and the pytest plugin all read it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contract.errors import InputError
from contract.operations import OPERATION_CHOICES, canonical_operation
from contract.records import Record
from contract.rules import PROFILES, Profile, unknown_rule_ids
from contract.sources.files import read_regular_file

if TYPE_CHECKING:
    from contract.coverage import Threshold

__all__ = ["DEFAULT_CONFIG", "MAX_SELF_CHECK", "TABLE", "GateConfig", "find_config", "load_config", "load_settings"]

DEFAULT_CONFIG = "pyproject.toml"
TABLE = "tool.chatkit-contract"
#: The most generated payloads (and as many mutants) ``self-check`` may ask for: about a minute's work.
MAX_SELF_CHECK = 10_000
# How much of a bad value an error message quotes.
_SHOWN = 60
# Fields are set once, in __init__, past the refusal every record makes of assignment.
_set = object.__setattr__


class GateConfig(Record):
    """What a run checks and how; paths are resolved against the configuration file's directory.

    ``recordings`` is what ``gate`` checks (it requires them); ``validate`` is given its paths instead.
    """

    _fields = (
        "file",
        "root",
        "recordings",
        "profile",
        "operation",
        "ignore",
        "baseline",
        "upstream",
        "self_check",
        "allow_empty",
        "coverage",
        "scheduler",
    )
    __slots__ = _fields
    file: Path
    root: Path
    recordings: tuple[str, ...]
    profile: Profile
    operation: str | None
    ignore: frozenset[str]
    baseline: Path | None
    upstream: Path | None
    self_check: int
    allow_empty: bool
    coverage: Threshold | None
    #: A Dask scheduler address, or ``local``: where ``validate`` and ``gate`` run the checks (``None``: here).
    scheduler: str | None

    def __init__(  # noqa: PLR0917 - the fields in order, as the dataclass took them
        self,
        file: Path,
        root: Path,
        recordings: tuple[str, ...] = (),
        profile: Profile = "lenient",
        operation: str | None = None,
        ignore: frozenset[str] = frozenset(),
        baseline: Path | None = None,
        upstream: Path | None = None,
        self_check: int = 0,
        allow_empty: bool = False,
        coverage: Threshold | None = None,
        scheduler: str | None = None,
    ) -> None:
        _set(self, "file", file)
        _set(self, "root", root)
        _set(self, "recordings", recordings)
        _set(self, "profile", profile)
        _set(self, "operation", operation)
        _set(self, "ignore", ignore)
        _set(self, "baseline", baseline)
        _set(self, "upstream", upstream)
        _set(self, "self_check", self_check)
        _set(self, "allow_empty", allow_empty)
        _set(self, "coverage", coverage)
        _set(self, "scheduler", scheduler)

    def merged(self, **overrides: Any) -> GateConfig:
        """This configuration with every override that is not ``None`` applied (command-line options win)."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update((key, value) for key, value in overrides.items() if value is not None)
        return GateConfig(**values)

    @classmethod
    def defaults(cls, root: Path | None = None) -> GateConfig:
        """The settings when no configuration file is used."""
        here = root or Path.cwd()
        return cls(file=here / DEFAULT_CONFIG, root=here)


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` holding ``[tool.chatkit-contract]``, from *start* (default: the working
    directory) upward, or ``None``. A ``pyproject.toml`` without the table is passed over, as ruff does."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / DEFAULT_CONFIG
        if candidate.is_file() and _declares_table(candidate):
            return candidate
    return None


def load_settings(path: str | Path | None = None, *, start: str | Path | None = None) -> GateConfig:
    """The settings a run starts from: the file named, else the nearest one found from *start* (default: the
    working directory) upward, else the defaults. Callers apply their own options with :meth:`GateConfig.merged`."""
    found = Path(path) if path is not None else find_config(start)
    if found is not None:
        return load_config(found)
    return GateConfig.defaults(Path(start).resolve() if start is not None else None)


def _declares_table(file: Path) -> bool:
    """True when *file* has the table, or mentions it but does not parse (load_config then says why)."""
    try:
        text = read_regular_file(file).decode("utf-8", "replace")
    except (OSError, InputError):
        return False
    if "chatkit-contract" not in text:
        return False  # the common case, without parsing
    try:
        document = _toml().loads(text)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return True
    tool = document.get("tool")
    return isinstance(tool, dict) and "chatkit-contract" in tool


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def load_config(path: str | Path | None = None) -> GateConfig:
    """Read and check ``[tool.chatkit-contract]`` from *path* (default: :func:`find_config`, else
    ``./pyproject.toml``)."""
    file = Path(path) if path is not None else (find_config() or Path(DEFAULT_CONFIG))
    if "\0" in str(file):
        raise InputError(f"{_shown(str(file))}: a configuration path cannot hold a NUL character")
    table = _read_table(file)
    unknown = sorted(table.keys() - _KEYS.keys())
    if unknown:
        import difflib  # a typo's suggestion: imported by the runs that have one

        guess = difflib.get_close_matches(unknown[0], _KEYS, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else f"; known keys: {', '.join(sorted(_KEYS))}"
        raise InputError(f"{file}: [{TABLE}] unknown key {unknown[0]!r}{hint}")
    root = file.resolve().parent
    if "operation" in table and "endpoint" in table:
        raise InputError(f"{file}: [{TABLE}] endpoint is the older name of operation: keep only operation")
    values: dict[str, Any] = {}
    for key, value in table.items():
        attribute, check = _KEYS[key]
        try:
            values[attribute] = check(value, root)
        except ValueError as err:
            raise InputError(f"{file}: [{TABLE}] {key}: {err}") from None
    return GateConfig(file=file, root=root, **values)


def _read_table(file: Path) -> Mapping[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        document = tomllib.loads(read_regular_file(file).decode("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{file}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{file}: cannot read the configuration: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{file}: not valid TOML: {err}") from None
    except RecursionError:
        raise InputError(f"{file}: not read: arrays or tables nested too deeply") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise InputError(f"{file}: [tool] must be a table, not {_shown(tool)}")
    table = tool.get("chatkit-contract")
    if table is None:
        raise InputError(f"{file}: no [{TABLE}] table")
    if not isinstance(table, dict):
        raise InputError(f"{file}: [{TABLE}] must be a table, not {_shown(table)}")
    return table


def _shown(value: Any) -> str:
    """A value as a message quotes it: TOML-ish, and cut short, since a value can be megabytes long."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _text(value: str) -> str:
    # A NUL cannot be part of a path or a pattern: the operating system would refuse it later, mid-run.
    if "\0" in value:
        raise ValueError(f"{_shown(value)} holds a NUL character")
    return value


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValueError(f"must be a list of {what}, not {_shown(value)}")
    return tuple(_text(item) for item in value)


def _recordings(value: Any, root: Path) -> tuple[str, ...]:
    globs = _strings(value, "glob patterns")
    if not globs:
        raise ValueError("must name at least one glob pattern")
    return globs


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Path], Any]:
    def check(value: Any, root: Path) -> Any:
        if not isinstance(value, str) or value not in choices:
            raise ValueError(f"{_shown(value)} is not one of {', '.join(choices)}")
        return value

    return check


def _operation(value: Any, root: Path) -> str:
    name = canonical_operation(value) if isinstance(value, str) else None
    if name is None:
        raise ValueError(f"{_shown(value)} is not one of {', '.join(OPERATION_CHOICES)}")
    return name


def _ignore(value: Any, root: Path) -> frozenset[str]:
    ids = _strings(value, "rule ids")
    problem = unknown_rule_ids(ids)
    if problem is not None:
        raise ValueError(problem)
    return frozenset(ids)


def _path(value: Any, root: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ValueError(f"must be a path, not {_shown(value)}")
    return root / _text(value)


def _flag(value: Any, root: Path) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {_shown(value)}")
    return value


def _scheduler(value: Any, root: Path) -> str:
    from contract.run.cluster import check_scheduler

    return check_scheduler(value)


def _count(value: Any, root: Path) -> int:
    # bool is an int in Python; `self-check = true` is a mistake worth naming.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SELF_CHECK:
        raise ValueError(f"must be a whole number of examples from 0 (off) to {MAX_SELF_CHECK:,}, not {_shown(value)}")
    return value


def _coverage(value: Any, root: Path) -> Threshold:
    from contract.coverage import Requirement, Threshold

    if not isinstance(value, dict):
        example = '{ min = 0.8, require = ["status:cancelled"] }'
        raise ValueError(f"must be a table such as {example}, not {_shown(value)}")
    unknown = sorted(set(value) - {"min", "require"})
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}; known keys: min, require")
    minimum = value.get("min")
    if minimum is not None and (
        isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or not 0 <= minimum <= 1
    ):
        raise ValueError(f"min must be a share of the variants from 0 to 1 (0.8 is 80 %), not {_shown(minimum)}")
    require = _strings(value.get("require", []), "variant names such as 'status:cancelled'")
    return Threshold(None if minimum is None else float(minimum), tuple(Requirement.parse(text) for text in require))


# TOML key -> (GateConfig attribute, checker returning the value or raising ValueError with the reason).
_KEYS: dict[str, tuple[str, Callable[[Any, Path], Any]]] = {
    "recordings": ("recordings", _recordings),
    "profile": ("profile", _choice(PROFILES)),
    "operation": ("operation", _operation),
    # The older name, still read: cancel or session (a create response's rules).
    "endpoint": ("operation", _operation),
    "ignore": ("ignore", _ignore),
    "baseline": ("baseline", _path),
    "upstream": ("upstream", _path),
    "self-check": ("self_check", _count),
    "allow-empty": ("allow_empty", _flag),
    "coverage": ("coverage", _coverage),
    "scheduler": ("scheduler", _scheduler),
}
