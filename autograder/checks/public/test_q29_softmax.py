"""q29 public checks: students may read and run these (`autograder check q29`)."""

import pytest
import torch

from autograder.checks.expect import expect_close
from autograder.checks.scratch import expect_written_from_scratch, sample


@pytest.mark.points(1)
def test_matches_torch_softmax(student):
    x = torch.randn(4, 6, generator=torch.Generator().manual_seed(0)) * 3
    got = student.call("softmax", x)
    expect_close(got, torch.softmax(x, dim=-1), student.last_call, atol=1e-5)


@pytest.mark.points(1)
def test_written_without_torch_softmax(student):
    expect_written_from_scratch(student, sample("softmax", torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 5.0]])))
