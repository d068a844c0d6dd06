"""q23 public checks: students may read and run these (`autograder check q23`)."""

import pytest

from autograder.checks.expect import expect_equal, fail
from autograder.checks.show import show


def found_images(ns, tree, as_path=True, base=None, **kwargs):
    """Write `tree` (relative file paths) into a fresh folder, run get_image_files on it and
    report each result relative to that folder, as a posix string."""
    import os
    import tempfile
    from pathlib import Path

    from autograder.worker import kit

    root = Path(tempfile.mkdtemp(prefix="tree-", dir=base or os.getcwd()))
    for rel in tree:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"only the name matters here")
    got = ns.get_image_files(root if as_path else str(root), **kwargs)
    if not isinstance(got, list):
        return {"type": kit.describe_type(got), "all_paths": False, "files": kit.plain(got)}
    files = []
    for p in got:
        try:
            files.append(Path(p).relative_to(root).as_posix())
        except (TypeError, ValueError):
            files.append(f"<not under the searched folder: {kit.safe_repr(p, 120)}>")
    return {"type": "list", "all_paths": all(isinstance(p, Path) for p in got), "files": files}


def expect_files(got, expected, call):
    if got["type"] != "list":
        fail(f"{call} returned {show(got['files'])} (a {got['type']}); it should return a list of Path objects")
    if not got["all_paths"]:
        fail(f"{call} returned a list whose items are not all pathlib.Path objects; "
             "return Path objects (e.g. from Path(root).rglob)")
    if got["files"] != expected:
        missing = [f for f in expected if f not in got["files"]]
        extra = [f for f in got["files"] if f not in expected]
        hint = ((f"\n  missing: {show(missing)}" if missing else "")
                + (f"\n  should not be listed: {show(extra)}" if extra else ""))
        if not hint:
            hint = "\n  the right files, in the wrong order: sort the Paths"
        fail(f"{call} returned the wrong files (shown relative to the folder searched)\n"
             f"  expected: {show(expected)}\n  got:      {show(got['files'])}{hint}")


SAMPLE = ["train/3/10.png", "train/7/22.png", "valid/3/5.png", "valid/7/8.png", "labels.csv", "train/README.txt"]


@pytest.mark.holds("q23.files", "q23.paths", "q23.sorted")
@pytest.mark.points(1)
def test_finds_images_at_any_depth(student):
    got = student.run(found_images, SAMPLE, call="get_image_files(root) on a train/valid tree with a CSV and a README")
    # the four PNGs, sorted
    expect_files(got, ["train/3/10.png", "train/7/22.png", "valid/3/5.png", "valid/7/8.png"], student.last_call)


@pytest.mark.holds("q23.case", "q23.files")
@pytest.mark.points(1)
def test_suffixes_ignore_case(student):
    tree = ["a.JPG", "b.Jpeg", "c.PNG", "d.gif", "notes.txt", "deep/er/still/e.jpg", "deep/f.jpeg.txt"]
    got = student.run(found_images, tree, call="get_image_files(root) on a tree with mixed-case suffixes")
    # the .jpg/.jpeg/.png files whatever their case, sorted ("a" < "b" < "c" < "deep")
    expect_files(got, ["a.JPG", "b.Jpeg", "c.PNG", "deep/er/still/e.jpg"], student.last_call)


@pytest.mark.holds("q23.split", "q23.grandparent", "q23.split_result")
@pytest.mark.points(1)
def test_grandparent_split(student):
    files = ["train/3/a.png", "valid/7/b.png", "train/7/c.png", "test/3/d.png", "valid/3/e.png"]
    got = student.call("grandparent_split", files)
    # grandparents: train, valid, train, test, valid
    expect_split(got, ([0, 2], [1, 4]), files, student.last_call)


def expect_split(got, expected, files, call):
    """Exact result; when wrong, also name the first file put in the wrong place."""
    if not (isinstance(got, tuple) and len(got) == 2):
        expect_equal(got, expected, call)
    if got != expected:
        where = {i: name for name, positions in zip(("train", "valid"), expected) for i in positions}
        placed = {i: name for name, positions in zip(("train", "valid"), got) if isinstance(positions, list)
                  for i in positions if isinstance(i, int)}
        wrong = [i for i in range(len(files)) if placed.get(i) != where.get(i)]
        first = (f"\n  file {wrong[0]}, {files[wrong[0]]!r}, belongs in {where.get(wrong[0], 'neither list')}, "
                 f"not in {placed.get(wrong[0], 'neither list')}") if wrong else ""
        fail(f"{call} returned the wrong result\n  expected: {show(expected)}\n  got:      {show(got)}{first}")
