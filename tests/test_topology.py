"""Prerequisite order and cycle reports, with the standard library's graphlib.

The validator's located messages for cycles are in tests/plans/invalid/prerequisite-cycle*/.
"""

from __future__ import annotations

import graphlib

import pytest

from generator.base import topology


def test_order_puts_prerequisites_first_and_otherwise_keeps_the_key_order() -> None:
    graph = {"c": [], "a": ["c"], "d": [], "b": ["d", "a"]}
    written = {"a": 0, "b": 1, "c": 2, "d": 3}
    assert topology.order(graph, written.__getitem__) == ["c", "a", "d", "b"]


def test_order_refuses_a_cycle() -> None:
    with pytest.raises(graphlib.CycleError):
        topology.order({"a": ["b"], "b": ["a"]}, ord)


def test_no_cycle_no_report() -> None:
    assert topology.cycles({"a": ["b", "c"], "b": ["c"], "c": [], "d": ["lib/x"]}) == []


def test_one_cycle_per_group_in_the_order_of_their_smallest_node() -> None:
    graph = {
        "z": ["z"],  # a self-loop
        "m": ["n"],
        "n": ["m"],
        "b": ["c"],
        "c": ["b", "d"],
        "d": ["c"],
        "free": ["b"],  # leads into a cycle but is in none
    }
    assert topology.cycles(graph) == [["b", "c", "b"], ["m", "n", "m"], ["z", "z"]]


def test_the_cycle_follows_requirements_in_written_order() -> None:
    assert topology.cycles({"a": ["b", "c"], "b": ["a"], "c": ["a"]}) == [["a", "b", "a"]]
    assert topology.cycles({"a": ["c", "b"], "b": ["a"], "c": ["a"]}) == [["a", "c", "a"]]


def test_the_first_cycle_met_need_not_pass_through_the_smallest_node() -> None:
    # one group {a, b, c}: the walk from a meets b → c → b before it returns to a
    assert topology.cycles({"a": ["b"], "b": ["c"], "c": ["b", "a"]}) == [["b", "c", "b"]]


def test_repeated_requirements_count_once_and_required_nodes_need_no_key() -> None:
    assert topology.cycles({"a": ["lib/x", "b", "b"], "b": ["a"]}) == [["a", "b", "a"]]


def test_a_chain_longer_than_python_recurses() -> None:
    chain = {f"n{i:06}": [f"n{i + 1:06}"] for i in range(50_000)}
    assert topology.cycles(chain) == []
    chain["n050000"] = ["n000000"]
    (cycle,) = topology.cycles(chain)
    assert cycle == [f"n{i:06}" for i in range(50_001)] + ["n000000"]
    assert topology.order({f"n{i}": [f"n{i + 1}"] for i in range(50_000)}, len)[0] == "n50000"
