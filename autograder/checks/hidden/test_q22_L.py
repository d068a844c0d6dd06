"""q22 hidden checks: run at grading time only. Expected items come from the reference `L`,
run through the same probe in-process."""

import pytest

from autograder.checks import cache
from autograder.checks.expect import expect, fail
from autograder.checks.public.test_q22_L import chain, expect_chain, fn, run_chain, written
from autograder.checks.show import show
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


@pytest.mark.holds("q22.unique", "q22.itemgot", "q22.attrgot", "q22.argwhere", "q22.zipwith", "q22.concat",
                   "q22.positions", "q22.mask", "q22.mask_or_positions")
@pytest.mark.parametrize("table", list(TABLES), ids=list(TABLES))
@pytest.mark.points(1)
def test_behaviour_table(student, table):
    for items, steps in TABLES[table]:
        want = cache.memo(chain, ref, items, steps)
        expect_chain(run_chain(student, items, steps), [s["items"] for s in want["steps"]], items, steps)


SINGLE_STEPS = [one("map", fn("lambda x: x + 1")), one("filter", fn("lambda x: x > 1")), one("unique"),
                one("sorted"), one("sorted", reverse=True), one("argwhere", fn("lambda x: x > 1")),
                one("zipwith", [0, 0, 0, 0]), one("[]", [0, 1]), one("[]", [True, False, True, True])]


@pytest.mark.holds("q22.new_l")
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


@pytest.mark.holds("q22.new_l", "q22.filter", "q22.map", "q22.unique", "q22.sorted", "q22.itemgot", "q22.zipwith",
                   "q22.concat", "q22.argwhere", "q22.mask", "q22.positions")
@pytest.mark.points(1)
def test_long_chains(student):
    for items, steps in CHAINS:
        want = cache.memo(chain, ref, items, steps)
        expect_chain(run_chain(student, items, steps), [s["items"] for s in want["steps"]], items, steps)


def index_outcome(ns, items, index):
    """L(items)[index]: the items of the L it returns, or the exception it raises."""
    from autograder.worker import kit

    try:
        result = ns.L(items)[index]
    except NotImplementedError:
        raise
    except Exception as exc:
        return {"raised": type(exc).__name__, "message": str(exc)[:200]}
    is_l = isinstance(result, ns.L)
    return {"raised": None, "is_L": is_l, "type": kit.describe_type(result),
            "items": kit.plain(list(result)) if is_l else kit.plain(result)}


@pytest.mark.holds("q22.mask_length")
@pytest.mark.points(1)
def test_mask_of_another_length_raises_index_error(student):
    # Costs two indexings of a 4-item L. Catches a mask applied with zip, which silently drops the items past
    # a short mask (and ignores the extra bools of a long one) instead of raising IndexError.
    for mask in ([True, False], [True, False, True, False, True]):
        call = f"L(['a', 'b', 'c', 'd'])[{mask}]"
        got = student.run(index_outcome, ["a", "b", "c", "d"], mask, call=call)
        if got["raised"] is None:
            fail(f"{call} returned {show(got['items'])}; a mask of {len(mask)} bools for 4 items should raise "
                 "IndexError")
        expect(got["raised"] == "IndexError",
               f"{call} raised {got['raised']}: {got['message']}; a mask of the wrong length should raise IndexError")


@pytest.mark.holds("q22.mask_or_positions")
@pytest.mark.points(1)
def test_a_list_that_starts_with_a_bool_holds_positions(student):
    # Costs one indexing of a 3-item L. Catches a mask told from positions by its first element only (as
    # fastai's own L does), which takes [True, 0, 1] for a mask though it holds an int.
    call = "L(['a', 'b', 'c'])[[True, 0, 1]]"
    got = student.run(index_outcome, ["a", "b", "c"], [True, 0, 1], call=call)
    if got["raised"] is not None:
        fail(f"{call} raised {got['raised']}: {got['message']}")
    # positions True (1), 0 and 1
    expect(got["is_L"] and got["items"] == ["b", "a", "b"],
           f"{call} returned {show(got['items'])} (a {got['type']}); a list that is not all bools holds positions, "
           "True counting as 1: expected L(['b', 'a', 'b'])")
