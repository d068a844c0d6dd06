"""Alternative: items gathered one at a time and a batch yielded whenever it is full."""

import torch


def collate(batch):
    if isinstance(batch[0], torch.Tensor):
        return torch.stack(batch)
    if isinstance(batch[0], (tuple, list)):
        return tuple(collate(list(column)) for column in zip(*batch))
    return torch.tensor(batch)


class SimpleDataLoader:
    def __init__(self, dataset, batch_size: int = 64, shuffle: bool = False, drop_last: bool = False,
                 seed: int | None = None):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = torch.Generator()
        if seed is not None:
            self.generator.manual_seed(seed)
        else:
            self.generator.seed()

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n = len(self.dataset)
        order = torch.randperm(n, generator=self.generator).tolist() if self.shuffle else range(n)
        pending = []
        for i in order:
            pending.append(self.dataset[i])
            if len(pending) == self.batch_size:
                yield collate(pending)
                pending = []
        if pending and not self.drop_last:
            yield collate(pending)


ANSWER = """A DataLoader turns an indexable dataset into an iterator of collated mini-batches, optionally
reshuffled every epoch, so the loop just receives (xb, yb) batches."""
