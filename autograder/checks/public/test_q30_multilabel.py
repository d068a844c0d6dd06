"""q30 public checks: students may read and run these (`autograder check q30`)."""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks.expect import expect, expect_close, expect_tensor, fail


def expect_labels(got, want: torch.Tensor, call: str) -> None:
    got = expect_tensor(got, call, tuple(want.shape))
    if got.dtype != torch.bool:
        fail(f"{call} should return a bool tensor (True where a class is predicted), got dtype {str(got.dtype)[6:]}")
    wrong = (got != want).nonzero().tolist()
    expect(not wrong, f"{call} returned the wrong labels\n  expected: {want.tolist()}\n  got:      {got.tolist()}\n"
                      f"  wrong at (row, class) {wrong[:6]}")


@pytest.mark.holds("q30.independent", "q30.bool", "q30.rows", "q30.threshold")
@pytest.mark.points(1)
def test_rows_with_no_one_or_several_labels(student):
    acts = torch.tensor([[-2.0, -0.5, -4.0, -1.0], [-1.0, 0.3, -2.5, -0.1], [0.3, 1.5, -0.2, 4.0]])
    got = student.call("multilabel_predict", acts)
    # sigmoid(a) > 0.5 exactly where a > 0
    want = torch.tensor([[False, False, False, False], [False, True, False, False], [True, True, False, True]])
    expect_labels(got, want, student.last_call)


@pytest.mark.holds("q30.bce")
@pytest.mark.points(1)
def test_binary_cross_entropy_matches_torch(student):
    acts = torch.tensor([[0.5, -1.5, 2.0], [3.0, 0.0, -0.7]])
    targets = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    got = student.call("binary_cross_entropy", acts, targets)
    # the reference and 3 alternatives (log-sigmoids, logaddexp, softplus): torch's value to the bit
    expect_close(got, F.binary_cross_entropy_with_logits(acts, targets), student.last_call, atol=1e-6)
