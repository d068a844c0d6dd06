"""Mistake: the ValueError only says that the lengths differ, not what they are."""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    return list(zip(xs, ys))


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    return list(zip(x, y))
