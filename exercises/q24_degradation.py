"""q24 How transforms degrade: How do rotations and repeated interpolation degrade an image?

Measure two kinds of damage. `empty_fraction` counts how much of a rotated square image is
empty border, and `repeated_interpolation_error` rotates an image forth and back several times
and measures how far it drifts from the original. Then explain in ANSWER what you see and how a
data pipeline should avoid it.
"""

import math

import torch
from torch import Tensor

ROUND_TRIP_ANGLE = 10.0  # degrees turned forth and back in each round trip


def empty_fraction(size: int, angle: float) -> float:
    """Share of the pixels of a rotated size x size image that have no source pixel behind them.

    The image turns about its centre by `angle` degrees, keeps its size, and is padded with
    zeros. Take each output pixel's centre, turn it back by `angle` about the image centre, and
    call the pixel empty when that point lies outside the source square (whose edges lie half a
    pixel beyond its outermost pixel centres). [q24.empty] These are, but for the odd corner
    pixel, the pixels where rotating an all-ones image with bilinear interpolation gives less
    than 0.5.

    Args:
        size: side of the square image, in pixels.
        angle: rotation in degrees (either direction gives the same share). [q24.direction]

    Returns:
        A Python float in [0, 1]. [q24.empty_float]

    Example:
        >>> empty_fraction(224, 0.0), empty_fraction(224, 90.0)
        (0.0, 0.0)
        >>> round(empty_fraction(224, 45.0), 2)  # about 3 - 2 * sqrt(2) for a large image
        0.17
    """
    raise NotImplementedError("q24: empty_fraction is not implemented yet")


def repeated_interpolation_error(image: Tensor, n: int) -> float:
    """Mean absolute change of an image after n rotate-and-back round trips.

    One round trip turns the current image by ROUND_TRIP_ANGLE degrees about its centre and then
    by -ROUND_TRIP_ANGLE, each turn resampling with bilinear interpolation, zero padding and the
    same size, as `torchvision.transforms.v2.functional.rotate(img, angle,
    interpolation=InterpolationMode.BILINEAR)` does. [q24.round_trip] Each trip starts from the
    previous trip's result. [q24.chained] `image` itself is left unchanged. [q24.image_unchanged]

    Args:
        image: float square image(s), shape (C, H, H) or (N, C, H, H); (1, H, H) for one grey image.
            [q24.shapes]
        n: number of round trips, n >= 0. [q24.n]

    Returns:
        A Python float: the mean over all pixels (and channels) of |result - image|. [q24.error]

    Example:
        >>> repeated_interpolation_error(torch.rand(1, 28, 28), 0)
        0.0
    """
    raise NotImplementedError("q24: repeated_interpolation_error is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
