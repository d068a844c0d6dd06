"""Start the worker zygote in a private folder with a scrubbed environment and resource limits."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from autograder.runner import isolation, uids
from autograder.runner.cgroup import ProcessCap
from autograder.runner.runtime import PYTHON, scrubbed_env, stage_runtime
from autograder.worker import landlock, processes

GIB = 1 << 30
LIMITS = {
    "RLIMIT_DATA": 2 * GIB,  # heap and anonymous memory; the worker must stay under 2 GB
    "RLIMIT_CPU": 300,
    "RLIMIT_FSIZE": 64 << 20,
    "RLIMIT_NOFILE": 256,
    "RLIMIT_CORE": 0,
}
# CUDA maps large host buffers of its own; the GPU run lifts the heap limit.
CUDA_LIMITS = {**LIMITS, "RLIMIT_DATA": 32 * GIB}


class SandboxError(RuntimeError):
    """The worker could not be started; this is the grader's fault, not the student's."""


class Forker:
    """A process in the sandbox that forks item workers on request: the zygote, or a notebook's
    base. Requests are small JSON documents on a SOCK_SEQPACKET channel."""

    def __init__(self, control: socket.socket, pid: int | None = None):
        self.control = control
        self.pid = pid
        self.hello: dict | None = None

    def _reply(self) -> dict:
        try:
            packet = self.control.recv(1 << 16)
        except OSError:
            packet = b""
        if not packet:
            raise SandboxError(f"the {self.name} stopped unexpectedly{self.detail()}")
        return json.loads(packet)

    name = "worker process"

    def detail(self) -> str:
        return ""

    def _request(self, message: dict, fd: int | None = None) -> dict:
        self.wait_ready()
        data = json.dumps(message).encode()
        try:
            if fd is None:
                self.control.send(data)
            else:
                socket.send_fds(self.control, [data], [fd])
        except OSError:
            raise SandboxError(f"the {self.name} stopped unexpectedly{self.detail()}") from None
        return self._reply()

    def wait_ready(self) -> dict:
        if self.hello is None:
            hello = self._reply()
            if not hello["ok"]:
                raise SandboxError(f"the {self.name} could not import what it needs: {hello['error']}")
            self.hello = hello
        return self.hello

    def spawn(self, sock: socket.socket, workdir: Path, limits: dict) -> int:
        return self._request({"op": "spawn", "workdir": str(workdir), "limits": limits}, sock.fileno())["pid"]

    def kill(self, pid: int) -> dict:
        """Kill a child's process group; returns how it ended ({'signal': n} or {'status': n})."""
        return self._request({"op": "kill", "pid": pid})


class Sandbox(Forker):
    """The zygote process and its private folder; children are forked from it per item. Where
    the grader is root the sandbox leases uids of its own (runner/uids.py): its workers run as
    one, its zygote as the other, and both are cleared when the sandbox closes."""

    name = "zygote"

    def __init__(self, gpu: bool = False, preload: list[str] = ()):
        self.level = isolation.level()
        if self.level == isolation.SEPARATE_USER:
            isolation.protect()
        # Without Landlock a separate-user sandbox could write in the host's shared folders:
        # it waits until no other one is alive, and they are swept after each item.
        self.landlock = landlock.abi()
        self.alone = self.level == isolation.SEPARATE_USER and not self.landlock
        self.root = Path(tempfile.mkdtemp(prefix="autograder-"))
        self.scratch = self._scratch()
        self._exclusive = uids.exclusive() if self.alone else None
        self.lease = None
        try:
            self.lease = uids.lease(self.scratch) if self.level in isolation.AS_OTHER_USER else None
            self._start(gpu, preload)
        except BaseException:
            self._give_back()
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    def _start(self, gpu: bool, preload: list[str]) -> None:
        """The zygote, in the sandbox's folder, as the level and the lease make it."""
        self.ids = self.lease.ids if self.lease else None
        self.log = Path(tempfile.mkstemp(prefix="autograder-zygote-", suffix=".log")[1])
        self.keep_log = False  # named in an error: kept for whoever reads it
        runtime = stage_runtime(self.root)
        isolation.prepare_root(self.root, self.lease.keeper_ids if self.lease else None)
        self.cap = ProcessCap()
        control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        super().__init__(control)
        argv = [*PYTHON, "-m", "autograder.worker", str(theirs.fileno())]
        argv += ["--user", f"{self.ids[0]}:{self.ids[1]}"] if self.ids else []
        argv += ["--writable", ":".join(self._writable())] if self._writable() else []
        argv += ["--scratch", ":".join(self.scratch)] if self.scratch else []
        argv += ["--preload", ",".join(preload)] if preload else []
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.cap.wrap(isolation.command(argv, self.root, runtime, gpu,
                                                keeper=self.lease.keeper_ids if self.lease else None)),
                pass_fds=[theirs.fileno()], env=scrubbed_env(self.root / "home", runtime),
                cwd=self.root, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True,
            )
        theirs.close()

    def _scratch(self) -> tuple[str, ...]:
        """The folders outside the workers' own that a worker could write in, swept of the
        sandbox uid's files after each item: the sandbox's private /tmp and its home at the
        namespaced levels (where the zygote is the workers' user), the host's shared folders at
        separate-user (every world-writable one where Landlock is missing). At limits-only the
        user is the student's own, whose files are not ours to remove."""
        if self.level == isolation.BUBBLEWRAP:
            return (*uids.COMMON_SCRATCH, str(self.root / "home"))
        if self.level == isolation.UNPRIVILEGED:
            return uids.COMMON_SCRATCH
        if self.level == isolation.SEPARATE_USER:
            return tuple(dict.fromkeys([*uids.COMMON_SCRATCH, *(uids.world_writable() if self.alone else ())]))
        return ()

    def _writable(self) -> tuple[str, ...]:
        """Where a worker may write besides its own folder, Landlock allowing: its sandbox's
        private /tmp at the namespaced levels (emptied after each item), as before Landlock;
        anywhere its user may at limits-only, the student's own machine; nowhere at
        separate-user, whose shared folders are the host's."""
        if self.level in isolation.NAMESPACED:
            return uids.COMMON_SCRATCH
        return ("/",) if self.level == isolation.LIMITS_ONLY else ()

    def owned_by_worker(self, path: Path) -> None:
        """A folder of this sandbox's workers' own."""
        isolation.owned_by_worker(path, self.ids)

    def ready(self) -> bool:
        """The zygote said it was ready: its libraries imported."""
        return self.hello is not None

    def detail(self) -> str:
        """The last line the zygote wrote (an import's error, most often), and before it was ready
        what in the environment a worker of this level cannot see; its log is kept."""
        lines = [line for line in self.log.read_text(errors="replace").splitlines() if line.strip()]
        self.keep_log = True
        hint = isolation.closed_environment() if self.level == isolation.SEPARATE_USER and not self.ready() else None
        return f": {lines[-1].strip() if lines else 'it wrote nothing'}{f'; {hint}' if hint else ''} (its log: {self.log})"

    def spawn_base(self, workdir: Path, limits: dict, timeout: float) -> "NotebookBase":
        """Fork a process that runs a notebook's cells (workdir/cells.json), all of them within
        `timeout`, as far as the items graded so far need, and forks their workers."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = self._request({"op": "base", "workdir": str(workdir), "limits": limits}, theirs.fileno())["pid"]
        theirs.close()
        base = NotebookBase(ours, pid, len(json.loads((workdir / "cells.json").read_text())), timeout)
        base.wait_ready()
        return base

    def sweep(self, live: set[int]) -> None:
        """Kill every process of the sandbox but the zygote and the live children: whatever a
        finished item left behind, detached or not (the zygote is a subreaper, so orphans stay
        in its tree), and empty the scratch folders for the next worker."""
        self._request({"op": "sweep", "keep": sorted(live)})

    def network(self) -> str:
        """What student code can reach: nothing where it has its own network namespace or the
        zygote's seccomp filter refuses sockets, the host's network otherwise."""
        if self.level in isolation.NAMESPACED:
            return "none (own network namespace)"
        return "none (seccomp)" if self.wait_ready().get("seccomp") else "open"

    def writes(self) -> str:
        """Where student code could write besides its own folder, as the report says it."""
        landlock = self.wait_ready().get("landlock")
        if self.level in isolation.NAMESPACED:
            return ("its own folder, and the sandbox's private /tmp, emptied after each item"
                    + ("; nowhere else (Landlock)" if landlock else ""))
        if self.level == isolation.SEPARATE_USER:
            return ("its own folder only (Landlock)" if landlock else
                    "its own folder, and the host's world-writable folders, swept after each item; "
                    "sandboxes run one at a time (no Landlock)")
        return "wherever the grader's user may write"

    def cpu_seconds(self) -> float:
        """CPU time used so far by every process of the sandbox (its tree, and every process of
        its uid where it has one, wherever it was re-parented), read by the grader from /proc:
        nothing the worker says enters it."""
        return processes.cpu_seconds(self.process.pid, self.lease.uid if self.lease else None)

    def close(self) -> None:
        if not self.lease:
            processes.kill_tree(self.process.pid, include_root=True)
        # With a lease, every process of the sandbox's uids dies at once, from a process of each
        # uid: nothing is killed by a pid that may since have been reused.
        self._give_back()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.cap.remove()  # whatever escaped the process group
        self.control.close()
        shutil.rmtree(self.root, ignore_errors=True)
        if not self.keep_log:
            self.log.unlink(missing_ok=True)

    def _give_back(self) -> None:
        """The sandbox's uids (cleared), and its turn where sandboxes run one at a time."""
        if self.lease:
            self.lease.release(self.scratch)
        if self._exclusive is not None:
            os.close(self._exclusive)
            self._exclusive = None


class NotebookBase(Forker):
    """The process holding a notebook's namespace, with the cells run so far."""

    name = "notebook's process"

    def __init__(self, control: socket.socket, pid: int, cells: int, timeout: float):
        super().__init__(control, pid)
        self.total = cells  # how many cells it has been given
        self.ran = 0  # how many of them it has run
        self.seconds_left = timeout  # for the cells not run yet
        self.cell_errors: list[dict] = []  # of the cells it ran
        self.snapshots: dict[int, Snapshot] = {}  # by how many cells had run

    def forker_at(self, place: int | None, later: Iterable[int | None] = ()) -> Forker:
        """What the workers of an item graded after `place` cells (None: all of them) fork from:
        this process once it ran the cells up to there, or the snapshot it left there. On its way
        it leaves a snapshot at each of `later`, the places of the items still to be graded; the
        snapshots no longer needed end."""
        place = self.total if place is None else place
        stops = {self.total if p is None else p for p in later}
        for done in [p for p in self.snapshots if p not in stops | {place}]:
            self.snapshots.pop(done).control.close()  # its items are graded: it ends
        if place in self.snapshots:
            return self.snapshots[place]
        if place < self.ran:
            raise RuntimeError(f"the {self.name} is past the place after {place} cells, and kept no snapshot there")
        for stop in sorted(stops):
            if self.ran <= stop < place:
                self._run_to(stop)
                self._snapshot()
        self._run_to(place)
        return self

    def _run_to(self, position: int) -> None:
        if position <= self.ran:
            return
        start = time.monotonic()
        with waiting(self.control, max(self.seconds_left, 0.001)):
            self.cell_errors += self._request({"op": "run", "to": position})["cell_errors"]
        self.seconds_left -= time.monotonic() - start
        self.ran = position

    def _snapshot(self) -> None:
        """A process forked from this one, which keeps the state the cells run so far left and
        forks the workers of the items graded there."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            with waiting(self.control, max(self.seconds_left, 0.001)):
                pid = self._request({"op": "snapshot"}, theirs.fileno())["pid"]
        finally:
            theirs.close()
        snapshot = Snapshot(ours, pid)
        with waiting(ours, max(self.seconds_left, 0.001)):
            snapshot.wait_ready()
        self.snapshots[self.ran] = snapshot

    def run_cells(self, workdir: Path, cells: list[dict], timeout: float) -> None:
        """Run more cells where the others left off (a kernel ran them since), after any of the
        first ones not run yet."""
        name = f"cells-{cells[0]['index']}.json"
        (workdir / name).write_text(json.dumps(cells))
        with waiting(self.control, timeout):
            self.cell_errors += self._request({"op": "cells", "file": name})["cell_errors"]
        self.total += len(cells)
        self.ran = self.total


class Snapshot(Forker):
    """A process forked from a notebook's process at one place in its cells, holding the state
    they had there; it forks the workers of the items graded at that place."""

    name = "notebook's process"


@contextlib.contextmanager
def waiting(channel: socket.socket, timeout: float):
    """Replies on `channel` may take up to `timeout` seconds meanwhile (cells run)."""
    channel.settimeout(timeout)
    try:
        yield
    finally:
        channel.settimeout(None)
