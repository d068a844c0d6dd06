"""Run a command as it would run on a container host (Gradescope's image, CI job containers,
Docker's defaults), on a machine where we are root with every capability.

There the grader is root but:
  1. lacks CAP_SYS_ADMIN: it has exactly Docker's default capabilities;
  2. runs under Docker's seccomp rules for namespaces: unshare, setns and clone with a CLONE_NEW*
     flag fail with EPERM, clone3 with ENOSYS (so that glibc falls back to clone), and
     no_new_privs stays unset, as Docker leaves it;
  3. sees /sys (with /sys/fs/cgroup) and Docker's read-only parts of /proc mounted read-only;
  4. runs in a memory cgroup with a limit (Gradescope: 768 MB), whose own files it sees at the
     cgroup mount point, as in a Docker container;
  5. optionally (landlock=False) lacks Landlock, as under a Docker whose seccomp profile predates
     it (before 23.0) or an older kernel: the calls fail with ENOSYS.

    def test_something(container_host):                 # the fixture: 768 MB, as on Gradescope
        result = container_host.run(argv, env=..., timeout=...)   # a CompletedProcess, text
        subprocess.Popen(container_host.command(argv))            # the wrapped argv, for any use

    with container_host_or_skip(memory_mb=200) as host:  # another limit, in a test
    with ContainerHost(memory_mb=200) as host:           # the same outside pytest (no skip)
    with ContainerHost(landlock=False) as host:          # a host without Landlock

container_command(argv, cgroup, landlock) is the wrapper for a MemoryCgroup made by the caller (or none).
The cgroup is a child of the caller's own, so the caller's limits hold too; at the end of the
block, processes left in it are killed and it is removed.
The wrapper is this file run as a launcher; its steps run in this order, each needing the
privilege that a later one takes away, and it ends in exec so the command keeps its pid:

    python -I tests/container_host.py [--cgroup DIR --cgroup-mount MOUNT_POINT] [--landlock no] -- argv...
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

LAUNCHER = Path(__file__).resolve()
# The launcher finds its tools here, whatever PATH the command is given.
TOOLS_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"

# Docker's default capability set (CapBnd = CapEff = CapPrm = 0xa80425fb, CapInh = 0 since
# Docker 20.10.14): everything a root process needs day to day, without CAP_SYS_ADMIN.
DOCKER_CAPS = ("chown", "dac_override", "fsetid", "fowner", "mknod", "net_raw", "setgid", "setuid",
               "setfcap", "setpcap", "net_bind_service", "sys_chroot", "kill", "audit_write")
DOCKER_CAP_MASK = 0xA80425FB

# clone()'s flags that make a namespace. CLONE_NEWTIME (0x80) is missing, as in Docker's
# profile: in clone()'s flags that bit belongs to the exit signal, and a time namespace can only
# be asked for through clone3 or unshare, which are refused whole.
CLONE_NEW_FLAGS = {"CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000,
                   "CLONE_NEWUTS": 0x04000000, "CLONE_NEWIPC": 0x08000000,
                   "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
                   "CLONE_NEWNET": 0x40000000}

# Mounted read-only in a Docker container that is not --privileged: sysfs whole, and runc's
# default readonlyPaths of /proc.
READ_ONLY = ("/sys", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
LANDLOCK_CALLS = ("landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self")


# ---------------------------------------------------------------------------------------------
# The memory cgroup, made and removed from outside the container.

def _mounts() -> list[tuple[str, str, list[str]]]:
    """(mount point, filesystem type, super options) of each mount, from /proc/self/mountinfo."""
    mounts = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        rest = fields[fields.index("-") + 1:]
        mounts.append((fields[4], rest[0], rest[2].split(",")))
    return mounts


def _own_cgroup(hierarchy: str) -> str:
    """This process's cgroup in a hierarchy ("memory" for v1's, "" for v2's)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if hierarchy in controllers.split(",") or controllers == hierarchy:
            return path
    return "/"


class MemoryCgroup:
    """A fresh cgroup with a memory limit, as a child of our own (so that whatever limits us
    still limits it), and no swap beyond the limit."""

    def __init__(self, memory_mb: int):
        limit = str(memory_mb << 20)
        name = f"container-host-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        v1 = [point for point, fstype, options in _mounts() if fstype == "cgroup" and "memory" in options]
        if v1:
            self.path = Path(v1[0] + _own_cgroup("memory")) / name
            self.path.mkdir()
            (self.path / "memory.limit_in_bytes").write_text(limit)
            if (self.path / "memory.memsw.limit_in_bytes").exists():  # swap accounting is on
                (self.path / "memory.memsw.limit_in_bytes").write_text(limit)
            self.mount_point = v1[0]
            return
        for point, fstype, _ in _mounts():
            if fstype != "cgroup2" or "memory" not in (Path(point) / "cgroup.controllers").read_text().split():
                continue
            # A v2 cgroup that holds processes may not hand controllers to children (the root
            # excepted), so our own cgroup serves as parent only if memory is delegated already.
            for parent in (Path(point + _own_cgroup("")), Path(point)):
                if "memory" in (parent / "cgroup.subtree_control").read_text().split():
                    self.path = parent / name
                    self.path.mkdir()
                    (self.path / "memory.max").write_text(limit)
                    if (self.path / "memory.swap.max").exists():
                        (self.path / "memory.swap.max").write_text("0")
                    self.mount_point = point
                    return
        raise OSError(errno.ENOTSUP, "no memory cgroup can be made on this host")

    def pids(self) -> list[int]:
        try:
            return [int(pid) for pid in (self.path / "cgroup.procs").read_text().split()]
        except FileNotFoundError:
            return []

    def remove(self) -> None:
        """Kill what is left inside (it may fork while we kill), then remove the group; a group
        is busy for a moment after its last process died."""
        for _ in range(100):
            pids = self.pids()
            if not pids:
                try:
                    self.path.rmdir()
                    return
                except FileNotFoundError:
                    return
                except OSError as error:
                    if error.errno != errno.EBUSY:
                        raise
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.path} is still busy: {self.pids()}")


# ---------------------------------------------------------------------------------------------
# The wrapper, and the fixture.

def container_command(argv: list[str], cgroup: MemoryCgroup | None = None, landlock: bool = True) -> list[str]:
    """argv wrapped to run as in a container; in cgroup (a MemoryCgroup) if given, without Landlock
    if asked. Making and removing the cgroup is the caller's: the command may leave processes
    behind."""
    group = ["--cgroup", str(cgroup.path), "--cgroup-mount", cgroup.mount_point] if cgroup else []
    return [sys.executable, "-I", str(LAUNCHER), *group, *([] if landlock else ["--landlock", "no"]), "--", *argv]


class ContainerHost:
    """A memory cgroup for the time of a with-block, and commands that run as in a container in
    it; when the block ends, processes left inside are killed and the cgroup removed."""

    def __init__(self, memory_mb: int = 768, landlock: bool = True):
        self.memory_mb = memory_mb
        self.landlock = landlock
        self.cgroup: MemoryCgroup | None = None

    def __enter__(self) -> ContainerHost:
        self.cgroup = MemoryCgroup(self.memory_mb)
        return self

    def __exit__(self, *exc) -> None:
        self.cgroup.remove()

    def command(self, argv: list[str]) -> list[str]:
        return container_command(argv, self.cgroup, self.landlock)

    def run(self, argv: list[str], env: dict | None = None, timeout: float = 120,
            **kwargs) -> subprocess.CompletedProcess:
        kwargs = {"capture_output": True, "text": True, **kwargs}
        return subprocess.run(self.command(argv), env=env, timeout=timeout, **kwargs)


def emulation_missing() -> str | None:
    """Why this machine cannot emulate a container host, or None: we must be root with
    CAP_SYS_ADMIN (on a real container host, the tests run as they are)."""
    if os.geteuid() != 0:
        return "needs root"
    status = dict(line.split(":\t", 1) for line in Path("/proc/self/status").read_text().splitlines())
    if not int(status["CapEff"], 16) & (1 << 21):
        return "needs CAP_SYS_ADMIN (already in a container?)"
    for tool in ("unshare", "setpriv", "mount"):
        if not shutil.which(tool, path=TOOLS_PATH):
            return f"needs util-linux's {tool}"
    return None


if __name__ != "__main__":  # in the tests; the launcher spares itself pytest's import (0.5 s)
    import pytest

    @contextlib.contextmanager
    def container_host_or_skip(memory_mb: int = 768):
        """A ContainerHost for a test, which is skipped where the emulation cannot be made."""
        reason = emulation_missing()
        if reason:
            pytest.skip(f"container-host emulation {reason}")
        try:
            host = ContainerHost(memory_mb).__enter__()
        except OSError as error:
            pytest.skip(f"container-host emulation: {error}")
        try:
            yield host
        finally:
            host.__exit__(None, None, None)

    @pytest.fixture
    def container_host():
        """A ContainerHost with Gradescope's 768 MB, removed after the test."""
        with container_host_or_skip(768) as host:
            yield host


# ---------------------------------------------------------------------------------------------
# The launcher. Steps, in order: join the cgroup; new mount namespace; read-only mounts;
# seccomp filter; capabilities; exec.

def _tool(name: str) -> str:
    return shutil.which(name, path=TOOLS_PATH)


def _mount(*args: str) -> None:
    subprocess.run([_tool("mount"), *args], check=True)


def _mount_read_only(cgroup: str | None, cgroup_mount: str | None) -> None:
    """In our private mount namespace: show the command its own cgroup at the hierarchy's mount
    point, as Docker does, then make READ_ONLY read-only. A bind remount changes the flags of
    this namespace's mount only, never the filesystem the host shares."""
    if cgroup:
        _mount("--bind", cgroup, cgroup_mount)
    mount_points = {point for point, _, _ in _mounts()}
    for root in READ_ONLY:
        if os.path.exists(root) and root not in mount_points:
            _mount("--rbind", root, root)  # a mount of its own, to flag it read-only
    for point in dict.fromkeys(point for point, _, _ in _mounts()):  # a covered mount once
        if any(point == root or point.startswith(root + "/") for root in READ_ONLY):
            _mount("-o", "remount,bind,ro", point)


def _load_seccomp(landlock: bool) -> None:
    """Docker's rules for namespaces, everything else allowed (Landlock too, unless not
    `landlock`). Loaded while we still have CAP_SYS_ADMIN, which is what lets a filter load
    without no_new_privs."""
    try:
        import seccomp  # Debian's python3-seccomp
    except ImportError:
        import pyseccomp as seccomp  # the same API over the system's libseccomp.so.2
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    rules.set_attr(seccomp.Attr.CTL_NNP, 0)
    if seccomp.system_arch() == seccomp.Arch.X86_64:
        # Docker's profile covers the 32-bit ABIs too; left out, they would be killed instead.
        rules.add_arch(seccomp.Arch.X86)
        rules.add_arch(seccomp.Arch.X32)
    rules.add_rule(seccomp.ERRNO(errno.EPERM), "unshare")
    rules.add_rule(seccomp.ERRNO(errno.EPERM), "setns")
    # clone3 passes its flags in memory, where seccomp cannot look: refuse it as missing, and
    # glibc (threads, posix_spawn) falls back to clone, whose flags we can check.
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    for flag in CLONE_NEW_FLAGS.values():  # clone(flags, ...): refused if any one is set
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    for name in () if landlock else LANDLOCK_CALLS:
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
    rules.load()


def launch(args: list[str]) -> None:
    split = args.index("--")
    options, argv = dict(zip(args[:split:2], args[1:split:2])), args[split + 1:]
    cgroup, cgroup_mount = options.get("--cgroup"), options.get("--cgroup-mount")
    if "--inside" not in options:
        # Outside: join the cgroup first, so that no process of the command runs outside it,
        # then the private mount namespace, in which we come back for the rest (same pid).
        if cgroup:
            Path(cgroup, "cgroup.procs").write_text(str(os.getpid()))
        os.execv(_tool("unshare"), ["unshare", "--mount", "--propagation", "private", "--",
                                    sys.executable, "-I", str(LAUNCHER), "--inside", "1", *args])
    _mount_read_only(cgroup, cgroup_mount)
    _load_seccomp(options.get("--landlock") != "no")
    # Root as in Docker: at exec, a root process's permitted and effective sets become the
    # bounding set (plus the inheritable one, emptied here).
    caps = ",".join(f"+{cap}" for cap in DOCKER_CAPS)
    os.execv(_tool("setpriv"), ["setpriv", f"--bounding-set=-all,{caps}", "--inh-caps=-all", "--", *argv])


if __name__ == "__main__":
    launch(sys.argv[1:])
