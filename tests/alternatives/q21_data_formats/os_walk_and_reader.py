"""Alternative: os.walk for the folders; csv.reader with the header's column positions."""

import csv
import os


def labels_from_folders(root):
    root = os.fspath(root)
    pairs = []
    for folder, _, files in os.walk(root):
        for name in files:
            if name.lower().endswith(".png"):
                relative = os.path.relpath(os.path.join(folder, name), root)
                pairs.append((relative.replace(os.sep, "/"), os.path.basename(folder)))
    return sorted(pairs)


def labels_from_csv(csv_path):
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        name, label = header.index("name"), header.index("label")
        return sorted((row[name], row[label]) for row in rows if row)


ANSWER = """Either the file layout says the label (a folder per class, or the label in the file name), or
a table such as a CSV gives each item's file and label(s) in columns; a table can carry several
labels and other facts per item."""
