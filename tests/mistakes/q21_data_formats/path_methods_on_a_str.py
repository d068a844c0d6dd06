"""Mistake: calls Path methods on the folder it is given (root.rglob), which fails when the folder
comes as a str."""

import csv
from pathlib import Path


def labels_from_folders(root: str | Path) -> list[tuple[str, str]]:
    return sorted((p.relative_to(root).as_posix(), p.parent.name)
                  for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".png")


def labels_from_csv(csv_path: str | Path) -> list[tuple[str, str]]:
    with open(csv_path, newline="") as f:
        return sorted((row["name"], row["label"]) for row in csv.DictReader(f))


ANSWER = """Folders named after the labels, or a CSV table listing each file with its label."""
