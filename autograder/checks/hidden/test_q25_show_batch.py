"""q25 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks import cache
from autograder.checks.expect import expect, expect_close, expect_equal
from autograder.checks.public.test_q25_show_batch import describe, digits, shown_batch
from solutions import q25_show_batch as ref

NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
GREY_MAPS = {"gray", "grey", "Greys", "binary", "gist_gray", "gist_grey", "gist_yarg", "gist_gray_r", "gray_r",
             "grey_r", "Greys_r", "binary_r", "gist_yarg_r"}


@pytest.mark.holds("q25.titles", "q25.order")
@pytest.mark.points(1)
def test_titles_use_the_class_names(student):
    images, labels = digits(6, start=3000)
    seen = student.run(shown_batch, images, labels, 2, 3, NAMES, call=describe(6, tuple(images.shape), 2, 3, NAMES))
    student.keep_figure("batch with class names", seen["png"], cache.memo(shown_batch, ref, images, labels, 2, 3, NAMES)["png"])
    titles = [panel["title"] for panel in seen["panels"]]
    expect_equal(titles, [NAMES[int(label)] for label in labels],
                 f"the panel titles of {student.last_call} (classes = {NAMES})")


def batch(layout: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(images as sent, images as they should be shown (N, H, W) or (N, H, W, 3), labels)."""
    grey, labels = digits(3, start=30)
    if layout == "grey_N_H_W":
        return grey, grey, labels
    if layout == "grey_N_1_H_W":
        return grey[:, None], grey, labels
    rgb = torch.stack([grey, grey.flip(-1), grey.transpose(-1, -2)], dim=1)  # three different channels
    return rgb, rgb.permute(0, 2, 3, 1), labels


LAYOUTS = {"grey_N_H_W": (1, 3), "grey_N_1_H_W": (2, 2), "rgb_N_3_H_W": (1, 1)}


@pytest.mark.holds("q25.pixels", "q25.colour", "q25.layouts", "q25.order", "q25.fewer")
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.points(1)
def test_shown_pixels_are_the_images(student, layout):
    nrows, ncols = LAYOUTS[layout]
    images, expected, labels = batch(layout)
    seen = student.run(shown_batch, images, labels, nrows, ncols, None,
                       call=describe(len(images), tuple(images.shape), nrows, ncols))
    shown = min(len(images), nrows * ncols)
    expect(len(seen["panels"]) == shown,
           f"{student.last_call} should show {shown} images, but the figure holds {len(seen['panels'])}")
    for i, panel in enumerate(seen["panels"]):
        # tests/alternatives (add_subplot, squeezed axes) show the images' very pixels
        expect_close(panel["pixels"], expected[i],
                     f"the pixels shown in panel {i} by {student.last_call} (image {i}, "
                     f"as an array of shape {tuple(expected[i].shape)})", atol=1e-6)


@pytest.mark.holds("q25.grey")
@pytest.mark.points(1)
def test_grey_images_use_a_grey_colour_map(student):
    images, labels = digits(3, start=40)
    seen = student.run(shown_batch, images, labels, 1, 3, None, call=describe(3, tuple(images.shape), 1, 3))
    maps = [panel["cmap"] for panel in seen["panels"]]
    expect(bool(maps) and all(name in GREY_MAPS for name in maps),
           f"{student.last_call} draws grey images with the colour maps {maps}; pass cmap='gray' to imshow "
           "so a digit looks like a digit")


@pytest.mark.holds("q25.no_ticks")
@pytest.mark.points(1)
def test_axis_ticks_are_hidden(student):
    # Costs one 1 x 3 figure. Catches panels left with matplotlib's default ticks and pixel numbers around
    # every image (no ax.axis("off"), set_xticks([]) or the like).
    images, labels = digits(3, start=50)
    seen = student.run(shown_batch, images, labels, 1, 3, None, call=describe(3, tuple(images.shape), 1, 3))
    shown = [i for i, panel in enumerate(seen["panels"]) if panel["ticks_shown"]]
    expect(bool(seen["panels"]) and not shown,
           f"{student.last_call} leaves axis ticks on panels {shown}; hide them (ax.axis('off'))")


@pytest.mark.holds("q25.labels")
@pytest.mark.points(1)
def test_labels_given_as_a_list(student):
    # Costs one 1 x 3 figure. Catches titles read with labels[i].item(), which works for a tensor of labels
    # and fails for a list of ints.
    images, labels = digits(3, start=70)
    listed = [int(label) for label in labels]
    seen = student.run(shown_batch, images, listed, 1, 3, None,
                       call=f"show_batch(images, labels={listed}, nrows=1, ncols=3) with 3 images of shape "
                            f"{tuple(images.shape[1:])}, the labels a list of ints")
    expect_equal([panel["title"] for panel in seen["panels"]], [str(label) for label in listed],
                 f"the panel titles of {student.last_call}")
