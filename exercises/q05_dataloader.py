"""q05 DataLoader: What does a DataLoader do?

Write `SimpleDataLoader` without anything from `torch.utils.data` (it is refused) [q05.scratch]:
an object that hands out a dataset in mini-batches, as `torch.utils.data.DataLoader` does with its
default settings. Then explain in ANSWER what a DataLoader gives a training loop.
"""

import torch


def collate(items: list):
    """Turn a list of dataset items into one batch, the way torch's default_collate does.

    - tensors are stacked along a new first dimension: n items of shape S give shape (n, *S);
      [q05.collate_tensors]
    - Python numbers become a 1-D tensor made by `torch.tensor(items)` (ints give int64);
      [q05.collate_numbers]
    - tuples (or lists) such as (x, y) are collated position by position and give a tuple
      (xb, yb). default_collate returns a list here; the checks accept either. [q05.collate_tuples]

    Example:
        >>> collate([(torch.zeros(2), 3), (torch.ones(2), 7)])
        (tensor([[0., 0.],
                [1., 1.]]), tensor([3, 7]))
    """
    raise NotImplementedError("q05: collate is not implemented yet")


class SimpleDataLoader:
    """Iterate over a dataset in batches of `batch_size` collated items. [q05.batches]

    The dataset is anything with `len()` and integer indexing: a range, a tensor (its rows are
    the items) or a list of (x, y) tuples. [q05.datasets] Each pass (epoch) over the loader
    yields the items in order, [q05.order] or, with `shuffle=True`, in a new random order every
    epoch, each item exactly once, with a `seed` or without. [q05.shuffle] The last batch holds
    what is left over (fewer than `batch_size` items; none when `batch_size` divides the number
    of items) [q05.last_batch] unless `drop_last`, which drops it. [q05.drop_last] Two loaders
    made with the same `seed` shuffle the same way epoch after epoch; [q05.seed] with
    `seed=None` the orders are random, so two such loaders shuffle differently. [q05.no_seed]

    Example:
        >>> [b.tolist() for b in SimpleDataLoader(range(7), batch_size=3)]
        [[0, 1, 2], [3, 4, 5], [6]]
        >>> len(SimpleDataLoader(range(7), batch_size=3, drop_last=True))
        2
    """

    def __init__(self, dataset, batch_size: int = 64, shuffle: bool = False, drop_last: bool = False,
                 seed: int | None = None):
        raise NotImplementedError("q05: SimpleDataLoader.__init__ is not implemented yet")

    def __len__(self) -> int:
        """The number of batches in one epoch. [q05.len]"""
        raise NotImplementedError("q05: SimpleDataLoader.__len__ is not implemented yet")

    def __iter__(self):
        """Yield the batches of one epoch."""
        raise NotImplementedError("q05: SimpleDataLoader.__iter__ is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
