"""q28 hidden checks: run at grading time only."""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks.expect import expect, expect_close
from autograder.checks.show import show


def loss_and_gradient(ns, acts, targets):
    from autograder.worker import kit

    return kit.loss_and_gradient(ns.cross_entropy, acts, targets, "acts")


def large_activations(ns, acts, targets):
    return ns.log_softmax(acts), ns.cross_entropy(acts, targets)


SHAPES = {"batch_of_64_with_10_classes": (64, 10), "one_item_with_3_classes": (1, 3)}


@pytest.mark.holds("q28.cross_entropy")
@pytest.mark.parametrize("name", list(SHAPES), ids=list(SHAPES))
@pytest.mark.points(1)
def test_cross_entropy_matches_torch(student, name):
    gen = torch.Generator().manual_seed(3)
    n, c = SHAPES[name]
    acts, targets = torch.randn(n, c, generator=gen) * 3, torch.randint(0, c, (n,), generator=gen)
    got = student.call("cross_entropy", acts, targets)
    expect_close(got, F.cross_entropy(acts, targets), f"{student.last_call} on {n} item{'s' * (n > 1)} of {c} classes",
                 atol=1e-5)


@pytest.mark.holds("q28.nll")
@pytest.mark.points(1)
def test_nll_loss_matches_torch(student):
    gen = torch.Generator().manual_seed(4)
    log_probs = torch.log_softmax(torch.randn(8, 4, generator=gen), dim=1)
    targets = torch.randint(0, 4, (8,), generator=gen)
    got = student.call("nll_loss", log_probs, targets)
    # the reference and 4 alternatives (mask, gather, one-hot, diagonal picks): 2.4e-7 from torch's mean
    expect_close(got, F.nll_loss(log_probs, targets), student.last_call, atol=1e-6)


@pytest.mark.holds("q28.cross_entropy")
@pytest.mark.points(1)
def test_gradient_matches_torch(student):
    gen = torch.Generator().manual_seed(5)
    acts, targets = torch.randn(16, 5, generator=gen) * 2, torch.randint(0, 5, (16,), generator=gen)
    loss, grad = student.run(loss_and_gradient, acts, targets, call="cross_entropy(acts, targets).backward() "
                                                                   "on 16 items of 5 classes")
    want_acts = acts.clone().requires_grad_(True)
    F.cross_entropy(want_acts, targets).backward()
    # the reference and 4 alternatives: loss within 2.4e-7, gradient within 1.1e-8
    expect_close(loss, F.cross_entropy(acts, targets), student.last_call, atol=1e-5)
    expect_close(grad, want_acts.grad, f"the gradient of {student.last_call}", atol=1e-6)


@pytest.mark.holds("q28.finite", "q28.log_softmax")
@pytest.mark.points(1)
def test_finite_at_large_activations(student):
    acts = torch.tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [5e3, 1e4, -1e4]])
    targets = torch.tensor([1, 2, 0])
    log_probs, loss = student.run(large_activations, acts, targets,
                                  call=f"log_softmax(acts) and cross_entropy(acts, targets) with acts {acts.tolist()}")
    for got, name in ((log_probs, "log_softmax"), (loss, "cross_entropy")):
        expect(not isinstance(got, torch.Tensor) or bool(got.isfinite().all()),
               f"{name} gave {show(got)} for activations of ±1e4; subtract each row's largest activation "
               "before exponentiating so that exp never overflows")
    # A log-sum-exp of activations of 1e4 is known only to half of float32's spacing there (9.8e-4 / 2),
    # which 1e-3 covers: x - logsumexp(x) and max + log(sum) forms are 2.1e-5 off, max-shift forms exact.
    expect_close(log_probs, torch.log_softmax(acts, dim=-1), f"log_softmax({acts.tolist()})", atol=1e-3)
    expect_close(loss, F.cross_entropy(acts, targets), f"cross_entropy on activations {acts.tolist()}",
                 atol=1e-3, rtol=1e-6)
