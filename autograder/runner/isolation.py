"""The strongest isolation this machine allows for the worker, and the command that gives it.

- "bubblewrap": Debian's bwrap gives the worker a read-only view of exactly the Python install
  and its packages, the staged worker runtime and its own private folder, with no network, new
  PID/IPC/UTS namespaces, no capabilities, and death with the grader.
- "limits-only": no bwrap (a student's laptop): resource limits and process-group kills only.
  The report says that isolation is partial.
A cgroup caps the number of processes at every level where one can be made (see cgroup.py).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

BUBBLEWRAP = "bubblewrap"
LIMITS_ONLY = "limits-only"
NOBODY = "65534"


@functools.cache
def level() -> str:
    forced = os.environ.get("AUTOGRADER_ISOLATION")
    if forced in (BUBBLEWRAP, LIMITS_ONLY):
        return forced
    return BUBBLEWRAP if _bwrap_works() else LIMITS_ONLY


def _bwrap_works() -> bool:
    if not shutil.which("bwrap"):
        return False
    probe = subprocess.run(["bwrap", *_system_binds(), "--unshare-all", "--die-with-parent", "true"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def _system_binds() -> list[str]:
    """/usr read-only, and the merged-/usr links (/lib -> usr/lib ...) as this host has them."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return args


def python_binds() -> list[str]:
    """The interpreter's install and the environment's packages; nothing else of the host."""
    args = []
    for path in sorted({sys.base_prefix, sys.prefix}):
        if not path.startswith("/usr/"):
            args += ["--ro-bind", path, path]
    return args


def gpu_binds() -> list[str]:
    devices = [f"/dev/{d}" for d in os.listdir("/dev") if d.startswith("nvidia")]
    args = [a for d in devices for a in ("--dev-bind", d, d)]
    for path in ("/usr/local/nvidia", "/usr/local/cuda", "/proc/driver/nvidia"):
        args += ["--ro-bind-try", path, path]
    return args


def command(argv: list[str], root: Path, runtime: Path, gpu: bool) -> list[str]:
    """argv wrapped for the current level; root is the sandbox's private folder."""
    if level() == LIMITS_ONLY:
        return argv
    return [
        "bwrap", "--unshare-all", "--unshare-user", "--uid", NOBODY, "--gid", NOBODY,
        "--cap-drop", "ALL", "--die-with-parent", "--new-session",
        *_system_binds(),
        "--proc", "/proc", "--dev", "/dev", "--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu",
        # The private /tmp first: binds made after it show through, so Python and the sandbox's
        # folder may themselves live under the host's /tmp.
        "--tmpfs", "/tmp",
        *python_binds(),
        *(gpu_binds() if gpu else []),
        "--bind", str(root), str(root),
        "--ro-bind", str(runtime), str(runtime),
        "--chdir", str(root),
        *argv,
    ]
