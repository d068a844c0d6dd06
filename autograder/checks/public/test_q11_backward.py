"""q11 public checks: students may read and run these (`autograder check q11`)."""

import pytest
import torch

from autograder.checks.expect import expect_close
from autograder.checks.show import show


def gradient_of(ns, name, x):
    """gradient(f, x) for a function f named by `name` (functions cannot travel to the worker)."""
    import torch
    from autograder.worker import kit

    functions = {
        "square": lambda t: t ** 2,
        "sin": torch.sin,
        "product": lambda t: t.prod(),
        "neighbour_products": lambda t: t[..., :-1] * t[..., 1:],
        "mean_of_cubes": lambda t: (t ** 3).mean(),
    }
    grad = ns.gradient(functions[name], x)
    if grad is None:
        raise kit.Wrong("returned None: the tensor whose .grad you read was not a leaf that "
                        "requires grad when backward() ran")
    return kit.need_tensor(grad, "the gradient")


@pytest.mark.holds("q11.value", "q11.shape")
@pytest.mark.points(1)
def test_gradient_of_square(student):
    x = torch.tensor([-2.0, -0.5, 0.0, 1.5, 3.0])
    got = student.run(gradient_of, "square", x, call=f"gradient(lambda t: t ** 2, {show(x)})")
    # d(sum of t**2)/dt = 2t
    expect_close(got, [-4.0, -1.0, 0.0, 3.0, 6.0], student.last_call, atol=1e-6)


@pytest.mark.holds("q11.value", "q11.shape")
@pytest.mark.points(1)
def test_gradient_of_sin(student):
    x = torch.linspace(-3, 3, 7)
    got = student.run(gradient_of, "sin", x, call=f"gradient(torch.sin, {show(x)})")
    expect_close(got, x.cos(), student.last_call, atol=1e-6)
