"""Mistake: raises ValueError with a message that does not say which file name failed to fit."""

import re
from pathlib import Path


def breed_from_filename(name: str | Path) -> str:
    match = re.fullmatch(r"(.+)_\d+\.jpg", Path(name).name)
    if match is None:
        raise ValueError("the file name is not <breed>_<number>.jpg")
    return match.group(1)


def is_cat(name: str | Path) -> bool:
    return breed_from_filename(name)[0].isupper()
