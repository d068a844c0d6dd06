"""q07 zip: What does `zip` do, and how does it build a dataset?

Write `pair_up`, which pairs the items of two sequences position by position the way Python's
`zip` does, and `make_dataset`, which builds the lesson's dataset (a list of `(x, y)` tuples) from
a tensor of inputs and a tensor of targets. Then explain in ANSWER what `zip` does and why a
dataset is built with it.
"""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    """The items of two iterables paired by position, like `list(zip(xs, ys))`. [q07.pairs]

    Args:
        xs, ys: any iterables: lists, strings, tensors (paired along the first dimension) or
            generators (which have no length and can be walked through only once). [q07.iterables]

    Returns:
        A list of 2-tuples `(x, y)`; it stops at the end of the shorter input. [q07.shorter]

    Example:
        >>> pair_up([1, 2, 3, 4], "abcd")
        [(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')]
    """
    ### BEGIN SOLUTION
    return list(zip(xs, ys))
    ### END SOLUTION


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    """A dataset: one `(input, target)` tuple per item.

    Args:
        x: inputs, shape (N, ...), e.g. (N, 784) flattened images.
        y: targets, shape (N, ...), e.g. (N, 1).

    Returns:
        A list of N tuples `(x[i], y[i])`. [q07.dataset]

    Raises:
        ValueError: when x and y hold different numbers of items; the message gives both
            numbers, so the caller sees which tensor is off. [q07.length_error]

    Example:
        >>> make_dataset(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([1.0, 0.0]))
        [(tensor([1., 2.]), tensor(1.)), (tensor([3., 4.]), tensor(0.))]
    """
    ### BEGIN SOLUTION
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} items but y has {len(y)}")
    return list(zip(x, y))
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """zip walks through several iterables in step and yields a tuple of their items at each
position (the first of each, then the second of each, ...), stopping when the shortest one runs
out. A dataset is a collection of (input, target) pairs, so zipping the tensor of inputs with the
tensor of labels gives exactly that: item i is (x[i], y[i]), ready to be indexed and batched."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: says zip pairs up the items at the same position of several iterables into
tuples (stopping at the shortest), and that this turns inputs and labels into (x, y) items."""
### END RUBRIC
