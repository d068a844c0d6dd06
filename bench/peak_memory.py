"""One grading's peak memory, every process of it in a memory cgroup (issue 20, point 8).

    .venv/bin/python bench/peak_memory.py [--python PYTHON ...] [--items q01,q07] [--limit-mb 768] [--parts]

Grades the reference solutions (every check runs to its end) with `PYTHON -P -m autograder
grade solutions --format json --device cpu` in a fresh cgroup made for the run, and prints one
JSON line per run. PYTHON defaults to this one (the project's venv); another venv's Python, one
with the CPU build of torch say, grades this checkout through PYTHONPATH with its own libraries.
Several --python are measured one after the other in the same run.
Root must be able to make a cgroup (bench/cost.py's Group: v1's memory hierarchy or v2).

- kernel_peak_mb: the group's peak as the kernel counts it (v1 memory.max_usage_in_bytes, v2
  memory.peak), what a container's limit is checked against; page cache included, but only the
  pages this group reads first. So that the libraries count as in a fresh container, their files
  are dropped from the page cache before each run (posix_fadvise), which keeps only the pages
  other processes have mapped (another grading's torch, say): those are not charged here.
- anon_peak_mb: the group's anonymous memory, sampled every 20 ms; in_use_peak_mb adds the
  mapped files (torch's libraries), which must stay resident for the grading to run at speed.
- pss_peak_mb: the sum of the processes' PSS, sampled (a page shared by forked workers once).
- With --limit-mb, a second run under that limit (swap counted too): its score and the kernel's
  OOM kills say whether a grading fits a container of that size.
- With --parts, each piece alone in a group of its own: `import torch`, torch and torchvision,
  the grading process's imports (what a grade-all worker loads before its first student), and one
  sandbox whose zygote has made every item's preloads.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cost import Group, pss  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MB = 1 << 20
ZYGOTE = ("from autograder import catalogue; from autograder.runner.sandbox import Sandbox; "
          "s = Sandbox(preload=catalogue.preloads(catalogue.BY_ID)); s.wait_ready(); s.close()")
PARTS = {
    "import torch": "import torch",
    "import torch, torchvision": "import torch, torchvision",
    "the grading process's imports": "import pytest, torch; import autograder.grading",
    "a zygote with every preload (and the process that starts it)": ZYGOTE,
}


def measured(argv: list[str], python: str, limit_mb: int | None = None) -> tuple[dict, bytes]:
    """Run argv in a fresh cgroup; its peaks in MB, and what it printed."""
    group = Group()
    if not group.paths:
        sys.exit("no cgroup can be made here (root, and a v1 memory hierarchy or v2, are needed)")
    if limit_mb:
        group.limit(limit_mb)
    env = dict(os.environ)
    if Path(python).resolve() != Path(sys.executable).resolve():
        env["PYTHONPATH"] = str(ROOT)  # this checkout, the other venv's libraries
    peaks = {"anon": 0, "in_use": 0, "pss": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            peaks["pss"] = max(peaks["pss"], pss(group.pids()))
            peaks["anon"] = max(peaks["anon"], group.rss() or 0)
            peaks["in_use"] = max(peaks["in_use"], group.mapped() or 0)
            time.sleep(0.02)

    uncache(python)
    start = time.monotonic()
    proc = subprocess.Popen(["/bin/sh", "-c", group.join_command() + ' && exec "$@"', "sh", *argv], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    result = {"wall_s": round(time.monotonic() - start, 1), "exit": proc.returncode,
              "kernel_peak_mb": round(group.kernel_peak() / MB), "anon_peak_mb": round(peaks["anon"] / MB),
              "in_use_peak_mb": round(peaks["in_use"] / MB), "pss_peak_mb": round(peaks["pss"] / MB),
              "oom_kills": group.oom_kills()}
    if proc.returncode:
        result["said"] = err.decode(errors="replace").strip().splitlines()[-1:]
    group.remove()
    return result, out


def uncache(python: str) -> None:
    """Drop the environment's installed files from the page cache, where nothing maps them."""
    where = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    for folder, _, names in os.walk(where):
        for name in names:
            try:
                fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def grading(python: str, items: str | None, limit_mb: int | None) -> dict:
    argv = [python, "-P", "-m", "autograder", "grade", str(ROOT / "solutions"), "--format", "json", "--device", "cpu"]
    argv += ["--items", items] if items else []
    result, out = measured(argv, python, limit_mb)
    try:
        report = json.loads(out)
        lost = sorted({i for i, item in report["items"].items() for c in item["checks"] if not c["passed"]})
        result |= {"score": f"{report['score']:g}/{report['max_score']:g}", "isolation": report["isolation"],
                   "torch": report["torch"], "items_not_full": lost}
    except (ValueError, KeyError):
        result["score"] = None
    return {"run": f"grade solutions{f' under {limit_mb} MB' if limit_mb else ''}", **result}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append")
    parser.add_argument("--items")
    parser.add_argument("--limit-mb", type=int)
    parser.add_argument("--parts", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for python in args.python or [sys.executable]:
        # The isolation probe is remembered per environment: made here, outside the measured runs.
        subprocess.run([python, "-P", "-c", "from autograder.runner import isolation; isolation.level()"], cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
        print(f"Python: {python}", flush=True)
        if args.parts:
            for name, code in PARTS.items():
                result, _ = measured([python, "-P", "-c", code], python)
                print(json.dumps({"run": name, **result}), flush=True)
        print(json.dumps(grading(python, args.items, None)), flush=True)
        if args.limit_mb:
            print(json.dumps(grading(python, args.items, args.limit_mb)), flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
