"""Honest: Python's random module shuffles, torch.stack collates."""
import random

import torch


def collate(items):
    if isinstance(items[0], torch.Tensor):
        return torch.stack(items)
    if isinstance(items[0], (tuple, list)):
        return tuple(collate(list(field)) for field in zip(*items))
    return torch.tensor(items)


class SimpleDataLoader:
    def __init__(self, dataset, batch_size=64, shuffle=False, drop_last=False, seed=None):
        self.dataset, self.batch_size, self.shuffle, self.drop_last = dataset, batch_size, shuffle, drop_last
        self.random = random.Random(seed)

    def __len__(self):
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        order = list(range(len(self.dataset)))
        if self.shuffle:
            self.random.shuffle(order)
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            yield collate([self.dataset[i] for i in order[start:start + self.batch_size]])
