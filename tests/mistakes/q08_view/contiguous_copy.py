"""Mistake: calls .contiguous() before .view "to be safe", which copies any strided batch."""

import torch
from torch import Tensor


def flatten_images(images: Tensor) -> Tensor:
    return images.contiguous().view(images.shape[0], -1)


def unflatten_images(flat: Tensor, height: int, width: int) -> Tensor:
    return flat.view(flat.shape[0], height, width)
