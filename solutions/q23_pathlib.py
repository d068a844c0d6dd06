"""q23 pathlib: Find image files and split them by folder with pathlib.

A folder-per-split data set (`train/3/...png`, `valid/7/...png`) arrives as a tree of files,
some of them not images. Write `get_image_files`, which collects the images under a folder at
any depth, and `grandparent_split`, which sorts file positions into training and validation by
the name of the folder two levels up. Use `pathlib.Path` rather than string surgery.
"""

from collections.abc import Sequence
from pathlib import Path


def get_image_files(root: str | Path, extensions: Sequence[str] = (".jpg", ".jpeg", ".png")) -> list[Path]:
    """Every file under `root`, at any depth, whose suffix is one of `extensions`. [q23.files]

    Suffixes compare without regard to case on either side (`a.JPG` matches ".jpg", and
    `extensions=(".PNG",)` finds `b.png`); [q23.case] folders are never returned, even one named
    `x.png`. [q23.no_folders]

    Args:
        root: the folder to search (str or Path). [q23.root_types]
        extensions: the suffixes to keep, each with its leading dot. [q23.extensions]

    Returns:
        A list of Path objects, each `root` joined with the file's path below it (what
        `Path(root).rglob` yields), [q23.paths] sorted with Python's ordering of paths. [q23.sorted]

    Example:
        For a tree `train/3/a.png`, `train/7/b.JPG`, `labels.csv`:
        >>> get_image_files("data")
        [PosixPath('data/train/3/a.png'), PosixPath('data/train/7/b.JPG')]
    """
    ### BEGIN SOLUTION
    wanted = {e.lower() for e in extensions}
    return sorted(p for p in Path(root).rglob("*") if p.is_file() and p.suffix.lower() in wanted)
    ### END SOLUTION


def grandparent_split(files: Sequence[str | Path], train_name: str = "train",
                      valid_name: str = "valid") -> tuple[list[int], list[int]]:
    """Positions of the files whose grandparent folder is `train_name`, and of those whose
    grandparent folder is `valid_name`; a file with neither is in no list. [q23.split]

    The grandparent is the name of the folder two levels above the file: for `train/3/a.png`
    it is "train"; `a.png` and `train/a.png` have none that counts. [q23.grandparent]

    Args:
        files: file paths (str or Path). [q23.split_types]
        train_name, valid_name: the folder names to look for. [q23.names]

    Returns:
        (train_positions, valid_positions), each a list of ints in increasing order. [q23.split_result]

    Example:
        >>> grandparent_split(["train/3/a.png", "valid/7/b.png", "train/7/c.png", "test/3/d.png"])
        ([0, 2], [1])
    """
    ### BEGIN SOLUTION
    train, valid = [], []
    for i, f in enumerate(files):
        grandparent = Path(f).parent.parent.name
        if grandparent == train_name:
            train.append(i)
        elif grandparent == valid_name:
            valid.append(i)
    return train, valid
    ### END SOLUTION
