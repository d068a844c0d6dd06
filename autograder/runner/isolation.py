"""The isolation ladder: the strongest level this host allows for the worker, found by trying
each one, and the command that gives it.

- "bubblewrap": Debian's bwrap gives the worker a read-only view of exactly the Python install
  and its packages, the staged worker runtime and its own private folder, with no network, new
  PID/IPC/UTS namespaces, no capabilities, and death with the grader.
- "unprivileged-user": no usable bwrap, but the grader is root and may make namespaces:
  util-linux's unshare builds the same read-only view in new mount, PID, network, IPC and UTS
  namespaces and chroots into it; each worker runs as a uid of its sandbox's own.
- "separate-user": root without namespaces (a Docker-style container: no CAP_SYS_ADMIN, seccomp
  refuses unshare). The grader stays root and every worker of a sandbox runs as a uid leased to
  that sandbox alone (runner/uids.py), with no capabilities and no_new_privs; secret files are
  made unreadable for others (protect()), and the worker's seccomp filter (worker/seccomp.py)
  refuses every socket it did not inherit and SysV IPC when libseccomp is present.
- "limits-only": none of these (a student's laptop): resource limits and process-group kills
  only. `grade` refuses it while hidden checks are present (see cli.py).

At the two levels that change user the zygote runs as the sandbox's keeper uid, with only the
capabilities to change uid and to kill its children (ZYGOTE_CAPS), and each worker becomes the
sandbox's worker uid, with none, as soon as it is forked (worker/zygote.py): no worker can
signal or trace the zygote, which stays the subreaper that holds every orphan.

Each level is tried by starting the worker exactly as grading would, with its imports, and
forking a child confined as an item's worker is; the first level that works is used. A level
that works is remembered for this environment (the interpreter, its libraries, the package),
so that a command pays for the probe once, not every time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.exits import Exit, ExitError
from autograder.files import write_atomic
from autograder.runner import facilities, uids
from autograder.runner.runtime import PACKAGE, PYTHON, WORKER_LIBRARIES, library_dirs, scrubbed_env, stage_runtime

BUBBLEWRAP = "bubblewrap"
UNPRIVILEGED = "unprivileged-user"
SEPARATE_USER = "separate-user"
LIMITS_ONLY = "limits-only"
LEVELS = (BUBBLEWRAP, UNPRIVILEGED, SEPARATE_USER, LIMITS_ONLY)
NAMESPACED = (BUBBLEWRAP, UNPRIVILEGED)  # own PID, network, IPC and mount namespaces
AS_OTHER_USER = (UNPRIVILEGED, SEPARATE_USER)  # the grader is root, each sandbox has a uid of its own
NOBODY = 65534  # who the worker is inside bubblewrap's user namespace
# The zygote's only capabilities where it runs as the keeper uid: to make each child it forks the
# worker uid, and to kill those children once they are.
ZYGOTE_CAPS = "-all,+setuid,+setgid,+kill"
PROBE_SECONDS = 180  # the probe's worker imports torch, on a loaded machine too
LD_CACHE = "/etc/ld.so.cache"


class NoSandbox(ExitError):
    """This system lacks what every level needs: grading never runs student code unconfined."""

    code = Exit.GRADER_FAILED


@functools.cache
def level() -> str:
    if lacking := facilities.missing():
        raise NoSandbox(f"grading needs the Linux sandbox, and this system has no {', '.join(lacking)}: grade on "
                        "Linux (`autograder check` runs the public checks here without the sandbox)")
    forced = os.environ.get("AUTOGRADER_ISOLATION")
    if forced in LEVELS:
        return forced
    return next(candidate for candidate in LEVELS if candidate == LIMITS_ONLY or probe(candidate) is None)


@functools.cache
def probe(candidate: str) -> str | None:
    """None when the worker starts at this level as grading starts it, imports what workers
    import, and a child confined as an item's worker reaches the libraries and its own folder
    but no secret; else why not, in one line."""
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
        if why := _starts(candidate, root):
            return why
        fingerprint = _fingerprint(candidate)
        if fingerprint in _worked():
            return None
        why = _try(candidate, root)
        if why is None:
            _remember(fingerprint)
        return why
    finally:
        shutil.rmtree(root, ignore_errors=True)


TOOLS = {BUBBLEWRAP: ("bwrap",), UNPRIVILEGED: ("unshare", "setpriv", "chroot"), SEPARATE_USER: ("setpriv",),
         LIMITS_ONLY: ()}


def _starts(candidate: str, root: Path) -> str | None:
    """Whether the level's wrapper starts a program here at all (namespaces allowed, setpriv
    working): a few milliseconds, run even where the level is remembered, since the same
    environment may run inside a container that refuses what the host allows."""
    keeper = (NOBODY, NOBODY) if candidate in AS_OTHER_USER else None
    try:
        done = subprocess.run(command(["true"], root, root, gpu=False, at=candidate, keeper=keeper),
                              capture_output=True, text=True, timeout=PROBE_SECONDS, cwd="/")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return " ".join(str(exc).split())
    said = [line for line in done.stderr.splitlines() if line.strip()]
    return None if done.returncode == 0 else (said[-1].strip() if said else f"exit {done.returncode}")


def _try(candidate: str, root: Path) -> str | None:
    """Start the probe's worker (worker/zygote.py --probe) in `root` at this level."""
    try:
        lease = uids.lease() if candidate in AS_OTHER_USER else None
    except OSError as exc:
        return f"no sandbox uid: {exc}"
    try:
        ids = lease.ids if lease else None
        runtime = stage_runtime(root)
        prepare_root(root, lease.keeper_ids if lease else None)
        folder = root / "probe"
        owned_by_worker(folder, ids)
        argv = [*PYTHON, "-m", "autograder.worker", "--probe", str(folder),
                *(["--user", f"{ids[0]}:{ids[1]}"] if ids else []), "--", *map(str, secrets())]
        wrapped = command(argv, root, runtime, gpu=False, at=candidate, keeper=lease.keeper_ids if lease else None)
        done = subprocess.run(wrapped, capture_output=True, text=True, timeout=PROBE_SECONDS, cwd=root,
                              env=scrubbed_env(root / "home", runtime))
    except (OSError, subprocess.TimeoutExpired) as exc:
        return " ".join(str(exc).split())
    finally:
        if lease:
            lease.release()
    if done.returncode == 0 and done.stdout.strip() == "ok":
        return None
    said = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    why = said[-1].strip() if said else f"exit {done.returncode}"
    return (closed_environment() if candidate == SEPARATE_USER else None) or why


def closed_environment() -> str | None:
    """Why a worker that is not root (separate-user) could not start or import its libraries,
    where that is a folder of the environment that other users may not pass through (a venv
    under /root, say), with the fix; None where every one is open."""
    for path in [Path(sys.executable).parent, *library_dirs(), *map(Path, _python_roots())]:
        closed = next((p for p in path.parents if p.exists() and not p.stat().st_mode & 0o001), None)
        if closed is None and path.exists() and path.stat().st_mode & 0o005 != 0o005:
            closed = path
        if closed is not None:
            return (f"the worker cannot see {path}, which holds what it imports: {closed} is closed to other users; "
                    f"open it to them (chmod o+rx {closed}) or install the environment where every user can read it")
    return None


def _fingerprint(candidate: str) -> str:
    """What a probe's answer depends on: the level, the interpreter and the folders it imports
    from (their modification times move when a package is installed or removed), the worker's
    code, the secrets, the kernel and who asks."""
    watched = [*library_dirs(), *(d / name for d in library_dirs() for name in WORKER_LIBRARIES),
               PACKAGE / "worker", *sorted((PACKAGE / "worker").glob("*.py"))]
    stats = [(str(p), p.stat().st_mtime_ns, p.stat().st_ino) for p in watched if p.exists()]
    facts = [candidate, sys.executable, sys.prefix, sys.base_prefix, os.uname().release, os.geteuid(),
             tempfile.gettempdir(), shutil.which("bwrap"), [str(s) for s in secrets()], stats]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()


def _memory() -> Path | None:
    """Where the levels that worked are remembered: root's leases' folder, or the user's cache."""
    try:
        return (uids.folder() if os.geteuid() == 0 else Path.home() / ".cache" / "autograder") / "levels-that-worked"
    except OSError:
        return None


def _worked() -> set[str]:
    memory = _memory()
    try:
        return set(memory.read_text().split()) if memory else set()
    except OSError:
        return set()


def _remember(fingerprint: str) -> None:
    memory = _memory()
    if memory is None:
        return
    try:
        memory.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(memory, "\n".join(sorted(_worked() | {fingerprint})) + "\n")
    except OSError:
        pass


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
        # The environment that runs the worker, however this process was started (`python -S`
        # does not know it is in a venv), and any other venv kept there: closing one would take
        # the worker's libraries away.
        environments = [Path(p).resolve() for p in {sys.prefix, sys.base_prefix, *map(str, library_dirs())}]
        paths += [entry for entry in checkout.iterdir()
                  if not (entry / "pyvenv.cfg").exists()
                  and not any(env == entry or entry in env.parents for env in environments)]
    return sorted({p for p in paths if p.exists()})


def protect(extra: list[Path] = ()) -> None:
    """Take every access for others off the secrets and `extra` paths (their owner, root, keeps
    it). Only the top of each tree needs it: without x on a folder nothing beneath can be reached."""
    for path in [*secrets(), *(p for p in extra if p.exists())]:
        if path.is_symlink():
            continue  # chmod would change what it points to, which is not ours to close
        mode = path.stat().st_mode
        if mode & 0o007:
            os.chmod(path, mode & ~0o007)


def prepare_root(root: Path, keeper: tuple[int, int] | None) -> None:
    """The sandbox's folder as the worker needs it: where the sandbox has uids of its own, the
    folder and the runtime stay root's (its processes may pass through, not list or write) and
    the zygote's home is the keeper's (`keeper`); elsewhere the home is the sandbox's."""
    home = root / "home"
    home.mkdir(mode=0o700, exist_ok=True)
    if keeper is not None:
        os.chmod(root, 0o711)
        os.chown(home, *keeper)


def owned_by_worker(path: Path, ids: tuple[int, int] | None) -> None:
    """A folder the worker may write: its own (the sandbox uid's, `ids`), and nobody else's (mode 700)."""
    path.mkdir(exist_ok=True)
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


def command(argv: list[str], root: Path, runtime: Path, gpu: bool, at: str | None = None,
            keeper: tuple[int, int] | None = None) -> list[str]:
    """argv wrapped for a level (the current one by default); root is the sandbox's folder, and
    `keeper` the uid and gid the zygote runs as at the levels that change user."""
    at = at or level()
    if at == LIMITS_ONLY:
        return argv
    if at == SEPARATE_USER:
        return [*_as_keeper(keeper), "--", *argv]
    if at == UNPRIVILEGED:
        return _unshare_command(argv, root, runtime, keeper)
    return [
        "bwrap", "--unshare-all", "--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY),
        # The zygote is the PID namespace's init: no signal without a handler reaches it from inside.
        "--cap-drop", "ALL", "--die-with-parent", "--new-session", "--as-pid-1",
        *_system_binds(),
        "--proc", "/proc", "--dev", "/dev", "--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu",
        # Where libraries are: how the worker's seccomp binding finds libseccomp.
        "--ro-bind-try", LD_CACHE, LD_CACHE,
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
# only read-only binds of what the worker needs and its private folder, then chroot into it and
# start the zygote as the sandbox's keeper (setpriv's arguments in AG_KEEPER).
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
if [ -f "$AG_LD_CACHE" ]; then
  mkdir -p "$new${AG_LD_CACHE%/*}"; touch "$new$AG_LD_CACHE"; mount --bind "$AG_LD_CACHE" "$new$AG_LD_CACHE"
fi
mount --bind "$AG_ROOT" "$new$AG_ROOT"
mount --bind "$AG_RUNTIME" "$new$AG_RUNTIME"; mount -o remount,bind,ro "$new$AG_RUNTIME"
keeper=$AG_KEEPER
unset AG_RO AG_LINKS AG_ROOT AG_RUNTIME AG_MASK AG_KEEPER AG_LD_CACHE
exec chroot "$new" $keeper -- "$@"
"""


def _as_keeper(keeper: tuple[int, int]) -> list[str]:
    """setpriv's arguments for the zygote: the keeper uid with ZYGOTE_CAPS (ambient, so that they
    outlive the exec of a uid that is not root), no other group, no_new_privs."""
    uid, gid = keeper
    return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", f"--inh-caps={ZYGOTE_CAPS}",
            f"--ambient-caps={ZYGOTE_CAPS}", f"--bounding-set={ZYGOTE_CAPS}", "--no-new-privs"]


def _unshare_command(argv: list[str], root: Path, runtime: Path, keeper: tuple[int, int]) -> list[str]:
    names = ("bin", "sbin", "lib", "lib32", "lib64")
    read_only = ["/usr", *_python_roots()]
    links = [f"/{name}={os.readlink('/' + name)}" for name in names if Path("/" + name).is_symlink()]
    read_only += [f"/{name}" for name in names if Path("/" + name).is_dir() and not Path("/" + name).is_symlink()]
    env = [f"AG_RO={' '.join(read_only)}", f"AG_LINKS={' '.join(links)}", f"AG_ROOT={root}",
           f"AG_RUNTIME={runtime}", f"AG_MASK={' '.join(masked())}", f"AG_KEEPER={' '.join(_as_keeper(keeper))}", f"AG_LD_CACHE={LD_CACHE}"]
    return ["env", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", *env, "unshare", "--mount", "--net", "--pid", "--ipc",
            "--uts", "--fork", "--kill-child", "--propagation", "private", "/bin/sh", "-c", _BUILD_ROOT, "sh", *argv]
