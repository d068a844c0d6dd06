"""Thread traps: a thread started during a guarded call trips, and so does one running when the
call begins or ends, since the check sees only the calling thread.

Thread.start's code is swapped, not the attribute, so every alias of it traps; the _thread
functions through which Python code starts a thread without threading.Thread are replaced on
their modules for the length of the call.
"""

from __future__ import annotations

import _thread
import threading
import types

from autograder.worker.tripwire.audit import UNSEEN
from autograder.worker.tripwire.captured import frozen


def calling(function) -> types.CodeType:
    """The code of a function that calls function() and looks up no name to do it: function is one
    of its constants. Thread.start's code is swapped for it, and there it runs in threading's
    globals and the builtins, which a submission may have rebound (__import__ among them)."""

    def template(*args, **kwargs):
        call = "the function"  # a constant, which the code below holds the function in instead
        call()

    code = template.__code__
    return code.replace(co_consts=tuple(function if c == "the function" else c for c in code.co_consts))


def thread_traps(safe, report, quietly) -> tuple:
    """arm() and disarm() the traps; running(): whether a thread besides this one runs.
    `report` and `quietly` are the audit hook's."""
    start = threading.Thread.start
    start_code = start.__code__
    by_threading = ("wrong", f"it started a thread (threading), {UNSEEN}")
    by_thread = ("wrong", f"it started a thread (_thread), {UNSEEN}")

    def started_by_threading(*args, **kwargs):
        report(by_threading)

    def started_by_thread(*args, **kwargs):
        report(by_thread)

    trap_code = calling(started_by_threading)
    starters = [(owner, name, getattr(owner, name)) for owner, name in
                ((_thread, "start_new_thread"), (_thread, "start_joinable_thread"), (threading, "_start_new_thread"))
                if hasattr(owner, name)]

    def arm() -> None:
        start.__code__ = trap_code
        for owner, name, _ in starters:
            safe.setattr(owner, name, started_by_thread)

    def disarm() -> None:
        start.__code__ = start_code
        for owner, name, original in starters:
            safe.setattr(owner, name, original)

    def running() -> bool:
        return safe.len(quietly(safe._current_frames)) > 1

    return frozen(arm=arm, disarm=disarm, running=running)
