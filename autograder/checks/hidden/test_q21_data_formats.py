"""q21 hidden checks: run at grading time only. The reference reads the same files in-process,
from a folder of its own under pytest's tmp_path."""

import pytest

from autograder.checks.expect import fail
from autograder.checks.public.test_q21_data_formats import (digit_png, expect_pairs, expect_str_pairs,
                                                         read_labels, sample_tree)
from solutions import q21_data_formats as ref


@pytest.mark.holds("q21.folder_label", "q21.csv_rows", "q21.folders_sorted", "q21.csv_sorted")
@pytest.mark.points(1)
def test_both_layouts_agree(student):
    files, texts = sample_tree(6)
    by_folder = student.run(read_labels, files, texts, "folders", call="labels_from_folders(root) on a 24-digit tree")
    by_csv = student.run(read_labels, files, texts, "csv", call="labels_from_csv(root / 'labels.csv') on the same tree")
    expect_str_pairs(by_folder, "labels_from_folders(root)")
    expect_str_pairs(by_csv, "labels_from_csv(root / 'labels.csv')")
    paths = [p for p, _ in by_folder], [p for p, _ in by_csv]
    if paths[0] != paths[1]:
        n = next((n for n, (a, b) in enumerate(zip(*paths)) if a != b), min(map(len, paths)))
        at = [repr(p[n]) if n < len(p) else "nothing" for p in paths]
        fail("labels_from_folders(root) and labels_from_csv(root / 'labels.csv') should list the same paths, in "
             f"the same order, for the same data set ({len(paths[0])} and {len(paths[1])} pairs); "
             f"at position {n} they give {at[0]} and {at[1]}")
    pairs = sorted({(a, b) for (_, a), (_, b) in zip(by_folder, by_csv)})
    if pairs != [("3", "0"), ("7", "1")]:
        fail("on the same data set each folder label should go with one CSV label, as written in the file "
             f"(folder '3' with '0', folder '7' with '1'); the (folder, csv) label pairs were {pairs}")


@pytest.mark.holds("q21.png_only", "q21.depth", "q21.relative")
@pytest.mark.points(1)
def test_folders_skip_other_files_and_go_deep(student, tmp_path):
    files, texts = sample_tree(1)
    files = {**files, "valid/7/upper.PNG": digit_png(0), "extra/deep/er/9.png": digit_png(1)}
    texts = {**texts, "README.md": "# digits\n", "train/notes.txt": "3s and 7s\n", "models/model.pth": "weights"}
    got = student.run(read_labels, files, texts, "folders",
                      call="labels_from_folders(root) on a tree with a .PNG, a deeper folder, notes and a model file")
    expect_pairs(got, read_labels(ref, files, texts, "folders", base=str(tmp_path)), student.last_call)


CSV_FILES = {
    "extra_columns": "id,label,name,is_valid\n"
                     "2,1,train/7/22.png,False\n0,0,train/3/10.png,False\n1,0,valid/3/5.png,True\n",
    "quotes_and_crlf": 'name,label\r\n"train/7/say ""hi"".png","1"\r\n"valid/3/a, b.png",0\r\n'
                       'train/3/plain.png,0\r\n',
}


@pytest.mark.holds("q21.columns", "q21.quoting")
@pytest.mark.parametrize("kind", list(CSV_FILES), ids=list(CSV_FILES))
@pytest.mark.points(1)
def test_csv_layouts(student, kind, tmp_path):
    texts = {"labels.csv": CSV_FILES[kind]}
    got = student.run(read_labels, {}, texts, "csv",
                      call=f"labels_from_csv(path) on a CSV file holding {CSV_FILES[kind]!r}")
    expect_pairs(got, read_labels(ref, {}, texts, "csv", base=str(tmp_path)), student.last_call)


@pytest.mark.holds("q21.root_types", "q21.csv_path_types")
@pytest.mark.points(1)
def test_paths_given_as_str(student, tmp_path):
    # Costs one small tree (8 PNGs and labels.csv) read both ways. Catches a reader that calls Path methods
    # (rglob, open, read_text) on what it was given, which works for a Path and fails for a str.
    files, texts = sample_tree(2)
    for which, call in (("folders", "labels_from_folders(str(root))"),
                        ("csv", "labels_from_csv(str(root / 'labels.csv'))")):
        got = student.run(read_labels, files, texts, which, as_str=True, call=f"{call} on an MNIST_SAMPLE-style tree")
        expect_pairs(got, read_labels(ref, files, texts, which, base=str(tmp_path)), student.last_call)
