"""Fault specs, the queue that hands faults to requests, and the body mutations."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from contract.errors import InputError
from contract.standin.faults import FAULT_KINDS, Fault, FaultQueue, mutate, parse_fault
from contract.standin.kinds import KINDS
from tests.helpers import conforming_session


@pytest.mark.parametrize(
    ("spec", "fault"),
    [
        ("drop", Fault("drop", pointer="/workflow/tracing")),
        ("drop", Fault("drop")),
        ("drop=/user", Fault("drop", pointer="/user")),
        ("type", Fault("type", pointer="/expires_at")),
        ("extra=/workflow/scope", Fault("extra", pointer="/workflow/scope")),
        ("status=429,retry-after=0.5,times=2", Fault("status", status=429, retry_after=0.5, times=2)),
        ("status", Fault("status", status=500)),
        ("delay=2.5,on=cancel", Fault("delay", seconds=2.5, on="cancel")),
        ("disconnect,times=always", Fault("disconnect", times=None)),
        ("not-json", Fault("not-json")),
        ("reset,on=cancel", Fault("reset", on="cancel")),
        ("slow", Fault("slow", seconds=1.0)),
        ("slow=5", Fault("slow", seconds=5.0)),
        ("oversize", Fault("oversize", mib=17.0)),
        ("oversize=64", Fault("oversize", mib=64.0)),
    ],
)
def test_specs_read_as_documented(spec: str, fault: Fault) -> None:
    """Each spec form gives the fault it names, with the documented defaults."""
    assert parse_fault(spec) == fault


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("explode", "unknown fault 'explode'"),
        ("status=200", "status 200 is not an HTTP error status"),
        ("status=abc", "'abc' is not a whole number"),
        ("status=٤٢٩", "'٤٢٩' is not a whole number"),
        ("status=4_29", "'4_29' is not a whole number"),
        ("drop,times=²", "'²' is not a whole number"),
        ("delay=１", "'１' is not a number of seconds"),
        ("status=429,retry-after=1e3", "'1e3' is not a number of seconds"),
        ("drop=workflow", "'workflow' is not a JSON pointer"),
        ("disconnect=3", "disconnect takes no argument"),
        ("drop,times=0", "at least 1 request"),
        ("drop,on=delete", "on='delete' is not one of: create, cancel"),
        ("drop,colour=red", "unknown option 'colour'"),
        ("delay=-1", "'-1' is not a number of seconds"),
        ("status=429,retry-after=inf", "'inf' is not a number of seconds"),
        ("reset=1", "reset takes no argument"),
        ("oversize=1000", "oversize=1000 must be between 0 and 256 MiB"),
        ("slow=nan", "'nan' is not a number of seconds"),
        ("oversize=nan", "'nan' is not a number of MiB"),
    ],
)
def test_bad_specs_are_input_errors_quoting_the_spec(spec: str, message: str) -> None:
    """A typo names the spec and what is wrong with it; numbers are ASCII digits only, as HTTP writes them
    (Python's int() and float() would take Arabic-Indic and full-width digits, underscores and exponents)."""
    with pytest.raises(InputError, match=f"^fault '{spec}': ") as caught:
        parse_fault(spec)
    assert message in str(caught.value)


def test_queue_hands_out_faults_in_order_and_counts_them_down() -> None:
    """times=2 lasts two requests; a later fault waits its turn; then nothing is left."""
    queue = FaultQueue()
    queue.inject(parse_fault("status=500,times=2"))
    queue.inject(parse_fault("drop"))
    taken = [queue.take("create") for _ in range(4)]
    assert [fault.kind if fault else None for fault in taken] == ["status", "status", "drop", None]
    assert queue.pending == ()


def test_route_filter_lets_other_requests_pass_untouched() -> None:
    """A cancel-only fault is skipped by creates, which get the next fault that matches them."""
    queue = FaultQueue()
    queue.inject(parse_fault("disconnect,on=cancel"))
    queue.inject(parse_fault("not-json"))
    assert queue.take("create") == parse_fault("not-json")
    assert queue.take("create") is None
    assert queue.take("cancel") == parse_fault("disconnect,on=cancel")


def test_always_faults_never_run_out_until_cleared() -> None:
    """times=always applies to every request until the queue is cleared."""
    queue = FaultQueue()
    queue.inject(parse_fault("status=503,times=always"))
    assert all(queue.take("cancel") is not None for _ in range(50))
    queue.clear()
    assert queue.take("cancel") is None


def test_concurrent_takes_use_each_fault_exactly_as_often_as_asked() -> None:
    """Eight threads draining a times=100 fault take it exactly 100 times between them."""
    queue = FaultQueue()
    queue.inject(parse_fault("status=500,times=100"))
    taken: list[int] = []

    def drain() -> None:
        taken.append(sum(queue.take("create") is not None for _ in range(50)))

    threads = [threading.Thread(target=drain) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(taken) == 100


def test_drop_removes_a_nested_member() -> None:
    """drop=/workflow/tracing deletes exactly that member."""
    session = mutate(conforming_session(), parse_fault("drop"))
    assert "tracing" not in session["workflow"]
    assert session["workflow"]["id"] == "workflow_alpha"


@pytest.mark.parametrize(
    ("pointer", "before", "after"),
    [
        ("/expires_at", 1712349876, "1712349876"),
        ("/user", "user_789", 0),
        ("/workflow/tracing/enabled", True, "true"),
        ("/workflow/version", None, 0),
        ("/rate_limits", {"max_requests_per_1_minute": 60}, [60]),
    ],
)
def test_type_change_gives_a_value_of_another_json_type(pointer: str, before: object, after: object) -> None:
    """Every JSON type is swapped for a different one."""
    session = conforming_session()
    *parents, last = pointer.split("/")[1:]
    node = session
    for token in parents:
        node = node[token]
    node[last] = before
    mutate(session, Fault("type", pointer=pointer))
    assert node[last] == after


def test_extra_adds_an_undeclared_member_and_missing_parents_change_nothing() -> None:
    """extra adds a member; a pointer into nothing leaves the body as it was."""
    session = mutate(conforming_session(), parse_fault("extra=/workflow/scope"))
    assert session["workflow"]["scope"] == 1712345678
    assert mutate(conforming_session(), parse_fault("drop=/nowhere/deep")) == conforming_session()


def test_each_kind_is_one_class_documented_in_the_readme_in_order() -> None:
    """FAULT_KINDS is the kind classes, in the order they are defined; the README's fault table lists exactly those
    kinds, each with the spec form its class documents."""
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| kind | effect | what `check-live` reports |", 1)[1].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `([a-z-]+)", table, flags=re.MULTILINE)
    assert list(FAULT_KINDS) == list(KINDS)
    assert sorted(documented) == sorted(FAULT_KINDS)
    for name, behaviour in KINDS.items():
        assert (behaviour.__doc__ or "").startswith(f"``{name}"), name
        form = re.match(r"``([^`]+)``", behaviour.__doc__ or "")
        assert form is not None, name
        assert f"`{form.group(1)}`" in table, name


def test_a_kind_acts_only_through_the_step_it_overrides() -> None:
    """not-json changes the bytes and nothing else; drop changes a 200 resource and leaves an error alone."""
    not_json, drop = parse_fault("not-json"), parse_fault("drop")
    assert not_json.behaviour.reshape(not_json, 200, {"a": 1}) == {"a": 1}
    assert not_json.behaviour.encode(not_json, b"{}") != b"{}"
    assert drop.behaviour.encode(drop, b"{}") == b"{}"
    error = {"error": {"message": "x"}}
    assert drop.behaviour.reshape(drop, 404, error) == error
    assert drop.behaviour.delay(drop) == 0.0
