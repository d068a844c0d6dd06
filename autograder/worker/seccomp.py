"""A seccomp filter for the worker, installed by the zygote before any student code exists, and
inherited by every process it forks.

Where the sandbox has its own namespaces this only repeats what they give; at the
separate-user level (a container, no namespaces) it is what cuts the network and keeps SysV IPC
objects and kernel keys from outliving the grading. Refused calls fail with EPERM. It needs
libseccomp (Debian's libseccomp2, present in nearly every image) through pyseccomp; without
them the zygote reports that the network stays open.
"""

from __future__ import annotations

import errno
import socket

# Whole system calls that student code has no use for and that reach past the process: SysV
# IPC outlives it, keys live in per-user keyrings, io_uring can open sockets without socket(2),
# ptrace and process_vm_* read other processes.
REFUSED = ("msgget", "shmget", "semget", "add_key", "request_key", "keyctl", "io_uring_setup",
           "ptrace", "process_vm_readv", "process_vm_writev", "bpf", "userfaultfd", "perf_event_open")
ALLOWED_FAMILIES = (socket.AF_UNIX,)  # the grader's own channel is a Unix socketpair


def install() -> bool:
    """Apply the filter to this process and its future children; False where it cannot be."""
    try:
        import pyseccomp as seccomp
    except Exception:  # no binding, or no libseccomp.so.2 it can find (chroot: no ld.so.cache)
        return False
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        deny = seccomp.ERRNO(errno.EPERM)
        for name in REFUSED:
            rules.add_rule(deny, name)
        for family in range(1, 46):  # AF_* numbers run to 45 (AF_MCTP) on current kernels
            if family not in ALLOWED_FAMILIES:
                rules.add_rule(deny, "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.load()
    except Exception:  # an old libseccomp that lacks a call's name: the filter is all or nothing
        return False
    return True
