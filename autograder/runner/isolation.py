"""The isolation ladder: the strongest level this host allows for the worker, found by trying
each one, and the command that gives it.

- "bubblewrap": Debian's bwrap gives the worker a read-only view of exactly the Python install
  and its packages, the staged worker runtime and its own private folder, with no network, new
  PID/IPC/UTS namespaces, no capabilities, and death with the grader.
- "unprivileged-user": no usable bwrap, but the grader is root and may make namespaces:
  util-linux's unshare builds the same read-only view in new mount, PID, network, IPC and UTS
  namespaces, chroots into it and drops to user 65534 with no capabilities (setpriv).
- "separate-user": root without namespaces (a Docker-style container: no CAP_SYS_ADMIN, seccomp
  refuses unshare). The grader stays root and starts the worker as a dedicated unprivileged
  user with no capabilities and no_new_privs; secret files are made unreadable for others
  (protect()), and the worker's seccomp filter (worker/seccomp.py) refuses network sockets and
  SysV IPC when libseccomp is present.
- "limits-only": none of these (a student's laptop): resource limits and process-group kills
  only. `grade` refuses it while hidden checks are present (see cli.py).

Each level is tried by starting a tiny worker exactly as grading would; the first that starts
is used, and the answer is cached for the process.
"""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.runner.runtime import PACKAGE, PYTHON, library_dirs, scrubbed_env, stage_runtime

BUBBLEWRAP = "bubblewrap"
UNPRIVILEGED = "unprivileged-user"
SEPARATE_USER = "separate-user"
LIMITS_ONLY = "limits-only"
LEVELS = (BUBBLEWRAP, UNPRIVILEGED, SEPARATE_USER, LIMITS_ONLY)
NAMESPACED = (BUBBLEWRAP, UNPRIVILEGED)  # own PID, network, IPC and mount namespaces
AS_OTHER_USER = (UNPRIVILEGED, SEPARATE_USER)  # the grader is root, the worker is not
NOBODY = 65534
SANDBOX_USER = "autograder-sandbox"  # made by deploy/setup.sh; nobody where it is missing


@functools.cache
def level() -> str:
    forced = os.environ.get("AUTOGRADER_ISOLATION")
    if forced in LEVELS:
        return forced
    return next(candidate for candidate in LEVELS if candidate == LIMITS_ONLY or probe(candidate) is None)


@functools.cache
def probe(candidate: str) -> str | None:
    """None when a worker starts at this level and cannot read the secrets; else why not."""
    missing = [tool for tool in TOOLS[candidate] if not shutil.which(tool)]
    if missing:
        return f"{', '.join(missing)} not found"
    if candidate in AS_OTHER_USER and os.geteuid() != 0:
        return "the grader is not root"
    if candidate == SEPARATE_USER:
        protect()
    root = Path(tempfile.mkdtemp(prefix="autograder-probe-"))
    try:
        if candidate == SEPARATE_USER and (closed := _closed_ancestor(root)):
            return f"{closed} is closed to other users, so the worker could not reach its folder (set TMPDIR)"
        runtime = stage_runtime(root)
        prepare_root(root, candidate)
        argv = [*PYTHON, "-c", _PROBE, *map(str, secrets())]
        try:
            done = subprocess.run(command(argv, root, runtime, gpu=False, at=candidate), capture_output=True,
                                  text=True, timeout=60, cwd=root, env=scrubbed_env(root / "home", runtime))
        except (OSError, subprocess.TimeoutExpired) as exc:
            return str(exc)
        if done.returncode != 0 or done.stdout.strip() != "ok":
            said = (done.stdout + done.stderr).strip()
            return said.splitlines()[-1] if said else f"exit {done.returncode}"
        return None
    finally:
        shutil.rmtree(root, ignore_errors=True)


TOOLS = {BUBBLEWRAP: ("bwrap",), UNPRIVILEGED: ("unshare", "setpriv", "chroot"), SEPARATE_USER: ("setpriv",),
         LIMITS_ONLY: ()}

# Run in the candidate sandbox: the worker's runtime imports, and no secret can be listed or read.
_PROBE = """
import os, sys
import autograder.worker.processes
for path in sys.argv[1:]:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path, "rb").close()
    except OSError:
        continue
    print("the worker could read " + path)
    sys.exit(3)
print("ok")
"""


def _closed_ancestor(path: Path) -> Path | None:
    """The first folder above path that a user other than its owner cannot pass through."""
    return next((p for p in path.parents if not p.stat().st_mode & 0o001), None)


def secrets() -> list[Path]:
    """What the worker must never read: the installed package (hidden checks, rubric, the
    grader's code), the reference solutions, and in a source checkout everything beside the
    package (tests with their mistakes corpus, git history, notebooks) except the way to the
    Python environment."""
    paths = [PACKAGE, PACKAGE.parent / "solutions"]
    checkout = PACKAGE.parent
    if (checkout / "pyproject.toml").is_file():
        environments = [Path(p).resolve() for p in {sys.prefix, sys.base_prefix}]
        paths += [entry for entry in checkout.iterdir()
                  if not any(env == entry or entry in env.parents for env in environments)]
    return sorted({p for p in paths if p.exists()})


def protect(extra: list[Path] = ()) -> None:
    """Take every access for others off the secrets and `extra` paths (their owner, root, keeps
    it). Only the top of each tree needs it: without x on a folder nothing beneath can be reached."""
    for path in [*secrets(), *(p for p in extra if p.exists())]:
        mode = path.stat().st_mode
        if mode & 0o007:
            os.chmod(path, mode & ~0o007)


def sandbox_ids() -> tuple[int, int]:
    try:
        user = pwd.getpwnam(SANDBOX_USER)
        return user.pw_uid, user.pw_gid
    except KeyError:
        return NOBODY, NOBODY


def worker_ids(at: str | None = None) -> tuple[int, int] | None:
    """The uid and gid the worker runs as, where the grader chooses them."""
    at = at or level()
    if at == UNPRIVILEGED:
        return NOBODY, NOBODY
    if at == SEPARATE_USER:
        return sandbox_ids()
    return None


def prepare_root(root: Path, at: str | None = None) -> None:
    """The sandbox's folder as the worker needs it: at the levels that change user, the folder
    and the runtime stay root's (read-only for the worker) and only the worker's home is its own."""
    if worker_ids(at) is not None:
        os.chmod(root, 0o711)
    owned_by_worker(root / "home", at)


def owned_by_worker(path: Path, at: str | None = None) -> None:
    """A folder the worker may write: its own, and nobody else's (mode 700)."""
    path.mkdir(exist_ok=True)
    ids = worker_ids(at)
    if ids is None:
        return
    for item in [path, *path.rglob("*")]:
        os.chown(item, *ids)
    os.chmod(path, 0o700)


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


def _python_roots() -> list[str]:
    """The interpreter's install, the environment it runs from (a venv, also under `python -S`,
    where sys.prefix is the base) and the folders of the worker's libraries; outermost only."""
    roots = {sys.base_prefix, sys.prefix, str(Path(sys.executable).parent.parent), *map(str, library_dirs())}
    roots = {p for p in roots if not p.startswith("/usr/") and p != "/usr"}
    return sorted(p for p in roots if not any(Path(o) in Path(p).parents for o in roots))


def masked() -> list[str]:
    """Secrets inside what the namespaced levels bind (a wheel's site-packages holds the
    package and solutions): covered with an empty tmpfs."""
    bound = [Path(p) for p in ("/usr", *_python_roots())]
    return [str(s) for s in secrets() if any(b in s.parents for b in bound)]


def gpu_binds() -> list[str]:
    devices = [f"/dev/{d}" for d in os.listdir("/dev") if d.startswith("nvidia")]
    args = [a for d in devices for a in ("--dev-bind", d, d)]
    for path in ("/usr/local/nvidia", "/usr/local/cuda", "/proc/driver/nvidia"):
        args += ["--ro-bind-try", path, path]
    return args


def command(argv: list[str], root: Path, runtime: Path, gpu: bool, at: str | None = None) -> list[str]:
    """argv wrapped for a level (the current one by default); root is the sandbox's folder."""
    at = at or level()
    if at == LIMITS_ONLY:
        return argv
    if at == SEPARATE_USER:
        uid, gid = sandbox_ids()
        return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--", *argv]
    if at == UNPRIVILEGED:
        return _unshare_command(argv, root, runtime)
    return [
        "bwrap", "--unshare-all", "--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY),
        "--cap-drop", "ALL", "--die-with-parent", "--new-session",
        *_system_binds(),
        "--proc", "/proc", "--dev", "/dev", "--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu",
        # The private /tmp first: binds made after it show through, so Python and the sandbox's
        # folder may themselves live under the host's /tmp.
        "--tmpfs", "/tmp",
        *(a for p in _python_roots() for a in ("--ro-bind", p, p)),
        *(a for p in masked() for a in ("--tmpfs", p)),
        *(gpu_binds() if gpu else []),
        "--bind", str(root), str(root),
        "--ro-bind", str(runtime), str(runtime),
        "--chdir", str(root),
        *argv,
    ]


# Run by root inside fresh mount, PID, network, IPC and UTS namespaces: build a new root holding
# only read-only binds of what the worker needs and its private folder, then chroot into it as
# 65534.
_BUILD_ROOT = r"""
set -e
new=$(mktemp -d)
mount -t tmpfs -o mode=755 sandbox "$new"
for path in $AG_RO; do
  mkdir -p "$new$path"; mount --bind "$path" "$new$path"; mount -o remount,bind,ro "$new$path"
done
for path in $AG_MASK; do mount -t tmpfs -o mode=755,ro masked "$new$path"; done
for link in $AG_LINKS; do ln -s "${link#*=}" "$new${link%%=*}"; done
mkdir -p "$new/proc" "$new/dev" "$new/tmp" "$new$AG_ROOT"
chmod 1777 "$new/tmp"
mount -t proc proc "$new/proc"
for dev in null zero random urandom; do touch "$new/dev/$dev"; mount --bind "/dev/$dev" "$new/dev/$dev"; done
mount --bind "$AG_ROOT" "$new$AG_ROOT"
mount --bind "$AG_RUNTIME" "$new$AG_RUNTIME"; mount -o remount,bind,ro "$new$AG_RUNTIME"
unset AG_RO AG_LINKS AG_ROOT AG_RUNTIME AG_MASK
exec chroot "$new" setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all \
  --bounding-set=-all --no-new-privs -- "$@"
"""


def _unshare_command(argv: list[str], root: Path, runtime: Path) -> list[str]:
    names = ("bin", "sbin", "lib", "lib32", "lib64")
    read_only = ["/usr", *_python_roots()]
    links = [f"/{name}={os.readlink('/' + name)}" for name in names if Path("/" + name).is_symlink()]
    read_only += [f"/{name}" for name in names if Path("/" + name).is_dir() and not Path("/" + name).is_symlink()]
    env = [f"AG_RO={' '.join(read_only)}", f"AG_LINKS={' '.join(links)}", f"AG_ROOT={root}",
           f"AG_RUNTIME={runtime}", f"AG_MASK={' '.join(masked())}"]
    return ["env", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", *env, "unshare", "--mount", "--net", "--pid", "--ipc",
            "--uts", "--fork", "--kill-child", "--propagation", "private", "/bin/sh", "-c", _BUILD_ROOT, "sh", *argv]
