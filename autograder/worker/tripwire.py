"""The run-time half of the from-scratch rule, and the tripwire that notices code leaving its sight.

`guard()` builds it once per worker process, before any student code runs, from references
captured then (as protocol.codec() does), so that what a submission rebinds later cannot reach
it. While it guards a call:

- a refused aten operator traps in its kernel, whatever reached it: torch.sigmoid, x.sigmoid(),
  F.sigmoid, torch.special.expit, torch.ops.aten.sigmoid.default, a redispatch below the
  Python key, or another thread, none of which a dispatch mode alone would see;
- refused Python code (a module such as torch.utils.data, a function, a builtin) trips a profile
  hook as it is entered, whatever alias, subclass or import path reached it;
- leaving the check's sight trips too: starting a thread (Thread.start's code is swapped, so
  every alias of it traps), a process or another program, ctypes, the garbage collector's
  object lists, replacing the profile or trace hook, a thread that was already running, a
  process or C library that the module started when it was imported;
- every trap reports through an audit hook, which cannot be removed, raises RefusedCall and
  keeps the record where student code cannot reach it, so that catching RefusedCall, or
  clearing what a traceback shows, changes nothing.

A request marked `observe` is also recorded by a dispatch mode: every operator the call ran and
the content of every storage those operators read or wrote. The reply then carries the record
beside the value: whether the mode was still in place at the end, which operators read tensors
that no recorded operator, argument or module constant accounts for, and for each returned
tensor its `fingerprint` and whether a recorded operator produced its content. The trusted side
compares the fingerprints with the tensors it received.
"""

from __future__ import annotations

import _thread
import hashlib
import importlib
import importlib.util
import os
import re
import sys
import threading
import types
import warnings

import torch
from torch.utils._python_dispatch import TorchDispatchMode

TRIPPED = "autograder.tripwire"  # the audit event through which traps report

# Audit events that leave the check's sight. What a module starts as it is imported can serve
# its calls later, so these count then too.
STARTS = {
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
}
# These count only during a call: the interpreter's object lists, frames and hooks, raw memory.
DURING = {
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
}
UNSEEN = "which the grader's run-time check cannot follow: compute the result in the calling thread"

# Dispatch keys whose kernels only wrap or forward to the one below; a trap goes where the work is.
FORWARDING = ("Autograd", "Autocast", "Tracer", "FuncTorch", "Batched", "Conjugate", "Negative", "ADInplaceOrView",
              "Functionalize", "Python", "Named", "ZeroTensor", "PreDispatch", "BackendSelect")
REGISTERED = re.compile(r"^(\w+)(?:\[alias\])?: registered at .*\[ (.*)\]$")
# Operators that turn Python numbers or arrays into a tensor: what they read is a literal.
LITERALS = ("lift", "lift_fresh", "lift_fresh_copy")


class RefusedCall(BaseException):
    """Raised inside student code; a BaseException so that `except Exception` cannot hide it."""


def _ledger():
    """add, first and clear for a list that only these closures hold."""
    entries: list = []

    def add(entry) -> None:
        entries.append(entry)

    def first():
        return entries[0] if entries else None

    def clear() -> None:
        entries.clear()

    return add, first, clear


def _trap_code(trip: tuple):
    """The code of a function that reports `trip`, made to run in another module's globals."""
    source = f"def trap(*args, **kwargs):\n    __import__('sys').audit({TRIPPED!r}, {trip!r})\n"
    scope: dict = {}
    exec(compile(source, __file__, "exec"), scope)
    return scope["trap"].__code__


def _fingerprinter():
    detach, to, contiguous, reshape, view, numpy = (torch.Tensor.detach, torch.Tensor.to, torch.Tensor.contiguous,
                                                    torch.Tensor.reshape, torch.Tensor.view, torch.Tensor.numpy)
    digest, uint8 = hashlib.blake2b, torch.uint8

    def fingerprint(t: torch.Tensor) -> str:
        """dtype, shape and a digest of the values, as the tensor travels to the grader."""
        data = view(reshape(contiguous(to(detach(t), "cpu")), (-1,)), uint8)
        return f"{t.dtype}{tuple(t.shape)}:{digest(numpy(data).tobytes(), digest_size=16).hexdigest()}"

    return fingerprint


fingerprint = _fingerprinter()


def _walker():
    is_a, tensor_type, listed = isinstance, torch.Tensor, list

    def tensors_in(value) -> list:
        """The tensors of plain data, in the order both sides walk it."""
        if is_a(value, tensor_type):
            return [value]
        if is_a(value, (list, tuple)):
            return [t for v in value for t in tensors_in(v)]
        if is_a(value, dict):
            return [t for pair in value.items() for t in tensors_in(listed(pair))]
        return []

    return tensors_in


tensors_in = _walker()


def guard():
    """The worker's guard; call it once per process, before any student code runs.

    guarded(request, args, kwargs, namespace, handle) runs handle(), which returns (reply, value),
    under the refusals of request["refuse"], and answers the first trip instead when anything
    tripped: kind "refused" with the refused name for what the catalogue refuses, kind "wrong"
    with a sentence for leaving the check's sight.
    """
    audit, set_profile, get_profile, current_frames, get_frame = (sys.audit, sys.setprofile, sys.getprofile,
                                                                  sys._current_frames, sys._getframe)
    getpid, here = os.getpid, os.getpid()
    home = os.getcwd() + os.sep  # the worker's folder, where the student's modules (or cells) run from
    ctypes_folder = os.path.dirname(importlib.util.find_spec("ctypes").origin) + os.sep
    library, impl, destroy, dump, aten = (torch.library.Library, torch.library.Library.impl,
                                          torch.library.Library._destroy, torch._C._dispatch_dump, torch.ops.aten)
    catch_warnings, ignore = warnings.catch_warnings, warnings.simplefilter
    stack_len, stack_at, push, pop = (torch._C._len_torch_dispatch_stack, torch._C._get_dispatch_stack_at,
                                      torch._C._push_on_torch_dispatch_stack, torch._C._pop_torch_dispatch_stack)
    enter, leave = TorchDispatchMode.__enter__, TorchDispatchMode.__exit__
    excluded, python_key = torch._C._dispatch_tls_is_dispatch_key_excluded, torch._C.DispatchKey.Python
    untyped_storage, storage_ptr, storage_bytes = (torch.Tensor.untyped_storage, torch.UntypedStorage.data_ptr,
                                                   torch.UntypedStorage.nbytes)
    empty, set_storage, cpu, numpy, digest, strided = (torch.empty, torch.Tensor.set_, torch.Tensor.cpu,
                                                       torch.Tensor.numpy, hashlib.blake2b, torch.strided)
    is_a, length, ident, text, kind_of, listed, members, has, attribute, first = (isinstance, len, id, str, type, list,
                                                                                 vars, hasattr, getattr, next)
    tripped, unseen, registered, forwarding, literals = TRIPPED, UNSEEN, REGISTERED, FORWARDING, LITERALS
    tensor_type, uint8, module_type, function_type = torch.Tensor, torch.uint8, types.ModuleType, types.FunctionType
    print_of, tensors, import_module = fingerprint, tensors_in, importlib.import_module
    starts, during = types.MappingProxyType(dict(STARTS)), types.MappingProxyType(dict(DURING))
    thread_start = threading.Thread.start
    start_code, thread_trap = thread_start.__code__, _trap_code(("wrong", f"it started a thread (threading), {unseen}"))
    # the module attributes through which Python code starts a thread without threading.Thread
    starters = [(owner, name, attribute(owner, name)) for owner, name in
                ((_thread, "start_new_thread"), (_thread, "start_joinable_thread"), (threading, "_start_new_thread"))
                if has(owner, name)]

    active = False
    quiet = 0  # our own audited calls
    unsetting = False  # the interpreter drops a profile hook that raised, and audits that
    # Kept in closures, not in containers that a frame shows: the hook's frame is on the traceback
    # of what it raises.
    add_trip, first_trip, clear_trips = _ledger()  # (kind, message) for the call being guarded
    add_born, first_born, _ = _ledger()  # what the student's code started outside calls

    def hook(event: str, args: tuple) -> None:
        nonlocal unsetting
        if event == tripped:
            if active:
                add_trip(args[0])
                raise RefusedCall(args[0][1])
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
            add_trip(("wrong", f"it {what}, {unseen}"))
            raise RefusedCall(what)
        if getpid() == here and from_student(directly=event.startswith("ctypes")):
            add_born(what)

    sys.addaudithook(hook)

    def answer(trip: tuple) -> tuple:
        return {"ok": False, "kind": trip[0], "message": trip[1]}, None

    def filled(cell) -> bool:
        try:
            cell.cell_contents
        except ValueError:  # a closure variable not yet assigned
            return False
        return True

    def from_student(directly: bool) -> bool:
        """Whether the student's code asked for it: anywhere up the stack, or, `directly`, as the
        first caller outside ctypes (libraries load their own C code through ctypes)."""
        frame = quietly(get_frame, 3)
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

    kernels: dict[str, list] = {}  # operator: [(overload, dispatch key)] where it has a kernel

    def kernel_keys(op: str) -> list:
        if op not in kernels:
            try:
                overloads = attribute(aten, op).overloads()
            except (AttributeError, RuntimeError):  # an operator this torch does not have
                overloads = []
            kernels[op] = []
            for overload in overloads:
                name = op if overload == "default" else f"{op}.{overload}"
                for line in dump(f"aten::{name}").splitlines():
                    found = registered.match(line)
                    if (found and "fallthrough" not in found.group(2) and "Meta" not in found.group(1)
                            and not found.group(1).startswith(forwarding)):
                        kernels[op].append((name, found.group(1)))
        return kernels[op]

    def trap_for(op: str, shown: str):
        plain = op.strip("_").removesuffix("_forward") in re.split(r"[^\w]+", shown)
        message = shown if plain else f"{shown} (through aten.{op})"

        def trap(*args, **kwargs):
            audit(tripped, ("refused", message))

        return trap

    def arm(operators: dict):
        """Trap the operators' kernels and the ways to start a thread; disarm() undoes it."""
        lib = library("aten", "IMPL")
        with catch_warnings():
            ignore("ignore")  # torch warns that a kernel is overridden, which is the point
            for op, shown in operators.items():
                trap = trap_for(op, shown)
                for name, key in kernel_keys(op):
                    impl(lib, name, trap, key)
        # Swapping the code, not the attribute, reaches every alias of Thread.start.
        thread_start.__code__ = thread_trap
        for owner, name, _ in starters:
            setattr(owner, name, thread_starter)
        return lib

    def thread_starter(*args, **kwargs):
        audit(tripped, ("wrong", f"it started a thread (_thread), {unseen}"))

    def disarm(lib) -> None:
        destroy(lib)
        thread_start.__code__ = start_code
        for owner, name, original in starters:
            setattr(owner, name, original)

    resolved: dict[str, tuple] = {}  # dotted path: (codes, builtins, folders) it stands for

    def resolve(dotted: str) -> tuple:
        if dotted not in resolved:
            parts, value = dotted.split("."), None
            for cut in range(len(parts), 0, -1):
                try:
                    value = import_module(".".join(parts[:cut]))
                except ImportError:
                    continue
                for part in parts[cut:]:
                    value = attribute(value, part)
                break
            hit = ("refused", dotted)
            if kind_of(value) is module_type:
                path = value.__file__
                folder = os.path.dirname(path) + os.sep if path.endswith("__init__.py") else path
                resolved[dotted] = ({}, {}, ((folder, hit),))
            elif has(value, "__code__"):
                resolved[dotted] = ({ident(value.__code__): (value.__code__, hit)}, {}, ())
            else:
                resolved[dotted] = ({}, {ident(value): (value, hit)}, ())
        return resolved[dotted]

    def profiler(attributes: list):
        codes, builtins, folders = {}, {}, []
        for dotted in attributes:
            more_codes, more_builtins, more_folders = resolve(dotted)
            codes.update(more_codes)
            builtins.update(more_builtins)
            folders.extend(more_folders)
        prefixes = tuple(folder for folder, _ in folders)

        def profile(frame, event, arg):
            nonlocal unsetting
            hit = None
            if event == "call":
                code = frame.f_code
                entry = codes.get(ident(code))
                if entry is not None and entry[0] is code:
                    hit = entry[1]
                elif prefixes and code.co_filename.startswith(prefixes):
                    hit = first(h for folder, h in folders if code.co_filename.startswith(folder))
            elif event == "c_call":
                entry = builtins.get(ident(arg))
                if entry is not None and entry[0] is arg:
                    hit = entry[1]
            if hit is not None:
                unsetting = True
                audit(tripped, hit)

        return profile

    def threads_running() -> bool:
        return length(quietly(current_frames)) > 1

    def storage_of(t) -> tuple:
        """Where a tensor's content lives and a digest of it; (None, None) for tensors without
        storage of their own (meta, sparse, nested), which the record cannot follow."""
        if t.device.type == "meta" or t.layout != strided:
            return None, None
        storage = untyped_storage(t)
        key = (text(t.device), storage_ptr(storage), storage_bytes(storage))
        data = set_storage(empty(0, dtype=uint8, device=t.device), storage)
        return key, digest(numpy(cpu(data)).tobytes(), digest_size=16).digest()

    class Recorder(TorchDispatchMode):
        def __init__(self):
            super().__init__()
            self.known: dict = {}  # storage: digest of the content that recorded operators left in it
            self.operators = 0
            self.unexplained: list[str] = []

        def learn(self, t) -> None:
            key, content = storage_of(t)
            self.known[key] = content

        def explains(self, t) -> bool:
            key, content = storage_of(t)
            return key is None or self.known.get(key) == content

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            self.operators += 1
            inputs = tensors([list(args), kwargs])
            if func._overloadpacket.__name__ not in literals:
                for t in inputs:
                    if not self.explains(t) and length(self.unexplained) < 5:
                        self.unexplained.append(text(func._overloadpacket.__name__))
            out = func(*args, **kwargs)
            for t in inputs + tensors(out):
                self.learn(t)
            return out

    def constants(namespace) -> list:
        """Tensors the student's code holds before the call: in the module's globals and their
        containers, in the defaults and closures of its functions, in its classes and their
        instances."""
        own, found, seen, todo = namespace.__name__, [], set(), [(v, 0) for v in members(namespace).values()]
        while todo and length(seen) < 10_000:
            value, depth = todo.pop()
            if ident(value) in seen or depth > 4:
                continue
            seen.add(ident(value))
            kind = kind_of(value)
            if is_a(value, tensor_type):
                found.append(value)
                continue
            if kind in (list, tuple, set, frozenset):
                children = listed(value)
            elif kind is dict:
                children = listed(value.values())
            elif kind is function_type and value.__module__ == own:
                children = [*(value.__defaults__ or ()), *(value.__kwdefaults__ or {}).values(),
                            *(cell.cell_contents for cell in value.__closure__ or () if filled(cell))]
            elif (is_a(value, type) and value.__module__ == own) or kind.__module__ == own:
                children = listed(members(value).values())
            else:
                children = []
            todo.extend((child, depth + 1) for child in children)
        return found

    def observed(args, kwargs, namespace, handle) -> tuple:
        recorder = Recorder()
        for t in tensors([list(args), kwargs]) + (constants(namespace) if namespace is not None else []):
            recorder.learn(t)
        depth = stack_len()
        enter(recorder)
        try:
            reply, value = handle()
        finally:
            intact = (stack_len() == depth + 1 and stack_at(depth) is recorder
                      and not excluded(python_key))
            while stack_len() > depth + 1:
                pop(None)
            if stack_len() == depth:
                push(recorder)  # so that leaving it restores torch's own flags
            leave(recorder, None, None, None)
        if not reply["ok"]:
            return reply, value
        record = {"operators": recorder.operators, "intact": intact, "unexplained": recorder.unexplained,
                  "results": [{"fingerprint": print_of(t), "explained": recorder.explains(t)}
                              for t in tensors(value)]}
        return reply, {"value": value, "record": record}

    def guarded(request: dict, args, kwargs, namespace, handle) -> tuple:
        nonlocal active
        refuse = request.get("refuse") or {}
        if not (refuse.get("operators") or refuse.get("attributes")):
            return handle()
        if first_born() and getpid() == here:  # a notebook's cells ran in the process its items fork from
            return answer(("wrong", f"the module {first_born()} when it was imported, {unseen}"))
        if threads_running():
            return answer(("wrong", f"a thread that the module started was running when the call began, {unseen}"))
        clear_trips()
        lib = arm(refuse.get("operators", {}))
        # Python code is watched on entry only where the item refuses some: profiling slows every call.
        profile = profiler(refuse["attributes"]) if refuse.get("attributes") else None
        previous = get_profile()
        active = True
        if profile:
            quietly(set_profile, profile)
        try:
            if request.get("observe"):
                reply, value = observed(args, kwargs, namespace, handle)
            else:
                reply, value = handle()
        finally:
            replaced = get_profile() is not (profile or previous)
            quietly(set_profile, previous)
            active = False
            disarm(lib)
        if not first_trip() and replaced:
            add_trip(("wrong", f"the profile hook of the grader's check was removed, {unseen}"))
        if not first_trip() and threads_running():
            add_trip(("wrong", f"a thread was still running when the call ended, {unseen}"))
        return answer(first_trip()) if first_trip() else (reply, value)

    return guarded
