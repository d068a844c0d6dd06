"""q25 Viewing a batch: Why look at a batch before training, and how do you show one?

Write `show_batch`, which draws a grid of images from a batch, each titled by its label, so that
you can check what the model will really be fed. Then explain in ANSWER what viewing a batch can
reveal that the code alone does not.
"""

import matplotlib.pyplot as plt
import torch
from torch import Tensor


def show_batch(images: Tensor, labels, nrows: int = 1, ncols: int = 3, classes=None):
    """Draw the first nrows * ncols images of a batch in a grid, each titled by its label. [q25.grid]

    Panels are filled row by row with images 0, 1, 2, ...; [q25.order] when the batch has fewer
    images than panels, the remaining panels stay empty (no image). [q25.fewer] Each image is
    shown as it is, without rescaling: grey images as (H, W) arrays, [q25.pixels] with a grey
    colour map, [q25.grey] colour images as (H, W, 3) arrays. [q25.colour] Titles are the label
    as an integer ("3"), or `classes[label]` when `classes` is given. [q25.titles] Axis ticks are
    hidden. [q25.no_ticks]

    Args:
        images: float batch of shape (N, H, W) or (N, 1, H, W) (grey) or (N, 3, H, W) (RGB),
            values in [0, 1]. [q25.layouts]
        labels: N integer labels (a tensor or a list). [q25.labels]
        nrows, ncols: shape of the grid of panels.
        classes: optional list of class names, indexed by label.

    Returns:
        The matplotlib Figure holding the grid. [q25.figure]

    Example:
        >>> fig = show_batch(torch.rand(4, 28, 28), torch.tensor([3, 7, 7, 3]), nrows=2, ncols=2)
        >>> [ax.get_title() for ax in fig.axes]
        ['3', '7', '7', '3']
    """
    raise NotImplementedError("q25: show_batch is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
