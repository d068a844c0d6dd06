"""The container-host emulation (container_host.py) is faithful: inside it, what a Docker container
refuses is refused, the same way, and what it allows still works. Each refusal is checked on
this host too, where it must succeed, so that a failure inside proves the emulation."""

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from container_host import CLONE_NEW_FLAGS, DOCKER_CAP_MASK, ContainerHost, container_host_or_skip
from container_host import container_host  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow

PYTHON = sys.executable
CAP_SYS_ADMIN = 21


def python(code: str) -> list[str]:
    return [PYTHON, "-c", textwrap.dedent(code)]


@pytest.mark.parametrize("kind", ["--user", "--mount", "--net"])
def test_unshare_is_refused(container_host, kind):
    assert subprocess.run(["unshare", kind, "true"], capture_output=True).returncode == 0
    result = container_host.run(["unshare", kind, "true"])
    assert result.returncode != 0
    assert "Operation not permitted" in result.stderr


def test_bubblewrap_is_refused(container_host):
    if not shutil.which("bwrap"):
        pytest.skip("no bwrap (tasks.py installs Debian's bubblewrap when it runs as root)")
    bwrap = ["bwrap", "--ro-bind", "/", "/", "--unshare-all", "true"]
    assert subprocess.run(bwrap, capture_output=True).returncode == 0
    result = container_host.run(bwrap)
    assert result.returncode != 0
    assert "No permissions to create new namespace" in result.stderr  # bwrap's words for EPERM


# Raw system calls, so that each errno is the filter's own: on this host each call succeeds
# (clone3 with no arguments fails with EINVAL), inside it must fail exactly as under Docker.
SYSCALLS = """
    import ctypes, errno, json, os, sys
    numbers, flags = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    libc = ctypes.CDLL(None, use_errno=True)

    def call(name, *args):
        result = libc.syscall(ctypes.c_long(numbers[name]), *(ctypes.c_long(a) for a in args))
        if result == 0 and name == "clone":
            os._exit(0)  # the child of a clone that went through
        if result > 0 and name == "clone":
            os.waitpid(result, 0)
        return "ok" if result >= 0 else errno.errorcode[ctypes.get_errno()]

    SIGCHLD = 17
    results = {f"clone({flag})": call("clone", value | SIGCHLD, 0, 0, 0, 0) for flag, value in flags.items()}
    results["clone(SIGCHLD)"] = call("clone", SIGCHLD, 0, 0, 0, 0)
    results["clone3"] = call("clone3", 0, 0)
    results["setns"] = call("setns", os.open("/proc/self/ns/uts", os.O_RDONLY), 0)
    results["unshare(CLONE_NEWUSER)"] = call("unshare", flags["CLONE_NEWUSER"])  # last: it moves us
    print(json.dumps(results))
"""


def test_seccomp_refuses_namespaces_with_dockers_errnos(container_host):
    import pyseccomp as seccomp  # a test dependency; the launcher loads its filter with it

    numbers = {name: seccomp.resolve_syscall(seccomp.Arch.NATIVE, name)
               for name in ("clone", "clone3", "setns", "unshare")}
    argv = python(SYSCALLS) + [json.dumps(numbers), json.dumps(CLONE_NEW_FLAGS)]
    outside = json.loads(subprocess.run(argv, capture_output=True, text=True, check=True).stdout)
    inside = container_host.run(argv)
    assert inside.returncode == 0, inside.stderr
    inside = json.loads(inside.stdout)
    for flag in CLONE_NEW_FLAGS:
        assert (outside[f"clone({flag})"], inside[f"clone({flag})"]) == ("ok", "EPERM")
    assert (outside["clone(SIGCHLD)"], inside["clone(SIGCHLD)"]) == ("ok", "ok")
    assert (outside["clone3"], inside["clone3"]) == ("EINVAL", "ENOSYS")
    assert (outside["setns"], inside["setns"]) == ("ok", "EPERM")
    assert (outside["unshare(CLONE_NEWUSER)"], inside["unshare(CLONE_NEWUSER)"]) == ("ok", "EPERM")


def test_fork_and_threads_work(container_host):
    result = container_host.run(python("""
        import os, threading
        pid = os.fork()
        if pid == 0:
            os._exit(7)
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7
        seen = []
        thread = threading.Thread(target=seen.append, args=("thread",))
        thread.start(); thread.join()
        print(seen[0])
    """))
    assert (result.returncode, result.stdout, result.stderr) == (0, "thread\n", "")


def test_environment_reaches_the_command(container_host):
    result = container_host.run(["sh", "-c", 'echo "$PROBE"'], env={"PROBE": "given", "PATH": os.defpath})
    assert (result.returncode, result.stdout) == (0, "given\n"), result.stderr


def test_subprocess_works(container_host):
    """subprocess uses vfork (clone with CLONE_VM | CLONE_VFORK), posix_spawn clone3 first."""
    result = container_host.run(python("""
        import os, subprocess
        assert subprocess.run(["true"]).returncode == 0
        assert os.waitpid(os.posix_spawnp("true", ["true"], os.environ), 0)[1] == 0
        print("ran")
    """))
    assert (result.returncode, result.stdout, result.stderr) == (0, "ran\n", "")


def test_torch_imports_and_computes_on_threads(container_host):
    result = container_host.run(python("""
        import torch
        torch.set_num_threads(4)
        x = torch.randn(512, 512)
        print(float((x @ x).sum()) == float((x @ x).sum()))
    """), timeout=300)
    assert (result.returncode, result.stdout) == (0, "True\n"), result.stderr


def test_root_with_dockers_capabilities_and_no_new_privs_unset(container_host):
    result = container_host.run(["cat", "/proc/self/status"])
    status = dict(line.split(":\t", 1) for line in result.stdout.splitlines())
    assert status["Uid"].split() == ["0"] * 4
    for name in ("CapBnd", "CapEff", "CapPrm"):
        caps = int(status[name], 16)
        assert not caps & (1 << CAP_SYS_ADMIN), name
        for cap in (0, 1, 5, 6, 7):  # CHOWN, DAC_OVERRIDE, KILL, SETGID, SETUID
            assert caps & (1 << cap), (name, cap)
        assert caps == DOCKER_CAP_MASK, name
    assert int(status["CapInh"], 16) == int(status["CapAmb"], 16) == 0
    assert (status["NoNewPrivs"], status["Seccomp"]) == ("0", "2")


def test_setuid_to_another_user_works(container_host):
    result = container_host.run(python("""
        import os
        pid = os.fork()
        if pid == 0:
            os.setuid(65534)
            os._exit(0 if (os.getuid(), os.geteuid()) == (65534, 65534) else 1)
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
    """))
    assert (result.returncode, result.stdout) == (0, "0\n"), result.stderr


def test_cgroup_filesystem_is_read_only(container_host):
    """No new cgroup anywhere (v1: in each hierarchy), and no moving into another one."""
    result = container_host.run(python("""
        import errno, os, sys
        def refused(action, *args):
            try:
                action(*args)
            except OSError as error:
                return errno.errorcode[error.errno]
            return "allowed"
        folders = [f for f in os.scandir("/sys/fs/cgroup") if f.is_dir()]
        print(refused(os.mkdir, "/sys/fs/cgroup/probe"),
              *(refused(os.mkdir, f"{folder.path}/probe") for folder in folders),
              refused(lambda: open(f"{sys.argv[1]}/cgroup.procs", "w").write(str(os.getpid()))))
    """) + [container_host.cgroup.mount_point])
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {"EROFS"}


def test_memory_limit_kills_what_exceeds_it():
    with container_host_or_skip(memory_mb=200) as host:
        small = host.run(python("b = bytearray(b'x') * (50 << 20); print(len(b) >> 20)"))
        assert (small.returncode, small.stdout) == (0, "50\n"), small.stderr
        big = host.run(python("b = bytearray(b'x') * (400 << 20); print(len(b) >> 20)"))
        assert big.returncode in (-9, 1) and big.stdout == "", big  # OOM-killed, or MemoryError
        # The command sees its own limit where a Docker container sees it (cgroup v1 or v2).
        v1 = (host.cgroup.path / "memory.limit_in_bytes").exists()
        limit = host.run(["cat", f"{host.cgroup.mount_point}/{'memory.limit_in_bytes' if v1 else 'memory.max'}"])
        assert limit.stdout.split() == [str(200 << 20)]


def test_cgroup_is_gone_after_the_fixture_with_what_was_left_in_it():
    with container_host_or_skip() as host:
        left = subprocess.Popen(host.command(["sh", "-c", "sleep 600 & echo $!; wait"]),
                                stdout=subprocess.PIPE, text=True)
        sleeper = int(left.stdout.readline())
        assert sleeper in host.cgroup.pids()
        path = host.cgroup.path
        assert path.is_dir()
    assert not path.exists()
    assert left.wait(timeout=10) != 0
    left.stdout.close()
    for _ in range(100):  # once killed, it is reaped by whichever process adopted it
        if not os.path.exists(f"/proc/{sleeper}"):
            break
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{sleeper}")


LANDLOCK_ABI = """
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.syscall(ctypes.c_long(444), None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    print(result if result >= 0 else -ctypes.get_errno())
"""


def test_landlock_is_there_unless_the_host_lacks_it(container_host):
    """Docker's profile allows Landlock since 23.0; landlock=False stands for an older profile or
    kernel, where the calls fail with ENOSYS."""
    outside = int(subprocess.run(python(LANDLOCK_ABI), capture_output=True, text=True, check=True).stdout)
    if outside <= 0:
        pytest.skip("this kernel has no Landlock")
    assert int(container_host.run(python(LANDLOCK_ABI)).stdout) == outside
    with ContainerHost(landlock=False) as host:
        assert int(host.run(python(LANDLOCK_ABI)).stdout) == -errno.ENOSYS
