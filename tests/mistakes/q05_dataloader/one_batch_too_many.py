"""Mistake: walks n // batch_size + 1 batches in an epoch, so when the batch size divides the
dataset the last batch is empty and collating it fails."""

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
        self.generator = torch.Generator()
        if seed is None:
            self.generator.seed()
        else:
            self.generator.manual_seed(seed)

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else (n + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        n = len(self.dataset)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else torch.arange(n)
        for b in range(n // self.batch_size + 1):
            indices = order[b * self.batch_size:(b + 1) * self.batch_size].tolist()
            if self.drop_last and len(indices) < self.batch_size:
                break
            yield collate([self.dataset[i] for i in indices])


ANSWER = """A DataLoader serves a dataset in shuffled mini-batches of stacked tensors."""
