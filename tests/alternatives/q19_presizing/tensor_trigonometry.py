"""Alternative: theta built with torch's cos and sin on the batch's device; resize through torchvision."""

import torch
import torch.nn.functional as F
from torchvision.transforms import InterpolationMode
from torchvision.transforms.v2 import functional as TF


def presize(images, size, angle, scale):
    n, c = images.shape[:2]
    a = torch.deg2rad(torch.tensor(angle, dtype=torch.float64))
    cos, sin = torch.cos(a).item(), torch.sin(a).item()
    theta = images.new_tensor([[cos, -sin, 0.0], [sin, cos, 0.0]]) / scale
    grid = F.affine_grid(theta.repeat(n, 1, 1), [n, c, size, size], align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def two_step(images, size, angle, scale):
    small = TF.resize(images, [size, size], interpolation=InterpolationMode.BILINEAR, antialias=True)
    return presize(small, size, angle, scale)


ANSWER = """Presizing first resizes items to a large common size, then composes all augmentations with the
final resize into one transform on the batch, so each pixel is interpolated once and the
margin avoids empty borders."""
