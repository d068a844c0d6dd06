"""Alternative: split at the last underscore, then a regex checks the part that must be <number>.jpg."""

import re
from pathlib import PurePath


def breed_from_filename(name):
    file_name = PurePath(name).name
    breed, underscore, tail = file_name.rpartition("_")
    if not (breed and underscore and re.fullmatch(r"\d+\.jpg", tail)):
        raise ValueError(f"{file_name} does not look like <breed>_<number>.jpg")
    return breed


def is_cat(name):
    first = breed_from_filename(name)[0]
    return first.isupper()
