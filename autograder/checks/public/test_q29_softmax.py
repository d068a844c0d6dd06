"""q29 public checks: students may read and run these (`autograder check q29`)."""

import pytest
import torch

from autograder.checks.expect import expect_close


@pytest.mark.holds("q29.value")
@pytest.mark.points(1)
def test_matches_torch_softmax(student):
    x = torch.randn(4, 6, generator=torch.Generator().manual_seed(0)) * 3
    got = student.call("softmax", x)
    # the reference and 4 alternatives (tests/alternatives, the honest evasion): within 1.2e-7
    expect_close(got, torch.softmax(x, dim=-1), student.last_call, atol=1e-5)
