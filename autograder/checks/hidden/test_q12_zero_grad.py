"""q12 hidden checks: run at grading time only."""

import pytest

from autograder.checks import cache
from autograder.checks.expect import expect_close, fail
from autograder.checks.public.test_q12_zero_grad import CALC, after_steps, digits_batch, expect_grads
from autograder.checks.show import show
from solutions import q12_zero_grad as ref


@pytest.mark.holds("q12.accumulates")
@pytest.mark.points(1)
def test_two_calls_double_the_gradient(student):
    xb, yb = digits_batch()
    got = student.run(after_steps, ["calc", "calc"], xb, yb, call=f"{CALC}, called twice without zeroing")
    once = cache.memo(after_steps, ref, ["calc"], xb, yb)
    expect_grads(got, {name: 2 * grad for name, grad in once.items() if name.endswith("grad")},
                 f"{student.last_call} (backward adds to .grad, so twice one call's gradient)")


PARAMS = ["model.parameters()", "[model.weight, model.bias, unused]"]  # unused: its .grad is None


@pytest.mark.holds("q12.clears", "q12.iterables")
@pytest.mark.parametrize("params", PARAMS, ids=["model_parameters", "list_with_unused_param"])
@pytest.mark.points(1)
def test_zero_grads_clears(student, params):
    xb, yb = digits_batch()
    got = student.run(after_steps, ["calc", "zero"], xb, yb, params=params,
                      call=f"{CALC}, then zero_grads({params})")
    for name in ("weight.grad", "bias.grad"):
        grad = got[name]
        if grad is not None and not bool((grad == 0).all()):
            fail(f"after {student.last_call}, model.{name} should be zero or None; got {show(grad)} "
                 f"with values up to {grad.abs().max().item():.3g}")


@pytest.mark.holds("q12.clears", "q12.backward", "q12.loss")
@pytest.mark.points(1)
def test_zeroing_between_calls_gives_one_batch_gradient(student):
    xb, yb = digits_batch()
    steps = ["calc", "zero", "calc"]
    got = student.run(after_steps, steps, xb, yb,
                      call=f"{CALC}, then zero_grads(model.parameters()), then calc_grad again")
    want = cache.memo(after_steps, ref, steps, xb, yb)
    expect_grads(got, want, student.last_call)
    expect_close(got["returned"][1]["value"], want["returned"][1]["value"],
                 f"the loss returned by the second call of {CALC}", atol=1e-6)


def grads_after_zero_grads(ns):
    """zero_grads on a parameter with a gradient and one that never had one."""
    import torch

    w, unused = torch.ones(3, requires_grad=True), torch.zeros(2, requires_grad=True)
    (w * 2).sum().backward()
    ns.zero_grads([w, unused])
    return {"w.grad": w.grad, "unused.grad": unused.grad}


@pytest.mark.holds("q12.none_left")
@pytest.mark.points(1)
def test_zero_grads_leaves_a_missing_gradient_missing(student):
    # Costs one backward pass on 3 numbers. Catches zero_grads that gives every parameter a zero tensor
    # (p.grad = torch.zeros_like(p)), which invents a gradient for one that had none.
    got = student.run(grads_after_zero_grads, call="zero_grads([w, unused]) where w has a gradient and "
                                                   "unused.grad is None")
    if got["unused.grad"] is not None:
        fail(f"after {student.last_call}, unused.grad is {show(got['unused.grad'])}; a parameter whose .grad is "
             "None should be left alone, its .grad still None")
