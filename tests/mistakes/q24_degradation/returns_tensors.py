"""Mistake: returns the means as 0-d tensors (no .item()), not as Python floats."""

import math

import torch
from torch import Tensor

ROUND_TRIP_ANGLE = 10.0  # degrees turned forth and back in each round trip


def empty_fraction(size: int, angle: float) -> float:
    a = math.radians(angle)
    centres = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    y, x = torch.meshgrid(centres, centres, indexing="ij")
    source_x = math.cos(a) * x + math.sin(a) * y
    source_y = -math.sin(a) * x + math.cos(a) * y
    outside = (source_x.abs() > size / 2) | (source_y.abs() > size / 2)
    return outside.double().mean()


def repeated_interpolation_error(image: Tensor, n: int) -> float:
    from torchvision.transforms import InterpolationMode
    from torchvision.transforms.v2 import functional as TF

    out = image
    for _ in range(n):
        out = TF.rotate(out, ROUND_TRIP_ANGLE, interpolation=InterpolationMode.BILINEAR)
        out = TF.rotate(out, -ROUND_TRIP_ANGLE, interpolation=InterpolationMode.BILINEAR)
    return (out - image).abs().mean()
