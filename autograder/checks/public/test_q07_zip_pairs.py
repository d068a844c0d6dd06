"""q07 public checks: students may read and run these (`autograder check q07`)."""

import re

import pytest
import torch

from autograder.checks.expect import expect, fail
from autograder.checks.show import show


def expect_same(got, expected, call: str, where: str = "the result") -> None:
    """got must have expected's structure (lists, tuples) and equal items (tensors exactly)."""
    if isinstance(expected, torch.Tensor):
        if not isinstance(got, torch.Tensor):
            fail(f"{call}: {where} should be a tensor, but it is {show(got)}")
        differs = "" if got.shape != expected.shape or got.dtype != expected.dtype else " (its values differ)"
        expect(got.shape == expected.shape and got.dtype == expected.dtype and torch.equal(got, expected),
               f"{call}: {where} should be {show(expected)}, but it is {show(got)}{differs}")
    elif isinstance(expected, (list, tuple)):
        kind = type(expected).__name__
        expect(type(got) is type(expected) and len(got) == len(expected),
               f"{call}: {where} should be a {kind} of {len(expected)} items, but it is {show(got)}")
        for i, (g, e) in enumerate(zip(got, expected)):
            expect_same(g, e, call, f"{where}[{i}]" if where != "the result" else f"item {i}")
    else:
        expect(type(got) is type(expected) and got == expected,
               f"{call}: {where} should be {show(expected)}, but it is {show(got)}")


def error_from_make_dataset(ns, x, y):
    """What make_dataset raises (type and message), or None when it raises nothing."""
    try:
        ns.make_dataset(x, y)
    except NotImplementedError:
        raise
    except Exception as exc:
        return {"type": type(exc).__name__, "message": str(exc)}
    return None


def expect_length_error(raised, call: str, len_x: int, len_y: int) -> None:
    expect(raised is not None, f"{call} should raise ValueError (the lengths differ), but it raised nothing")
    expect(raised["type"] == "ValueError", f"{call} should raise ValueError, but it raised {raised['type']}: "
                                           f"{raised['message']}")
    missing = [n for n in (len_x, len_y) if not re.search(rf"(?<!\d){n}(?!\d)", raised["message"])]
    expect(not missing, f"{call} raised ValueError({raised['message']!r}); the message should give both "
                        f"lengths, {len_x} and {len_y}, so the caller sees which tensor is off")


@pytest.mark.holds("q07.pairs")
@pytest.mark.points(1)
def test_pair_up_list_and_string(student):
    got = student.call("pair_up", [1, 2, 3, 4], "abcd")
    expect_same(got, [(1, "a"), (2, "b"), (3, "c"), (4, "d")], student.last_call)


@pytest.mark.holds("q07.dataset")
@pytest.mark.points(1)
def test_make_dataset_small(student):
    x = torch.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    y = torch.tensor([1.0, 0.0, 1.0])
    got = student.call("make_dataset", x, y)
    expect_same(got, [(x[0], y[0]), (x[1], y[1]), (x[2], y[2])], student.last_call)


@pytest.mark.holds("q07.length_error")
@pytest.mark.points(1)
def test_make_dataset_names_both_lengths(student):
    for len_x, len_y in ((5, 3), (7, 12)):
        raised = student.run(error_from_make_dataset, torch.zeros(len_x, 2), torch.zeros(len_y),
                             call=f"make_dataset(x, y) with {len_x} inputs and {len_y} targets")
        expect_length_error(raised, student.last_call, len_x, len_y)
