"""q22 hidden checks: run at grading time only. Expected items come from the reference `L`,
run through the same probe in-process."""

import pytest

from autograder.checks import cache
from autograder.checks.expect import fail
from autograder.checks.public.test_q22_L import chain, expect_chain, fn, run_chain, written
from solutions import q22_L as ref


def one(method, *args, **kwargs):
    return (method, list(args), kwargs)


PEOPLE = [{"obj": {"name": "rex", "age": 3}}, {"obj": {"name": "tom"}}]

TABLES = {
    "unique_itemgot_attrgot": [
        ([3, 1, 3, 2, 1], [one("unique")]),
        (["b", "a", "b", "c"], [one("unique")]),
        ([(1, "a"), (2, "b"), (3, "c")], [one("itemgot", 1)]),
        ([{"x": 1, "y": 2}, {"x": 3, "y": 4}], [one("itemgot", "y")]),
        (PEOPLE, [one("attrgot", "name")]),
        (PEOPLE, [one("attrgot", "age")]),
        (PEOPLE, [one("attrgot", "age", 0)]),
        ([{"x": 1}, {}], [one("attrgot", "x", default=-1)]),
    ],
    "argwhere_zipwith_concat": [
        ([5, 6, 7, 8], [one("argwhere", fn("lambda x: x % 2 == 0"))]),
        (["a", "bb", "ccc"], [one("argwhere", fn("lambda s: len(s) > 1"))]),
        ([1, 2, 3], [one("zipwith", ["a", "b", "c"])]),
        ([1, 2, 3], [one("zipwith", "ab", {"L": [True, False, True]})]),
        ([[1, 2], [3], []], [one("concat")]),
        ([[1, 2], (3,), {"L": [4]}, 5, "ab"], [one("concat")]),
    ],
    "indexing": [
        ([10, 20, 30], [one("[]", [1, 0, 1])]),
        ([10, 20, 30], [one("[]", [-1, 0, 0])]),
        ([10, 20, 30], [one("[]", [False, False, False])]),
        (["a", "b", "c"], [one("[]", [True, True, False])]),
        ([10, 20, 30], [one("[]", [])]),
    ],
}


@pytest.mark.parametrize("table", list(TABLES), ids=list(TABLES))
@pytest.mark.points(1)
def test_behaviour_table(student, table):
    for items, steps in TABLES[table]:
        want = cache.memo(chain, ref, items, steps)
        expect_chain(run_chain(student, items, steps), [s["items"] for s in want["steps"]], items, steps)


SINGLE_STEPS = [one("map", fn("lambda x: x + 1")), one("filter", fn("lambda x: x > 1")), one("unique"),
                one("sorted"), one("sorted", reverse=True), one("argwhere", fn("lambda x: x > 1")),
                one("zipwith", [0, 0, 0, 0]), one("[]", [0, 1]), one("[]", [True, False, True, True])]


@pytest.mark.points(1)
def test_methods_return_a_new_L_and_leave_the_original(student):
    items = [3, 1, 2, 3]
    for step in SINGLE_STEPS:
        got = run_chain(student, items, [step])
        want = cache.memo(chain, ref, items, [step])
        expect_chain(got, [want["steps"][0]["items"]], items, [step])
        call = written(items, [step])
        if got["steps"][0]["same_object"]:
            fail(f"{call} returned the L it was called on; it should build and return a new L")
        if not got["start_unchanged"]:
            fail(f"{call} changed the L it was called on; it should leave it as it was and return a new L")


CHAINS = [
    (["banana", "apple", "cherry", "apple", "date"],
     [one("filter", fn("lambda s: 'a' in s")), one("map", fn("len")), one("unique"), one("sorted", reverse=True)]),
    ([(0, "cat"), (1, "dog"), (2, "cat")], [one("itemgot", 1), one("unique"), one("zipwith", [10, 20]), one("concat")]),
    ([[3, 1], [2], [5, 4]], [one("concat"), one("sorted"), one("[]", [True, False, True, False, True])]),
    (list(range(10)), [one("argwhere", fn("lambda x: x % 3 == 0")), one("map", fn("lambda i: i * i")),
                       one("[]", [3, 0])]),
]


@pytest.mark.points(1)
def test_long_chains(student):
    for items, steps in CHAINS:
        want = cache.memo(chain, ref, items, steps)
        expect_chain(run_chain(student, items, steps), [s["items"] for s in want["steps"]], items, steps)
