"""Alternative: reshape (a view whenever one is possible) and Tensor.unflatten."""

from torch import Tensor


def flatten_images(images: Tensor) -> Tensor:
    return images.reshape(len(images), -1)


def unflatten_images(flat: Tensor, height: int, width: int) -> Tensor:
    return flat.unflatten(1, (height, width))


ANSWER = """view gives the same memory a new shape: no copy, only shape and strides change, so writes go
through to the original; the element count must match and the layout must allow it."""
