"""q28 public checks: students may read and run these (`autograder check q28`)."""

import pytest
import torch

from autograder.checks.expect import expect_close

TARGETS = torch.tensor([0, 1, 0, 1, 1, 0])


def lesson_acts() -> torch.Tensor:
    # the same numbers as `torch.manual_seed(42); torch.randn((6, 2)) * 2` in the lesson
    return torch.randn(6, 2, generator=torch.Generator().manual_seed(42)) * 2


@pytest.mark.holds("q28.cross_entropy")
@pytest.mark.points(1)
def test_value_from_the_lesson(student):
    got = student.call("cross_entropy", lesson_acts(), TARGETS)
    # F.cross_entropy on these activations, as printed in the lesson
    # printed to 4 decimals: the reference and 4 alternatives (tests/alternatives, honest evasions) are 3.9e-5 off
    expect_close(got, 1.8045, student.last_call, atol=1e-4)


@pytest.mark.holds("q28.log_softmax", "q28.sums_to_one")
@pytest.mark.points(1)
def test_log_softmax_matches_torch_on_the_last_dim(student):
    x = torch.randn(2, 3, 5, generator=torch.Generator().manual_seed(1)) * 3
    got = student.call("log_softmax", x)
    # the reference and 4 alternatives: within 4.8e-7 (activations up to about 10)
    expect_close(got, torch.log_softmax(x, dim=-1), student.last_call, atol=1e-5)
