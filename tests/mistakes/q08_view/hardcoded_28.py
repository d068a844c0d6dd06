"""Mistake: assumes every image is 28x28 (MNIST) instead of using the input's own sizes."""

import torch
from torch import Tensor


def flatten_images(images: Tensor) -> Tensor:
    return images.view(-1, 28 * 28)


def unflatten_images(flat: Tensor, height: int, width: int) -> Tensor:
    return flat.view(-1, 28, 28)
