"""Whole gradings of submissions that point elsewhere: links to secrets, to the grader's own
environment and to the reference, special files, in a folder, a zip, a notebook layout and a
class. Each loses exactly the items its links stand for, a linked reference scores nothing, and
no report, page or line in the terminal holds a secret's text. A working directory holding its
own `autograder` package never stands in for the grader."""

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import classgen
from conftest import ROOT, SOLUTIONS, open_folder, run_grade
from levels import cases, grading_at, require_besides_default

from autograder.authoring.notebook import Reference

pytestmark = pytest.mark.slow

ITEMS = ",".join(classgen.ITEMS)  # q01 (with a written answer), q07, q08
FILE_MARKER = "secret-in-a-file-7d3e02"
ENV_MARKER = "canvas-token-marker-91b2c4"
# The reference's model answer for q01: read through a link, it would be the written answer.
Q01_ANSWER = Reference((SOLUTIONS / "q01_accuracy_loss.py").read_text()).strings["ANSWER"]
MODEL_ANSWER = Q01_ANSWER[:60]
LINKED = "is a symbolic link: submit the file itself"
BIN = Path(sys.executable).parent


@pytest.fixture
def secrets(open_tmp) -> Path:
    """A folder of the grader's secrets: a module-shaped file whose written answer is the marker."""
    folder = open_tmp / "secrets"
    folder.mkdir()
    (folder / "token.py").write_text(f"ANSWER = {FILE_MARKER!r}\nTOKEN = {FILE_MARKER!r}\n")
    return folder


def environment(**extra) -> dict:
    return {**os.environ, "CANVAS_API_TOKEN": ENV_MARKER, **extra}


def assert_nothing_leaks(*texts: str) -> None:
    for text in texts:
        for marker in (FILE_MARKER, ENV_MARKER, MODEL_ANSWER):
            assert marker not in text, f"{marker!r} leaked"


def linked_folder(folder: Path, secrets: Path) -> Path:
    """q01 linked to a secret (its ANSWER would be the written answer), q07 to the reference
    through the grading process's working directory, q08 the honest reference; beside them,
    links to the environment and a folder, a FIFO and a device."""
    folder.mkdir(parents=True)
    (folder / "q01_accuracy_loss.py").symlink_to(secrets / "token.py")
    (folder / "q07_zip_pairs.py").symlink_to("/proc/self/cwd/solutions/q07_zip_pairs.py")
    shutil.copyfile(SOLUTIONS / "q08_view.py", folder / "q08_view.py")
    (folder / "helpers.py").symlink_to("/proc/self/environ")
    (folder / "data").symlink_to(secrets)
    os.mkfifo(folder / "pipe.py")
    if os.geteuid() == 0:
        os.mknod(folder / "null.py", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    return folder


def reference_linked_folder(folder: Path) -> Path:
    """Every item a link straight to the checkout's reference, or to nothing."""
    folder.mkdir(parents=True)
    (folder / "q01_accuracy_loss.py").symlink_to(SOLUTIONS / "q01_accuracy_loss.py")
    (folder / "q07_zip_pairs.py").symlink_to(SOLUTIONS / "q07_zip_pairs.py")
    (folder / "q08_view.py").symlink_to(folder / "gone.py")
    return folder


def scores(report: dict) -> dict[str, float]:
    return {item_id: item["score"] for item_id, item in report["items"].items()}


def messages(report: dict, item_id: str) -> set[str]:
    return {check["message"] for check in report["items"][item_id]["checks"]}


def full(report: dict, item_id: str) -> bool:
    return report["items"][item_id]["score"] == report["items"][item_id]["max_score"] > 0


def test_a_folder_with_linked_secrets_loses_those_items_and_leaks_nothing(open_tmp, secrets):
    from autograder.report import html

    folder = linked_folder(open_tmp / "mallory", secrets)
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade", str(folder), "--items", ITEMS,
                           "--format", "json"], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env=environment())
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert scores(report) == {"q01": 0, "q07": 0, "q08": report["items"]["q08"]["max_score"]} and full(report, "q08")
    assert messages(report, "q01") == {f"q01_accuracy_loss.py {LINKED}"}
    assert messages(report, "q07") == {f"q07_zip_pairs.py {LINKED}"}
    assert report["items"]["q01"]["written"]["answer"] is None
    assert "helpers.py is a symbolic link" in done.stderr and "pipe.py is a FIFO" in done.stderr
    assert_nothing_leaks(done.stdout, done.stderr, html.render(report, "mallory"))


def test_a_linked_reference_scores_nothing(open_tmp):
    folder = reference_linked_folder(open_tmp / "copier")
    report = run_grade(folder, "--items", ITEMS, env=environment())
    assert report["score"] == 0
    assert messages(report, "q01") == {f"q01_accuracy_loss.py {LINKED}"}
    assert messages(report, "q08") == {f"q08_view.py {LINKED}"}
    assert_nothing_leaks(json.dumps(report))


def test_a_zip_of_links_loses_those_items(open_tmp):
    archive = open_tmp / "sub.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SOLUTIONS / "q08_view.py", "work/q08_view.py")
        for name, target in (("q01_accuracy_loss.py", "/proc/self/environ"),
                             ("q07_zip_pairs.py", "/proc/self/cwd/solutions/q07_zip_pairs.py")):
            link = zipfile.ZipInfo(f"work/{name}")
            link.create_system, link.external_attr = 3, 0o120777 << 16
            zf.writestr(link, target)
    report = run_grade(archive, "--items", ITEMS, env=environment())
    assert scores(report)["q01"] == scores(report)["q07"] == 0 and full(report, "q08")
    assert messages(report, "q07") == {f"work/q07_zip_pairs.py {LINKED}"}
    assert_nothing_leaks(json.dumps(report))


def test_a_notebook_that_is_a_link_is_refused_in_one_line(open_tmp):
    real = classgen.notebook(open_tmp / "real.ipynb")
    (open_tmp / "lesson4.ipynb").symlink_to(real)
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade", str(open_tmp / "lesson4.ipynb")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0
    assert f"lesson4.ipynb {LINKED}" in done.stderr


def linked_class(root: Path, secrets: Path) -> dict[str, str]:
    """A class in every form, with links: student -> what must become of them."""
    honest = classgen.modules(root / "alice") / "q01_accuracy_loss.py"
    honest.write_text(honest.read_text().replace(Q01_ANSWER, "In my own words."))
    linked_folder(root / "bob", secrets)
    reference_linked_folder(root / "carol")
    classgen.notebook(secrets / "dave.ipynb")
    (root / "dave.ipynb").symlink_to(secrets / "dave.ipynb")
    (root / "erin").mkdir()
    classgen.notebook(root / "erin" / "lesson4.ipynb")
    (root / "erin" / "notes.py").symlink_to(secrets / "token.py")
    (root / "erin" / "secrets").symlink_to(secrets)
    (root / "frank").symlink_to(classgen.modules(secrets / "frank"))
    classgen.zipped(classgen.modules(root / "grace-work", only=("q08",)), root / "grace.zip")
    with zipfile.ZipFile(root / "grace.zip", "a") as zf:
        link = zipfile.ZipInfo("q07_zip_pairs.py")
        link.create_system, link.external_attr = 3, 0o120777 << 16
        zf.writestr(link, str(SOLUTIONS / "q07_zip_pairs.py"))
    return {"alice": "full", "bob": "q08 only", "carol": "nothing", "dave": "refused", "erin": "full",
            "frank": "refused", "grace": "q08 only"}


@pytest.mark.parametrize("value, level", cases(["class"], fast_at_default=False))
def test_a_class_with_linked_secrets_leaks_nothing_at_any_level(value, level, secrets):
    require_besides_default(level)
    with open_folder() as base, open_folder() as grader_tmp, grading_at(level) as (env, wrap):
        expected = linked_class(base / "class", secrets)
        command = [sys.executable, "-P", "-m", "autograder", "grade-all", str(base / "class"), "--out",
                   str(base / "out"), "--items", ITEMS, "--device", "cpu", "--workers", "1"]
        done = subprocess.run(wrap(command) if wrap else command, capture_output=True, text=True, timeout=1800,
                              cwd=ROOT, env={**env, "CANVAS_API_TOKEN": ENV_MARKER, "TMPDIR": str(grader_tmp)})
        assert done.returncode == 0, done.stderr[-3000:]
        out = base / "out"
        records = {p.stem: json.loads(p.read_text()) for p in (out / "reports").glob("*.json")}
        for student, fate in expected.items():
            record = records[student]
            if fate == "refused":
                assert record["error"] and LINKED.split(":")[0] in record["error"], (student, record["error"])
                continue
            assert record.get("error") is None, (student, record.get("error"))
            got = scores(record)
            if fate == "full":
                assert all(full(record, i) for i in got), (student, got)
            elif fate == "q08 only":
                assert got["q01"] == got["q07"] == 0 and full(record, "q08"), (student, got)
            else:
                assert record["score"] == 0, (student, got)
        assert messages(records["bob"], "q07") == {f"q07_zip_pairs.py {LINKED}"}
        written = [p for p in out.rglob("*") if p.is_file()]
        assert any(p.suffix == ".html" for p in written)
        assert_nothing_leaks(done.stdout, done.stderr, *(p.read_bytes().decode(errors="replace") for p in written))


PLANTED = '''import pathlib
pathlib.Path({marker!r}).write_text("the planted package ran")
raise SystemExit("the planted package ran")
'''


def test_a_working_directory_with_its_own_autograder_never_stands_in(open_tmp):
    """`autograder grade` and `grade-all` (whose grading processes start Python themselves) run
    from a folder holding a planted `autograder` package, and so does Gradescope's
    run_autograder: the planted package never runs."""
    marker = open_tmp / "planted-ran.txt"
    planted = open_tmp / "planted"
    for package in ("autograder", "autograder/batch"):
        (planted / package).mkdir(parents=True)
        (planted / package / "__init__.py").write_text(PLANTED.format(marker=str(marker)))
    (planted / "autograder" / "__main__.py").write_text(PLANTED.format(marker=str(marker)))
    classgen.modules(planted / "class" / "alice", only=("q07",))
    graded = subprocess.run([str(BIN / "autograder"), "grade", "class/alice", "--items", "q07", "--format", "json"],
                            cwd=planted, capture_output=True, text=True, timeout=600)
    assert graded.returncode == 0, graded.stderr[-2000:]
    assert json.loads(graded.stdout)["score"] > 0
    batch = subprocess.run([str(BIN / "autograder"), "grade-all", "class", "--out", "out", "--items", "q07",
                            "--device", "cpu", "--workers", "1"], cwd=planted, capture_output=True, text=True,
                           timeout=900)
    assert batch.returncode == 0, batch.stderr[-2000:]
    assert json.loads((planted / "out" / "reports" / "alice.json").read_text())["score"] > 0
    tree = open_tmp / "gradescope"
    for folder in ("source", "submission", "results"):
        (tree / folder).mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / "q07_zip_pairs.py", tree / "submission" / "q07_zip_pairs.py")
    env = {**os.environ, "AUTOGRADER_ROOT": str(tree), "AUTOGRADER_PYTHON": sys.executable, "AUTOGRADER_ITEMS": "q07"}
    deployed = subprocess.run(["bash", str(ROOT / "autograder" / "deploy" / "run_autograder")], cwd=planted, env=env,
                              capture_output=True, text=True, timeout=600)
    assert deployed.returncode == 0, deployed.stderr[-2000:]
    assert json.loads((tree / "results" / "results.json").read_text())["score"] > 0
    assert not marker.exists()
