"""What grading one submission costs, to size a class's run (docs/instructors.md).

    .venv/bin/python bench/cost.py [PATH] [--items q01,q07] [--repeat 3]

Runs `autograder grade PATH --format json` (default: the reference solutions, which run every
check to the end: the most expensive submission) and reports its wall time, CPU seconds and
peak memory. Three measurements, because they disagree in instructive ways:

- wait4(): the grading process and the processes it reaped (what `/usr/bin/time -v` and
  getrusage(RUSAGE_CHILDREN) report too). Misses the sandbox's processes: bubblewrap's PID
  namespace init is never reaped by the grader, so their CPU time never reaches it.
- a cgroup (v1 cpuacct and memory, or v2), where this machine lets root make one: every
  process of the run, sandbox included. Memory is the peak of the group's anonymous memory
  (RSS), sampled every 50 ms; the kernel's own peak counts the page cache too and is shown apart.
- the sum of PSS (proportional set size) over the run's processes, sampled: forked workers share
  torch's pages with the zygote, and PSS counts a shared page once in all.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
V1 = Path("/sys/fs/cgroup")


class Group:
    """cpuacct + memory cgroups (v1) or one v2 group; None where none can be made."""

    def __init__(self):
        name = f"autograder-cost-{uuid.uuid4().hex[:8]}"
        self.paths = {}
        if (V1 / "cpuacct" / "cgroup.procs").exists() and (V1 / "memory" / "cgroup.procs").exists():
            for kind in ("cpuacct", "memory"):
                path = V1 / kind / name
                try:
                    path.mkdir()
                    self.paths[kind] = path
                except OSError:
                    pass
        elif (V1 / "cgroup.controllers").exists():
            try:
                (V1 / name).mkdir()
                self.paths["v2"] = V1 / name
            except OSError:
                pass

    def join_command(self) -> str:
        return " && ".join(f'echo $$ > "{p}/cgroup.procs"' for p in self.paths.values())

    def pids(self) -> list[int]:
        path = self.paths.get("memory") or self.paths.get("v2")
        try:
            return [int(p) for p in (path / "cgroup.procs").read_text().split()] if path else []
        except OSError:
            return []

    def rss(self) -> int | None:
        path = self.paths.get("memory") or self.paths.get("v2")
        if not path:
            return None
        stat = dict(line.split() for line in (path / "memory.stat").read_text().splitlines())
        return int(stat.get("total_rss", stat.get("rss", stat.get("anon", 0))))

    def cpu_s(self) -> float | None:
        if "cpuacct" in self.paths:
            return int((self.paths["cpuacct"] / "cpuacct.usage").read_text()) / 1e9
        if "v2" in self.paths:
            stat = dict(line.split() for line in (self.paths["v2"] / "cpu.stat").read_text().splitlines())
            return int(stat["usage_usec"]) / 1e6
        return None

    def kernel_peak(self) -> int | None:
        peaks = ((self.paths.get("memory"), "memory.max_usage_in_bytes"), (self.paths.get("v2"), "memory.peak"))
        for path, name in peaks:
            if path and (path / name).exists():
                return int((path / name).read_text())
        return None

    def limit(self, megabytes: int) -> None:
        """A container's limit: past it the kernel reclaims page cache, then kills (swap off too)."""
        path = self.paths.get("memory") or self.paths.get("v2")
        names = ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes") if "memory" in self.paths else \
            ("memory.max", "memory.swap.max")
        for name in names:
            if (path / name).exists():
                (path / name).write_text(str(megabytes << 20) if name != "memory.swap.max" else "0")

    def mapped(self) -> int | None:
        """Anonymous memory and mapped files (torch's libraries): what the processes hold in use."""
        path = self.paths.get("memory") or self.paths.get("v2")
        if not path:
            return None
        stat = dict(line.split() for line in (path / "memory.stat").read_text().splitlines())
        return (self.rss() or 0) + int(stat.get("total_mapped_file", stat.get("file_mapped", 0)))

    def oom_kills(self) -> int | None:
        """Processes the kernel killed for this group's limit."""
        path = self.paths.get("memory") or self.paths.get("v2")
        for name in ("memory.oom_control", "memory.events"):
            if path and (path / name).exists():
                fields = dict(line.split() for line in (path / name).read_text().splitlines())
                return int(fields.get("oom_kill", 0))
        return None

    def remove(self) -> None:
        for path in self.paths.values():
            try:
                path.rmdir()
            except OSError:
                pass


def pss(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
    return total


def measure(path: Path, items: str | None) -> dict:
    group = Group()
    command = [sys.executable, "-m", "autograder", "grade", str(path), "--format", "json", "--device", "cpu"]
    command += ["--items", items] if items else []
    if group.paths:
        command = ["/bin/sh", "-c", group.join_command() + ' && exec "$@"', "sh", *command]
    peaks = {"rss": 0, "pss": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            pids = group.pids()
            peaks["pss"] = max(peaks["pss"], pss(pids))
            peaks["rss"] = max(peaks["rss"], group.rss() or 0)
            time.sleep(0.05)

    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    done.set()
    sampler.join()
    report = json.loads(out)
    result = {
        "score": f"{report['score']:g}/{report['max_score']:g}", "isolation": report["isolation"],
        "wall_s": round(wall, 1),
        "wait4_cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "wait4_max_rss_mb": round(usage.ru_maxrss / 1024),
        "cgroup_cpu_s": None if group.cpu_s() is None else round(group.cpu_s(), 1),
        "cgroup_peak_rss_mb": round(peaks["rss"] / 2**20) if group.paths else None,
        "cgroup_kernel_peak_mb": None if group.kernel_peak() is None else round(group.kernel_peak() / 2**20),
        "peak_pss_mb": round(peaks["pss"] / 2**20) if group.paths else None,
    }
    group.remove()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "solutions"))
    parser.add_argument("--items")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    for _ in range(args.repeat):
        print(json.dumps(measure(Path(args.path), args.items)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
