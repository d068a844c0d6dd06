"""q22 public checks: students may read and run these (`autograder check q22`).

A row is a chain: the items an L starts from, then steps `(method, args, kwargs)`; "[]" is
indexing. Functions travel as {"fn": source} and are built in the worker from that source,
so the message shows exactly what was called.
"""

import pytest

from autograder.checks.expect import fail
from autograder.checks.show import show


def fn(source):
    return {"fn": source}


def chain(ns, items, steps):
    """Build L(items), apply the steps; for each step, what came back (type, contents, identity)."""
    import types

    from autograder.worker import kit

    def value(spec):
        if isinstance(spec, dict) and "fn" in spec:
            return eval(spec["fn"])
        if isinstance(spec, dict) and "obj" in spec:
            return types.SimpleNamespace(**spec["obj"])
        if isinstance(spec, dict) and "L" in spec:
            return ns.L(value(v) for v in spec["L"])
        if isinstance(spec, list):
            return [value(v) for v in spec]
        return spec

    start = ns.L(value(items))
    before = list(start)
    current, seen = start, []
    for method, args, kwargs in steps:
        args, kwargs = [value(a) for a in args], {k: value(v) for k, v in kwargs.items()}
        result = current[args[0]] if method == "[]" else getattr(current, method)(*args, **kwargs)
        is_l = isinstance(result, ns.L)
        seen.append({"type": kit.describe_type(result), "is_L": is_l, "same_object": result is current,
                     "items": kit.plain(list(result)) if is_l else kit.plain(result)})
        if not is_l:
            break
        current = result
    after = list(start)
    unchanged = len(after) == len(before) and all(a is b for a, b in zip(after, before))
    return {"steps": seen, "start_unchanged": unchanged}


def written(items, steps):
    """The chain as the student would write it."""
    def text(spec):
        if isinstance(spec, dict) and "fn" in spec:
            return spec["fn"]
        if isinstance(spec, dict) and "obj" in spec:
            return "SimpleNamespace(" + ", ".join(f"{k}={v!r}" for k, v in spec["obj"].items()) + ")"
        if isinstance(spec, dict) and "L" in spec:
            return f"L({text(spec['L'])})"
        if isinstance(spec, list):
            return "[" + ", ".join(text(v) for v in spec) + "]"
        return repr(spec)

    out = f"L({text(items)})"
    for method, args, kwargs in steps:
        if method == "[]":
            out += f"[{text(args[0])}]"
        else:
            shown = [text(a) for a in args] + [f"{k}={text(v)}" for k, v in kwargs.items()]
            out += f".{method}({', '.join(shown)})"
    return out


def run_chain(student, items, steps):
    return student.run(chain, items, steps, call=written(items, steps))


def expect_chain(got, expected, items, steps):
    """Every step must return an L holding the expected items (`expected` has one list per step)."""
    for n, (seen, want) in enumerate(zip(got["steps"], expected)):
        call = written(items, steps[:n + 1])
        if not seen["is_L"]:
            fail(f"{call} returned {show(seen['items'])} (a {seen['type']}); it should return a new L")
        if seen["items"] != want:
            fail(f"{call} returned the wrong items\n  expected: L({show(want)})\n  got:      L({show(seen['items'])})")


ROWS = {
    "map": ([3, 1, 2], [("map", [fn("lambda x: x * 2")], {})], [[6, 2, 4]]),
    "filter": ([1, 2, 3, 4, 5, 6], [("filter", [fn("lambda x: x % 2 == 0")], {})], [[2, 4, 6]]),
    "sorted": ([3, 1, 2], [("sorted", [], {})], [[1, 2, 3]]),
    "sorted_by_key": (["bb", "a", "ccc"], [("sorted", [], {"key": fn("len"), "reverse": True})],
                      [["ccc", "bb", "a"]]),
}


@pytest.mark.holds("q22.map", "q22.filter", "q22.sorted")
@pytest.mark.points(1)
def test_map_filter_sorted(student):
    for items, steps, expected in ROWS.values():
        expect_chain(run_chain(student, items, steps), expected, items, steps)


@pytest.mark.holds("q22.positions", "q22.mask")
@pytest.mark.points(1)
def test_indexing_by_positions_and_mask(student):
    for items, index, expected in [(["a", "b", "c", "d"], [0, 2], ["a", "c"]),
                                   (["a", "b", "c", "d"], [True, False, False, True], ["a", "d"])]:
        steps = [("[]", [index], {})]
        expect_chain(run_chain(student, items, steps), [expected], items, steps)


@pytest.mark.holds("q22.map", "q22.unique", "q22.sorted", "q22.new_l")
@pytest.mark.points(1)
def test_chained_calls(student):
    items = [3, 1, 2, 3, 1]
    steps = [("map", [fn("lambda x: x * 10")], {}), ("unique", [], {}), ("sorted", [], {})]
    # each step worked out by hand: [30, 10, 20, 30, 10], then [30, 10, 20], then [10, 20, 30]
    expect_chain(run_chain(student, items, steps), [[30, 10, 20, 30, 10], [30, 10, 20], [10, 20, 30]], items, steps)
