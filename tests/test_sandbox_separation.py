"""Sandboxes kept apart on an emulated container host (tests/container_host.py), where the ladder
picks separate-user: no namespaces, so the only walls between two students graded at once, or
between two items of one student, are the sandbox's uid, its seccomp filter and Landlock. The
attacks are in tests/neighbours/."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SOLUTIONS, open_folder, processes, run_grade
from container_host import ContainerHost, emulation_missing
from levels import CONTAINER_MB

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(emulation_missing() is not None, reason=f"container host: {emulation_missing()}")]

NEIGHBOURS = Path(__file__).parent / "neighbours"


def sandbox_processes(base: Path) -> list[str]:
    """Processes left by a grading whose temporary folder is `base`: a sandbox's zygote or
    worker, or any process that works in a folder there."""
    return [f"{pid} {args}" for pid, args, cwd in processes() if str(base) in args or cwd.startswith(str(base))]


# The world-writable folders the attacks in tests/neighbours/ write in, where anything they left
# is found afterwards (and what an earlier run left, removed before).
SHARED = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
LEFT = ("left-by-q01.txt", "meet-*")


def left_in_shared_folders() -> list[Path]:
    return [path for folder in SHARED for pattern in LEFT for path in Path(folder).glob(pattern)]


@pytest.fixture(autouse=True)
def nothing_left_from_before():
    for path in left_in_shared_folders():
        path.unlink()


def student(folder: Path, q01: Path, q07: Path = SOLUTIONS / "q07_zip_pairs.py") -> None:
    folder.mkdir(parents=True)
    shutil.copyfile(q01, folder / "q01_accuracy_loss.py")
    shutil.copyfile(q07, folder / "q07_zip_pairs.py")


def grade_class(base: Path, host: ContainerHost, students: dict[str, Path]) -> tuple[dict[str, dict], list[str]]:
    """grade-all --workers 2 of students (name: their q01; q07 is the reference) in the
    emulated container: their reports, and the processes the grading left."""
    for name, q01 in students.items():
        student(base / "class" / name, q01)
    done = host.run([sys.executable, "-m", "autograder", "grade-all", str(base / "class"), "--out", str(base / "out"),
                     "--items", "q01,q07", "--device", "cpu", "--workers", "2"],
                    env={**os.environ, "TMPDIR": str(base)}, timeout=900)
    left = sandbox_processes(base)
    assert done.returncode == 0, done.stderr[-3000:]
    return {name: json.loads((base / "out" / "reports" / f"{name}.json").read_text()) for name in students}, left


def test_one_student_cannot_reach_another_graded_at_the_same_time():
    """grade-all --workers 2: one student signals every other sandbox's process it sees, from its
    worker and from a detached process; the other keeps every point, the attacker loses only
    q01, and no process of any sandbox is left."""
    with open_folder() as base, ContainerHost(2 * CONTAINER_MB) as host:
        reports, left = grade_class(base, host, {"attacker": NEIGHBOURS / "kill_neighbours.py",
                                                 "victim": SOLUTIONS / "q01_accuracy_loss.py"})
    victim, attacker = reports["victim"], reports["attacker"]
    assert victim["isolation"] == "separate-user"
    assert victim["score"] == victim["max_score"] > 0, [
        (c["name"], c["message"][:200]) for item in victim["items"].values() for c in item["checks"] if not c["passed"]]
    assert attacker["items"]["q01"]["score"] == 0
    assert attacker["items"]["q07"]["score"] == attacker["items"]["q07"]["max_score"] > 0
    said = [c["message"] for c in attacker["items"]["q01"]["checks"]]
    assert all(m.endswith("killed 0") for m in said), said
    assert any(not m.startswith("q01: saw 0 ") for m in said), said  # it ran while the victim was graded
    assert left == []


@pytest.mark.parametrize("landlock", [True, False], ids=["landlock", "no-landlock"])
def test_nothing_one_item_writes_outside_its_folder_reaches_the_next(landlock):
    """q01 writes what it was called with into every place it can outside its own folder; q07,
    in the next worker of the same sandbox, finds none of it: Landlock keeps q01 out of them,
    or, on a host without it, they are swept after each item."""
    with open_folder() as base, ContainerHost(CONTAINER_MB, landlock=landlock) as host:
        student(base / "submission", NEIGHBOURS / "leave_for_later.py", NEIGHBOURS / "read_what_was_left.py")
        report = run_grade(base / "submission", "--items", "q01,q07", env={**os.environ, "TMPDIR": str(base)},
                           wrap=host.command)
    assert report["isolation"] == "separate-user"
    assert report["writes"].endswith("(Landlock)") if landlock else "one at a time" in report["writes"], report["writes"]
    messages = [c["message"] for c in report["items"]["q07"]["checks"]]
    assert messages and all("found nothing" in m for m in messages), messages
    assert left_in_shared_folders() == []


@pytest.mark.parametrize("landlock", [True, False], ids=["landlock", "no-landlock"])
def test_two_students_never_meet_in_a_shared_folder(landlock):
    """grade-all --workers 2 of two students who each leave notes open to all in every
    world-writable folder and look for the other's: Landlock refuses the notes, or, without it,
    the two sandboxes run one after the other and each one's notes are gone before the next."""
    with open_folder() as base, ContainerHost(2 * CONTAINER_MB, landlock=landlock) as host:
        reports, left = grade_class(base, host, {"ann": NEIGHBOURS / "meet_in_shared_folders.py",
                                                 "bob": NEIGHBOURS / "meet_in_shared_folders.py"})
    for report in reports.values():
        said = [c["message"] for c in report["items"]["q01"]["checks"]]
        assert said and all(m.endswith("met 0") for m in said), said
        assert report["items"]["q07"]["score"] == report["items"]["q07"]["max_score"] > 0
    assert left == [] and left_in_shared_folders() == []
