"""q04 public checks: students may read and run these (`autograder check q04`)."""

import pytest
import torch

from autograder.checks.expect import expect, fail, tolerance
from autograder.checks.show import show


def stepped(ns, values, grads, lr, one_shot=False):
    """Make leaf parameters from `values` with `grads` (None: no gradient), step, and observe them."""
    import torch

    from autograder.worker import kit

    params = tuple(v.clone().requires_grad_(True) for v in values)
    for p, g in zip(params, grads):
        p.grad = None if g is None else g.clone()
    storage = [p.data_ptr() for p in params]
    given = list(params)
    ns.sgd_step(iter(given) if one_shot else given, lr)
    return {
        "replaced": [a is not b for a, b in zip(given, params)],
        "same_storage": [p.data_ptr() == s for p, s in zip(params, storage)],
        "info": [kit.tensor_info(p) for p in params],
        "values": [p.detach().clone() for p in params],
        "grads": [None if p.grad is None else p.grad.detach().clone() for p in params],
    }


def describe(names, values, grads, lr):
    """The call as the student would write it, with what each parameter held."""
    held = ", ".join(f"{n} = {show(v)}, {n}.grad = {show(g)}" for n, v, g in zip(names, values, grads))
    return f"sgd_step([{', '.join(names)}], lr={lr}) with {held}"


def expect_values(got, expected, what: str, atol: float) -> None:
    if got.shape != expected.shape or not torch.allclose(got.double(), expected.double(), atol=atol, rtol=0):
        worst = (got.double() - expected.double()).abs().max().item() if got.shape == expected.shape else float("nan")
        fail(f"{what} holds the wrong values\n  expected: {show(expected)}\n  got:      {show(got)}\n"
             f"  largest difference {worst:.3g}, tolerance {tolerance(atol, 0)}")


def expect_cleared(seen, names, call) -> None:
    for name, grad in zip(names, seen["grads"]):
        expect(grad is None or not grad.any(),
               f"after {call}, {name}.grad is {show(grad)}; clear it (set it to None or zero it) once the "
               "step is taken, or the next backward pass adds to the old gradient")


# Powers of two throughout, so that every correct way of writing the step is exact in float32.
W, B = torch.tensor([1.0, 2.0, -0.5]), torch.tensor([0.25])
W_GRAD, B_GRAD = torch.tensor([0.5, -1.0, 0.25]), torch.tensor([2.0])


@pytest.mark.holds("q04.value")
@pytest.mark.points(1)
def test_updates_values_exactly(student):
    call = describe("wb", [W, B], [W_GRAD, B_GRAD], 0.5)
    seen = student.run(stepped, [W, B], [W_GRAD, B_GRAD], 0.5, call=call)
    # w - w.grad * 0.5 and b - b.grad * 0.5
    expect_values(seen["values"][0], torch.tensor([0.75, 2.5, -0.625]), f"after {call}, w", atol=0)
    expect_values(seen["values"][1], torch.tensor([-0.75]), f"after {call}, b", atol=0)


@pytest.mark.holds("q04.clears")
@pytest.mark.points(1)
def test_clears_gradients(student):
    call = describe("wb", [W, B], [W_GRAD, B_GRAD], 0.5)
    seen = student.run(stepped, [W, B], [W_GRAD, B_GRAD], 0.5, call=call)
    expect_cleared(seen, "wb", call)
