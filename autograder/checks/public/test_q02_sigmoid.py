"""q02 public checks: students may read and run these (`autograder check q02`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close


@pytest.mark.holds("q02.value")
@pytest.mark.points(1)
def test_matches_torch_sigmoid(student):
    x = torch.linspace(-5, 5, 11)
    got = student.call("sigmoid", x)
    # 8 alternatives (tests/alternatives, tests/honest, the honest evasions: tanh, log1p, logaddexp, two-branch
    # forms) are within 6e-8 of torch.sigmoid, half of float32's spacing at 1
    expect_close(got, torch.sigmoid(x), student.last_call, atol=1e-6)


def drawn_curve(ns):
    import matplotlib.pyplot as plt
    import torch
    from matplotlib.axes import Axes

    from autograder.worker import kit

    try:
        fig, ax = plt.subplots()
        returned = ns.plot_sigmoid(ax=ax)
        if not ax.lines:
            raise kit.Wrong("it drew no line on the axes it was given")
        xy = torch.tensor(ax.lines[0].get_xydata(), dtype=torch.float64)
        picture = kit.png(fig)
        own = ns.plot_sigmoid()
        own_is_axes = isinstance(own, Axes)
        return {
            "xy": xy,
            "png": picture,
            "returned_given_ax": returned is ax,
            "returned": kit.describe_type(returned),
            "own": kit.describe_type(own),
            "own_is_axes": own_is_axes,
            "own_lines": len(own.lines) if own_is_axes else 0,
        }
    finally:
        plt.close("all")


def expected_figure():
    """torch's sigmoid drawn as the lesson draws it, to show beside the student's figure."""
    import matplotlib.pyplot as plt

    from autograder.worker import kit, lesson

    fig, ax = plt.subplots()
    try:
        lesson.plot_function(torch.sigmoid, ax, title="Sigmoid", min=-4, max=4)
        return kit.png(fig)
    finally:
        plt.close(fig)


@pytest.mark.holds("q02.plot_range", "q02.plot_axes", "q02.plot_line")
@pytest.mark.points(1)
def test_plot_draws_the_sigmoid_over_minus_4_to_4(student):
    seen = student.run(drawn_curve, call="plot_sigmoid(ax=ax), then plot_sigmoid()")
    student.keep_figure("sigmoid", seen["png"], expected_figure())
    expect(seen["returned_given_ax"],
           f"plot_sigmoid(ax=ax) should return the axes it drew on, but returned a {seen['returned']}")
    x, y = seen["xy"][:, 0], seen["xy"][:, 1]
    expect(len(x) >= 20, f"the line drawn by plot_sigmoid(ax=ax) has only {len(x)} points; "
                         "use at least 20 so that it shows the curve")
    expect(x.min() <= -4 and x.max() >= 4,
           f"the line drawn by plot_sigmoid(ax=ax) spans x from {x.min():.3g} to {x.max():.3g}; "
           "it should cover at least [-4, 4]")
    # alternatives' lines (float32 and float64 grids) are within 8.2e-8 of torch.sigmoid of their x
    expect_close(y, torch.sigmoid(x), "the y values of the line drawn by plot_sigmoid(ax=ax), compared with "
                 "torch.sigmoid of its x values,", atol=1e-4)
    expect(seen["own_is_axes"] and seen["own_lines"] >= 1,
           f"plot_sigmoid() with no axes should draw on new axes and return them; it returned a {seen['own']}"
           + (" with no line on it" if seen["own_is_axes"] else ""))
