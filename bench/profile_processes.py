"""Where every process of one command spends its time: the command runs under py-spy, which
samples it and each process it starts (the sandbox's zygote, the item workers, the isolation
probes), and the samples are summed per kind of process, per imported module and per function.

    .venv/bin/python bench/profile_processes.py [--rate 100] [--min 0.3] [--depth 14] [--idle] \\
        [--raw FILE] -- .venv/bin/autograder check q07 solutions
    .venv/bin/python bench/profile_processes.py --raw FILE [--min ...]   # summarise kept samples again

py-spy is not a dependency of the project: `.venv/bin/pip install py-spy` (and root, or ptrace
allowed, to sample the sandbox). Without --idle a sample counts only a thread that is running or
ready to run (CPU time, inflated by a busy machine's run queue); with it, waiting counts too
(wall time per thread). Seconds are samples / rate.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import BIN

FRAME = re.compile(r"(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
# pytest's and pluggy's own frames are folded away but for the hooks that say what pytest is doing.
KEPT_PYTEST = re.compile(r"^(pytest_\w+|_ensure_unconfigure|_importconftest|importtestmodule|_prepareconfig)$")


def samples(raw: str):
    """(processes from the command down, frames outermost first, count) per line of py-spy's raw
    output; a process's command line may hold newlines and semicolons, so lines are cut on the
    next `process ` and frames split where a `name (file:line)` frame starts."""
    for m in re.finditer(r"(.*?) (\d+)\n(?=process |\Z)", raw, re.S):
        parts = re.split(r';(?=process \d+:"|[^;"]* \([^;()]*\))', m.group(1))
        yield ([p for p in parts if p.startswith("process ")],
               [p for p in parts if not p.startswith("process ")], int(m.group(2)))


def role(processes: list[str]) -> str:
    commands = [re.sub(r'^process \d+:"', "", p) for p in processes]
    last = commands[-1]
    if len(commands) == 1:
        return "the command (for grade and check: the grading process)"
    if last.startswith("bwrap") or "setpriv" in last.split(" ")[0]:
        return "sandbox launcher (" + last.split(" ")[0] + ")"
    if "-m autograder.worker" in last:  # forked workers keep the zygote's command line
        forked = "python" in commands[-2].split(" ")[0] and "-m autograder.worker" in commands[-2]
        return "item worker (forked by the zygote)" if forked else "sandbox zygote"
    if " -S -c" in last:
        return "isolation probe (python -S -c)"
    return last[:70].replace("\n", " ")


def module_of(file: str) -> str:
    """torch/_dynamo/utils.py -> torch._dynamo; autograder/checks/public/x.py -> autograder.checks."""
    parts = re.sub(r".*(site-packages|lib/python3\.\d+|dist-packages)/", "", file).removesuffix(".py").split("/")
    parts = [p for p in parts if p != "__init__"]
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def folded(frames: list[str]) -> tuple[list[str], list[str]]:
    """The frames as a reader wants them (machinery folded, an import ends the branch as
    `import MODULE`), and every module whose import is under way in this sample."""
    shown, importing = [], []
    for previous, frame in zip(["", *frames], frames):
        m = FRAME.match(frame)
        if not m:
            continue
        function, file = m["function"], m["file"]
        if function == "<module>" and "importlib" not in previous and not importing:
            shown.append(f"<code> ({file})")  # run, not imported: the program, a notebook cell
            continue
        if function == "<module>":
            name = module_of(file)
            importing.append(name)
            if not shown or not shown[-1].startswith("import "):
                shown.append(f"import {name}")
            continue
        if importing or file.startswith("<frozen") or "pluggy/" in file:
            continue
        if "_pytest/" in file and not KEPT_PYTEST.match(function):
            continue
        shown.append(f"{function} ({re.sub(r'.*(site-packages|lib/python3[.][0-9]+)/', '', file)})")
    return shown, list(dict.fromkeys(importing))


def report(raw: str, rate: float, minimum: float, depth: int) -> None:
    per_role = collections.defaultdict(lambda: {"pids": set(), "total": 0, "imports": collections.Counter(),
                                                "tree": collections.Counter()})
    for processes, frames, count in samples(raw):
        r = per_role[role(processes)]
        r["pids"].add(processes[-1].split(":")[0])
        r["total"] += count
        shown, importing = folded(frames) if frames else (["(no Python frame: start-up, exit or native code)"], [])
        for name in importing:
            r["imports"][name] += count
        for d in range(1, min(len(shown), depth) + 1):
            r["tree"][tuple(shown[:d])] += count
    for name, r in sorted(per_role.items(), key=lambda kv: -kv[1]["total"]):
        print(f"\n== {name}: {len(r['pids'])} process(es), {r['total'] / rate:.2f} s sampled")
        imports = [(m, n / rate) for m, n in r["imports"].most_common() if n / rate >= minimum]
        if imports:
            print("imports (inclusive: a module's figure holds what it imports):")
            for module, seconds in imports[:20]:
                print(f"  {seconds:7.2f}  {module}")
        print("where (inclusive):")
        for path in sorted(r["tree"]):
            if r["tree"][path] / rate >= minimum:
                print(f"  {r['tree'][path] / rate:7.2f}  {'  ' * (len(path) - 1)}{path[-1]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    parser.add_argument("--min", type=float, default=0.3, help="leave out what took fewer seconds")
    parser.add_argument("--depth", type=int, default=14, help="deepest frame of the tree shown")
    parser.add_argument("--idle", action="store_true", help="count waiting threads too (wall time)")
    parser.add_argument("--raw", help="keep py-spy's samples in this file; without a command, summarise it")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to profile")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command and args.raw:
        report(Path(args.raw).read_text(), args.rate, args.min, args.depth)
        return 0
    py_spy = shutil.which("py-spy", path=str(BIN)) or shutil.which("py-spy")
    if not py_spy or not command:
        print("needs py-spy (.venv/bin/pip install py-spy) and a command after --")
        return 0
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        raw = Path(args.raw or Path(tmp) / "raw.txt")
        done = subprocess.run([py_spy, "record", "--subprocesses", "--nonblocking", "-r", str(args.rate), "-f", "raw",
                               "-o", str(raw), *(["--idle"] if args.idle else []), "--", *command],
                              capture_output=True, text=True)
        if not raw.exists():
            print(f"py-spy wrote nothing (exit {done.returncode}):\n{done.stderr[-3000:]}")
            return 0
        print(f"{' '.join(command)}: exit {done.returncode}")
        report(raw.read_text(), args.rate, args.min, args.depth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
