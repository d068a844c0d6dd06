"""Alternative: orders shuffled by Python's random.Random, batches collated by a recursive helper."""

import random

import torch


def collate(items: list):
    first = items[0]
    if isinstance(first, torch.Tensor):
        return torch.stack(items)
    if isinstance(first, (tuple, list)):
        return tuple(collate([item[i] for item in items]) for i in range(len(first)))
    return torch.tensor(items)


class SimpleDataLoader:
    def __init__(self, dataset, batch_size: int = 64, shuffle: bool = False, drop_last: bool = False,
                 seed: int | None = None):
        self.dataset, self.batch_size = dataset, batch_size
        self.shuffle, self.drop_last = shuffle, drop_last
        self.rng = random.Random(seed)

    def __len__(self) -> int:
        full, rest = divmod(len(self.dataset), self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self):
        order = list(range(len(self.dataset)))
        if self.shuffle:
            self.rng.shuffle(order)
        for b in range(len(self)):
            chunk = order[b * self.batch_size:(b + 1) * self.batch_size]
            yield collate([self.dataset[i] for i in chunk])


ANSWER = """It serves a dataset to the training loop in mini-batches: it chooses the indices of each
batch (a fresh shuffle every epoch if asked), fetches the items and stacks them into tensors."""
