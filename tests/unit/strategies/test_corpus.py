"""Reproducible drawing and the JSON Lines writers behind `chatkit-contract generate`."""

from __future__ import annotations

import io

import orjson
import pytest
from hypothesis import strategies as st

from contract.errors import ContractError, InputError
from contract.strategies.corpus import _RUN, conforming_payloads, draw_examples, mutants, write_mutants, write_payloads


def test_the_same_seed_draws_the_same_examples_and_another_seed_others() -> None:
    """A seed pins the corpus; changing it changes the corpus."""
    first = list(conforming_payloads(count=20, seed=7))
    assert first == list(conforming_payloads(count=20, seed=7))
    assert first != list(conforming_payloads(count=20, seed=8))


def test_exactly_count_examples_across_several_runs_without_repeating_the_simplest() -> None:
    """A count beyond one Hypothesis run still gives exactly that many, with the minimal example once."""
    drawn = list(draw_examples(st.integers(), count=3 * _RUN, seed=1))
    assert len(drawn) == 3 * _RUN
    # Every Hypothesis run opens with the simplest example (0); only the first run's is kept.
    assert drawn[0] == 0
    assert 0 not in (drawn[_RUN], drawn[2 * _RUN])


def test_a_strategy_with_too_few_examples_is_a_contract_error() -> None:
    """Asking for more distinct examples than exist stops with an error instead of looping."""
    with pytest.raises(ContractError, match="ran out of distinct examples"):
        list(draw_examples(st.just(1), count=3, seed=0))


def test_status_is_honoured() -> None:
    """Every conforming payload has the requested status."""
    assert {payload["status"] for payload in conforming_payloads(count=10, seed=0, status="expired")} == {"expired"}


def test_a_rule_no_payload_can_break_is_an_input_error() -> None:
    """Bad options reach the CLI as InputError (one line, exit 2), not as Hypothesis's exception."""
    with pytest.raises(InputError, match=r"'http\.status' cannot be broken by a payload alone"):
        mutants(count=1, rules=["http.status"])


def test_payload_lines_are_one_json_document_each() -> None:
    """write_payloads writes one compact JSON document per line and counts them."""
    stream = io.BytesIO()
    assert write_payloads(stream, [{"a": 1}, {"b": "é"}]) == 2
    assert [orjson.loads(line) for line in stream.getvalue().splitlines()] == [{"a": 1}, {"b": "é"}]


def test_mutant_lines_carry_payload_and_expectation_or_split_them_line_for_line() -> None:
    """Without a side file each line is self-describing; with one, payloads and expectations align by line."""
    drawn = list(mutants(count=5, seed=3))
    combined = io.BytesIO()
    write_mutants(combined, drawn)
    assert [orjson.loads(line) for line in combined.getvalue().splitlines()] == [m.to_dict() for m in drawn]
    bare, side = io.BytesIO(), io.BytesIO()
    assert write_mutants(bare, drawn, side) == 5
    assert [orjson.loads(line) for line in bare.getvalue().splitlines()] == [m.payload for m in drawn]
    expectations = [orjson.loads(line) for line in side.getvalue().splitlines()]
    assert expectations == [{"line": n, **m.expectation()} for n, m in enumerate(drawn, start=1)]
