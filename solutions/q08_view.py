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
    ### BEGIN SOLUTION
    return images.view(images.shape[0], -1)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    return flat.view(flat.shape[0], height, width)
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """`view` returns a tensor with a new shape that reads the same memory as the original:
nothing is copied, only the shape and strides change, so it is instant and writing into the view
changes the original too. The number of elements must stay the same (one size may be given as -1
to be inferred), and the memory layout must allow the new shape, which is why it can fail on a
transposed tensor where `reshape` would make a copy instead."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: says view changes the shape without copying the data (it shares the original's
memory), keeping the element count; a mention of -1 or of the contiguity requirement is a plus."""
### END RUBRIC
