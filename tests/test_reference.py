"""The service-reference cap: hand-worked moves under each rule, and properties over any sequence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import domain
from lib.workload import reference
from lib.workload.reference import BLOCK, PROPORTIONAL, REDUCE_FIRST, RULES, move, total

D = domain.load()
SLOTS = reference.slots(D.reference)
NATIONAL = reference.national(SLOTS)
ORDER = reference.reduce_first_order(D, SLOTS)
IDS = [s.id for s in SLOTS]


def test_slots_are_the_functions_with_the_shared_block_as_one():
    assert len(SLOTS) == 15 and total(NATIONAL) == 100
    block = next(s for s in SLOTS if s.id == "other_persons_combined")
    assert block.national_pct == 4 and len(block.function_ids) == 3
    assert ORDER == ("other_tasks", "other_persons_combined")
    assert sum(s.national_pct for s in SLOTS if s.is_core) == 80


def test_block_refuses_the_excess():
    m = move(NATIONAL, "client_consultation", 35, BLOCK)
    assert m.values == NATIONAL and m.refused == 5 and m.taken == {}
    lower = move(NATIONAL, "home_visits", 1, BLOCK).values  # 2 pp free now
    m = move(lower, "client_consultation", 35, BLOCK)
    assert m.values["client_consultation"] == 32 and m.refused == 3 and total(m.values) == 100


def test_reduce_first_takes_other_duties_then_other_persons_then_refuses():
    m = move(NATIONAL, "client_consultation", 34, REDUCE_FIRST, reduce_order=ORDER)
    assert m.taken == {"other_tasks": 3, "other_persons_combined": 1}
    assert m.values["other_tasks"] == 0 and m.values["other_persons_combined"] == 3
    m = move(NATIONAL, "client_consultation", 45, REDUCE_FIRST, reduce_order=ORDER)
    assert m.values["client_consultation"] == 37 and m.refused == 8 and total(m.values) == 100


def test_proportional_spreads_over_unlocked_on_the_grid():
    locked = frozenset({"case_documentation"})
    m = move(NATIONAL, "client_consultation", 40, PROPORTIONAL, locked)
    assert total(m.values) == 100 and m.values["client_consultation"] == 40
    assert m.values["case_documentation"] == NATIONAL["case_documentation"]
    assert sum(m.taken.values()) == 10
    assert max(m.taken, key=m.taken.get) in {"situation_assessment", "interagency_case_communication", "preparation"}
    assert all((v * 2).is_integer() for v in m.values.values())


def test_locked_slot_does_not_move_and_lowering_is_always_allowed():
    assert move(NATIONAL, "home_visits", 50, PROPORTIONAL, frozenset({"home_visits"})).values == NATIONAL
    m = move(NATIONAL, "client_consultation", 12.3, BLOCK)
    assert m.values["client_consultation"] == 12.5 and total(m.values) == 82.5


@pytest.mark.parametrize("rule", RULES)
def test_no_budget_left_and_bounds_never_raise(rule):
    full = dict.fromkeys(IDS, 0.0) | {"client_consultation": 100.0}
    for slot in IDS:
        for value in (0, 100, -5, 250, 0.25):
            m = move(full, slot, value, rule, frozenset({"client_consultation"}), ORDER)
            assert total(m.values) <= 100 and m.values["client_consultation"] == 100


MOVES = st.lists(st.tuples(st.sampled_from(IDS), st.floats(-20, 130, allow_nan=False), st.sampled_from(RULES)),
                 max_size=40)


@settings(max_examples=300, deadline=None)
@given(MOVES, st.frozensets(st.sampled_from(IDS), max_size=5))
def test_any_sequence_keeps_cap_locks_bounds_and_grid(moves, locked):
    values = dict(NATIONAL)
    for slot, value, rule in moves:
        values = move(values, slot, value, rule, locked, ORDER).values
        assert total(values) <= 100
        assert all(0 <= v <= 100 and (v * 2).is_integer() for v in values.values())
        assert all(values[k] == NATIONAL[k] for k in locked)
        assert set(values) == set(NATIONAL)
