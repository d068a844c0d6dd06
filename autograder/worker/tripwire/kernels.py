"""Kernel traps: a refused aten operator traps in its kernel, whatever reached it.

torch.sigmoid, x.sigmoid(), F.sigmoid, torch.special.expit, torch.ops.aten.sigmoid.default, a
redispatch below the Python key and another thread all end in the operator's kernels, which a
dispatch mode alone would not see. For the length of a guarded call a library of registrations
replaces each kernel of the refused operators with a trap that reports the refused name.
"""

from __future__ import annotations

import re

from autograder.worker.tripwire.captured import frozen

# Dispatch keys whose kernels only wrap or forward to the one below; a trap goes where the work is.
FORWARDING = ("Autograd", "Autocast", "Tracer", "FuncTorch", "Batched", "Conjugate", "Negative", "ADInplaceOrView",
              "Functionalize", "Python", "Named", "ZeroTensor", "PreDispatch", "BackendSelect")
# functorch's own decompositions of an operator, which torch.func's transforms run instead of its
# kernels (binary_cross_entropy_with_logits under grad, a composite operator under vmap): work too.
DECOMPOSING = ("FuncTorchDynamicLayerFrontMode", "FuncTorchBatchedDecomposition")
REGISTERED = re.compile(r"^(\w+)(?:\[alias\])?: registered at .*\[ (.*)\]$")


def kernel_traps(safe, report) -> tuple:
    """arm(operators) traps the kernels of {operator: the refused name it stands for} and returns
    the library that disarm(library) takes away again. `report` is the audit hook's."""
    forwarding, decomposing, registered = FORWARDING, DECOMPOSING, REGISTERED  # as they are now, whatever rebinds them
    kernels: dict[str, list] = {}  # operator: [(overload, dispatch key)] where it has a kernel

    def kernel_keys(op: str) -> list:
        if op not in kernels:
            try:
                overloads = safe.getattr(safe.aten, op).overloads()
            except (safe.AttributeError, safe.RuntimeError):  # an operator this torch does not have
                overloads = []
            kernels[op] = []
            for overload in overloads:
                name = op if overload == "default" else f"{op}.{overload}"
                for line in safe._dispatch_dump(f"aten::{name}").splitlines():
                    found = registered.match(line)
                    if (found and "fallthrough" not in found.group(2) and "Meta" not in found.group(1)
                            and (found.group(1) in decomposing or not found.group(1).startswith(forwarding))):
                        kernels[op].append((name, found.group(1)))
        return kernels[op]

    def trap_for(op: str, shown: str):
        plain = op.strip("_").removesuffix("_forward") in safe.split(r"[^\w]+", shown)
        message = shown if plain else f"{shown} (through aten.{op})"

        def trap(*args, **kwargs):
            report(("refused", message))

        return trap

    def arm(operators: dict):
        library = safe.Library("aten", "IMPL")
        with safe.catch_warnings():
            safe.simplefilter("ignore")  # torch warns that a kernel is overridden, which is the point
            for op, shown in operators.items():
                trap = trap_for(op, shown)
                for name, key in kernel_keys(op):
                    safe.impl(library, name, trap, key)
        return library

    def disarm(library) -> None:
        safe._destroy(library)

    return frozen(arm=arm, disarm=disarm)
