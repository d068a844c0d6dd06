"""q06 hidden checks: run at grading time only."""

import functools

import pytest
import torch

from autograder.checks import cache
from autograder.checks.expect import expect, expect_close, expect_tensor, fail, tolerance
from autograder.checks.public.test_q06_sgd_epoch import recorded_epochs, threes_sevens_subset
from solutions import q06_sgd_epoch as ref

# 250 digits in batches of 64: three full batches and a last one of 58.
PARTIAL = {"model": "linear", "loss": "bce", "lr": 1.0, "bs": 64, "epochs": 1, "seed": 7}
PARTIAL_CALL = "train_epoch(model, dl, opt, loss_func) on 250 digits in batches of 64 (the last has 58)"
# A small net, the lesson's mnist_loss and two epochs, so nothing in train_epoch can be tied to
# one model, one loss or a single call.
NET = {"model": "net", "loss": "mnist", "lr": 0.5, "bs": 32, "epochs": 2, "seed": 8}
NET_CALL = "train_epoch(model, dl, opt, loss_func) twice, Linear-ReLU-Linear on 96 digits in batches of 32"


@functools.cache  # several checks compare with the same reference run
def reference_run(n: int, spec_items: tuple) -> dict:
    return cache.memo(recorded_epochs, ref, *threes_sevens_subset(n), dict(spec_items))


def run_both(student, n, spec, call):
    observed = student.run(recorded_epochs, *threes_sevens_subset(n), spec, student.device, call=call)
    return observed, reference_run(n, tuple(spec.items()))


def expect_like_reference(got, want, what: str, atol: float, rtol: float, hint: str = "") -> None:
    """Large tensors print as bare shapes, so say how far off they are instead."""
    got = expect_tensor(got, what, tuple(want.shape))
    if not torch.allclose(got.double(), want.double(), atol=atol, rtol=rtol):
        worst = (got.double() - want.double()).abs().nan_to_num(float("inf")).max().item()
        fail(f"{what} differs from the same training with the reference train_epoch: largest difference "
             f"{worst:.3g}, tolerance {tolerance(atol, rtol)}{hint}")


def expect_same_params(got: list, want: list, call: str) -> None:
    names = ["weight", "bias"] if len(want) == 2 else ["layer 1 weight", "layer 1 bias", "layer 2 weight", "layer 2 bias"]
    for name, g, w in zip(names, got, want):
        # tests/alternatives (zero_grad first, a torch mean of the losses) end on the reference's weights to the bit
        expect_like_reference(g, w, f"after {call}, the model's {name}", atol=1e-5, rtol=1e-5)


@pytest.mark.holds("q06.steps")
@pytest.mark.points(1)
def test_one_step_per_batch(student):
    observed, _ = run_both(student, 250, PARTIAL, PARTIAL_CALL)
    steps = observed["log"].count("step")
    expect(steps == 4, f"{student.last_call} called opt.step() {steps} times; it should step once per "
                       "batch, 4 here, the last smaller batch included")


@pytest.mark.holds("q06.steps")
@pytest.mark.points(1)
def test_each_step_sees_only_its_own_gradient(student):
    observed, expected = run_both(student, 250, PARTIAL, PARTIAL_CALL)
    expect(len(observed["grads"]) == len(expected["grads"]),
           f"{student.last_call} called opt.step() {len(observed['grads'])} times, expected {len(expected['grads'])}")
    for b, (got, want) in enumerate(zip(observed["grads"], expected["grads"]), start=1):
        if got[0] is None:
            fail(f"{student.last_call}: at the step of batch {b} the weights had no gradient; "
                 "call loss.backward() before opt.step()")
        # tests/alternatives: the reference's gradients to the bit
        expect_like_reference(got[0], want[0], f"{student.last_call}: the weight gradient at the step of batch {b}",
                              atol=1e-6, rtol=1e-4, hint="; a gradient left over from an earlier batch adds "
                              "to this one unless it is cleared")


@pytest.mark.holds("q06.steps")
@pytest.mark.points(1)
def test_final_weights_match_reference(student):
    observed, expected = run_both(student, 250, PARTIAL, PARTIAL_CALL)
    expect_same_params(observed["params"], expected["params"], student.last_call)


@pytest.mark.holds("q06.mean_loss")
@pytest.mark.points(1)
def test_mean_loss_matches_reference(student):
    observed, expected = run_both(student, 250, PARTIAL, PARTIAL_CALL)
    # Each batch counts once, the last smaller one too (not weighted by its size).
    # tests/alternatives: within 1.5e-8 (mean loss near 0.3); 2e-8 in the two epochs below
    expect_close(observed["results"][0], expected["results"][0], student.last_call, atol=1e-6, rtol=1e-5)


@pytest.mark.holds("q06.steps", "q06.mean_loss")
@pytest.mark.points(1)
def test_two_epochs_of_a_small_net(student):
    observed, expected = run_both(student, 96, NET, NET_CALL)
    for epoch, (got, want) in enumerate(zip(observed["results"], expected["results"]), start=1):
        expect_close(got, want, f"{student.last_call}: epoch {epoch}", atol=1e-6, rtol=1e-5)
    expect_same_params(observed["params"], expected["params"], student.last_call)
