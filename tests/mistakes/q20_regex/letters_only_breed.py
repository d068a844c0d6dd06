"""Mistake: the breed group allows letters only, so multi-word breeds lose their first words
(`shiba_inu_12.jpg` gives `inu`)."""

import re
from pathlib import Path


def breed_from_filename(name: str | Path) -> str:
    match = re.search(r"([A-Za-z]+)_\d+\.jpg$", Path(name).name)
    if match is None:
        raise ValueError(f"{name!r} is not named <breed>_<number>.jpg")
    return match.group(1)


def is_cat(name: str | Path) -> bool:
    return breed_from_filename(name)[0].isupper()
