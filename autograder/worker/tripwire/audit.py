"""The audit hook: where every trap reports, and what notices code leaving the check's sight.

An audit hook cannot be removed, and sees every audited event of the process: TRIPPED, which the
traps (kernels, threads, profiling) raise through report(), and the events below, through which
code leaves the check's sight. During a guarded call the hook keeps the first trip and
raises RefusedCall. It keeps what it records in closures, not in containers that a frame shows:
its own frame is on the traceback of what it raises, so that catching RefusedCall, or clearing
what a traceback shows, changes nothing.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types

from autograder.worker.tripwire.captured import frozen

TRIPPED = "autograder.tripwire"  # the audit event through which traps report
# Audit events that leave the check's sight. What a module starts as it is imported can serve
# its calls later, so these count then too.
STARTS = types.MappingProxyType({
    "os.fork": "started a child process (os.fork)",
    "os.forkpty": "started a child process (os.forkpty)",
    "os.posix_spawn": "started another program (os.posix_spawn)",
    "os.spawn": "started another program (os.spawn*)",
    "os.exec": "replaced itself with another program (os.exec*)",
    "os.system": "started another program (os.system)",
    "subprocess.Popen": "started another program (subprocess)",
    "ctypes.dlopen": "loaded a C library (ctypes)",
    "ctypes.dlsym": "looked up a C function (ctypes)",
    "ctypes.dlsym/handle": "looked up a C function (ctypes)",
})
# These count only during a call: the interpreter's object lists, frames and hooks, raw memory.
DURING = types.MappingProxyType({
    "gc.get_objects": "asked the garbage collector for its objects (gc.get_objects)",
    "gc.get_referrers": "asked the garbage collector for referrers (gc.get_referrers)",
    "gc.get_referents": "asked the garbage collector for referents (gc.get_referents)",
    "sys.setprofile": "replaced the interpreter's profile hook (sys.setprofile)",
    "sys.settrace": "set a trace hook (sys.settrace)",
    "sys._current_frames": "read the frames of other threads (sys._current_frames)",
    "ctypes.cdata": "reached raw memory (ctypes)",
    "ctypes.cdata/buffer": "reached raw memory (ctypes)",
    "ctypes.string_at": "read raw memory (ctypes.string_at)",
    "ctypes.addressof": "took a raw address (ctypes.addressof)",
    "ctypes.call_function": "called a C function (ctypes)",
})
UNSEEN = "which the grader's run-time check cannot follow: compute the result in the calling thread"


def ledger() -> tuple:
    """add, first and clear for a list that only these closures hold."""
    entries: list = []

    def add(entry) -> None:
        entries.append(entry)

    def first():
        return entries[0] if entries else None

    def clear() -> None:
        entries.clear()

    return frozen(add=add, first=first, clear=clear)


def audit_hook(safe, home: str) -> tuple:
    """Adds the hook to this process and returns what the traps and the guarded call use it by:

    report(trip): a trap's report, (kind, message);
    trips: the ledger of the call being guarded, (kind, message) for each trip;
    born(): what the student's code started outside calls in this process, or None;
    guarding(active): whether a call is being guarded;
    quietly(function, *args): function(*args), which the hook lets pass (the guard's own calls);
    profile_dropped(): said by a profile hook about to trip; the interpreter drops a profile hook
    that raises, and audits that, which is no trip of its own.

    `home` is the worker's folder, where the student's modules (or cells) run from.
    """
    here = os.getpid()
    ctypes_folder = os.path.dirname(importlib.util.find_spec("ctypes").origin) + os.sep
    tripped, starts, during, unseen = TRIPPED, STARTS, DURING, UNSEEN  # as they are now, whatever rebinds them later
    trips, births = ledger(), ledger()
    active = False
    quiet = 0  # the guard's own audited calls under way
    unsetting = False  # a profile hook tripped: the interpreter drops it, and audits that

    def hook(event: str, args: tuple) -> None:
        nonlocal unsetting
        if event == tripped:
            if active:
                trips.add(args[0])
                raise safe.RefusedCall(args[0][1])
            return
        if quiet:
            return
        if event == "sys.setprofile" and unsetting:
            unsetting = False
            return
        what = starts.get(event) or (during.get(event) if active else None)
        if what is None:
            return
        if active:
            trips.add(("wrong", f"it {what}, {unseen}"))
            raise safe.RefusedCall(what)
        if safe.getpid() == here and from_student(directly=event.startswith("ctypes")):
            births.add(what)

    def report(trip: tuple) -> None:
        safe.audit(tripped, trip)

    def from_student(directly: bool) -> bool:
        """Whether the student's code asked for it: anywhere up the stack, or, `directly`, as the
        first caller outside ctypes (libraries load their own C code through ctypes)."""
        frame = quietly(safe._getframe, 3)  # the caller of what raised the event
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename.startswith(home):
                return True
            if directly and not filename.startswith(ctypes_folder):
                return False
            frame = frame.f_back
        return False

    def quietly(function, *args):
        nonlocal quiet
        quiet += 1
        try:
            return function(*args)
        finally:
            quiet -= 1

    def born():
        # a notebook's cells ran in the process its items fork from
        return births.first() if safe.getpid() == here else None

    def guarding(now: bool) -> None:
        nonlocal active
        active = now

    def profile_dropped() -> None:
        nonlocal unsetting
        unsetting = True

    sys.addaudithook(hook)
    return frozen(report=report, trips=trips, born=born, guarding=guarding, quietly=quietly,
                  profile_dropped=profile_dropped)
