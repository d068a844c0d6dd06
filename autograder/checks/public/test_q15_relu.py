"""q15 public checks: students may read and run these (`autograder check q15`)."""

import pytest
import torch

from autograder.checks.expect import expect_close, fail


@pytest.mark.holds("q15.value")
@pytest.mark.points(1)
def test_values_match_torch_relu(student):
    x = torch.tensor([[-3.0, -0.5, 0.0], [0.25, 1.0, 7.5]])
    got = student.call("relu", x)
    expect_close(got, torch.relu(x), student.last_call, atol=0)


def relu_gradient(ns, x):
    from autograder.worker import kit

    x = x.clone().requires_grad_(True)
    out = kit.need_tensor(ns.relu(x), "relu(x)")
    if out.grad_fn is None:
        raise kit.Wrong("the result has no gradient: was it computed from `x` with torch operations?")
    out.sum().backward()
    return x.grad


@pytest.mark.holds("q15.gradient")
@pytest.mark.points(1)
def test_gradient_is_0_for_negatives_and_1_for_positives(student):
    # zero itself is left out: either one-sided derivative is acceptable there
    x = torch.tensor([-4.0, -1.0, -0.125, 0.125, 0.5, 3.0])
    grad = student.run(relu_gradient, x, call=f"relu(x).sum().backward() with x = {x.tolist()}")
    expect_close(grad, torch.tensor([0.0, 0.0, 0.0, 1.0, 1.0, 1.0]), f"the gradient x.grad after {student.last_call}",
                 atol=0)


def drawn_relu(ns, given_axes):
    import matplotlib.pyplot as plt
    import numpy as np
    import torch
    from matplotlib.axes import Axes

    from autograder.worker import kit

    plt.close("all")
    given = plt.subplots()[1] if given_axes else None
    ax = ns.plot_relu(given) if given_axes else ns.plot_relu()
    if not isinstance(ax, Axes):
        plt.close("all")
        raise kit.Wrong(f"it should return a matplotlib Axes, but returned {kit.describe_type(ax)}")
    lines = [(torch.from_numpy(np.asarray(line.get_xdata(), dtype=np.float64).copy()),
              torch.from_numpy(np.asarray(line.get_ydata(), dtype=np.float64).copy())) for line in ax.get_lines()]
    png = kit.png(ax.figure)
    plt.close("all")
    return {"lines": lines, "returned_given": ax is given, "png": png}


def relu_line_problem(lines) -> str | None:
    """Why none of the drawn lines is ReLU over [-2, 2], or None when one is."""
    if not lines:
        return "no line was drawn on the returned Axes"
    problems = []
    for number, (x, y) in enumerate(lines, 1):
        if x.shape != y.shape or x.numel() < 3:
            problems.append(f"line {number} has {x.numel()} x values and {y.numel()} y values "
                            "(need at least 3 of each)")
        elif x.min() > -2 + 1e-3 or x.max() < 2 - 1e-3:
            problems.append(f"line {number} spans x from {x.min():.3g} to {x.max():.3g}, not all of [-2, 2]")
        # the reference's and tests/alternatives' lines are exact
        elif not torch.allclose(y, x.clamp(min=0), atol=1e-4):
            worst = (y - x.clamp(min=0)).abs().max().item()
            problems.append(f"line {number}'s y values are not max(x, 0) (off by up to {worst:.3g})")
        else:
            return None
    return "; ".join(problems)


@pytest.mark.holds("q15.plot", "q15.plot_new")
@pytest.mark.points(1)
def test_plot_draws_relu_over_minus_2_to_2(student):
    seen = student.run(drawn_relu, False, call="plot_relu()")
    student.keep_figure("relu", seen["png"])
    problem = relu_line_problem(seen["lines"])
    if problem:
        fail(f"{student.last_call} should draw y = relu(x) for x covering [-2, 2]: {problem}")
