"""Landlock (Linux 5.13 and later, no privilege needed): a worker may write beneath its own folder
(and the places its level adds: the sandbox's private /tmp) and to the character devices in
/dev, and nowhere else, so that nothing it writes outside them reaches a later item or another
sandbox, whatever the host leaves world-writable; from
Landlock ABI 6 (Linux 6.12) it also cannot signal a process, or reach an abstract unix socket,
outside its own domain (the zygote, another item's worker). Reading is left to the level's
other walls.

Each worker restricts itself right after it is forked, before any student code; the domain is
inherited by whatever it starts and can never be left. Where the kernel or the container's
seccomp profile lacks Landlock, abi() is 0 and the grader makes up for it (runner/uids.py).
"""

from __future__ import annotations

import ctypes
import functools
import os
import stat

# The system calls' numbers are the same on every architecture (new calls are numbered once).
CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

WRITE_FILE = 1 << 1
MAKE_AND_REMOVE = sum(1 << bit for bit in range(4, 13))  # REMOVE_DIR .. MAKE_SYM: files of every kind
REFER = 1 << 13  # ABI 2: linking or renaming across folders
TRUNCATE = 1 << 14  # ABI 3
SCOPED = 1 | 2  # ABI 6: ABSTRACT_UNIX_SOCKET | SIGNAL


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@functools.cache
def _libc() -> ctypes.CDLL:
    """Opened on first use: Windows, where `check` imports this module too, has no C library to
    open so."""
    return ctypes.CDLL(None, use_errno=True)


def _call(number: int, *args) -> int:
    result = _libc().syscall(ctypes.c_long(number), *args)
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return result


def abi() -> int:
    """The Landlock ABI this process may use; 0 where the kernel lacks it, it is disabled, or a
    seccomp profile refuses it."""
    try:
        return _call(CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    except OSError:
        return 0


def restrict(*folders: str) -> int:
    """Write only beneath `folders` (those that exist) and to /dev's character devices from now
    on, here and in every process started from here; returns the ABI used, 0 where Landlock is
    missing."""
    version = abi()
    if not version:
        return 0
    # Every access that changes the filesystem that this ABI knows of.
    changes = WRITE_FILE | MAKE_AND_REMOVE | (REFER if version >= 2 else 0) | (TRUNCATE if version >= 3 else 0)
    # A kernel that knows fewer fields than the structure has accepts it while they are zero.
    attr = _RulesetAttr(changes, 0, SCOPED if version >= 6 else 0)
    ruleset = _call(CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), ctypes.c_uint32(0))
    try:
        for folder in folders:
            if os.path.isdir(folder):
                _allow(ruleset, folder, changes)
        # /dev/null, /dev/tty, a GPU's device files: written to, never made.
        with os.scandir("/dev") as entries:
            for entry in entries:
                if stat.S_ISCHR(entry.stat(follow_symlinks=False).st_mode):
                    _allow(ruleset, entry.path, changes & (WRITE_FILE | TRUNCATE))
        _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        _call(RESTRICT_SELF, ruleset, ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return version


def _allow(ruleset: int, path: str, access: int) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneath(access, fd)
        _call(ADD_RULE, ruleset, ctypes.c_uint32(RULE_PATH_BENEATH), ctypes.byref(rule), ctypes.c_uint32(0))
    finally:
        os.close(fd)
