"""q30 hidden checks: run at grading time only."""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks.expect import expect, expect_close
from autograder.checks.show import show
from autograder.checks.public.test_q30_multilabel import expect_labels
from solutions import q30_multilabel as ref


def loss_and_gradient(ns, acts, targets):
    from autograder.worker import kit

    return kit.loss_and_gradient(ns.binary_cross_entropy, acts, targets, "acts")


@pytest.mark.holds("q30.threshold", "q30.independent")
@pytest.mark.parametrize("threshold", [0.7, 0.2], ids=["threshold_0.7", "threshold_0.2"])
@pytest.mark.points(1)
def test_other_thresholds(student, threshold):
    # activations between the threshold and its logit tell a probability threshold from a raw one
    acts = torch.randn(6, 5, generator=torch.Generator().manual_seed(6)) * 2
    got = student.call("multilabel_predict", acts, threshold=threshold)
    expect_labels(got, ref.multilabel_predict(acts, threshold), student.last_call)


@pytest.mark.holds("q30.bce")
@pytest.mark.points(1)
def test_binary_cross_entropy_on_a_batch(student):
    gen = torch.Generator().manual_seed(7)
    acts, targets = torch.randn(16, 6, generator=gen) * 3, (torch.rand(16, 6, generator=gen) > 0.7).float()
    got = student.call("binary_cross_entropy", acts, targets)
    # the reference and 3 alternatives: torch's value to the bit; gradients below within 1.9e-9
    expect_close(got, F.binary_cross_entropy_with_logits(acts, targets),
                 f"{student.last_call} on 16 items of 6 classes", atol=1e-6)


@pytest.mark.holds("q30.finite")
@pytest.mark.points(1)
def test_finite_at_large_activations(student):
    acts = torch.tensor([[100.0, -100.0, 100.0], [-100.0, 100.0, 0.0]])
    targets = torch.tensor([[0.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    got = student.call("binary_cross_entropy", acts, targets)
    expect(not isinstance(got, torch.Tensor) or bool(got.isfinite().all()),
           f"{student.last_call} gave {show(got)}; with activations of ±100 sigmoid rounds to exactly 0 or 1 "
           "and its log is -inf, so compute log(sigmoid) without forming sigmoid first")
    # the reference and 3 alternatives: torch's value to the bit at ±100 (float32's spacing at 67 is 7.6e-6)
    expect_close(got, F.binary_cross_entropy_with_logits(acts, targets), student.last_call, atol=1e-4)


@pytest.mark.holds("q30.bce")
@pytest.mark.points(1)
def test_gradient_matches_torch(student):
    gen = torch.Generator().manual_seed(8)
    acts, targets = torch.randn(8, 4, generator=gen) * 2, (torch.rand(8, 4, generator=gen) > 0.5).float()
    loss, grad = student.run(loss_and_gradient, acts, targets,
                             call="binary_cross_entropy(acts, targets).backward() on 8 items of 4 classes")
    want_acts = acts.clone().requires_grad_(True)
    F.binary_cross_entropy_with_logits(want_acts, targets).backward()
    expect_close(loss, F.binary_cross_entropy_with_logits(acts, targets), student.last_call, atol=1e-6)
    expect_close(grad, want_acts.grad, f"the gradient of {student.last_call}", atol=1e-6)


@pytest.mark.holds("q30.finite")
@pytest.mark.points(1)
def test_finite_at_float32_extremes(student):
    # Costs one loss on 6 activations. Catches a loss kept finite at ±100 only by computing in float64
    # (log(1 + exp(a)) in double overflows past 709, so at 1e4), or by clamps tuned to ±100: the
    # docstring's "100 and more" reaches float32's range (1e30 here; a mean of several near 3e38 would
    # overflow for any formula).
    acts = torch.tensor([[1e4, -1e4, 1e30], [-1e30, 1e30, -1e4]])
    targets = torch.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    got = student.call("binary_cross_entropy", acts, targets)
    expect(not isinstance(got, torch.Tensor) or bool(got.isfinite().all()),
           f"{student.last_call} gave {show(got)}; with activations of ±1e4 and ±1e30 exp overflows in float64 "
           "too, so keep every exp's argument at or below 0 (log1p(exp(-|a|)))")
    # the reference and 3 alternatives: torch's value to the bit (3.3e29)
    expect_close(got, F.binary_cross_entropy_with_logits(acts, targets), student.last_call, atol=0, rtol=1e-5)
