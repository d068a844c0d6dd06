"""Start the worker zygote in a private folder with a scrubbed environment and resource limits."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

from autograder.runner import isolation
from autograder.runner.cgroup import ProcessCap
from autograder.runner.runtime import PYTHON, scrubbed_env, stage_runtime
from autograder.worker import processes

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
        packet = self.control.recv(1 << 16)
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
            self.hello = self._reply()
        return self.hello

    def spawn(self, sock: socket.socket, workdir: Path, limits: dict) -> int:
        return self._request({"op": "spawn", "workdir": str(workdir), "limits": limits}, sock.fileno())["pid"]

    def kill(self, pid: int) -> dict:
        """Kill a child's process group; returns how it ended ({'signal': n} or {'status': n})."""
        return self._request({"op": "kill", "pid": pid})


class Sandbox(Forker):
    """The zygote process and its private folder; children are forked from it per item."""

    name = "zygote"

    def __init__(self, gpu: bool = False, preload: list[str] = ()):
        self.level = isolation.level()
        if self.level == isolation.SEPARATE_USER:
            isolation.protect()
        self.root = Path(tempfile.mkdtemp(prefix="autograder-"))
        self.log = Path(tempfile.mkstemp(prefix="autograder-zygote-", suffix=".log")[1])
        runtime = stage_runtime(self.root)
        isolation.prepare_root(self.root)
        self.cap = ProcessCap()
        control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        super().__init__(control)
        argv = [*PYTHON, "-m", "autograder.worker", str(theirs.fileno())]
        # After each item the zygote removes its user's files from /tmp, except at limits-only,
        # where that user is the student's own account.
        argv += ["--clean-tmp"] if self.level != isolation.LIMITS_ONLY else []
        argv += ["--preload", ",".join(preload)] if preload else []
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.cap.wrap(isolation.command(argv, self.root, runtime, gpu)),
                pass_fds=[theirs.fileno()], env=scrubbed_env(self.root / "home", runtime),
                cwd=self.root, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True,
            )
        theirs.close()

    def detail(self) -> str:
        return ":\n" + self.log.read_text(errors="replace")[-2000:]

    def spawn_base(self, workdir: Path, limits: dict, timeout: float) -> "NotebookBase":
        """Fork a process that runs a notebook's cells (workdir/cells.json), then forks the
        notebook's item workers; waits for the cells until `timeout`."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = self._request({"op": "base", "workdir": str(workdir), "limits": limits}, theirs.fileno())["pid"]
        theirs.close()
        base = NotebookBase(ours, pid)
        ours.settimeout(timeout)
        try:
            base.wait_ready()
        finally:
            ours.settimeout(None)
        return base

    def sweep(self, live: set[int]) -> None:
        """Kill every process of the sandbox but the zygote and the live children: whatever a
        finished item left behind, detached or not (the zygote is a subreaper, so orphans stay
        in its tree), and empty the scratch folders for the next worker."""
        self._request({"op": "sweep", "keep": sorted(live)})

    def network(self) -> str:
        """What student code can reach: nothing where it has its own network namespace or the
        zygote's seccomp filter refuses network sockets, the host's network otherwise."""
        if self.level in isolation.NAMESPACED:
            return "none (own network namespace)"
        return "none (seccomp)" if self.wait_ready().get("seccomp") else "open"

    def cpu_seconds(self) -> float:
        """CPU time used so far by every process of the sandbox, read by the grader from /proc:
        nothing the worker says enters it."""
        return processes.cpu_seconds(self.process.pid)

    def close(self) -> None:
        processes.kill_tree(self.process.pid, include_root=True)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.cap.remove()  # whatever escaped the process group
        self.control.close()
        shutil.rmtree(self.root, ignore_errors=True)
        self.log.unlink(missing_ok=True)


class NotebookBase(Forker):
    """The process holding a notebook's namespace after its cells ran; its hello lists the cells
    that raised."""

    name = "notebook's process"

    def __init__(self, control: socket.socket, pid: int | None = None):
        super().__init__(control, pid)
        self.later_errors: list[dict] = []  # of the cells run after the first ones

    @property
    def cell_errors(self) -> list[dict]:
        return self.wait_ready().get("cell_errors", []) + self.later_errors

    def run_cells(self, workdir: Path, cells: list[dict], timeout: float) -> None:
        """Run more cells where the others left off (a kernel ran them since)."""
        name = f"cells-{cells[0]['index']}.json"
        (workdir / name).write_text(json.dumps(cells))
        self.control.settimeout(timeout)
        try:
            reply = self._request({"op": "cells", "file": name})
        finally:
            self.control.settimeout(None)
        self.later_errors += reply["cell_errors"]
