"""q10 public checks: students may read and run these (`autograder check q10`)."""

import re

import pytest
import torch

from autograder.checks.expect import expect, expect_close, fail
from autograder.checks.show import show


@pytest.mark.holds("q10.value", "q10.shapes")
@pytest.mark.points(1)
def test_small_example(student):
    a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = torch.tensor([[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]])
    got = student.call("matmul", a, b)
    # worked by hand: [[1*7 + 2*9 + 3*11, 1*8 + 2*10 + 3*12], [4*7 + 5*9 + 6*11, 4*8 + 5*10 + 6*12]]
    # small integers: the reference and 4 alternatives (tests/alternatives, honest evasions) are exact
    expect_close(got, [[58.0, 64.0], [139.0, 154.0]], student.last_call, atol=1e-5)


def raised_by(ns, a, b):
    """What matmul does with shapes that do not fit: the exception's type and message, or the result."""
    from autograder.worker import kit

    try:
        result = ns.matmul(a, b)
    except Exception as exc:
        return {"raised": type(exc).__name__, "message": str(exc)[:300]}
    return {"raised": None, "result": kit.plain(result)}


def names_shape(message: str, shape: tuple) -> bool:
    """The shape's sizes appear one after the other among the message's numbers, whatever the
    student's spelling: (2, 3), torch.Size([2, 3]), 2x3."""
    numbers = re.findall(r"\d+", message)
    sizes = [str(s) for s in shape]
    return any(numbers[i:i + len(sizes)] == sizes for i in range(len(numbers)))


def expect_value_error(observed: dict, call: str, a_shape: tuple, b_shape: tuple) -> None:
    if observed["raised"] is None:
        fail(f"{call} should raise ValueError ({a_shape[1]} columns against {b_shape[0]} rows), "
             f"but it returned {show(observed['result'])}")
    if observed["raised"] != "ValueError":
        fail(f"{call} should raise ValueError, but it raised {observed['raised']}: {observed['message']}")
    expect(names_shape(observed["message"], a_shape) and names_shape(observed["message"], b_shape),
           f"{call} raised ValueError({observed['message']!r}); the message should name both shapes, "
           f"{a_shape} and {b_shape}")


@pytest.mark.holds("q10.shape_error")
@pytest.mark.points(1)
def test_value_error_names_both_shapes(student):
    a, b = torch.ones(2, 3), torch.ones(4, 5)
    observed = student.run(raised_by, a, b, call="matmul(a, b) with a of shape (2, 3) and b of shape (4, 5)")
    expect_value_error(observed, student.last_call, (2, 3), (4, 5))
