"""The run-time half of the from-scratch rule, and the tripwire that notices code leaving its sight.

`guard()` builds it once per worker process, before any student code runs, from functions
captured then (captured.py), so that what a submission rebinds later cannot reach it. While it
guards a call:

- a refused aten operator traps in its kernel, whatever reached it (kernels.py);
- refused Python code (a module such as torch.utils.data, a function, a builtin) trips a profile
  hook as it is entered, whatever alias, subclass or import path reached it (profiling.py);
- leaving the check's sight trips too: starting a thread (threads.py), a process or another
  program, ctypes, the garbage collector's object lists, replacing the profile or trace hook, a
  thread that was already running, a process or C library that the module started when it was
  imported;
- every trap reports through an audit hook, which cannot be removed, raises RefusedCall and keeps
  the record where student code cannot reach it (audit.py).

A request marked `observe` is also recorded by a dispatch mode, and the reply carries the record
beside the value (recorder.py).
"""

from __future__ import annotations

import os

from autograder.worker.tripwire.audit import UNSEEN, audit_hook
from autograder.worker.tripwire.captured import SAFE, RefusedCall
from autograder.worker.tripwire.kernels import kernel_traps
from autograder.worker.tripwire.profiling import profile_refusals
from autograder.worker.tripwire.recorder import fingerprint, recorder, tensors_in
from autograder.worker.tripwire.threads import thread_traps

__all__ = ["RefusedCall", "fingerprint", "guard", "tensors_in"]


def guard():
    """The worker's guard; call it once per process, before any student code runs.

    guarded(request, args, kwargs, namespace, handle) runs handle(), which returns (reply, value),
    under the refusals of request["refuse"], and answers the first trip instead when anything
    tripped: kind "refused" with the refused name for what the catalogue refuses, kind "wrong"
    with a sentence for leaving the check's sight.
    """
    safe, unseen = SAFE, UNSEEN  # kept by the closures below, whatever rebinds the module's names
    hook = audit_hook(safe, home=os.getcwd() + os.sep)
    kernels = kernel_traps(safe, hook.report)
    threads = thread_traps(safe, hook.report, hook.quietly)
    profiler = profile_refusals(safe, hook.report, hook.profile_dropped)
    observed = recorder(safe)

    def answer(trip: tuple) -> tuple:
        return {"ok": False, "kind": trip[0], "message": trip[1]}, None

    def guarded(request: dict, args, kwargs, namespace, handle) -> tuple:
        refuse = request.get("refuse") or {}
        if not (refuse.get("operators") or refuse.get("attributes")):
            return handle()
        if hook.born():
            return answer(("wrong", f"the module {hook.born()} when it was imported, {unseen}"))
        if threads.running():
            return answer(("wrong", f"a thread that the module started was running when the call began, {unseen}"))
        hook.trips.clear()
        library = kernels.arm(refuse.get("operators", {}))
        threads.arm()
        # Python code is watched on entry only where the item refuses some: profiling slows every call.
        profile = profiler(refuse["attributes"]) if refuse.get("attributes") else None
        previous = safe.getprofile()
        hook.guarding(True)
        if profile:
            hook.quietly(safe.setprofile, profile)
        try:
            if request.get("observe"):
                reply, value = observed(args, kwargs, namespace, handle)
            else:
                reply, value = handle()
        finally:
            replaced = safe.getprofile() is not (profile or previous)
            hook.quietly(safe.setprofile, previous)
            hook.guarding(False)
            kernels.disarm(library)
            threads.disarm()
        if not hook.trips.first() and replaced:
            hook.trips.add(("wrong", f"the profile hook of the grader's check was removed, {unseen}"))
        if not hook.trips.first() and threads.running():
            hook.trips.add(("wrong", f"a thread was still running when the call ended, {unseen}"))
        return answer(hook.trips.first()) if hook.trips.first() else (reply, value)

    return guarded
