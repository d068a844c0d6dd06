"""q11 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q11_backward import gradient_of
from autograder.checks.show import show
from solutions import q11_backward as ref

WRITTEN = {  # how each function of the probe reads to a student
    "product": "lambda t: t.prod()",
    "neighbour_products": "lambda t: t[..., :-1] * t[..., 1:]",
    "mean_of_cubes": "lambda t: (t ** 3).mean()",
}


@pytest.mark.parametrize("name,shape", [("product", (5,)), ("neighbour_products", (3, 4)), ("mean_of_cubes", (2, 3))],
                         ids=["product", "neighbour_products_2d", "mean_of_cubes_2d"])
@pytest.mark.holds("q11.value", "q11.any_output", "q11.any_shape", "q11.shape")
@pytest.mark.points(1)
def test_gradient_matches(student, name, shape):
    gen = torch.Generator().manual_seed(11)
    x = torch.rand(shape, generator=gen) + 0.5  # away from 0, where the product's gradient is tiny
    got = student.run(gradient_of, name, x, call=f"gradient({WRITTEN[name]}, x) with x of shape {shape}")
    # tests/alternatives (backward seeded with ones, a leaf copied into empty_like) give autograd's own numbers
    expect_close(got, gradient_of(ref, name, x), student.last_call, atol=1e-5)


def caller_tensor_after(ns, x, requires_grad, old_grad):
    """The caller's tensor as gradient(square, x) left it."""
    from autograder.worker import kit

    x = x.clone().requires_grad_(requires_grad)
    x.grad = old_grad
    got = kit.plain(ns.gradient(lambda t: t ** 2, x))
    return {"values": x.detach().clone(), "requires_grad": x.requires_grad, "grad": x.grad, "gradient": got}


CALLERS = {
    "plain_tensor": (False, None),
    "leaf_with_a_gradient_already": (True, torch.full((4,), 0.5)),
}


@pytest.mark.holds("q11.caller_untouched")
@pytest.mark.parametrize("caller", list(CALLERS), ids=list(CALLERS))
@pytest.mark.points(1)
def test_caller_tensor_untouched(student, caller):
    requires_grad, old_grad = CALLERS[caller]
    x = torch.tensor([1.0, -2.0, 0.5, 3.0])
    setup = f"x = {show(x)}.requires_grad_({requires_grad})"
    if old_grad is not None:
        setup += f" and x.grad = {show(old_grad)}"
    after = student.run(caller_tensor_after, x, requires_grad, old_grad,
                        call=f"gradient(lambda t: t ** 2, x) with {setup}")
    call = student.last_call
    expect(torch.equal(after["values"], x), f"{call} changed the values of x to {show(after['values'])}")
    expect(after["requires_grad"] == requires_grad,
           f"{call} left x.requires_grad = {after['requires_grad']}; it should stay {requires_grad}: "
           "work on a detached copy of x instead")
    if old_grad is None:
        expect(after["grad"] is None,
               f"{call} left x.grad = {show(after['grad'])}; the caller's x.grad should stay None")
    else:
        expect(after["grad"] is not None and torch.equal(after["grad"], old_grad),
               f"{call} changed x.grad from {show(old_grad)} to {show(after['grad'])}; leave it as it was")
    expect_close(after["gradient"], 2 * x, call, atol=1e-6)


def gradient_info(ns, x):
    """What gradient(cube, x) returns, for a caller's x that requires grad."""
    from autograder.worker import kit

    x = x.clone().requires_grad_(True)
    return kit.tensor_info(kit.need_tensor(ns.gradient(lambda t: t ** 3, x), "the gradient"))


@pytest.mark.holds("q11.no_history")
@pytest.mark.points(1)
def test_gradient_has_no_autograd_history(student):
    # Costs one backward pass on 3 numbers. Catches a gradient taken with backward(create_graph=True) (or
    # autograd.grad(..., create_graph=True)), which hands back a tensor still tied to the graph it came from.
    x = torch.tensor([1.0, -2.0, 0.5])
    info = student.run(gradient_info, x, call=f"gradient(lambda t: t ** 3, x) with x = {show(x)}.requires_grad_(True)")
    expect(not info["requires_grad"] and not info["has_grad_fn"],
           f"{student.last_call} returned a gradient that is part of an autograd graph (requires_grad="
           f"{info['requires_grad']}); call backward() without create_graph, so the result has no history")
