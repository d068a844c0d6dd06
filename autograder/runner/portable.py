"""The portable check: `autograder check` and check() in Jupyter where this system cannot make the
Linux sandbox (macOS, Windows, or a Linux without one of fork, resource, prctl and /proc:
runner/facilities.py). The worker protocol is the sandbox's: each item's worker is a process of
its own that serves the grader's requests on a socket (worker/protocol.py, worker/child.py) while
the checks run here. Only the start differs: multiprocessing's spawn, a fresh interpreter
(worker/portable.py), instead of a fork of the zygote, and none of the sandbox's confinement.

It keeps: student code never runs in the checker's process; every call's time limit, the worker
killed when it runs over; a crash or an exit ends the worker, not the check; the same checks and
messages. It gives up, against the sandbox: student code is not confined (it runs as the
student, reads and writes what the student may and reaches the network: no namespaces, seccomp
or Landlock); no memory, CPU-time, file-size or process-count limits; processes that student
code starts do not die with its worker; each worker imports torch itself (seconds, where the
zygote's forks share one import); a notebook's cells run again in each item's worker, since no
process can be copied from the state they left. So grading never takes it (runner/isolation.py
refuses such a system), and `check` takes it for the public checks only.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import shutil
import tempfile
from pathlib import Path

from autograder.runner import facilities
from autograder.runner.runtime import scrubbed_env
from autograder.runner.sandbox import SandboxError
from autograder.worker import portable as entries

LEVEL = "unconfined"  # the report's isolation
START_SECONDS = 180  # a worker's imports (torch) on a slow laptop, before its first call is timed
# What the sandbox's environment sets that still matters once the interpreter runs.
KEPT_SETTINGS = ("MPLBACKEND", "OMP_NUM_THREADS", "CUDA_VISIBLE_DEVICES")


def needed() -> bool:
    return bool(facilities.missing())


def announce() -> None:
    """The one line that says the check runs without the sandbox, and what that means."""
    logging.getLogger("autograder").warning(
        f"checking without the sandbox, which this system cannot make (it has no {', '.join(facilities.missing())}): "
        "your code runs in processes of its own with the checks' time limits, but unconfined (it can reach your "
        "files and the network, with no memory limit); graded work runs in the grader's sandbox")


class PortableSandbox:
    """Stands for runner.sandbox.Sandbox where there is none, with the calls a session makes of
    it; each worker is a spawned process. It has no cpu_seconds or pause: they serve the timed
    checks, which are hidden, and this path runs the public checks only."""

    level = LEVEL

    def __init__(self, preload: list[str] = ()):
        self.preload = list(preload)
        self.root = Path(tempfile.mkdtemp(prefix="autograder-"))
        env = scrubbed_env(self.root, self.root)
        self.settings = {name: env[name] for name in KEPT_SETTINGS if name in env}
        self.context = multiprocessing.get_context("spawn")
        self.processes: dict[int, multiprocessing.process.BaseProcess] = {}
        self.hello: dict | None = None  # a worker's, once one imported what it needs

    def start(self, target, *args) -> multiprocessing.process.BaseProcess:
        process = self.context.Process(target=target, args=args, name="autograder-worker")
        process.start()
        self.processes[process.pid] = process
        return process

    def wait(self, ready, process, timeout: float) -> dict:
        """The first message of a process that is starting: its imports done (and its cells run),
        or why they failed."""
        if not ready.poll(timeout):
            self.kill(process.pid)
            raise TimeoutError(f"the worker process did not start within {timeout:g} s")
        try:
            hello = ready.recv()
        except EOFError:
            ending = " ".join(f"{how} {number}" for how, number in self.kill(process.pid).items())
            raise SandboxError(f"the worker process stopped as it started ({ending})") from None
        if not hello["ok"]:
            self.kill(process.pid)
            raise SandboxError(f"the worker process could not import what it needs: {hello['error']}")
        self.hello = self.hello or hello
        return hello

    def spawn(self, sock, workdir: Path, limits: dict, cells: list[dict] | None = None,
              cells_seconds: float = 0.0) -> int:
        """Start an item's worker on `sock`; with `cells`, a notebook's item, which runs them first,
        within `cells_seconds`. `limits` are the sandbox's, which no system here can apply."""
        ours, theirs = self.context.Pipe(duplex=False)
        process = self.start(entries.item, sock, theirs, str(workdir), self.settings, self.preload, cells)
        theirs.close()
        try:
            self.wait(ours, process, START_SECONDS + cells_seconds)
        except TimeoutError as exc:
            raise SandboxError(str(exc)) from None
        finally:
            ours.close()
        return process.pid

    def kill(self, pid: int) -> dict:
        """Kill a worker; how it ended ({'signal': n} or {'status': n}), as the zygote says it."""
        process = self.processes.pop(pid, None)
        if process is None:
            return {"status": None}
        process.kill()
        process.join()
        code = process.exitcode
        process.close()
        return {"signal": -code} if code < 0 else {"status": code}

    def sweep(self, live: set[int]) -> None:
        """Kill every worker but the live ones (what they started themselves is out of reach)."""
        for pid in [p for p in self.processes if p not in live]:
            self.kill(pid)

    def owned_by_worker(self, path: Path) -> None:
        path.mkdir(exist_ok=True)

    def ready(self) -> bool:
        """A worker said it imported what it needs."""
        return self.hello is not None

    def spawn_base(self, workdir: Path, limits: dict, timeout: float) -> "PortableNotebook":
        return PortableNotebook(self, workdir, timeout)

    def network(self) -> str:
        return "open"

    def writes(self) -> str:
        return "wherever the student's user may write (no sandbox)"

    def close(self) -> None:
        for pid in list(self.processes):
            self.kill(pid)
        shutil.rmtree(self.root, ignore_errors=True)


class PortableNotebook:
    """A notebook's process, which runs its cells once and says which raised, and where its
    items' workers start: each runs the cells again, all of them or up to the item's place."""

    name = "notebook's process"

    def __init__(self, sandbox: PortableSandbox, workdir: Path, timeout: float):
        self.sandbox = sandbox
        self.timeout = timeout
        self.cells = json.loads((workdir / "cells.json").read_text())
        self.control, theirs = sandbox.context.Pipe()
        process = sandbox.start(entries.notebook_process, theirs, str(workdir), sandbox.settings, sandbox.preload,
                                self.cells)
        theirs.close()
        self.pid = process.pid
        self.hello = sandbox.wait(self.control, process, START_SECONDS + timeout)
        self.later_errors: list[dict] = []
        self.snapshots: dict = {}  # no process keeps a place's state (forker_at)

    def forker_at(self, place: int | None, later=()) -> "PortableNotebook | _Place":
        """Where the workers of an item graded after `place` cells (None: all) start."""
        return self if place is None else _Place(self, place)

    @property
    def cell_errors(self) -> list[dict]:
        return self.hello.get("cell_errors", []) + self.later_errors

    def wait_ready(self) -> dict:
        return self.hello

    def spawn(self, sock, workdir: Path, limits: dict) -> int:
        return self.sandbox.spawn(sock, workdir, limits, self.cells, self.timeout)

    def kill(self, pid: int) -> dict:
        return self.sandbox.kill(pid)

    def run_cells(self, workdir: Path, cells: list[dict], timeout: float) -> None:
        """Run more cells where the others left off (a kernel ran them since)."""
        self.control.send(cells)
        if not self.control.poll(timeout):
            raise TimeoutError(f"the {self.name} did not run the new cells within {timeout:g} s")
        try:
            reply = self.control.recv()
        except EOFError:
            raise SandboxError(f"the {self.name} stopped unexpectedly") from None
        self.cells += cells
        self.later_errors += reply["cell_errors"]


class _Place:
    """Where the workers of the items graded at a place in the notebook (after its first
    `place` cells) start."""

    pid = None  # no process holds this state: each worker makes it again

    def __init__(self, notebook: PortableNotebook, place: int):
        self.notebook = notebook
        self.place = place

    def spawn(self, sock, workdir: Path, limits: dict) -> int:
        notebook = self.notebook
        return notebook.sandbox.spawn(sock, workdir, limits, notebook.cells[:self.place], notebook.timeout)

    def kill(self, pid: int) -> dict:
        return self.notebook.sandbox.kill(pid)
