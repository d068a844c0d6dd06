"""Subclasses torch's DataLoader under another name when the module is imported."""
import torch
from torch.utils.data import DataLoader

_Loader = type("_Loader", (DataLoader,), {})


class SimpleDataLoader(_Loader):
    def __init__(self, dataset, batch_size=64, shuffle=False, drop_last=False, seed=None):
        generator = None if seed is None else torch.Generator().manual_seed(seed)
        super().__init__(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, generator=generator)
