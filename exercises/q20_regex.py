"""q20 Regular expressions: Label pet photos from their file names with a regular expression.

Each photo of the Oxford-IIIT Pet data set is named `<breed>_<number>.jpg`, and the breed is
the only label there is. Write `breed_from_filename`, which pulls the breed out of such a name
with a regular expression (and refuses names that do not fit), and `is_cat`, which tells cat
photos from dog photos by the data set's own convention.
"""

import re
from pathlib import Path


def breed_from_filename(name: str | Path) -> str:
    """The breed in an Oxford-IIIT Pet file name.

    Args:
        name: a file name or a path to the file (str or Path); only the last part of the path,
            the file name, is read. [q20.path] It must be `<breed>_<number>.jpg` exactly: the
            breed is one or more characters (it may contain underscores), then `_`, then one or
            more digits, then `.jpg`. [q20.pattern]

    Returns:
        The breed as written in the name (a str, case kept). [q20.breed]

    Raises:
        ValueError: when the file name does not fit that pattern; [q20.refuses] the message names
            the file. [q20.message]

    Example:
        >>> breed_from_filename("images/great_pyrenees_173.jpg")
        'great_pyrenees'
        >>> breed_from_filename("great_pyrenees.jpg")
        Traceback (most recent call last):
        ValueError: 'great_pyrenees.jpg' is not named <breed>_<number>.jpg
    """
    raise NotImplementedError("q20: breed_from_filename is not implemented yet")


def is_cat(name: str | Path) -> bool:
    """True for a photo of a cat: in this data set cat breeds start with an upper-case letter
    (`Siamese_12.jpg`), dog breeds with a lower-case one (`pug_3.jpg`). [q20.is_cat]

    Args:
        name: as for `breed_from_filename` (str or Path). [q20.is_cat_paths]

    Returns:
        A bool. [q20.is_cat_bool]

    Example:
        >>> is_cat("Egyptian_Mau_40.jpg"), is_cat("shiba_inu_12.jpg")
        (True, False)
    """
    raise NotImplementedError("q20: is_cat is not implemented yet")
