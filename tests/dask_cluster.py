"""A real Dask cluster on loopback for the tests: a `dask scheduler` and `dask worker` processes
started from this environment, as an instructor starts them, each in a session of its own.
Every wait is bounded, and close() kills every process the cluster started, those that left
their parent (a killed worker's grading process) included.

    with LoopbackCluster(folder) as cluster:       # or cluster.start() ... cluster.close()
        cluster.add_worker("cpu")
        cluster.add_worker("gpu", "--resources", "GPU=1")
        cluster.wait_for(2)
        cluster.address            # tcp://127.0.0.1:PORT
        cluster.kill("cpu")        # SIGKILL to that worker's process; its nanny starts a fresh one
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

DASK = Path(sys.executable).parent / "dask"
START_SECONDS = 120  # for the scheduler's file, and for workers to join (they import distributed)


class LoopbackCluster:
    def __init__(self, folder: Path, tls: dict | None = None):
        """tls, for a tls:// cluster: {"ca": PATH, "scheduler": (CERT, KEY), "worker": ..., "client": ...}."""
        self.folder = folder
        self.tls = tls
        self.started: list[subprocess.Popen] = []
        self.seen: dict[int, psutil.Process] = {}  # every process of the cluster's trees seen so far
        self.file = folder / "scheduler.json"

    def __enter__(self) -> "LoopbackCluster":
        self.start()
        return self

    def start(self) -> None:
        """The scheduler, once it has written where it listens."""
        try:
            self._start("scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(self.file),
                        *(["--protocol", "tls", *self._tls_args("scheduler")] if self.tls else []))
            deadline = time.monotonic() + START_SECONDS
            while not (self.file.is_file() and self.file.read_text().strip()):
                if time.monotonic() > deadline or self.started[0].poll() is not None:
                    raise RuntimeError(f"the scheduler did not start: {self.log('scheduler')[-2000:]}")
                time.sleep(0.2)
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def address(self) -> str:
        return json.loads(self.file.read_text())["address"]

    def add_worker(self, name: str, *args: str, env: dict | None = None) -> None:
        self._start(f"worker-{name}", "--scheduler-file", str(self.file), "--name", name, "--nthreads", "1",
                    "--no-dashboard", "--memory-limit", "0", "--death-timeout", "60", *self._tls_args("worker"),
                    *args, env={**os.environ, **(env or {})})

    def client(self):
        from distributed import Client, Security

        security = None
        if self.tls:
            cert, key = self.tls["client"]
            security = Security(tls_ca_file=str(self.tls["ca"]), tls_client_cert=str(cert), tls_client_key=str(key),
                                require_encryption=True)
        return Client(self.address, security=security, timeout="30s")

    def wait_for(self, workers: int) -> None:
        with self.client() as client:
            client.wait_for_workers(workers, timeout=START_SECONDS)

    def workers(self) -> dict[str, dict]:
        """By name: the worker's address, pid and resources."""
        with self.client() as client:
            pids = client.run(os.getpid)
            info = client.scheduler_info(n_workers=-1)["workers"]
        return {w["name"]: {"address": a, "pid": pids.get(a), "resources": w.get("resources", {})}
                for a, w in info.items()}

    def kill(self, name: str) -> None:
        self._look()
        os.kill(self.workers()[name]["pid"], signal.SIGKILL)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.is_file() else ""

    def close(self) -> None:
        self._look()
        for proc in self.started:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for proc in self.seen.values():
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        for proc in self.started:
            proc.wait(timeout=30)
        psutil.wait_procs(list(self.seen.values()), timeout=30)

    def _start(self, name: str, *args: str, env: dict | None = None) -> None:
        command = "scheduler" if name == "scheduler" else "worker"
        with open(self.folder / f"{name}.log", "wb") as log:
            self.started.append(subprocess.Popen([str(DASK), command, *args], stdout=log, stderr=subprocess.STDOUT,
                                                 stdin=subprocess.DEVNULL, start_new_session=True,
                                                 cwd=self.folder, env=env))

    def _look(self) -> None:
        """Remember every process now in the cluster's trees: a grading process outlives a
        killed worker, in a session of its own."""
        for proc in self.started:
            try:
                root = psutil.Process(proc.pid)
                for member in [root, *root.children(recursive=True)]:
                    self.seen.setdefault(member.pid, member)
            except psutil.NoSuchProcess:
                pass

    def _tls_args(self, role: str) -> list[str]:
        if not self.tls:
            return []
        cert, key = self.tls[role]
        return ["--tls-ca-file", str(self.tls["ca"]), "--tls-cert", str(cert), "--tls-key", str(key)]
