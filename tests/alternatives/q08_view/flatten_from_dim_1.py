"""Alternative: Tensor.flatten(start_dim=1) and view with the batch size inferred."""

from torch import Tensor


def flatten_images(images: Tensor) -> Tensor:
    return images.flatten(start_dim=1)


def unflatten_images(flat: Tensor, height: int, width: int) -> Tensor:
    return flat.view(-1, height, width)


ANSWER = """view reinterprets a tensor's memory with another shape without copying anything, so it is
free and shares data with the original; -1 lets one size be inferred."""
