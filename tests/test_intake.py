"""The one reader of submissions (autograder/intake.py), on the trusted side alone: links and
special files are reported by name and never followed, every limit holds, odd names are shown
escaped, zips are checked by their headers before anything is read, and a notebook that would
parse into too much is refused before it is parsed."""

import json
import os
import socket
import stat
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SOLUTIONS

from autograder import intake, submission
from autograder.intake import SubmissionError

pytestmark = pytest.mark.fast

Q01 = (SOLUTIONS / "q01_accuracy_loss.py").read_bytes()
SECRET = "intake-secret-4f1c9a"  # planted in files that links point to: never in anything read


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret" / "grader_token.txt"
    path.parent.mkdir()
    path.write_text(f"ANSWER = {SECRET!r}\n")
    return path


def read(path, warnings=None):
    return intake.read(Path(path), [] if warnings is None else warnings)


def everything_read(files: intake.Files) -> bytes:
    return b"".join(files.data.values()) + "".join(files.problems.values()).encode()


def folder_with(tmp_path) -> Path:
    """A submission folder holding q01's reference."""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "q01_accuracy_loss.py").write_bytes(Q01)
    return folder


LINKS = {
    "to a secret file": lambda secret: secret,
    "to a folder": lambda secret: secret.parent,
    "dangling": lambda secret: secret.parent / "gone.py",
    "to the grader's environment": lambda secret: Path("/proc/self/environ"),
    "to the reference through the working directory": lambda secret: Path("/proc/self/cwd/solutions/q07_zip_pairs.py"),
    "to the checkout's reference": lambda secret: SOLUTIONS / "q07_zip_pairs.py",
}


@pytest.mark.parametrize("kind", LINKS)
def test_a_linked_module_costs_its_item_and_is_never_read(tmp_path, secret, kind, monkeypatch):
    monkeypatch.chdir(ROOT)  # /proc/self/cwd/solutions is the checkout's
    folder = folder_with(tmp_path)
    (folder / "q07_zip_pairs.py").symlink_to(LINKS[kind](secret))
    warnings = []
    work = submission.read(folder, warnings)
    assert set(work.files) == {"q01_accuracy_loss.py"}
    assert work.source(item("q07")) is None
    assert work.missing(item("q07")) == "q07_zip_pairs.py is a symbolic link: submit the file itself"
    assert warnings == ["q07_zip_pairs.py is a symbolic link: submit the file itself"]
    assert SECRET.encode() not in everything_read(read(folder))


def item(item_id):
    from autograder import catalogue

    return catalogue.item(item_id)


def test_a_linked_helper_module_is_not_read_and_the_items_still_are(tmp_path, secret):
    folder = folder_with(tmp_path)
    (folder / "helpers.py").symlink_to(secret)
    work = submission.read(folder)
    assert set(work.files) == {"q01_accuracy_loss.py"} and "helpers.py" in work.problems


def test_a_linked_folder_is_not_walked(tmp_path, secret):
    (secret.parent / "q07_zip_pairs.py").write_text(f"# {SECRET}\n")
    folder = folder_with(tmp_path)
    (folder / "more").symlink_to(secret.parent)
    warnings = []
    files = read(folder, warnings)
    assert files.names() == ["q01_accuracy_loss.py"]
    assert warnings == ["skipped more: it is a symbolic link: submit the folder itself"]


def test_a_submission_that_is_itself_a_link_is_refused(tmp_path, secret):
    folder = folder_with(tmp_path)
    (tmp_path / "linked").symlink_to(folder)
    with pytest.raises(SubmissionError, match="linked is a symbolic link: submit the folder itself"):
        read(tmp_path / "linked")
    notebook = tmp_path / "lesson4.ipynb"
    notebook.symlink_to(ROOT / "source" / "lesson4" / "lesson4.ipynb")
    with pytest.raises(SubmissionError, match="lesson4.ipynb is a symbolic link: submit the file itself"):
        submission.read(notebook)


def test_a_notebook_that_is_a_link_inside_a_folder_is_refused(tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "lesson4.ipynb").symlink_to(ROOT / "source" / "lesson4" / "lesson4.ipynb")
    with pytest.raises(SubmissionError, match="lesson4.ipynb is a symbolic link"):
        submission.read(folder)


def test_a_notebook_beside_links_is_read_alone(tmp_path, secret):
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "lesson4.ipynb").write_text(json.dumps(notebook("x = 1")))
    (folder / "notes.txt").symlink_to(secret)
    (folder / "data").symlink_to(secret.parent)
    work = submission.read(folder)
    assert isinstance(work, submission.Notebook) and [c["source"] for c in work.cells] == ["x = 1"]


def make_fifo(path):
    os.mkfifo(path)


def make_socket(path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def make_device(path):
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers


SPECIAL = {"a FIFO": make_fifo, "a socket": make_socket, "a device": make_device}


@pytest.mark.parametrize("kind", SPECIAL)
def test_a_special_file_is_reported_and_never_opened(kind):
    if kind == "a device" and os.geteuid() != 0:
        pytest.skip("making a device takes root")
    import tempfile

    with tempfile.TemporaryDirectory(dir="/tmp") as short:  # a socket's path must be short
        folder = Path(short)
        (folder / "q01_accuracy_loss.py").write_bytes(Q01)
        SPECIAL[kind](folder / "q07_zip_pairs.py")
        work = submission.read(folder)
        assert work.missing(item("q07")) == f"q07_zip_pairs.py is {kind}: submit the file itself"
        assert set(work.files) == {"q01_accuracy_loss.py"}


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(tmp_path, secret):
    """The type is checked on the open descriptor: a file replaced by a link between the folder's
    listing and the read is refused (O_NOFOLLOW), never followed."""
    folder = folder_with(tmp_path)
    reader = intake.Reader(intake.SUBMISSION, [])
    mode = os.lstat(folder / "q01_accuracy_loss.py").st_mode
    (folder / "q01_accuracy_loss.py").unlink()
    (folder / "q01_accuracy_loss.py").symlink_to(secret)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        reader.file(fd, "q01_accuracy_loss.py", "q01_accuracy_loss.py", mode)
    finally:
        os.close(fd)
    assert reader.files.data == {}
    assert reader.files.problems == {"q01_accuracy_loss.py": "q01_accuracy_loss.py is a symbolic link: submit the file itself"}


@pytest.mark.parametrize("name, shown", [("q07\nzip.py", "q07\\nzip.py"), ("q07\x1b[2J.py", "q07\\x1b[2J.py"),
                                         (b"q07_\xff\xfe.py", "q07_\\xff\\xfe.py")])
def test_odd_names_are_reported_escaped(tmp_path, name, shown):
    folder = folder_with(tmp_path)
    (folder / os.fsdecode(name)).write_text("x = 1\n")
    warnings = []
    files = read(folder, warnings)
    assert list(files.data) == ["q01_accuracy_loss.py"]
    assert len(warnings) == 1 and warnings[0].startswith(f"{shown} was not read: its name ")
    assert all(c.isprintable() for c in warnings[0])


def test_a_name_too_long_is_not_read(tmp_path):
    folder = folder_with(tmp_path)
    deep = folder / ("d" * 200) / ("e" * 60)
    deep.mkdir(parents=True)
    (deep / "q07_zip_pairs.py").write_text("x = 1\n")
    (folder / ("f" * 100)).mkdir()
    (folder / ("f" * 100) / ("g" * 160 + ".py")).write_text("x = 1\n")
    warnings = []
    files = read(folder, warnings)
    assert list(files.data) == ["q01_accuracy_loss.py"] and len(files.problems) == 1
    assert [w.endswith("its name is over 255 characters") for w in warnings] == [True, True]


def test_a_deep_tree_is_read_to_the_depth_limit(tmp_path):
    folder = folder_with(tmp_path)
    path = folder
    for _ in range(intake.MAX_DEPTH + 5):
        path = path / "d"
        path.mkdir()
        (path / "helper.py").write_text("x = 1\n")
    warnings = []
    files = read(folder, warnings)
    assert len(files.data) == 1 + intake.MAX_DEPTH
    assert warnings == [f"skipped {'d/' * intake.MAX_DEPTH}d: folders more than {intake.MAX_DEPTH} deep are not read"]


def test_a_wide_tree_is_refused(tmp_path):
    folder = folder_with(tmp_path)
    for index in range(intake.MAX_ENTRIES):
        (folder / f"f{index}.txt").touch()
    with pytest.raises(SubmissionError, match=f"more than {intake.MAX_ENTRIES} files and folders"):
        read(folder)


def test_hidden_folders_caches_and_virtual_environments_are_not_walked(tmp_path):
    folder = folder_with(tmp_path)
    for skipped in (".git", "__pycache__", "venv"):
        for index in range(intake.MAX_ENTRIES // 2):
            (folder / skipped).mkdir(exist_ok=True)
            (folder / skipped / f"m{index}.py").touch()
    (folder / "venv" / "pyvenv.cfg").touch()
    assert read(folder).names() == ["q01_accuracy_loss.py"]


def test_a_huge_module_costs_its_item_and_is_not_read(tmp_path):
    folder = folder_with(tmp_path)
    with open(folder / "q07_zip_pairs.py", "wb") as big:
        big.truncate(intake.MAX_MODULE + 1)
    work = submission.read(folder)
    assert work.missing(item("q07")) == "q07_zip_pairs.py is 1.0 MB; at most 1.0 MB is read"
    assert set(work.files) == {"q01_accuracy_loss.py"}


def test_a_submission_over_the_total_is_refused_before_the_file_is_read(tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    for name in ("a.ipynb", "b.ipynb"):
        with open(folder / name, "wb") as big:
            big.truncate(intake.MAX_TOTAL // 2 + 1)
    with pytest.raises(SubmissionError, match="holds more than 64.0 MB"):
        read(folder)


def notebook(*sources, outputs=()) -> dict:
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": list(outputs), "execution_count": None}
             for s in sources]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def notebook_bytes(node) -> bytes:
    return json.dumps(node).encode()


def test_invalid_cells_are_dropped_with_a_warning_and_the_rest_graded():
    node = notebook("a = 1", "b = 2")
    node["cells"] += [7, {"source": "no type"}, {"cell_type": "code", "source": ["x", 3]},
                      {"cell_type": "code", "source": {"not": "text"}}]
    warnings = []
    work = submission.Notebook(notebook_bytes(node), "lesson4.ipynb", warnings)
    assert [c["source"] for c in work.cells] == ["a = 1", "b = 2"]
    assert warnings == ["lesson4.ipynb: cells 3, 4, 5, 6 dropped: not a valid cell (a type and a source)"]


def test_outputs_are_dropped_before_grading():
    node = notebook("a = 1", outputs=[{"output_type": "stream", "name": "stdout", "text": SECRET}])
    work = submission.Notebook(notebook_bytes(node), "lesson4.ipynb")
    assert work.cells == [{"index": 0, "source": "a = 1"}]


def test_a_notebook_of_millions_of_values_is_refused_before_parsing(monkeypatch):
    data = b'{"nbformat": 4, "cells": [' + b"[]," * (submission.MAX_JSON_VALUES // 2) + b"[]]}"
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(SubmissionError, match="would parse into more than 1,000,000 JSON values"):
        submission.Notebook(data, "lesson4.ipynb")


def test_deep_nesting_is_a_one_line_refusal():
    data = b'{"nbformat": 4, "cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(SubmissionError, match="it nests too deeply") as refused:
        submission.Notebook(data, "lesson4.ipynb")
    assert "\n" not in str(refused.value)


def test_not_json_and_other_nbformats_are_refused():
    with pytest.raises(SubmissionError, match="not a readable notebook"):
        submission.Notebook(b"{ nope", "lesson4.ipynb")
    with pytest.raises(SubmissionError, match="not an nbformat 4 notebook"):
        submission.Notebook(b'{"nbformat": 3, "worksheets": []}', "lesson4.ipynb")


def test_the_released_notebook_is_far_below_the_value_limit():
    data = (ROOT / "release" / "lesson4" / "lesson4.ipynb").read_bytes()
    assert sum(data.count(b) for b in (b"[", b"{", b",", b'"')) * 20 < submission.MAX_JSON_VALUES


def zipped(path: Path, members: dict, compression=zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def zip_link(name: str, mode: int = 0o120777) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def test_a_zips_links_and_special_members_cost_their_items(tmp_path):
    archive = zipped(tmp_path / "sub.zip", {"q01_accuracy_loss.py": Q01, zip_link("q07_zip_pairs.py"): "/etc/shadow",
                                            zip_link("q08_view.py", 0o020644): "", "../../escape.py": "x = 1",
                                            "/etc/evil.py": "x = 1"})
    warnings = []
    work = submission.read(archive, warnings)
    assert set(work.files) == {"q01_accuracy_loss.py"}
    assert work.missing(item("q07")) == "q07_zip_pairs.py is a symbolic link: submit the file itself"
    assert work.missing(item("q08")) == "q08_view.py is a device: submit the file itself"
    assert "skipped ../../escape.py: it points outside the submission" in warnings
    assert "skipped /etc/evil.py: it points outside the submission" in warnings


def test_a_zip_bomb_is_refused_by_its_headers_before_anything_is_read(tmp_path, monkeypatch):
    archive = zipped(tmp_path / "bomb.zip", {"q01_accuracy_loss.py": Q01, "q07_zip_pairs.py": b"#" * (8 << 20)},
                     zipfile.ZIP_DEFLATED)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was read"))
    with pytest.raises(SubmissionError, match="looks like a zip bomb"):
        read(archive)


def test_a_zip_member_is_read_with_a_bound(tmp_path, monkeypatch):
    archive = zipped(tmp_path / "sub.zip", {"q01_accuracy_loss.py": Q01})
    asked = []
    real = zipfile.ZipExtFile.read
    monkeypatch.setattr(zipfile.ZipExtFile, "read", lambda self, n=-1: asked.append(n) or real(self, n))
    assert read(archive).data == {"q01_accuracy_loss.py": Q01}
    assert asked == [len(Q01) + 1]


def test_a_zip_over_the_limits_is_refused(tmp_path):
    many = zipped(tmp_path / "many.zip", {f"f{i}.txt": b"" for i in range(intake.MAX_ENTRIES + 1)})
    with pytest.raises(SubmissionError, match=f"at most {intake.MAX_ENTRIES} are accepted"):
        read(many)
    big = zipped(tmp_path / "big.zip", {"a.ipynb": bytes(1 << 20)})
    # The header's size is what counts: declared beyond the total, refused before reading.
    data = bytearray(big.read_bytes())
    size = (1 << 20).to_bytes(4, "little")
    data = data.replace(size, (intake.MAX_TOTAL + 1).to_bytes(4, "little"))
    big.write_bytes(bytes(data))
    with pytest.raises(SubmissionError, match="would unpack to 64 MB"):
        read(big)


def test_a_zip_that_lies_about_a_size_is_refused(tmp_path):
    archive = zipped(tmp_path / "sub.zip", {"q01_accuracy_loss.py": Q01})
    data = bytearray(archive.read_bytes())
    data = data.replace(len(Q01).to_bytes(4, "little"), (len(Q01) - 100).to_bytes(4, "little"))
    archive.write_bytes(bytes(data))
    with pytest.raises(SubmissionError):
        read(archive)


def test_a_class_zip_unpacks_under_the_same_rules(tmp_path):
    archive = zipped(tmp_path / "class.zip", {"alice/q01_accuracy_loss.py": Q01, zip_link("bob/q07_zip_pairs.py"): "/etc",
                                              "carol.zip": b"PK", "../out.py": "x", "dave/notes.txt": "not kept"})
    warnings = []
    dest = intake.unpack(archive, tmp_path / "out", warnings, keep=(".py", ".ipynb", ".zip"),
                         max_members=100, max_total=1 << 20)
    written = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if not p.is_dir())
    assert written == ["alice/q01_accuracy_loss.py", "carol.zip"]
    assert "bob/q07_zip_pairs.py is a symbolic link: submit the file itself" in warnings
    assert not (tmp_path / "out.py").exists()
