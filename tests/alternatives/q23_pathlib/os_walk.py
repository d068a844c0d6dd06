"""Alternative: os.walk with os.path.splitext; the grandparent read from the path's parts."""

import os
from pathlib import Path


def get_image_files(root, extensions=(".jpg", ".jpeg", ".png")):
    wanted = tuple(e.lower() for e in extensions)
    found = []
    for folder, _, files in os.walk(root):
        for name in files:
            if os.path.splitext(name)[1].lower() in wanted:
                found.append(Path(folder, name))
    return sorted(found)


def grandparent_split(files, train_name="train", valid_name="valid"):
    train, valid = [], []
    for i, f in enumerate(files):
        parts = Path(f).parts
        grandparent = parts[-3] if len(parts) >= 3 else None
        if grandparent == train_name:
            train.append(i)
        elif grandparent == valid_name:
            valid.append(i)
    return train, valid
