"""q23 hidden checks: run at grading time only. The reference runs the same probe in-process,
on a tree of its own under pytest's tmp_path."""

import pytest

from autograder.checks.public.test_q23_pathlib import expect_files, expect_split, found_images
from solutions import q23_pathlib as ref

TREE = ["train/3/1.png", "train/3/12.png", "train/3/2.png", "train/7/Photo.JPEG", "train/7/photo.jpg",
        "valid/3/9.PNG", "valid/7/b/nested/deeper.jpg", "album.jpg/inside.png", "album.png/readme.md",
        "labels.csv", "models/model.pth", "train/7/.DS_Store", "valid/3/9.png.bak", "test/x.jpeg"]


@pytest.mark.holds("q23.files", "q23.case", "q23.no_folders", "q23.root_types", "q23.paths", "q23.sorted")
@pytest.mark.parametrize("as_path", [True, False], ids=["Path_root", "str_root"])
@pytest.mark.points(1)
def test_nested_tree_matches_reference(student, as_path, tmp_path):
    root = "Path(root)" if as_path else "str(root)"
    got = student.run(found_images, TREE, as_path=as_path,
                      call=f"get_image_files({root}) on a nested tree with other files and folders named like images")
    expect_files(got, found_images(ref, TREE, as_path=as_path, base=str(tmp_path))["files"], student.last_call)


@pytest.mark.holds("q23.extensions", "q23.case")
@pytest.mark.parametrize("extensions", [(".PNG",), [".gif", ".jpeg"]], ids=["upper_case_png", "gif_and_jpeg"])
@pytest.mark.points(1)
def test_other_extensions(student, extensions, tmp_path):
    tree = TREE + ["extra/anim.GIF", "extra/still.gif"]
    got = student.run(found_images, tree, extensions=extensions,
                      call=f"get_image_files(root, extensions={extensions!r}) on a nested tree")
    expect_files(got, found_images(ref, tree, base=str(tmp_path), extensions=extensions)["files"], student.last_call)


def split_of_paths(ns, files, **kwargs):
    from pathlib import Path

    from autograder.worker import kit

    return kit.plain(ns.grandparent_split([Path(f) for f in files], **kwargs))


@pytest.mark.holds("q23.split", "q23.grandparent", "q23.split_types", "q23.names", "q23.split_result")
@pytest.mark.points(1)
def test_grandparent_split_edge_cases(student):
    files = ["a.png", "train/a.png", "x/train/a.png", "/data/train/3/a.png", "valid/3/b.png",
             "data/valid/7/c.png", "training/3/d.png", "train/3/deeper/e.png", "train/7/f.png"]
    got = student.call("grandparent_split", files)
    expect_split(got, ref.grandparent_split(files), files, student.last_call)
    got = student.run(split_of_paths, files, train_name="training", valid_name="valid",
                      call="grandparent_split(paths, train_name='training', valid_name='valid') with Path objects")
    expect_split(got, ref.grandparent_split(files, train_name="training", valid_name="valid"), files,
                 student.last_call)
