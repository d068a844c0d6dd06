"""Alternative: the empty share from the forward rotation; each turn as affine_grid + grid_sample."""

import math

import torch
import torch.nn.functional as F

ROUND_TRIP_ANGLE = 10.0


def empty_fraction(size, angle):
    a = math.radians(-angle)  # the share is the same for either direction of turn
    centres = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    y, x = torch.meshgrid(centres, centres, indexing="ij")
    u = math.cos(a) * x - math.sin(a) * y
    v = math.sin(a) * x + math.cos(a) * y
    inside = (u.abs() <= size / 2) & (v.abs() <= size / 2)
    return 1.0 - inside.double().mean().item()


def turned(batch, degrees):
    a = math.radians(degrees)
    theta = torch.tensor([[math.cos(a), -math.sin(a), 0.0], [math.sin(a), math.cos(a), 0.0]], dtype=batch.dtype)
    grid = F.affine_grid(theta.expand(len(batch), 2, 3), list(batch.shape), align_corners=False)
    return F.grid_sample(batch, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def repeated_interpolation_error(image, n):
    batch = image if image.dim() == 4 else image[None]
    out = batch
    for _ in range(n):
        out = turned(turned(out, ROUND_TRIP_ANGLE), -ROUND_TRIP_ANGLE)
    return (out - batch).abs().mean().item()


ANSWER = """Each rotation or zoom leaves empty zones and resamples, and repeated resampling blurs the
image further every time; composing the transforms into one, applied once to a larger image,
avoids both."""
