"""q19 Presizing: What is presizing, and why does it keep augmented images sharper?

Write `two_step`, which resizes a batch and then rotates and zooms it (two interpolations, the
way a naive pipeline does), and `presize`, which produces the same geometry in a single
resampling pass. Then explain in ANSWER what presizing is and what it saves.
"""

import math

import torch
import torch.nn.functional as F
from torch import Tensor


def two_step(images: Tensor, size: int, angle: float, scale: float) -> Tensor:
    """Resize a batch to size x size, then rotate and zoom it: two interpolations.

    Step 1 resizes with bilinear interpolation and antialiasing, as torchvision's Resize does:
    `F.interpolate(images, size=(size, size), mode="bilinear", align_corners=False, antialias=True)`.
    Step 2 rotates and zooms the resized batch exactly as `presize` does, keeping size x size.
    [q19.two_step]

    Args:
        images: float batch of square images, shape (N, C, H, H).
        size: side of the output images, in pixels.
        angle: rotation in degrees, counter-clockwise as the image is shown.
        scale: zoom factor; above 1 magnifies the centre, below 1 shrinks the image.

    Returns:
        Shape (N, C, size, size), with the dtype and device of `images`. [q19.two_step_kept]

    Example:
        >>> two_step(torch.rand(2, 3, 64, 64), 32, 30.0, 1.25).shape
        torch.Size([2, 3, 32, 32])
    """
    ### BEGIN SOLUTION
    small = F.interpolate(images, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    return presize(small, size, angle, scale)
    ### END SOLUTION


def presize(images: Tensor, size: int, angle: float, scale: float) -> Tensor:
    """Rotate, zoom and resize a batch to size x size in one bilinear resampling pass. [q19.one_pass]

    Coordinates are normalised as `F.affine_grid` and `F.grid_sample` read them with
    align_corners=False: x runs from -1 at the left edge of an image to 1 at its right edge,
    y from -1 at the top edge to 1 at the bottom edge, so (0, 0) is the image centre, which is
    the centre of rotation and of the zoom. [q19.centre] The output pixel at (x, y) takes the
    value of the input at (x', y') given below, with a = angle in radians: [q19.mapping]

        x' = ( cos(a) * x - sin(a) * y) / scale
        y' = ( sin(a) * x + cos(a) * y) / scale

    that is, every image uses the 2x3 matrix theta = [[cos a, -sin a, 0], [sin a, cos a, 0]] / scale
    (in the dtype and on the device of `images`), and

        grid = F.affine_grid(theta, (N, C, size, size), align_corners=False)   # theta: (N, 2, 3)
        out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)

    Points that fall outside the input read as zero. [q19.zero_padding] For square images this
    equals torchvision's `affine(img, angle=-angle, translate=[0, 0], scale=scale, shear=[0, 0])`
    when size is the input size (torchvision's affine turns clockwise for a positive angle).
    [q19.torchvision]

    Args:
        images: float batch of square images, shape (N, C, H, H).
        size: side of the output images, in pixels.
        angle: rotation in degrees, counter-clockwise as the image is shown. [q19.angle]
        scale: zoom factor; above 1 magnifies the centre, below 1 shrinks the image. [q19.scale]

    Returns:
        Shape (N, C, size, size), with the dtype and device of `images`. [q19.presize_kept]

    Example:
        >>> x = torch.rand(1, 1, 8, 8)
        >>> torch.allclose(presize(x, 8, 0.0, 1.0), x, atol=1e-6)  # the identity
        True
    """
    ### BEGIN SOLUTION
    n, c = images.shape[:2]
    a = math.radians(angle)
    theta = torch.tensor([[math.cos(a), -math.sin(a), 0.0],
                          [math.sin(a), math.cos(a), 0.0]], dtype=images.dtype, device=images.device) / scale
    grid = F.affine_grid(theta.expand(n, 2, 3), [n, c, size, size], align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Presizing first resizes every item to a size well above the final one (cheap, per item),
so that items can be batched, then applies the whole augmentation (rotation, zoom, warp) together
with the final resize as one combined transform on the batch, usually on the GPU. Each pixel is
interpolated once instead of once per step, so less detail is blurred away, and the large
intermediate leaves a margin so rotating or zooming does not pull in empty border."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: says items are first resized to a larger size, then all augmentations and the
final resize are composed and applied in a single interpolation (on the batch/GPU); and that this
avoids the repeated interpolation that blurs or degrades the image (and empty borders)."""
### END RUBRIC
