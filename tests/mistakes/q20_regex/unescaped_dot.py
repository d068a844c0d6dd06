"""Mistake: copies the lesson's pattern `(.+)_\\d+.jpg$` with an unescaped dot, so `shiba_inu_12xjpg`
is accepted as a shiba_inu."""

import re
from pathlib import Path


def breed_from_filename(name: str | Path) -> str:
    match = re.search(r"(.+)_\d+.jpg$", Path(name).name)
    if match is None:
        raise ValueError(f"{name!r} is not named <breed>_<number>.jpg")
    return match.group(1)


def is_cat(name: str | Path) -> bool:
    return breed_from_filename(name)[0].isupper()
