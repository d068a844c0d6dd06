"""q08 view: What does `view` do in PyTorch?

Write `flatten_images`, which turns a batch of images into a batch of rows (one row of pixels per
image, as the linear model wants), and `unflatten_images`, which turns rows back into images.
Both must return views of their input, not copies. Then explain in ANSWER what `view` does and
what it costs.
"""

import torch
from torch import Tensor


def flatten_images(images: Tensor) -> Tensor:
    """A batch of images as a batch of rows, without copying.

    Args:
        images: shape (N, H, W), N >= 1. [q08.flatten_sizes]

    Returns:
        Shape (N, H*W): row i holds image i's pixels, row by row. [q08.flatten] It is a view of
        `images`, sharing its memory, even when `images` is a strided slice of a larger batch.
        [q08.flatten_view]

    Example:
        >>> flatten_images(torch.arange(8.0).view(2, 2, 2))
        tensor([[0., 1., 2., 3.],
                [4., 5., 6., 7.]])
    """
    raise NotImplementedError("q08: flatten_images is not implemented yet")


def unflatten_images(flat: Tensor, height: int, width: int) -> Tensor:
    """A batch of rows as a batch of images, without copying (the inverse of flatten_images).

    Args:
        flat: shape (N, height*width), N >= 1. [q08.unflatten_sizes]
        height, width: the size of each image.

    Returns:
        Shape (N, height, width). [q08.unflatten] It is a view of `flat`, sharing its memory,
        even when `flat` is a slice of the columns of a larger tensor. [q08.unflatten_view]

    Example:
        >>> unflatten_images(torch.arange(6.0).view(1, 6), 2, 3)
        tensor([[[0., 1., 2.],
                 [3., 4., 5.]]])
    """
    raise NotImplementedError("q08: unflatten_images is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
