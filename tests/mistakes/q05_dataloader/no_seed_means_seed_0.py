"""Mistake: seeds the generator with 0 when no seed is given, so every loader made without a
seed shuffles the same way."""

import torch


def collate(items: list):
    first = items[0]
    if isinstance(first, torch.Tensor):
        return torch.stack(items)
    if isinstance(first, (tuple, list)):
        return tuple(collate(list(field)) for field in zip(*items))
    return torch.tensor(items)


class SimpleDataLoader:
    def __init__(self, dataset, batch_size: int = 64, shuffle: bool = False, drop_last: bool = False,
                 seed: int | None = None):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = torch.Generator().manual_seed(0 if seed is None else seed)

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else (n + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        n = len(self.dataset)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else torch.arange(n)
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            indices = order[start:start + self.batch_size].tolist()
            yield collate([self.dataset[i] for i in indices])


ANSWER = """A DataLoader serves a dataset in shuffled mini-batches of stacked tensors."""
