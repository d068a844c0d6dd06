"""Alternative: a compiled pattern with named groups, anchored with ^ and \\Z; the name from os.path."""

import os
import re

PET_NAME = re.compile(r"^(?P<breed>.+)_(?P<number>[0-9]+)\.jpg\Z")


def breed_from_filename(name):
    file_name = os.path.basename(os.fspath(name))
    found = PET_NAME.match(file_name)
    if not found:
        raise ValueError(f"not an Oxford-IIIT Pet file name: {file_name!r}")
    return found["breed"]


def is_cat(name):
    return breed_from_filename(name)[:1].isupper()
