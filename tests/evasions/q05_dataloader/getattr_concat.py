"""Reaches torch.utils.data through a name computed at run time."""
import torch


class SimpleDataLoader:
    def __init__(self, dataset, batch_size=64, shuffle=False, drop_last=False, seed=None):
        generator = None if seed is None else torch.Generator().manual_seed(seed)
        loader = getattr(torch.utils, "da" + "ta").DataLoader
        self.loader = loader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, generator=generator)

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        return iter(self.loader)
