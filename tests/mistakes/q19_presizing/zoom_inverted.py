"""Mistake: multiplies the sampling matrix by the zoom factor, so scale > 1 zooms out."""

import math

import torch
import torch.nn.functional as F
from torch import Tensor


def two_step(images: Tensor, size: int, angle: float, scale: float) -> Tensor:
    small = F.interpolate(images, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    return presize(small, size, angle, scale)


def presize(images: Tensor, size: int, angle: float, scale: float) -> Tensor:
    n, c = images.shape[:2]
    a = math.radians(angle)
    theta = torch.tensor([[math.cos(a), -math.sin(a), 0.0],
                          [math.sin(a), math.cos(a), 0.0]], dtype=images.dtype, device=images.device) * scale
    grid = F.affine_grid(theta.expand(n, 2, 3), [n, c, size, size], align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
