"""A sandbox's processes, through /proc: its tree, the processes of its uid, the CPU time they
used, and a way to kill them. The grader reads the CPU time from outside; the zygote sweeps with
it from inside. Works at every isolation level and on hosts where no cgroup can be made
(containers mount /sys/fs/cgroup read-only).

The tree stays whole because the zygote is a child subreaper that student code cannot signal
(root above a sandbox uid, or the init of a PID namespace): an orphan of student code is
re-parented to it, never to a process outside the sandbox. Where the sandbox has a uid of its
own, every process of that uid is the sandbox's too.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (which may hold spaces)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def of_user(uid: int) -> set[int]:
    """The live processes whose real uid is `uid` (zombies are dead already)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields["Uid"].split()[0]) == uid and not fields["State"].strip().startswith(("Z", "X")):
                found.add(int(entry))
    return found


def tree(root: int) -> list[int]:
    """root and its descendants, deepest first (post-order)."""
    children, order = _children(), []

    def visit(pid: int) -> None:
        for child in children.get(pid, []):
            visit(child)
        order.append(pid)

    visit(root)
    return order


def cpu_seconds(root: int, uid: int | None = None) -> float:
    """CPU time used so far by root's tree and every process of `uid`: every thread of every
    live process, plus what the processes they reaped had used (cutime, cstime).

    Read deepest first: a process's time only ever moves up to the ancestor that reaps it, so
    an exit during the read is counted twice at worst, never lost.
    """
    pids = tree(root)
    if uid is not None:
        pids += sorted(of_user(uid) - set(pids))
    total = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            # utime, stime, cutime, cstime are fields 14-17 of stat, 12-15 after the name.
            total += sum(int(f) for f in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")  # asked here: Windows has no sysconf, and imports this module


def kill_tree(root: int, keep: set[int] = frozenset(), include_root: bool = False) -> None:
    """SIGKILL root's descendants (and root itself when asked), except `keep`; repeated because
    a process may fork while we kill."""
    for _ in range(20):
        victims = [p for p in tree(root) if p not in keep and (include_root or p != root)]
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def signal_tree(root: int, number: int) -> None:
    """Send a signal to root and every descendant (SIGSTOP/SIGCONT to pause a whole sandbox)."""
    for pid in tree(root):
        try:
            os.kill(pid, number)
        except (ProcessLookupError, PermissionError):
            pass


def become(uid: int, gid: int) -> None:
    """Become the sandbox's worker uid for good: no supplementary groups, `gid` and `uid` as
    real, effective and saved ids, and no capability left (the zygote holds some to do this, and
    no_new_privs keeps any exec from bringing one back)."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    _drop_capabilities()
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        os._exit(70)


def _drop_capabilities() -> None:
    """Empty the ambient, effective, permitted and inheritable sets (a uid change between two
    uids that are not root clears none of them)."""
    import ctypes

    PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, VERSION_3 = 47, 4, 0x20080522
    libc = ctypes.CDLL(None, use_errno=True)
    header = (ctypes.c_uint32 * 2)(VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable, twice (64 bits each)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)  # fails only where there is no such set
    if libc.capset(header, data) != 0:
        os._exit(71)


def become_subreaper() -> None:
    """Orphans of this process's descendants are re-parented here instead of to init."""
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def not_dumpable() -> None:
    """No process of the same uid may ptrace this one or read its memory through /proc."""
    import ctypes

    PR_SET_DUMPABLE = 4
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def killed_first_on_oom(score: int) -> None:
    """Raise this process's oom_score_adj (anyone may raise their own), so that when memory
    runs out the kernel kills student work before the grader. Before not_dumpable(): after it,
    /proc/self belongs to root."""
    try:
        Path("/proc/self/oom_score_adj").write_text(str(score))
    except OSError:
        pass
