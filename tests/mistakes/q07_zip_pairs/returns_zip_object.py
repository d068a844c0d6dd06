"""Mistake: returns the lazy zip object itself instead of a list of tuples."""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    return zip(xs, ys)


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} items but y has {len(y)}")
    return list(zip(x, y))
