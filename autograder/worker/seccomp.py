"""A seccomp filter for the worker, installed by the zygote before any student code exists, and
inherited by every process it forks.

Where the sandbox has its own namespaces this only repeats what they give; at the
separate-user level (a container, no namespaces) it is what cuts the network, keeps one sandbox
from serving another over a unix socket, and keeps SysV IPC objects and kernel keys from
outliving the grading. Refused calls fail with EPERM. It needs libseccomp (Debian's libseccomp2,
present in nearly every image) through pyseccomp; without them the zygote reports that the
network stays open.
"""

from __future__ import annotations

import errno
import socket

# Whole system calls that student code has no use for and that reach past the process: SysV
# IPC and POSIX message queues outlive it and are named host-wide, keys live in per-user
# keyrings, io_uring can open sockets without socket(2), ptrace, process_vm_* and pidfd_getfd
# read other processes.
REFUSED = ("msgget", "shmget", "semget", "mq_open", "add_key", "request_key", "keyctl", "io_uring_setup",
           "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "bpf", "userfaultfd",
           "perf_event_open")
# No socket but those the worker inherits (its channel to the grader): socket(2) is refused
# whatever the family, and with it every unix socket, abstract names included, which have no
# permissions and would let a helper of one sandbox serve another. Without a socket of its own
# nothing can be bound, listened on or connected.
SOCKET_CALLS = ("socket", "bind", "listen", "connect", "accept", "accept4")
# socketpair(2) makes a connected pair and nothing else can reach it; a datagram pair could
# still send to a named socket, so only stream and seqpacket pairs are made.
PAIR_FAMILY, PAIR_TYPES = socket.AF_UNIX, (socket.SOCK_STREAM, socket.SOCK_SEQPACKET)
SOCK_TYPE_MASK = 0xF  # the type, without SOCK_CLOEXEC and SOCK_NONBLOCK


def install() -> bool:
    """Apply the filter to this process and its future children; False where it cannot be."""
    try:
        import pyseccomp as seccomp
    except Exception:  # no binding, or no libseccomp.so.2 it can find (chroot: no ld.so.cache)
        return False
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        deny = seccomp.ERRNO(errno.EPERM)
        for name in (*REFUSED, *SOCKET_CALLS):
            rules.add_rule(deny, name)
        rules.add_rule(deny, "socketpair", seccomp.Arg(0, seccomp.NE, PAIR_FAMILY))
        for kind in range(SOCK_TYPE_MASK + 1):
            if kind not in PAIR_TYPES:
                rules.add_rule(deny, "socketpair", seccomp.Arg(1, seccomp.MASKED_EQ, SOCK_TYPE_MASK, kind))
        # sendto(2) with an address reaches a named socket from any unnamed one.
        rules.add_rule(deny, "sendto", seccomp.Arg(4, seccomp.NE, 0))
        rules.load()
    except Exception:  # an old libseccomp that lacks a call's name: the filter is all or nothing
        return False
    return True
