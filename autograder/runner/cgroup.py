"""A process-count cap (and a reliable way to kill everything) for one sandbox, where the host
lets us make a cgroup: v1's pids hierarchy or a v2 tree with the pids controller."""

from __future__ import annotations

import os
import signal
import uuid
from pathlib import Path

MAX_TASKS = 512  # threads count too: torch starts a few per process

CANDIDATES = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


class ProcessCap:
    def __init__(self):
        self.path: Path | None = None
        for base in CANDIDATES:
            if (base / "cgroup.procs").exists():
                try:
                    _remove_orphans(base)
                    path = base / f"autograder-{os.getpid()}-{uuid.uuid4().hex[:8]}"
                    path.mkdir()
                    (path / "pids.max").write_text(str(MAX_TASKS))
                    self.path = path
                    break
                except OSError:
                    continue

    def wrap(self, argv: list[str]) -> list[str]:
        """Join the cgroup before exec, so that not one process starts outside it."""
        if self.path is None:
            return argv
        return ["/bin/sh", "-c", f'echo $$ > "{self.path}/cgroup.procs" && exec "$@"', "sh", *argv]

    def pids(self) -> list[int]:
        if self.path is None:
            return []
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self) -> None:
        for _ in range(20):  # a process may fork while we kill
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def remove(self) -> None:
        if self.path is not None:
            self.kill_all()
            try:
                self.path.rmdir()
            except OSError:
                pass


def _remove_orphans(base: Path) -> None:
    """Groups left by graders that were killed before they could clean up (their pid is gone)."""
    for group in base.glob("autograder-*-*"):
        owner = group.name.split("-")[1]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            try:
                group.rmdir()  # fails, harmlessly, while processes remain in it
            except OSError:
                pass
