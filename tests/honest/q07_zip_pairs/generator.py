"""An honest q07: an inner generator that stops at the shorter input, sizes from size(0)."""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    def walk():
        other = iter(ys)
        for item in xs:
            for partner in other:
                yield item, partner
                break
            else:
                return

    return list(walk())


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    if x.size(0) != y.size(0):
        raise ValueError(f"the inputs hold {x.size(0)} items, the targets {y.size(0)}")
    return [(x[i], y[i]) for i in range(x.size(0))]


ANSWER = "zip takes one item from each input at a time and pairs them, as a dataset pairs x and y."
