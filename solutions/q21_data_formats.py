"""q21 Two ways data arrive: The two usual ways a labelled data set arrives, and reading the labels from each.

Either the files sit in folders whose names are the labels, or a table (a CSV file) lists
each file with its label. Write `labels_from_folders` and `labels_from_csv`, which read the
labels from each layout into the same form, then say in ANSWER what the two layouts are and
what a table can hold that folders cannot.
"""

import csv
from pathlib import Path


def labels_from_folders(root: str | Path) -> list[tuple[str, str]]:
    """(path, label) for every PNG file under `root`, at any depth; [q21.depth] the label is the
    name of the folder that holds the file. [q21.folder_label]

    Files whose suffix is not `.png` (in any case) are skipped, so a `labels.csv` or a README
    next to the images does no harm. [q21.png_only]

    Args:
        root: the data set's folder (str or Path). [q21.root_types]

    Returns:
        A list of (path, label) tuples of str, sorted; [q21.folders_sorted] path is relative to
        `root`, written with forward slashes. [q21.relative]

    Example:
        For a tree `train/3/10.png`, `train/7/22.png`, `labels.csv` under "data":
        >>> labels_from_folders("data")
        [('train/3/10.png', '3'), ('train/7/22.png', '7')]
    """
    ### BEGIN SOLUTION
    root = Path(root)
    return sorted((p.relative_to(root).as_posix(), p.parent.name)
                  for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".png")
    ### END SOLUTION


def labels_from_csv(csv_path: str | Path) -> list[tuple[str, str]]:
    """(name, label) for every row of a CSV file whose header has the columns `name` and `label`.
    [q21.csv_rows]

    The columns may come in any order and there may be others, which are ignored. [q21.columns]
    Values are kept exactly as the file writes them (strings), after the CSV quoting rules: a
    quoted field may hold commas, and `""` inside quotes is one `"`. [q21.quoting]

    Args:
        csv_path: the CSV file (str or Path). [q21.csv_path_types]

    Returns:
        A list of (name, label) tuples of str, sorted. [q21.csv_sorted]

    Example:
        For a file holding the lines `name,label`, `train/7/22.png,1` and `train/3/10.png,0`:
        >>> labels_from_csv("data/labels.csv")
        [('train/3/10.png', '0'), ('train/7/22.png', '1')]
    """
    ### BEGIN SOLUTION
    with open(csv_path, newline="") as f:
        return sorted((row["name"], row["label"]) for row in csv.DictReader(f))
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Most often either (1) as files arranged in folders, where the path itself says what each
item is: a folder per class, or a label written into each file name; or (2) as a table, usually
a CSV file, with one row per item giving its file name (or the data itself) and its label in
columns. A table can hold several labels per item, numbers such as boxes or scores, and other
facts like a train/valid flag, which a single folder name cannot."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: names both layouts, files organised in folders (or named) so the path gives the
label, and a table such as a CSV with a row per item linking it to its label(s)."""
### END RUBRIC
