"""What a Dask worker runs for `grade-all --scheduler` (batch/cluster.py is the instructor's side).

Each run registers a Grader plugin under a name of its own. Before the worker takes any of the
run's tasks, the plugin proves the worker can grade: its checks are the instructor's, its
isolation is one the run accepts, and its grading process gives the installed reference full
marks on one item. Only then does the worker offer the run's resource, which every task of the
run requires: a worker that fails takes no tasks, instead of grading every student to zero,
and says why in one line the instructor sees before grading starts.

A task, grade_shipped, is one student: the submission arrives as data (batch/shipped.py), is
written into a fresh folder and graded by one of the worker's long-lived grading processes
(batch/run.py's Server, as local grade-all uses), which keeps torch, pytest and the checks
loaded from student to student while each student gets a fresh sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

from distributed import WorkerPlugin, get_worker

from autograder import catalogue
from autograder.batch.discover import Entry
from autograder.batch.run import START_TIMEOUT, Running, Server, grade_entry, last_line
from autograder.batch.shipped import Shipped
from autograder.runner.runtime import PACKAGE
from autograder.submission import SubmissionError

SELF_TEST_ITEM = "q01"  # quick, and graded by every part a grading needs: sandbox, worker, checks
REFERENCE = PACKAGE.parent / "solutions"


@functools.cache
def checks_digest() -> str:
    """What decides the verdicts: the catalogue and every check module. A worker whose digest
    differs from the instructor's would grade by other rules."""
    digest = hashlib.sha256()
    paths = [PACKAGE / "items.json", PACKAGE / "catalogue.py", *sorted((PACKAGE / "checks").rglob("*.py"))]
    for path in paths:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class Servers:
    """The worker's grading processes, each lent to one task at a time (a worker with
    --nthreads N grades N students at once)."""

    def __init__(self):
        self.running = Running()
        self.idle: list[Server] = []
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def lent(self):
        with self.lock:
            server = self.idle.pop() if self.idle else Server(self.running)
        try:
            yield server
        finally:
            with self.lock:
                self.idle.append(server)

    def stop(self) -> None:
        """Kill every grading process; a task whose process is killed under it reports so and ends."""
        self.running.kill_all()
        with self.lock:
            for server in self.idle:
                server.stop()
            self.idle.clear()


class Grader(WorkerPlugin):
    """One grade-all run's presence on a worker; `run` names the plugin and the resource."""

    def __init__(self, run: str, digest: str, allow_partial: bool):
        self.run = run
        self.digest = digest
        self.allow_partial = allow_partial
        self.servers: Servers | None = None  # made on the worker: a plugin travels pickled
        self.said: tuple[str, bool] | None = None  # (the line about this worker, whether it grades)

    async def setup(self, worker) -> None:
        self.servers = Servers()
        gpu = worker.state.total_resources.get("GPU", 0) > 0
        self.said = await asyncio.get_running_loop().run_in_executor(None, self.self_test, gpu)
        if self.said[1]:
            await worker.set_resources(**{self.run: worker.state.nthreads})

    async def teardown(self, worker) -> None:
        if worker.state.total_resources.get(self.run):
            with contextlib.suppress(OSError):  # a scheduler that is gone takes no more tasks anyway
                await worker.set_resources(**{self.run: 0})
        await asyncio.get_running_loop().run_in_executor(None, self.servers.stop)

    def self_test(self, gpu: bool) -> tuple[str, bool]:
        from autograder.grading import ALLOW_PARTIAL, PartialIsolation, Visibility, require_isolation

        if checks_digest() != self.digest:
            return (f"refused: its checks or catalogue differ from the instructor's (digest {checks_digest()}, "
                    f"expected {self.digest}): install the same autograder on the workers"), False
        # As the command line does for local grade-all: the grading processes read it.
        if self.allow_partial:
            os.environ[ALLOW_PARTIAL] = "1"
        else:
            os.environ.pop(ALLOW_PARTIAL, None)
        try:
            require_isolation(Visibility.WITH_HIDDEN, self.allow_partial)
        except PartialIsolation as exc:
            return f"refused: {exc}", False
        if not (REFERENCE / f"{catalogue.item(SELF_TEST_ITEM).module}.py").is_file():
            return f"refused: the reference solutions are not installed beside the package ({REFERENCE})", False
        with self.servers.lent() as server:
            code, out, err, _ = server.grade(REFERENCE, [SELF_TEST_ITEM], "cpu", START_TIMEOUT)
        if code:
            return f"refused: its grading of the reference failed: {last_line(err) or f'exit {code}'}", False
        report = json.loads(out)
        if report["score"] != report["max_score"]:
            return (f"refused: it gives the reference {report['score']:g}/{report['max_score']:g} on "
                    f"{SELF_TEST_ITEM}, not full marks"), False
        line = f"ready: isolation {report['isolation']}, torch {report['torch']}"
        return line + (f", GPU: {gpu_name()}" if gpu else ""), True


def gpu_name() -> str:
    """What a worker that advertises a GPU resource has: its CUDA device, or the lack of one
    (its CUDA gradings then end as the grader's errors, never as zeros)."""
    from autograder.runner.session import resolve_device

    if resolve_device("auto") != "cuda":
        return "none usable (no NVIDIA driver or torch.cuda unavailable): its CUDA gradings will fail"
    import torch

    return torch.cuda.get_device_name()


def said(run: str, dask_worker=None) -> tuple[str, bool]:
    """For client.run: the line about this worker for the run (its self-test may still be going)."""
    grader = dask_worker.plugins.get(run)
    if grader is None:
        return "joined without the run's plugin", False
    return grader.said or ("its self-test is still running", False)


def grade_shipped(run: str, shipped: Shipped, student: str, source: str, items: list[str] | None, device: str,
                  timeout: float) -> dict:
    """The task: one student's record, as local grade-all makes it, naming the worker."""
    worker = get_worker()
    grader = worker.plugins[run]
    with tempfile.TemporaryDirectory(prefix="autograder-shipped-") as tmp:
        try:
            entry = Entry(student, shipped.unpack(Path(tmp)), None, source)
        except (SubmissionError, OSError) as exc:
            entry = Entry(student, None, f"the submission could not be written on the worker: {exc}", source)
        with grader.servers.lent() as server:
            record = grade_entry(entry, items, device, timeout, server=server)
    return record | {"worker": worker.address}
