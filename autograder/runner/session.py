"""One submission under grading: a sandbox, and one worker process per item forked from it."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

from autograder import catalogue
from autograder.catalogue import Item
from autograder.runner import isolation, portable
from autograder.runner.cgroup import MAX_TASKS
from autograder.runner.failures import StudentFailure, explain, explain_death
from autograder.runner.sandbox import CUDA_LIMITS, LIMITS, Sandbox, SandboxError
from autograder.worker import processes, protocol

MAX_RESTARTS = 3  # fresh sandboxes one grading may start after the kernel killed the zygote
CALL_TIMEOUT = 10.0  # seconds for one call; checks that train ask for more
MAX_DEATHS = 2  # an item whose worker crashed this often gets no more tries
NOTEBOOK_SECONDS = 300  # for all of a notebook's cells; each cell also has 30 s of its own


class ItemWorker:
    """The forked worker holding one item's module; restarted after a crash."""

    def __init__(self, session: "Session", item: Item):
        self.session = session
        self.item = item
        self.pid = None
        self.sock = None
        self.load_error: str | None = None
        self.gave_up: str | None = None  # set after a timeout or repeated crashes
        self.missing: list[str] = []
        self.answer: str | None = None
        self.deaths = 0
        self.starts = 0
        self.forker = None
        self.workdir: Path | None = None  # its own folder, removed when the item is done

    def _start(self) -> None:
        try:
            forker, workdir, request = self._prepare()
        except StudentFailure as exc:
            self.load_error = str(exc)
            return
        self.workdir = workdir if forker is self.session.sandbox else None
        ours, theirs = socket.socketpair()
        try:
            if self.starts:
                # A restart after a crash starts clean: nothing the first run left (processes,
                # files in /tmp) can help or hinder the second.
                self.session.sandbox.sweep(self.session.live_pids())
            self.pid = forker.spawn(theirs, workdir, self.session.limits)
        except SandboxError as exc:
            self.session.recover(exc, self)
        self.starts += 1
        self.forker = forker
        theirs.close()
        self.sock = ours
        label = self.session.submission.label(self.item)
        reply, _ = self._exchange(request, [], CALL_TIMEOUT, f"importing {label}")
        if reply["ok"]:
            self.missing, self.answer = reply["missing"], reply["answer"]
        else:
            self.load_error = f"{label} could not be imported: " + explain(reply, "the module", self.item.id)

    def _prepare(self):
        """Which process forks this worker, in which folder, and the request that loads it."""
        request = {"op": "load", "module": self.item.module, "names": list(self.item.names)}
        submission = self.session.submission
        if submission.runs_cells:
            return self.session.notebook_forker(self.item), self.session.notebook_base().workdir, request
        if submission.source(self.item) is None:
            raise StudentFailure(submission.missing(self.item))
        # An unpredictable name, so that code of an earlier item cannot prepare this folder.
        workdir = Path(tempfile.mkdtemp(prefix=f"{self.item.id}-", dir=self.session.sandbox.root))
        # The bytes read once (autograder.intake): the student's files are never opened again.
        for name, data in submission.files.items():
            (workdir / name).write_bytes(data)
        self.session.sandbox.owned_by_worker(workdir)
        return self.session.sandbox, workdir, request

    def _exchange(self, request: dict, tensors: list, timeout: float, call: str):
        try:
            self.sock.settimeout(timeout)
            protocol.send(self.sock, request, tensors)
            return protocol.receive(self.sock)
        except (TimeoutError, socket.timeout):
            self.stop()
            self.gave_up = (f"{call} did not finish within {timeout:g} s; look for an endless "
                            "loop or work that is far too slow")
            raise StudentFailure(self.gave_up) from None
        except (protocol.ProtocolError, OSError):
            ending = self.stop()
            self.deaths += 1
            message = explain_death(ending, call)
            if self.deaths >= MAX_DEATHS:
                self.gave_up = message
            raise StudentFailure(message) from None

    def stop(self) -> dict:
        ending = {}
        if self.pid is not None:
            try:
                ending = self.forker.kill(self.pid)
            except SandboxError:
                ending = {"signal": signal.SIGKILL}  # it went down with its sandbox
            self.forget()
        return ending

    def forget(self) -> None:
        """The worker's process is gone (or its sandbox is): a later call starts a fresh one."""
        if self.sock is not None:
            self.sock.close()
        self.pid = self.sock = None

    def request(self, request: dict, args: tuple, kwargs: dict, timeout: float, call: str, measured: dict | None = None):
        """Run one call in the worker. With `measured`, it receives the call's wall time and the
        CPU time of every process of the sandbox meanwhile, both taken by this process."""
        if self.gave_up:
            raise StudentFailure(f"not run: {self.gave_up}")
        if self.pid is None and self.load_error is None:
            self._start()
        if self.load_error:
            raise StudentFailure(self.load_error)
        tensors: list = []
        request = {**request, "args": protocol.encode(tuple(args), tensors)["__tuple__"],
                   "kwargs": protocol.encode(dict(kwargs), tensors),
                   "refuse": self.item.refusals()}
        sandbox = self.session.sandbox
        cpu, start = (sandbox.cpu_seconds(), time.perf_counter()) if measured is not None else (0.0, 0.0)
        reply, out = self._exchange(request, tensors, timeout, call)
        if measured is not None:
            measured.update(wall_seconds=time.perf_counter() - start, cpu_seconds=sandbox.cpu_seconds() - cpu)
        if not reply["ok"]:
            raise StudentFailure(explain(reply, call, self.item.id))
        return protocol.decode(reply["value"], out)

    def check_defined(self, name: str) -> None:
        if self.pid is None and self.load_error is None and not self.gave_up:
            self._start()
        if self.load_error:
            raise StudentFailure(self.load_error)
        if name.split(".")[0] in self.missing:
            raise StudentFailure(f"{self.session.submission.label(self.item)} does not define `{name.split('.')[0]}`")


DEVICES = ("auto", "cpu", "cuda", "mps")  # where the training checks run: --device


def resolve_device(choice: str) -> str:
    """auto means the accelerator torch finds: CUDA where there is a usable NVIDIA GPU, Apple's
    MPS on Apple silicon (the portable check), else the CPU. On Linux, where there is no MPS,
    asked without importing torch when the driver's device files show no GPU, which is what
    torch would find too."""
    if choice != "auto":
        return choice
    gpus = Path("/proc/driver/nvidia/gpus")
    if sys.platform == "linux" and not (gpus.is_dir() and any(gpus.iterdir())):
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    return "mps" if torch.backends.mps.is_available() else "cpu"


def open_session(submission, device: str = "auto", item_ids=None, portable_check: bool = False) -> "Session":
    """The one way to start grading a submission (a submission.Modules, Notebook or History):
    its sandbox starts now, making the imports the items need, while the caller goes on. With
    `portable_check` (`check`'s public checks, never a grade) a system that cannot make the Linux
    sandbox runs them on the portable path (runner/portable.py) instead, and says so."""
    unconfined = portable_check and portable.needed()
    if unconfined:
        portable.announce()
    return Session(submission, resolve_device(device), preload=catalogue.preloads(item_ids or catalogue.BY_ID),
                   item_ids=item_ids, unconfined=unconfined)


class Session:
    """Everything about grading one submission; close() leaves no process behind."""

    def __init__(self, submission, device: str = "cpu", preload: list[str] = (), item_ids=None,
                 unconfined: bool = False):
        self.submission = submission
        self.item_ids = item_ids or list(catalogue.BY_ID)  # those graded: a notebook keeps their places
        self._base = None
        self._base_error: str | None = None
        self.broken: str | None = None  # why the sandbox could not work at all
        self.device = device
        self.preload = preload
        self.restarts = 0
        self.unconfined = unconfined  # the portable check's workers, not the sandbox's
        self.sandbox = self._new_sandbox()
        self.limits = CUDA_LIMITS if device == "cuda" else LIMITS
        if self.sandbox.level == isolation.SEPARATE_USER:
            # No PID namespace or cgroup may bound a fork bomb there: the sandbox's worker uid may.
            self.limits = {**self.limits, "RLIMIT_NPROC": MAX_TASKS}
        self.workers: dict[str, ItemWorker] = {}

    def _new_sandbox(self):
        if self.unconfined:
            return portable.PortableSandbox(preload=self.preload)
        return Sandbox(gpu=self.device == "cuda", preload=self.preload)

    def worker(self, item: Item) -> ItemWorker:
        if item.id not in self.workers:
            self.workers[item.id] = ItemWorker(self, item)
        return self.workers[item.id]

    def notebook_base(self):
        """The process that runs the notebook's cells, once, as far as the items graded so far
        need; items fork from it, or from its snapshot at their place."""
        if self._base_error:
            raise StudentFailure(self._base_error)
        if self._base is None:
            workdir = Path(tempfile.mkdtemp(prefix="notebook-", dir=self.sandbox.root))
            (workdir / "cells.json").write_text(json.dumps(self.submission.cells))
            self.sandbox.owned_by_worker(workdir)
            with self._running("cells"):
                self._base = self.sandbox.spawn_base(workdir, self.limits, NOTEBOOK_SECONDS)
            if self._base_error:
                raise StudentFailure(self._base_error)
            self._base.workdir = workdir
        return self._base

    def notebook_forker(self, item: Item):
        """What an item's workers fork from: the notebook's process once it ran the cells before
        the item's place (submission.places_of; after every cell where it has none), as the
        item's test cell saw them, or the snapshot kept there. The items are graded in
        self.item_ids' order, and the process leaves a snapshot at the places of those still to
        come that it passes on its way."""
        base = self.notebook_base()
        places = self.submission.places_of
        later = self.item_ids[self.item_ids.index(item.id) + 1:] if item.id in self.item_ids else []
        with self._running("cells"):
            return base.forker_at(places.get(item.id), [places.get(i) for i in later])
        raise StudentFailure(self._base_error)

    def failed_base(self) -> bool:
        return self._base_error is not None

    def extend(self, cells: list[dict]) -> None:
        """Cells the submission gained since it was read (a kernel ran them): the notebook's
        process runs them where it stands, so that no cell runs twice. Items get fresh workers,
        forked from the state the new cells leave."""
        for worker in self.workers.values():
            worker.stop()
        self.workers.clear()
        self.submission.cells += cells
        if self._base is not None and cells:
            with self._running("new cells"):
                self._base.run_cells(self._base.workdir, cells, NOTEBOOK_SECONDS)

    @contextlib.contextmanager
    def _running(self, which: str):
        """The notebook's process runs cells: why it could not is kept, and every item that
        needs that process fails with it."""
        try:
            yield
        except (TimeoutError, socket.timeout):
            self._base_error = f"the notebook's {which} did not finish running within {NOTEBOOK_SECONDS} s"
        except SandboxError as exc:
            if not self.sandbox.ready():
                self.broken = self.broken or str(exc)
                raise StudentFailure(f"not run: {exc}") from None
            self._base_error = "the notebook's cells ended the worker process (do not call exit functions)"

    def cell_errors(self) -> list[dict]:
        """The cells that raised, all of them: those after the last graded item's place run now."""
        if self._base is not None and not self._base_error:
            with self._running("cells"):
                self._base.forker_at(None)
        return self._base.cell_errors if self._base is not None else []

    def live_pids(self) -> set[int]:
        pids = {w.pid for w in self.workers.values() if w.pid is not None}
        if self._base is not None:
            pids |= {self._base.pid, *(snapshot.pid for snapshot in self._base.snapshots.values())}
        return pids

    @contextlib.contextmanager
    def paused(self, item: Item):
        """No process of the student's may run while the trusted side times the reference (one
        could slow it down and so raise the limit): the item's worker is stopped, and whatever
        else the sandbox holds (a notebook's base, leftovers) is suspended meanwhile."""
        if item.id in self.workers and self.workers[item.id].pid is not None:
            self.workers[item.id].stop()
            self.sandbox.sweep(self.live_pids())
        processes.signal_tree(self.sandbox.process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            processes.signal_tree(self.sandbox.process.pid, signal.SIGCONT)

    def finish(self, item: Item) -> None:
        """An item's checks are done: its worker and anything it left running are killed, in the
        one request that sweeps the sandbox (a kill first would cost a round trip per item), and
        its folder is removed, so that the next worker finds nothing this one wrote."""
        worker = self.workers.get(item.id)
        if worker is not None:
            worker.forget()
        try:
            self.sandbox.sweep(self.live_pids())
        except SandboxError as exc:
            try:
                self.recover(exc, worker)
            except StudentFailure:
                pass  # between items: the next one simply starts in the fresh sandbox
        if worker is not None and worker.workdir is not None:
            shutil.rmtree(worker.workdir, ignore_errors=True)
            worker.workdir = None

    def recover(self, exc: SandboxError, at_fault: ItemWorker | None = None) -> None:
        """The zygote died. One that never said it was ready means the grader's environment is
        broken: the grading is the grader's failure (grading.grade raises it), never a student's
        zero. One that ran was killed, by the kernel when memory ran out or by what the item that
        was running (`at_fault`) did: that item's checks end here, since a verdict must never come
        from a sandbox started again after such an event, and a fresh sandbox serves the items
        that follow."""
        if not self.sandbox.ready():
            self.broken = self.broken or str(exc)  # the first reason: what followed is its echo
            raise StudentFailure(f"not run: {exc}") from None
        if at_fault is not None:
            at_fault.gave_up = (f"the grader's sandbox was killed while {self.submission.label(at_fault.item)} ran, "
                                "most often because the machine ran out of memory; its remaining checks were not run")
        if self.restarts >= MAX_RESTARTS:
            raise StudentFailure(f"not run: the grader's sandbox was killed {self.restarts + 1} times, most often "
                                 "because the machine has too little memory for grading (please tell your "
                                 "instructor)") from None
        self.restarts += 1
        self.sandbox.close()
        for worker in self.workers.values():
            worker.forget()
        self._base = None
        self.sandbox = self._new_sandbox()
        raise StudentFailure(at_fault.gave_up if at_fault is not None else
                             "the grader's sandbox was killed while this check ran, most often because the "
                             "machine ran out of memory; it was restarted for the checks that follow")

    def answers(self, items: list[Item]) -> dict[str, str | None]:
        """The written answers of the items that have a written part."""
        return {item.id: self.submission.answer(item, self.workers[item.id].answer if item.id in self.workers else None)
                for item in items if item.written}

    def close(self) -> None:
        for worker in self.workers.values():
            try:
                worker.stop()
            except OSError:
                pass
        self.sandbox.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
