"""The recorder: what a request marked `observe` ran, recorded by a dispatch mode, and the
fingerprints that tie the record to the tensors the grader receives.

The mode records every operator the call ran and the content of every storage those operators
read or wrote. The reply then carries the record beside the value: whether the mode was still in
place at the end, which operators read tensors that no recorded operator, argument or module
constant accounts for, and for each returned tensor its `fingerprint` and whether a recorded
operator produced its content. The trusted side compares the fingerprints with the tensors it
received, so `fingerprint` and `tensors_in` serve both sides.
"""

from __future__ import annotations

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from autograder.worker.tripwire.captured import SAFE

# Operators that turn Python numbers or arrays into a tensor: what they read is a literal.
LITERALS = ("lift", "lift_fresh", "lift_fresh_copy")


def fingerprinter(safe):
    def fingerprint(t: torch.Tensor) -> str:
        """dtype, shape and a digest of the values, as the tensor travels to the grader."""
        data = safe.view(safe.reshape(safe.contiguous(safe.to(safe.detach(t), "cpu")), (-1,)), safe.uint8)
        digest = safe.blake2b(safe.numpy(data).tobytes(), digest_size=16).hexdigest()
        return f"{t.dtype}{safe.tuple(t.shape)}:{digest}"

    return fingerprint


def walker(safe):
    isinstance, Tensor, list, tuple, dict = safe.isinstance, safe.Tensor, safe.list, safe.tuple, safe.dict

    def tensors_in(value) -> list:
        """The tensors of plain data, in the order both sides walk it."""
        if isinstance(value, Tensor):
            return [value]
        if isinstance(value, (list, tuple)):
            return [t for v in value for t in tensors_in(v)]
        if isinstance(value, dict):
            return [t for pair in value.items() for t in tensors_in(list(pair))]
        return []

    return tensors_in


fingerprint = fingerprinter(SAFE)
tensors_in = walker(SAFE)


def recorder(safe):
    """observed(args, kwargs, namespace, handle): handle() under a recording dispatch mode, whose
    record comes back beside the value as {"value": ..., "record": ...} when the call succeeds."""
    # this guard's own, so that rebinding the module's names changes nothing
    fingerprint, tensors_in = fingerprinter(safe), walker(safe)
    literals, python_key = LITERALS, torch._C.DispatchKey.Python
    # Looked up once here: the mode reads every tensor of every operator through these, and the
    # walk for constants may visit thousands of values.
    untyped_storage, data_ptr, nbytes, set_, empty, cpu, numpy, blake2b = (
        safe.untyped_storage, safe.data_ptr, safe.nbytes, safe.set_, safe.empty, safe.cpu, safe.numpy, safe.blake2b)
    id, isinstance, len, list, str, type, vars = (safe.id, safe.isinstance, safe.len, safe.list, safe.str, safe.type,
                                                  safe.vars)
    Tensor, FunctionType, strided, uint8 = safe.Tensor, safe.FunctionType, safe.strided, safe.uint8
    containers = (safe.list, safe.tuple, safe.set, safe.frozenset)

    def storage_of(t) -> tuple:
        """Where a tensor's content lives and a digest of it; (None, None) for tensors without
        storage of their own (meta, sparse, nested), which the record cannot follow."""
        if t.device.type == "meta" or t.layout != strided:
            return None, None
        storage = untyped_storage(t)
        key = (str(t.device), data_ptr(storage), nbytes(storage))
        data = set_(empty(0, dtype=uint8, device=t.device), storage)
        return key, blake2b(numpy(cpu(data)).tobytes(), digest_size=16).digest()

    class Recorder(TorchDispatchMode):
        def __init__(self):
            safe.super(Recorder, self).__init__()
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
            inputs = tensors_in([list(args), kwargs])
            if func._overloadpacket.__name__ not in literals:
                for t in inputs:
                    if not self.explains(t) and len(self.unexplained) < 5:
                        self.unexplained.append(str(func._overloadpacket.__name__))
            out = func(*args, **kwargs)
            for t in inputs + tensors_in(out):
                self.learn(t)
            return out

    def filled(cell) -> bool:
        try:
            cell.cell_contents
        except safe.ValueError:  # a closure variable not yet assigned
            return False
        return True

    def constants(namespace) -> list:
        """Tensors the student's code holds before the call: in the module's globals and their
        containers, in the defaults and closures of its functions, in its classes and their
        instances."""
        own, found, seen, todo = namespace.__name__, [], safe.set(), [(v, 0) for v in vars(namespace).values()]
        while todo and len(seen) < 10_000:
            value, depth = todo.pop()
            if id(value) in seen or depth > 4:
                continue
            seen.add(id(value))
            kind = type(value)
            if isinstance(value, Tensor):
                found.append(value)
                continue
            if kind in containers:
                children = list(value)
            elif kind is safe.dict:
                children = list(value.values())
            elif kind is FunctionType and value.__module__ == own:
                children = [*(value.__defaults__ or ()), *(value.__kwdefaults__ or {}).values(),
                            *(cell.cell_contents for cell in value.__closure__ or () if filled(cell))]
            elif (isinstance(value, type) and value.__module__ == own) or kind.__module__ == own:
                children = list(vars(value).values())
            else:
                children = []
            todo.extend((child, depth + 1) for child in children)
        return found

    def observed(args, kwargs, namespace, handle) -> tuple:
        recorder = Recorder()
        for t in tensors_in([list(args), kwargs]) + (constants(namespace) if namespace is not None else []):
            recorder.learn(t)
        depth = safe._len_torch_dispatch_stack()
        safe.__enter__(recorder)
        try:
            reply, value = handle()
        finally:
            intact = (safe._len_torch_dispatch_stack() == depth + 1 and safe._get_dispatch_stack_at(depth) is recorder
                      and not safe._dispatch_tls_is_dispatch_key_excluded(python_key))
            while safe._len_torch_dispatch_stack() > depth + 1:
                safe._pop_torch_dispatch_stack(None)
            if safe._len_torch_dispatch_stack() == depth:
                safe._push_on_torch_dispatch_stack(recorder)  # so that leaving it restores torch's own flags
            safe.__exit__(recorder, None, None, None)
        if not reply["ok"]:
            return reply, value
        record = {"operators": recorder.operators, "intact": intact, "unexplained": recorder.unexplained,
                  "results": [{"fingerprint": fingerprint(t), "explained": recorder.explains(t)}
                              for t in tensors_in(value)]}
        return reply, {"value": value, "record": record}

    return observed
