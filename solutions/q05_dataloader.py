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
    ### BEGIN SOLUTION
    first = items[0]
    if isinstance(first, torch.Tensor):
        return torch.stack(items)
    if isinstance(first, (tuple, list)):
        return tuple(collate(list(field)) for field in zip(*items))
    return torch.tensor(items)
    ### END SOLUTION


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
        ### BEGIN SOLUTION
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = torch.Generator()
        if seed is None:
            self.generator.seed()
        else:
            self.generator.manual_seed(seed)
        ### END SOLUTION

    def __len__(self) -> int:
        """The number of batches in one epoch. [q05.len]"""
        ### BEGIN SOLUTION
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else (n + self.batch_size - 1) // self.batch_size
        ### END SOLUTION

    def __iter__(self):
        """Yield the batches of one epoch."""
        ### BEGIN SOLUTION
        n = len(self.dataset)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else torch.arange(n)
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            indices = order[start:start + self.batch_size].tolist()
            yield collate([self.dataset[i] for i in indices])
        ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """A DataLoader takes a dataset (anything that can be indexed and has a length) and serves it
to the training loop in mini-batches: it picks the indices for each batch, shuffled afresh every
epoch when asked, fetches those items and stacks them into batch tensors, so the loop just
iterates and gets (xb, yb) pairs ready for the model."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: turns a collection of items into an iterator of mini-batches (tensors stacked
from several items); optionally shuffles each epoch; gives the loop (x, y) batches to train on."""
### END RUBRIC
