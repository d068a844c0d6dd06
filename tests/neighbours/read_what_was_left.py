"""Stands in for q07: looks for what q01 left (leave_for_later.py) and shows it in its message."""
import os

from q01_accuracy_loss import NAME, places


def pair_up(xs, ys):
    found = []
    for folder in places():
        try:
            with open(os.path.join(folder, NAME)) as f:
                found.append(f"{folder}: {f.read()}")
        except OSError:
            pass
    raise NotImplementedError(f"q07: found {found or 'nothing'}")


def make_dataset(x, y):
    return pair_up(x, y)
