"""The uids that sandboxes run as where the grader is root (separate-user, unprivileged-user): a
pool from which every live sandbox leases two of its own, through a lock file per pair in a
folder that only root may write, so that concurrent graders on a host (grade-all's workers,
several cluster workers on one node) never share one. Its workers run as the first (`worker`);
its zygote, the subreaper that counts and kills them, as the second (`keeper`), with only the
capabilities to leave that uid for the worker's and to kill its children: no process of the
sandbox can signal or trace it. A pair is cleared before it is leased and again when it is given
back: every process of both uids killed, and every file of the worker's removed from the places
the host shares with every user.

With uids to itself, a sandbox's processes cannot signal, trace or read another sandbox's (the
kernel refuses), and the worker's uid is the unit of accounting where no cgroup can be made:
its processes are the sandbox's, wherever they were re-parented.

Without Landlock (worker/landlock.py) a sandbox uid may still write in the host's
world-writable folders, and two sandboxes alive at once could meet there: sandboxes at
separate-user then run one at a time (`exclusive`), and every such folder is swept of the
uid's files after each item and at the end.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import shutil
import signal
import time
from pathlib import Path

from autograder.worker import processes

# Above the accounts a system hands out (Debian's regular ones end at 59999) and below systemd's
# dynamic users (61184-65519), so that a 16-bit uid map (rootless containers) holds them too: the
# worker's uids, each with the keeper's next to it. A uid the user database names is never leased.
POOL = range(60100, 60100 + 512, 2)
LEASES = Path("/run/autograder")
# The places every user may write on a host that has them: swept even where Landlock keeps the
# sandbox out of them, for the price of three listings.
COMMON_SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")


class PoolExhausted(OSError):
    """Every uid of the pool is held by a live sandbox."""


def folder() -> Path:
    """The leases' folder: root's, and no one else's (a folder another user could write would
    let it hold or fake leases)."""
    LEASES.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = LEASES.lstat()
    if status.st_uid != 0 or status.st_mode & 0o077 or LEASES.is_symlink():
        raise PermissionError(f"{LEASES} must be a folder of root's that no other user may open")
    return LEASES


class Lease:
    """A pair of uids held by one sandbox, until release(); each uid is its own group's too."""

    def __init__(self, uid: int, fd: int):
        self.uid, self.keeper = uid, uid + 1
        self.fd = fd

    @property
    def ids(self) -> tuple[int, int]:
        """The workers' uid and gid."""
        return self.uid, self.uid

    @property
    def keeper_ids(self) -> tuple[int, int]:
        """The zygote's uid and gid."""
        return self.keeper, self.keeper

    def release(self, scratch: tuple[str, ...] = COMMON_SCRATCH) -> None:
        """Kill what is left of both uids and remove the worker's files from `scratch`, then
        let them go."""
        if self.fd is None:
            return
        try:
            # The keeper first: its zygote is what could still make processes of the worker uid.
            clear(self.keeper, ())
            clear(self.uid, scratch)
        finally:
            os.close(self.fd)
            self.fd = None


def lease(scratch: tuple[str, ...] = COMMON_SCRATCH) -> Lease:
    """A pair of the pool that no live sandbox holds, cleared of whatever an earlier holder that
    died without giving it back left (processes, files in `scratch`)."""
    import fcntl  # here, as in exclusive(): Windows, where `check` imports this module, has none

    leases = folder()
    start = random.randrange(len(POOL))
    for uid in [*POOL[start:], *POOL[:start]]:
        if _named(uid) or _named(uid + 1):
            continue
        path = leases / str(uid)
        known = path.exists()
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        if not known and (processes.of_user(uid) or processes.of_user(uid + 1)):
            # Processes that no lease of ours ever made: someone else's uids, never ours to kill.
            path.unlink()
            os.close(fd)
            continue
        found = Lease(uid, fd)
        clear(found.keeper, ())
        clear(found.uid, scratch)
        return found
    raise PoolExhausted(f"every sandbox uid ({POOL.start}-{POOL.stop - 1}) is in use")


def _named(uid: int) -> bool:
    import pwd

    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def clear(uid: int, scratch: tuple[str, ...]) -> None:
    """Kill every process of `uid` and remove its files from `scratch`. Both are done by a
    process of that uid: kill(-1) from it reaches every process it may signal (the uid's) in one
    pass of the kernel, which no fork can outrun, and it can remove no file that is not the
    uid's."""
    for _ in range(50):
        if not processes.of_user(uid):
            break
        _as_user(uid, lambda: os.kill(-1, signal.SIGKILL))
        time.sleep(0.01)
    else:
        raise RuntimeError(f"processes of sandbox uid {uid} survive SIGKILL")
    if scratch:
        _as_user(uid, lambda: remove_files_of(uid, scratch))


def _as_user(uid: int, work) -> None:
    pid = os.fork()
    if pid == 0:
        try:
            processes.become(uid, uid)
            work()
        except BaseException:
            os._exit(1)
        os._exit(0)
    os.waitpid(pid, 0)


def remove_files_of(uid: int, places: tuple[str, ...]) -> None:
    """What `uid` made at the top of each of `places` (a folder of its own, whatever is inside)."""
    for place in places:
        with contextlib.suppress(OSError), os.scandir(place) as entries:
            for entry in list(entries):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_uid != uid:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path, ignore_errors=True)
                    else:
                        os.unlink(entry.path)


@functools.cache
def world_writable() -> tuple[str, ...]:
    """Every folder of this host that any user may write in (a walk of every filesystem but
    /proc and /sys, once per process): where a sandbox uid could leave a file without Landlock."""
    found = []
    for top, folders, _ in os.walk("/"):
        if top == "/":
            folders[:] = [f for f in folders if f not in ("proc", "sys")]
        with contextlib.suppress(OSError):
            if os.lstat(top).st_mode & 0o002:
                found.append(top)
    return tuple(found)


def exclusive() -> int:
    """A lock held by a separate-user sandbox for its whole life where Landlock is missing (the
    file descriptor: closing it lets the next one go): no two such sandboxes of this host are
    alive at once."""
    import fcntl

    fd = os.open(folder() / "one-at-a-time", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd
