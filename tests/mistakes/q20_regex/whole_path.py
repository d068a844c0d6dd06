"""Mistake: matches the regex against the whole path and tests the path's first letter for a cat,
so folders end up in the breed and `images/Bengal_3.jpg` is not a cat."""

import re
from pathlib import Path


def breed_from_filename(name: str | Path) -> str:
    match = re.match(r"^(.+)_\d+\.jpg$", str(name))
    if match is None:
        raise ValueError(f"{name!r} is not named <breed>_<number>.jpg")
    return match.group(1)


def is_cat(name: str | Path) -> bool:
    breed_from_filename(name)
    return str(name)[0].isupper()
