"""An honest q07, written out with iterators and next(): the one that gets copied."""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    left = iter(xs)
    right = iter(ys)
    pairs = []
    while True:
        try:
            a = next(left)
            b = next(right)
        except StopIteration:
            break
        pairs.append((a, b))
    return pairs


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    count_x = x.shape[0]
    count_y = y.shape[0]
    if count_x != count_y:
        message = "x has " + str(count_x) + " items but y has " + str(count_y)
        raise ValueError(message)
    dataset = []
    for index in range(count_x):
        sample = x[index]
        label = y[index]
        dataset.append((sample, label))
    return dataset


ANSWER = "zip yields tuples of the items found at the same position, until one input runs out."
