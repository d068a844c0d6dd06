"""Hostile submissions: each attack in tests/hostile/ stands in for q01 beside an honest q07.
Whatever it does, the report is written, q01 gains nothing, q07 keeps its marks, no process
is left behind, nothing outside the sandbox changes and no connection reaches the host."""

import os
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import SOLUTIONS, open_folder, processes, run_grade
from levels import DEFAULT, cases, expected, grading_at, require_besides_default

HOSTILE = Path(__file__).parent / "hostile"
ATTACKS = sorted(HOSTILE.glob("*.py"))
# Attacks on the process model (the per-item worker, its limits, the protocol, the trusted
# side's comparisons): the same code answers them at every level, so they are graded at the
# default level, in the full suite. Every attack on processes, signals, files, the network or
# IPC depends on the level, and runs at each.
PROCESS_MODEL = {"always_equal", "endless_loop", "exit_at_import", "memory_flood", "os_exit_in_function",
                 "output_flood", "patch_harness", "patch_torch_at_import", "recursion_crash"}
# Attacks on the sandbox's own processes and channels (its zygote, sockets that outlive it):
# graded at every level, the default one included, in the full suite only.
ESCAPES = {"abstract_socket", "kill_zygote"}
ON_THE_LEVEL = [attack for attack in ATTACKS if attack.stem not in PROCESS_MODEL | ESCAPES]
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
    return [f"{pid} {args}" for pid, args, cwd in processes()
            if "sleep 4242" in args or str(grader_tmp) in cwd or str(grader_tmp) in args]


@dataclass
class Graded:
    """One attack graded at one level, with what it left behind: read by every test about it."""
    report: dict
    connections: int
    leftovers: list[str]
    left_files: list[str]
    new_ipc: set[str]
    markers: list[Path]
    beside_submission_changed: bool


def grade_attack(attack: Path, level: str, folder: Path) -> Graded:
    listener = Listener()
    submission = folder / "submission"
    submission.mkdir()
    shutil.copyfile(SOLUTIONS / "q07_zip_pairs.py", submission / "q07_zip_pairs.py")
    text = attack.read_text().replace("PORT = 0", f"PORT = {listener.port}")
    (submission / "q01_accuracy_loss.py").write_text(text)
    before, ipc_before = sorted(os.listdir(folder)), ipc_objects()
    try:
        with open_folder() as grader_tmp, grading_at(level) as (env, wrap):
            report = run_grade(submission, "--items", "q01,q07", env={**env, "TMPDIR": str(grader_tmp)}, wrap=wrap)
            leftovers, left_files = leftover_processes(grader_tmp), os.listdir(grader_tmp)
    finally:
        listener.close()
    return Graded(report, listener.connections, leftovers, left_files, ipc_objects() - ipc_before,
                  [m for m in OUTSIDE_MARKERS if m.exists()] + [p for p in [Path.cwd() / "results.json"] if p.exists()],
                  sorted(os.listdir(folder)) != before)


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """graded(attack name, level): graded once per session, whichever test asks first."""
    done: dict[tuple[str, str], Graded] = {}

    def grade(name: str, level: str) -> Graded:
        require_besides_default(level)
        if (name, level) not in done:
            done[name, level] = grade_attack(HOSTILE / f"{name}.py", level, tmp_path_factory.mktemp(name))
        return done[name, level]

    return grade


ATTACK_CASES = (cases(ON_THE_LEVEL) + cases([a for a in ATTACKS if a.stem in ESCAPES], fast_at_default=False)
                + [pytest.param(attack, DEFAULT, marks=pytest.mark.slow, id=f"{attack.stem}-{DEFAULT}")
                   for attack in ATTACKS if attack.stem in PROCESS_MODEL])


@pytest.mark.fast
def test_every_attack_is_placed():
    assert PROCESS_MODEL | ESCAPES <= {attack.stem for attack in ATTACKS}


@pytest.mark.parametrize("attack,level", ATTACK_CASES)
def test_attack_gains_nothing_and_harms_nothing(attack, level, graded):
    done = graded(attack.stem, level)
    q01, q07 = done.report["items"]["q01"], done.report["items"]["q07"]
    assert q01["score"] == 0, [(c["name"], c["message"]) for c in q01["checks"] if c["passed"]]
    assert q07["score"] == q07["max_score"] > 0
    assert done.report["isolation"] == expected(level)
    for check in q01["checks"]:
        assert "internal error" not in check["message"] and "Traceback" not in check["message"], check
    assert done.connections == 0
    assert done.leftovers == []
    assert done.left_files == []
    assert done.new_ipc == set()
    assert done.markers == []
    assert not done.beside_submission_changed


@pytest.mark.parametrize("attack,level", cases(["read_hidden_checks"]))
def test_hidden_checks_and_reference_are_out_of_reach(attack, level, graded):
    """The attacks that look for files report what they found in their error messages."""
    messages = [c["message"] for c in graded(attack, level).report["items"]["q01"]["checks"]]
    assert any("no hidden checks found" in m for m in messages), messages


@pytest.mark.parametrize("attack,level", cases(["env_snooping"]))
def test_environment_is_scrubbed(attack, level, graded):
    messages = [c["message"] for c in graded(attack, level).report["items"]["q01"]["checks"]]
    names = messages[0].split("environment: ")[1].split("\n")[0].split(",")
    assert set(names) <= {"PATH", "HOME", "TMPDIR", "LANG", "PYTHONPATH", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE",
                          "MPLBACKEND", "MPLCONFIGDIR", "PWD", "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS",
                          "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"}, names


@pytest.mark.parametrize("attack,level", cases(["abstract_socket"], fast_at_default=False))
def test_no_socket_can_be_made(attack, level, graded):
    """Abstract unix sockets have no permissions: a worker must not be able to make one (nor any
    socket but those it inherits), or a helper could serve other sandboxes."""
    messages = [c["message"] for c in graded(attack, level).report["items"]["q01"]["checks"]]
    said = [m.split("abstract socket: ")[1].split("\n")[0] for m in messages if "abstract socket: " in m]
    assert said and all(m.startswith("refused") for m in said), messages
