"""q24 public checks: students may read and run these (`autograder check q24`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, fail
from autograder.checks.show import show


def digit(index: int = 0):
    """A bundled digit as a float grey image (1, 28, 28) in [0, 1]."""
    from autograder.data import load_digits

    images, _ = load_digits()
    return images[index][None].float() / 255


def number(value, call: str) -> float:
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    fail(f"{call} should return a number, but returned {show(value)}")


@pytest.mark.holds("q24.empty", "q24.direction")
@pytest.mark.points(1)
def test_quarter_turns_leave_no_empty_zone(student):
    for size in (28, 31):
        for angle in (0.0, 90.0, 180.0, -90.0):
            got = student.call("empty_fraction", size, angle)
            expect_close(got, 0.0, student.last_call + " (a quarter turn maps the square onto itself)", atol=1e-9)


@pytest.mark.holds("q24.empty")
@pytest.mark.points(1)
def test_45_degrees_empties_about_17_percent(student):
    got = student.call("empty_fraction", 224, 45.0)
    # 0.1710 from counting pixel centres on the 224 x 224 grid; the continuous value is 3 - 2*sqrt(2) = 0.1716
    # the reference and tests/alternatives (numpy, the forward rotation) are 1.9e-6 from the rounded constant
    expect_close(got, 0.1710, student.last_call, atol=0.01)


@pytest.mark.holds("q24.chained", "q24.n")
@pytest.mark.points(1)
def test_error_grows_with_each_round_trip(student):
    image = digit(0)
    errors = [number(student.call("repeated_interpolation_error", image, n), student.last_call) for n in range(5)]
    call = "repeated_interpolation_error(digit, n) for n = 0, 1, 2, 3, 4 on a (1, 28, 28) digit"
    shown = ", ".join(f"{e:.4f}" for e in errors)
    expect(abs(errors[0]) <= 1e-7, f"{call}: with n = 0 nothing is resampled, so the error should be 0; got {shown}")
    expect(all(a < b for a, b in zip(errors, errors[1:])),
           f"{call} should grow with every round trip (each starts from the previous result); got {shown}")
