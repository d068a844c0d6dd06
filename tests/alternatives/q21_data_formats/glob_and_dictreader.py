"""Alternative: Path.glob over every depth with PurePosixPath parts; DictReader on the opened file."""

import csv
from pathlib import Path, PurePosixPath


def labels_from_folders(root):
    root = Path(root)
    found = []
    for path in root.glob("**/*"):
        if path.suffix.lower() == ".png" and path.is_file():
            relative = PurePosixPath(*path.relative_to(root).parts)
            found.append((str(relative), relative.parent.name))
    found.sort()
    return found


def labels_from_csv(csv_path):
    with Path(csv_path).open(newline="") as f:
        pairs = [(record["name"], record["label"]) for record in csv.DictReader(f)]
    return sorted(pairs)


ANSWER = """Data come organised as files whose place or name gives the label (folders per class), or with
a table (usually CSV) listing each item and its label, which can also hold several labels."""
