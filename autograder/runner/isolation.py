"""The strongest isolation this machine allows for the worker, and the command that gives it.

- "bubblewrap": Debian's bwrap gives the worker a read-only view of exactly the Python install
  and its packages, the staged worker runtime and its own private folder, with no network, new
  PID/IPC/UTS namespaces, no capabilities, and death with the grader.
- "unprivileged-user": no bwrap, but the grader runs as root: util-linux's unshare builds the
  same read-only view in new mount, PID and network namespaces, chroots into it and drops to
  user 65534 with no capabilities (setpriv).
- "limits-only": neither (a student's laptop): resource limits and process-group kills only.
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
UNPRIVILEGED = "unprivileged-user"
LIMITS_ONLY = "limits-only"
NOBODY = "65534"
LEVELS = (BUBBLEWRAP, UNPRIVILEGED, LIMITS_ONLY)
PID_NAMESPACE = (BUBBLEWRAP, UNPRIVILEGED)  # levels where the zygote sees the sandbox's processes


@functools.cache
def level() -> str:
    forced = os.environ.get("AUTOGRADER_ISOLATION")
    if forced in LEVELS:
        return forced
    if _bwrap_works():
        return BUBBLEWRAP
    if os.geteuid() == 0 and all(shutil.which(tool) for tool in ("unshare", "setpriv", "chroot")):
        return UNPRIVILEGED
    return LIMITS_ONLY


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
    if level() == UNPRIVILEGED:
        return _unshare_command(argv, root, runtime)
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


# Run by root inside fresh mount, PID and network namespaces: build a new root holding only
# read-only binds of what the worker needs and its private folder, then chroot into it as 65534.
_BUILD_ROOT = r"""
set -e
new=$(mktemp -d)
mount -t tmpfs -o mode=755 sandbox "$new"
for path in $AG_RO; do
  mkdir -p "$new$path"; mount --bind "$path" "$new$path"; mount -o remount,bind,ro "$new$path"
done
for link in $AG_LINKS; do ln -s "${link#*=}" "$new${link%%=*}"; done
mkdir -p "$new/proc" "$new/dev" "$new/tmp" "$new$AG_ROOT"
chmod 1777 "$new/tmp"
mount -t proc proc "$new/proc"
for dev in null zero random urandom; do touch "$new/dev/$dev"; mount --bind "/dev/$dev" "$new/dev/$dev"; done
mount --bind "$AG_ROOT" "$new$AG_ROOT"
mount --bind "$AG_RUNTIME" "$new$AG_RUNTIME"; mount -o remount,bind,ro "$new$AG_RUNTIME"
unset AG_RO AG_LINKS AG_ROOT AG_RUNTIME
exec chroot "$new" setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all \
  --bounding-set=-all --no-new-privs -- "$@"
"""


def _unshare_command(argv: list[str], root: Path, runtime: Path) -> list[str]:
    read_only = ["/usr", *(p for p in sorted({sys.base_prefix, sys.prefix}) if not p.startswith("/usr/"))]
    links = [f"/{name}={os.readlink('/' + name)}" for name in ("bin", "sbin", "lib", "lib32", "lib64")
             if Path("/" + name).is_symlink()]
    read_only += [f"/{name}" for name in ("bin", "sbin", "lib", "lib32", "lib64")
                  if Path("/" + name).is_dir() and not Path("/" + name).is_symlink()]
    env = [f"AG_RO={' '.join(read_only)}", f"AG_LINKS={' '.join(links)}", f"AG_ROOT={root}",
           f"AG_RUNTIME={runtime}"]
    return ["env", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", *env, "unshare", "--mount", "--net", "--pid", "--fork", "--kill-child",
            "--propagation", "private", "/bin/sh", "-c", _BUILD_ROOT, "sh", *argv]


def owned_by_worker(path: Path) -> None:
    """At the unprivileged level the worker (65534) must own its folders and files."""
    if level() != UNPRIVILEGED:
        return
    for item in [path, *path.rglob("*")]:
        os.chown(item, int(NOBODY), int(NOBODY))
