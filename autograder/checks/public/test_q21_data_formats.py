"""q21 public checks: students may read and run these (`autograder check q21`).

The data sets are written by the probe inside the worker: PNG files of bundled digits (encoded
here once) and CSV text, in a fresh folder of the worker's own.
"""

from functools import lru_cache

import pytest

from autograder.checks.expect import fail
from autograder.checks.show import show


@lru_cache(maxsize=None)
def digit_png(index: int):
    """PNG bytes, as a uint8 tensor, of bundled digit `index`."""
    from torchvision.io import encode_png

    from autograder.data import load_digits

    images, _ = load_digits()
    return encode_png(images[index][None])


def sample_tree(per_folder: int):
    """An MNIST_SAMPLE-style tree: {relative path: PNG bytes} for train/3, train/7, valid/3,
    valid/7, and labels.csv (name,label; 0 for a 3, 1 for a 7, as the real file) in shuffled order."""
    import torch

    from autograder.data import load_digits

    _, labels = load_digits()
    files = {}
    for digit in (3, 7):
        positions = (labels == digit).nonzero().flatten().tolist()
        for split, chosen in (("train", positions[:per_folder]), ("valid", positions[per_folder:2 * per_folder])):
            files.update({f"{split}/{digit}/{i}.png": digit_png(i) for i in chosen})
    names = list(files)
    order = torch.randperm(len(names), generator=torch.Generator().manual_seed(per_folder)).tolist()
    rows = "".join(f"{names[i]},{0 if names[i].split('/')[1] == '3' else 1}\n" for i in order)
    return files, {"labels.csv": "name,label\n" + rows}


def read_labels(ns, files, texts, which, base=None, as_str=False):
    """Write the files and texts into a fresh folder, then read the labels back with the
    student's `labels_from_folders` (which="folders") or `labels_from_csv` (on labels.csv),
    given the path as a Path or, with `as_str`, a str."""
    import os
    import tempfile
    from pathlib import Path

    from autograder.worker import kit

    root = Path(tempfile.mkdtemp(prefix="data-", dir=base or os.getcwd()))
    for rel, data in {**files, **texts}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data.numpy().tobytes())
    if which == "folders":
        return kit.plain(ns.labels_from_folders(str(root) if as_str else root))
    csv_path = root / "labels.csv"
    return kit.plain(ns.labels_from_csv(str(csv_path) if as_str else csv_path))


def few(pairs, limit=3):
    """The first pairs of a long list, for a message."""
    more = f" and {len(pairs) - limit} more" if len(pairs) > limit else ""
    return ", ".join(repr(p) for p in pairs[:limit]) + more


def expect_str_pairs(got, call):
    if type(got) is not list or not all(type(p) is tuple and len(p) == 2 and all(type(v) is str for v in p)
                                        for p in got):
        fail(f"{call} should return a list of (str, str) tuples, but returned {show(got)}")


def expect_pairs(got, expected, call):
    """A sorted list of (str, str) tuples equal to `expected`; the message names what differs."""
    expect_str_pairs(got, call)
    if got == expected:
        return
    missing = [p for p in expected if p not in got]
    extra = [p for p in got if p not in expected]
    detail = (f"\n  missing: {few(missing)}" if missing else "") + (f"\n  not expected: {few(extra)}" if extra else "")
    if not detail:
        detail = "\n  the right pairs in the wrong order: return them sorted"
    fail(f"{call} returned the wrong result ({len(got)} pairs, expected {len(expected)}){detail}")


@pytest.mark.holds("q21.depth", "q21.folder_label", "q21.png_only", "q21.folders_sorted", "q21.relative")
@pytest.mark.points(1)
def test_labels_from_folders(student):
    files, texts = sample_tree(2)
    got = student.run(read_labels, files, texts, "folders",
                      call="labels_from_folders(root) on a tree of train/3, train/7, valid/3, valid/7 PNGs "
                           "and labels.csv")
    # every PNG, labelled by the folder that holds it
    expect_pairs(got, sorted((rel, rel.split("/")[-2]) for rel in files), student.last_call)


@pytest.mark.holds("q21.csv_rows", "q21.csv_sorted")
@pytest.mark.points(1)
def test_labels_from_csv(student):
    files, texts = sample_tree(2)
    got = student.run(read_labels, files, texts, "csv",
                      call="labels_from_csv(root / 'labels.csv') on an MNIST_SAMPLE-style labels.csv")
    # the rows of labels.csv as written (label "0" for a 3, "1" for a 7), sorted
    rows = [tuple(line.split(",")) for line in texts["labels.csv"].splitlines()[1:]]
    expect_pairs(got, sorted(rows), student.last_call)


@pytest.mark.holds("q21.quoting")
@pytest.mark.points(1)
def test_csv_quoted_name_with_a_comma(student):
    text = 'name,label\n"train/3/a,b.png",0\ntrain/7/c.png,1\n'
    got = student.run(read_labels, {}, {"labels.csv": text}, "csv",
                      call=f"labels_from_csv(path) on a CSV file holding {text!r}")
    # the quotes are CSV syntax, the comma inside them is part of the name
    expect_pairs(got, [("train/3/a,b.png", "0"), ("train/7/c.png", "1")], student.last_call)
