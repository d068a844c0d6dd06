"""`grade-all --scheduler ADDRESS`: each student is one task on the workers of a Dask cluster
(docs/cluster.md); this is the instructor's side, batch/dask_worker.py the workers'.

This machine reads the class and sends each submission as data (batch/shipped.py); each worker
sends back the student's record as plain data, which is written here exactly as local grade-all
writes it. Before any task, every worker tests itself and this prints one line per worker: what
isolation it gives, or why it takes no tasks.

A worker that dies mid-task costs nothing but time: the scheduler gives its tasks to another
worker. A task whose workers die again and again (more often than the scheduler's
distributed.scheduler.allowed-failures, 3 by default) becomes the student's error row, graded
again by the next run, as any grader error is. Only as many tasks as the workers can grade at
once are handed to the scheduler at a time, so that a dying worker takes no queue of innocent
students' tries with it, and so that workers that join late share the rest.

The scheduler runs code that its clients send, on workers that may be root: a tcp:// address
that is not this machine's loopback is refused unless --allow-insecure; tls:// with client
certificates (mutual TLS) is the way across a network.
"""

from __future__ import annotations

import ipaddress
import socket
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from autograder.batch.discover import Entry
from autograder.batch.progress import Finished, internal_error
from autograder.batch.run import grade_entry
from autograder.exits import Exit, ExitError
from autograder.submission import SubmissionError

CONNECT_TIMEOUT = "60s"
WORKER_WAIT = 600  # seconds to wait for a first worker (batch jobs may still be queued)


class ClusterError(ExitError):
    """The cluster cannot be used as given; nothing has been graded on it."""


@dataclass(frozen=True)
class Cluster:
    """A Dask scheduler to grade on, and how to reach it."""

    address: str
    tls_ca_file: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    allow_insecure: bool = False
    allow_partial: bool = False  # --allow-partial-isolation, passed on to every worker

    def __post_init__(self):
        check_address(self)

    def security(self):
        if not self.address.startswith("tls://"):
            return None
        from distributed import Security

        return Security(tls_ca_file=self.tls_ca_file, tls_client_cert=self.tls_cert, tls_client_key=self.tls_key,
                        require_encryption=True)


def check_address(cluster: Cluster) -> None:
    scheme = cluster.address.partition("://")[0] if "://" in cluster.address else "tcp"
    tls = (cluster.tls_ca_file, cluster.tls_cert, cluster.tls_key)
    if scheme not in ("tcp", "tls"):
        raise ClusterError(f"--scheduler {cluster.address}: expected tls://HOST:PORT or tcp://HOST:PORT")
    if scheme == "tls" and not all(tls):
        raise ClusterError("a tls:// scheduler needs --tls-ca-file, --tls-cert and --tls-key: the scheduler "
                           "accepts only clients with a certificate its authority signed (docs/cluster.md)")
    if scheme == "tcp" and any(tls):
        raise ClusterError(f"--tls-* given, but --scheduler {cluster.address} is not tls://")
    host = urlsplit(cluster.address if "://" in cluster.address else f"tcp://{cluster.address}").hostname or ""
    if scheme == "tcp" and not cluster.allow_insecure and not loopback(host):
        raise ClusterError(
            f"refusing tcp:// to {host}: whoever can reach an unencrypted scheduler can run code on its workers, "
            "which may be root. Use tls:// with certificates (docs/cluster.md), or pass --allow-insecure on a "
            "network only you can reach")


def loopback(host: str) -> bool:
    """Whether every address the host name stands for is this machine's own loopback."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(found) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in found)


def grade_entries(todo: list[Entry], items: list[str] | None, device: str, timeout: float, finished: Finished,
                  cluster: Cluster, console) -> int:
    """Grade `todo` on the cluster, calling finished() as each record arrives; returns how many
    workers passed their self-test."""
    from distributed import Client

    from autograder.batch.dask_worker import Grader, checks_digest

    try:
        client = Client(cluster.address, security=cluster.security(), timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the scheduler at {cluster.address}: {exc}", Exit.GRADER_FAILED) from None
    run = f"autograder-{uuid.uuid4().hex[:12]}"
    try:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            raise ClusterError(f"no worker joined {cluster.address} in {WORKER_WAIT} s", Exit.GRADER_FAILED) from None
        client.register_plugin(Grader(run, checks_digest(), cluster.allow_partial), name=run)
        ready = announce(client, run, console)
        if not ready:
            raise ClusterError("no worker can grade (each one's line above says why)", Exit.GRADER_FAILED)
        if device == "cuda":
            ready = [a for a in ready if offered(client).get(a, {}).get("GPU")]
        if device == "cuda" and not ready:
            raise ClusterError("--device cuda, but no worker that can grade has a GPU resource "
                               "(start GPU workers with `dask worker ... --resources GPU=1`)", Exit.GRADER_FAILED)
        grade_on(client, run, todo, items, device, timeout, finished)
        return len(ready)
    finally:
        # Also after Ctrl-C: what finished is saved, and the plugin's teardown kills the gradings
        # still running on the workers.
        try:
            client.unregister_worker_plugin(run)
        except (OSError, ValueError, TimeoutError):
            pass  # the scheduler is gone, or the plugin never got there
        client.close()


def announce(client, run: str, console) -> list[str]:
    """One line per worker, before any task: its self-test's verdict. Returns those that grade."""
    from autograder.batch.dask_worker import said

    verdicts = client.run(said, run)
    for address, (line, _) in sorted(verdicts.items()):
        console.print(f"worker {address}: {line}", markup=False, highlight=False, soft_wrap=True)
    return [address for address, (_, grades) in verdicts.items() if grades]


def offered(client) -> dict[str, dict]:
    """Each worker's resources now, by address."""
    return {a: w.get("resources", {}) for a, w in client.scheduler_info(n_workers=-1)["workers"].items()}


def slots(client, run: str, device: str) -> int:
    """How many of the run's gradings the workers can run at once now (at least one, so that a
    run whose workers all left waits for new ones)."""
    total = sum(min(r.get(run, 0), r.get("GPU", 0)) if device == "cuda" else r.get(run, 0)
                for r in offered(client).values())
    return max(1, int(total))


def grade_on(client, run: str, todo: list[Entry], items, device: str, timeout: float, finished: Finished) -> None:
    from distributed import as_completed

    from autograder.batch.dask_worker import grade_shipped
    from autograder.batch.shipped import pack

    needs = {run: 1, **({"GPU": 1} if device == "cuda" else {})}
    waiting = iter(e for e in todo if e.path is not None)
    for entry in todo:
        if entry.path is None:  # nothing to send: its record says why
            finished(entry, grade_entry(entry, items, device, timeout))
    running: dict = {}
    flowing = as_completed()

    def send_more() -> None:
        while len(running) < slots(client, run, device):
            entry = next(waiting, None)
            if entry is None:
                return
            try:
                shipped = pack(entry.path)
            except (SubmissionError, OSError) as exc:
                finished(entry, grade_entry(Entry(entry.student, None, str(exc), entry.source), items, device, timeout))
                continue
            future = client.submit(grade_shipped, run, shipped, entry.student, entry.source, items, device, timeout,
                                   key=f"{run}-{entry.student}", resources=needs, pure=False)
            running[future] = entry
            flowing.add(future)

    send_more()
    for future in flowing:
        entry = running.pop(future)
        finished(entry, outcome(future, entry))
        send_more()


def outcome(future, entry: Entry) -> dict:
    """The record a finished task gives; a lost scheduler ends the run (a rerun resumes)."""
    from concurrent.futures import CancelledError

    from distributed import KilledWorker

    try:
        return future.result()
    except CancelledError:
        raise ClusterError(f"lost the scheduler while grading {entry.student}; run the same command again "
                           "to grade the rest", Exit.GRADER_FAILED) from None
    except KilledWorker:
        return {"student": entry.student, "submission": entry.source, "error_kind": "grader", "cost": None,
                "error": "every worker that took this grading died during it, as many times as the scheduler "
                         "allows (distributed.scheduler.allowed-failures); not graded"}
    except Exception as exc:  # a bug of ours on one student must not cost the others
        return internal_error(entry, exc)
