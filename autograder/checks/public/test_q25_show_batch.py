"""q25 public checks: students may read and run these (`autograder check q25`)."""

import pytest

from autograder.checks.expect import expect, expect_equal


def digits(n: int, start: int = 0):
    """n bundled digits as float (n, 28, 28) images in [0, 1], and their int64 labels; taken
    1009 apart because the bundle is sorted by label."""
    import torch

    from autograder.data import load_digits

    images, labels = load_digits()
    index = (start + 1009 * torch.arange(n)) % len(images)
    return images[index].float() / 255, labels[index]


def shown_batch(ns, images, labels, nrows, ncols, classes):
    import matplotlib.pyplot as plt
    import numpy as np
    import torch
    from matplotlib.figure import Figure

    from autograder.worker import kit

    plt.close("all")
    fig = ns.show_batch(images, labels, nrows=nrows, ncols=ncols, classes=classes)
    if not isinstance(fig, Figure):
        plt.close("all")
        raise kit.Wrong(f"it should return a matplotlib Figure, but returned {kit.describe_type(fig)}")
    def ticks_shown(ax):
        """Whether a tick mark or tick label of the axes would be drawn."""
        if not ax.axison:
            return False
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            locations = [at for at in axis.get_majorticklocs() if low <= at <= high]
            if axis.get_visible() and locations and any(
                    part.get_visible() for tick in axis.get_major_ticks(len(locations))
                    for part in (tick.tick1line, tick.tick2line, tick.label1, tick.label2)):
                return True
        return False

    panels = []
    for ax in fig.axes:
        if ax.images:
            pixels = np.asarray(np.ma.getdata(ax.images[0].get_array()), dtype=np.float64)
            panels.append({"title": ax.get_title(), "pixels": torch.from_numpy(pixels.copy()),
                           "cmap": ax.images[0].get_cmap().name, "ticks_shown": ticks_shown(ax)})
    png = kit.png(fig)
    plt.close("all")
    return {"panels": panels, "png": png}


def describe(n_images: int, shape: tuple, nrows: int, ncols: int, classes=None) -> str:
    extra = ", classes=[...]" if classes else ""
    return (f"show_batch(images, labels, nrows={nrows}, ncols={ncols}{extra}) "
            f"with {n_images} images of shape {shape}")


GRIDS = {"5_images_in_a_2x4_grid": (5, 2, 4, 5), "10_images_in_a_1x3_grid": (10, 1, 3, 3)}


@pytest.mark.holds("q25.grid", "q25.fewer", "q25.figure")
@pytest.mark.parametrize("grid", GRIDS)
@pytest.mark.points(1)
def test_one_panel_per_shown_image(student, grid):
    n, nrows, ncols, panels = GRIDS[grid]
    images, labels = digits(n)
    seen = student.run(shown_batch, images, labels, nrows, ncols, None,
                       call=describe(n, tuple(images.shape), nrows, ncols))
    expect(len(seen["panels"]) == panels,
           f"{student.last_call} should show {panels} images (one per panel, at most nrows * ncols), "
           f"but the figure holds {len(seen['panels'])}")


@pytest.mark.holds("q25.titles", "q25.order")
@pytest.mark.points(1)
def test_titles_are_the_labels(student):
    images, labels = digits(4, start=6000)
    seen = student.run(shown_batch, images, labels, 1, 4, None, call=describe(4, tuple(images.shape), 1, 4))
    student.keep_figure("batch", seen["png"])
    titles = [panel["title"] for panel in seen["panels"]]
    # labels written as plain integers: "0" ... "9"
    expect_equal(titles, [str(int(label)) for label in labels], f"the panel titles of {student.last_call}")
