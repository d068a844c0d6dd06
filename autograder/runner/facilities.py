"""What every level of the Linux sandbox needs of the system it runs on, asked of this Python:
the zygote forks its workers, each worker sets resource limits and calls prctl, and the grader
reads the sandbox's processes from /proc. macOS lacks prctl and /proc, Windows all four.

Grading refuses to run without them (runner/isolation.py); `check` runs the public checks on
the portable path instead (runner/portable.py). Both ask here, by capability rather than by
the system's name, so that a Linux that lacks one (a locked-down container) is treated alike.
"""

from __future__ import annotations

import functools
import importlib
import os


@functools.cache
def missing() -> tuple[str, ...]:
    """The facilities this machine lacks, by name; empty where the Linux sandbox can be made."""
    lacking = []
    if not hasattr(os, "fork"):
        lacking.append("os.fork")
    try:
        importlib.import_module("resource")
    except ImportError:
        lacking.append("resource")
    if not _has_prctl():
        lacking.append("prctl")
    try:
        with open("/proc/self/stat", "rb") as stat:
            stat.read()
    except OSError:
        lacking.append("/proc")
    return tuple(lacking)


def _has_prctl() -> bool:
    import ctypes

    try:
        ctypes.CDLL(None).prctl  # noqa: B018  (dlsym: an AttributeError where libc has no prctl)
    except (AttributeError, OSError, TypeError):  # TypeError: Windows cannot open "no library"
        return False
    return True
