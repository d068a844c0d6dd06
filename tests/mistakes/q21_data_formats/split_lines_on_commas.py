"""Mistake: reads the CSV by splitting each line on commas and taking the first two
fields, which breaks on quoted names and on files with other columns."""

from pathlib import Path


def labels_from_folders(root: str | Path) -> list[tuple[str, str]]:
    """(path, label) for every PNG file under `root`, at any depth; the label is the name of
    the folder that holds the file.

    Files whose suffix is not `.png` (in any case) are skipped, so a `labels.csv` or a README
    next to the images does no harm.

    Args:
        root: the data set's folder (str or Path).

    Returns:
        A list of (path, label) tuples of str, sorted; path is relative to `root`, written with
        forward slashes.

    Example:
        For a tree `train/3/10.png`, `train/7/22.png`, `labels.csv` under "data":
        >>> labels_from_folders("data")
        [('train/3/10.png', '3'), ('train/7/22.png', '7')]
    """
    root = Path(root)
    return sorted((p.relative_to(root).as_posix(), p.parent.name)
                  for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".png")


def labels_from_csv(csv_path: str | Path) -> list[tuple[str, str]]:
    """(name, label) for every row of a CSV file whose header has the columns `name` and `label`.

    The columns may come in any order and there may be others, which are ignored. Values are
    kept exactly as the file writes them (strings), after the CSV quoting rules: a quoted
    field may hold commas, and `""` inside quotes is one `"`.

    Args:
        csv_path: the CSV file (str or Path).

    Returns:
        A list of (name, label) tuples of str, sorted.

    Example:
        For a file holding the lines `name,label`, `train/7/22.png,1` and `train/3/10.png,0`:
        >>> labels_from_csv("data/labels.csv")
        [('train/3/10.png', '0'), ('train/7/22.png', '1')]
    """
    with open(csv_path) as f:
        lines = f.read().splitlines()[1:]
    return sorted(tuple(line.split(",")[:2]) for line in lines if line)


ANSWER = """Most often either (1) as files arranged in folders, where the path itself says what each
item is: a folder per class, or a label written into each file name; or (2) as a table, usually
a CSV file, with one row per item giving its file name (or the data itself) and its label in
columns. A table can hold several labels per item, numbers such as boxes or scores, and other
facts like a train/valid flag, which a single folder name cannot."""

RUBRIC = """1 point: names both layouts, files organised in folders (or named) so the path gives the
label, and a table such as a CSV with a row per item linking it to its label(s)."""
