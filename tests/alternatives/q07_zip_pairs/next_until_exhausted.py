"""Alternative: two iterators advanced with next() until either runs out."""


def pair_up(xs, ys) -> list[tuple]:
    left, right = iter(xs), iter(ys)
    pairs = []
    while True:
        try:
            pairs.append((next(left), next(right)))
        except StopIteration:
            return pairs


def make_dataset(x, y):
    n_x, n_y = len(x), len(y)
    if n_x != n_y:
        raise ValueError(f"lengths differ: x has {n_x}, y has {n_y}")
    return pair_up(x, y)


ANSWER = """zip pairs the items at the same position of its inputs into tuples until one input ends; a
dataset of (input, target) tuples is exactly zip(inputs, targets)."""
