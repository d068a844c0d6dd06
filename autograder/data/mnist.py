"""Digits as tensors: the bundled set, the 3-vs-7 split the lesson trains on, the held-out 3s and
7s that only the grading side has, and a reader for the real MNIST_SAMPLE folder layout.

The bundle holds 9,600 digits for training and the checks; 400 more (200 threes, 200 sevens,
the last of each class in source order) are held out in heldout_digits.npz, which the sandbox's
copy of this folder leaves out (see PROVENANCE.md and scripts/split_heldout.py)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

BUNDLE = Path(__file__).with_name("mnist_digits.npz")
HELDOUT = Path(__file__).with_name("heldout_digits.npz")


class ThreesSevens(NamedTuple):
    """Flattened images in [0, 1] of shape (N, 784) and targets of shape (N, 1), 1.0 for a 3."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    valid_x: torch.Tensor
    valid_y: torch.Tensor


@lru_cache(maxsize=1)
def _bundle() -> tuple[np.ndarray, np.ndarray]:
    with np.load(BUNDLE) as data:
        return data["images"], data["labels"]


def load_digits() -> tuple[torch.Tensor, torch.Tensor]:
    """All 9,600 bundled digits: uint8 images (N, 28, 28) and int64 labels (N,), grouped by
    label (all the 0s first): shuffle or pick by label before taking a few."""
    images, labels = _bundle()
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))


def threes_sevens(valid_fraction: float = 0.2, seed: int = 42) -> ThreesSevens:
    """The bundled 3s and 7s, shuffled with a fixed seed and split into train and valid."""
    images, labels = load_digits()
    keep = (labels == 3) | (labels == 7)
    x = images[keep].reshape(-1, 28 * 28).float() / 255
    y = (labels[keep] == 3).float().unsqueeze(1)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    n_valid = int(len(x) * valid_fraction)
    valid, train = order[:n_valid], order[n_valid:]
    return ThreesSevens(x[train], y[train], x[valid], y[valid])


def heldout_threes_sevens() -> tuple[torch.Tensor, torch.Tensor]:
    """The held-out 3s and 7s, for the grading side only: images in [0, 1] of shape (N, 784) and
    targets of shape (N, 1), 1.0 for a 3. Student code never sees their labels, so a model's
    accuracy on them tells what it learned, not what it was told."""
    if not HELDOUT.is_file():
        raise FileNotFoundError(f"{HELDOUT.name} is not here: the held-out digits exist only on the grading "
                                "side, never in the sandbox or in the student bundle")
    with np.load(HELDOUT) as data:
        images, labels = data["images"], data["labels"]
    x = torch.from_numpy(images.copy()).reshape(-1, 28 * 28).float() / 255
    return x, torch.from_numpy(labels == 3).float().unsqueeze(1)


def read_mnist_sample(root: Path) -> ThreesSevens:
    """Read a fastai MNIST_SAMPLE folder (train/3, train/7, valid/3, valid/7 of PNGs).

    When labels.csv is present (label 0 for a 3, 1 for a 7), it must agree with the folders.
    """
    from torchvision.io import ImageReadMode, decode_png, read_file

    root = Path(root)
    csv_labels = _read_labels_csv(root / "labels.csv") if (root / "labels.csv").exists() else None
    parts = []
    for split in ("train", "valid"):
        xs, ys = [], []
        for digit in (3, 7):
            files = sorted((root / split / str(digit)).glob("*.png"))
            if not files:
                raise FileNotFoundError(f"no PNG files in {root / split / str(digit)}")
            for f in files:
                name = f.relative_to(root).as_posix()
                if csv_labels is not None and name in csv_labels and csv_labels[name] != digit:
                    raise ValueError(f"labels.csv says {name} is a {csv_labels[name]}, its folder says {digit}")
                xs.append(decode_png(read_file(str(f)), ImageReadMode.GRAY)[0])
                ys.append(1.0 if digit == 3 else 0.0)
        parts += [torch.stack(xs).reshape(len(xs), -1).float() / 255, torch.tensor(ys).unsqueeze(1)]
    return ThreesSevens(*parts)


def _read_labels_csv(path: Path) -> dict[str, int]:
    """name -> digit, from labels.csv's columns name,label (label 0 = digit 3, 1 = digit 7)."""
    with open(path, newline="") as f:
        return {row["name"]: 3 if row["label"] == "0" else 7 for row in csv.DictReader(f)}
