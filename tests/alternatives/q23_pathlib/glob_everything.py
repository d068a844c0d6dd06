"""Alternative: Path.glob('**/*') filtered by suffix; grandparents through os.path.dirname."""

import os
from pathlib import Path


def get_image_files(root, extensions=(".jpg", ".jpeg", ".png")):
    suffixes = {s.lower() for s in extensions}
    return sorted(filter(lambda p: p.suffix.lower() in suffixes and p.is_file(), Path(root).glob("**/*")))


def grandparent_split(files, train_name="train", valid_name="valid"):
    names = [os.path.basename(os.path.dirname(os.path.dirname(os.fspath(f)))) for f in files]
    return ([i for i, n in enumerate(names) if n == train_name],
            [i for i, n in enumerate(names) if n == valid_name])
