"""Hostile submissions: each attack in tests/hostile/ stands in for q01 beside an honest q07.
Whatever it does, the report is written, q01 gains nothing, q07 keeps its marks, no process
is left behind, nothing outside the sandbox changes and no connection reaches the host."""

import contextlib
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from autograder.runner import isolation
from conftest import SOLUTIONS, run_grade
from container_host import ContainerHost, emulation_missing

pytestmark = pytest.mark.slow

# Enough for one grading with PyPI's CUDA build of torch (docs/instructors.md: measured peak).
CONTAINER_MB = 1024

HOSTILE = Path(__file__).parent / "hostile"
ATTACKS = sorted(HOSTILE.glob("*.py"))
# Every isolation level this machine offers besides limits-only, which promises less, and the
# emulated container host (tests/container_host.py), where the ladder must choose separate-user.
CONTAINER = "container-host"
PROBED = [level for level in isolation.LEVELS[:-1] if isolation.probe(level) is None]
LEVELS = PROBED + ([CONTAINER] if emulation_missing() is None else [])
EXPECTED = {CONTAINER: isolation.SEPARATE_USER}


@contextlib.contextmanager
def grading_at(level: str):
    """(environment, command wrapper) that make `autograder grade` run at this level."""
    if level != CONTAINER:
        yield {**os.environ, "AUTOGRADER_ISOLATION": level}, None
        return
    with ContainerHost(CONTAINER_MB) as host:
        yield {k: v for k, v in os.environ.items() if k != "AUTOGRADER_ISOLATION"}, host.command
OUTSIDE_MARKERS = [Path("/work/hostile-marker.txt"), Path("/tmp/hostile-marker.txt"),
                   Path("/root/hostile-marker.txt"), Path("/tmp/results.json")]


class Listener:
    """A TCP server on the host's loopback that counts who reaches it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.server.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


def ipc_objects() -> set[str]:
    """The host's SysV IPC objects (message queues, shared memory, semaphores)."""
    found = set()
    for kind in ("msg", "shm", "sem"):
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        found |= {f"{kind} {line.split()[1]}" for line in lines}
    return found


def leftover_processes(grader_tmp: Path) -> list[str]:
    """Processes started by this grading run: they work in its temporary folder, or are the
    detached `sleep 4242` of the survivor attack."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if "sleep 4242" in args or str(grader_tmp) in cwd or str(grader_tmp) in args:
            found.append(f"{entry.name} {args}")
    return found


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("attack", ATTACKS, ids=lambda p: p.stem)
def test_attack_gains_nothing_and_harms_nothing(attack, level, tmp_path, open_tmp):
    listener = Listener()
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copyfile(SOLUTIONS / "q07_zip_pairs.py", submission / "q07_zip_pairs.py")
    text = attack.read_text().replace("PORT = 0", f"PORT = {listener.port}")
    (submission / "q01_accuracy_loss.py").write_text(text)
    grader_tmp = open_tmp
    before, ipc_before = sorted(os.listdir(tmp_path)), ipc_objects()
    try:
        with grading_at(level) as (env, wrap):
            report = run_grade(submission, "--items", "q01,q07", env={**env, "TMPDIR": str(grader_tmp)}, wrap=wrap)
            leftovers, left_files = leftover_processes(grader_tmp), os.listdir(grader_tmp)
    finally:
        listener.close()
    q01, q07 = report["items"]["q01"], report["items"]["q07"]
    assert q01["score"] == 0, [(c["name"], c["message"]) for c in q01["checks"] if c["passed"]]
    assert q07["score"] == q07["max_score"] > 0
    assert report["isolation"] == EXPECTED.get(level, level)
    for check in q01["checks"]:
        assert "internal error" not in check["message"] and "Traceback" not in check["message"], check
    assert listener.connections == 0
    assert leftovers == []
    assert left_files == []
    assert ipc_objects() - ipc_before == set()
    assert [m for m in OUTSIDE_MARKERS if m.exists()] == []
    assert sorted(os.listdir(tmp_path)) == before
    assert not (Path.cwd() / "results.json").exists()


@pytest.mark.parametrize("level", LEVELS)
def test_hidden_checks_and_reference_are_out_of_reach(level, tmp_path):
    """The attacks that look for files report what they found in their error messages."""
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copyfile(HOSTILE / "read_hidden_checks.py", submission / "q01_accuracy_loss.py")
    with grading_at(level) as (env, wrap):
        report = run_grade(submission, "--items", "q01", env=env, wrap=wrap)
    messages = [c["message"] for c in report["items"]["q01"]["checks"]]
    assert any("no hidden checks found" in m for m in messages), messages


@pytest.mark.parametrize("level", LEVELS)
def test_environment_is_scrubbed(level, tmp_path):
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copyfile(HOSTILE / "env_snooping.py", submission / "q01_accuracy_loss.py")
    with grading_at(level) as (env, wrap):
        report = run_grade(submission, "--items", "q01", env=env, wrap=wrap)
    messages = [c["message"] for c in report["items"]["q01"]["checks"]]
    names = messages[0].split("environment: ")[1].split("\n")[0].split(",")
    assert set(names) <= {"PATH", "HOME", "TMPDIR", "LANG", "PYTHONPATH", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE",
                          "MPLBACKEND", "MPLCONFIGDIR", "PWD", "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS",
                          "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"}, names
