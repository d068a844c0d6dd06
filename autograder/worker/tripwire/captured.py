"""What the tripwire's run-time code reaches: the functions it captured before any student code
ran, in one namespace that nothing can rebind, and the exception it raises.

A submission runs in the worker's process and, as it is imported, may rebind whatever it can
name: builtins.setattr, len, isinstance, re.split, torch's functions and methods. The tripwire's
code that runs after that (the audit hook, the traps, the guarded call, the recorder) therefore
names no global and no builtin. It reaches every function through `SAFE`, filled from the usual
places when this module is imported, which the worker does before it loads any student code, and
handed to the builders of that code, whose closures keep it. Each attribute has the name the
function has where it comes from: safe.len, safe.setattr, safe.split (re's), safe.getpid (os's),
safe.detach (torch.Tensor's); code that runs for every call or every tensor binds what it needs
from it, once, to locals of the same names. tests/test_tripwire_captured.py reads the run-time
code and fails on any other name.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import sys
import types
import warnings
from operator import itemgetter

import torch
from torch.utils._python_dispatch import TorchDispatchMode


class RefusedCall(BaseException):
    """Raised inside student code; a BaseException so that `except Exception` cannot hide it."""


def frozen(**values) -> tuple:
    """A namespace of `values` whose attributes cannot be rebound or deleted: a tuple, whose items
    cannot be replaced, read through a property without a setter for each name."""
    getters = {name: property(itemgetter(i)) for i, name in enumerate(values)}
    return type("Frozen", (tuple,), {"__slots__": (), **getters})(values.values())


SAFE = frozen(
    # builtins
    dict=dict, frozenset=frozenset, getattr=getattr, hasattr=hasattr, id=id, isinstance=isinstance, len=len,
    list=list, next=next, range=range, set=set, setattr=setattr, str=str, super=super, tuple=tuple, type=type,
    vars=vars, AttributeError=AttributeError, ImportError=ImportError, RuntimeError=RuntimeError,
    ValueError=ValueError,
    # sys, os, re, importlib, warnings, hashlib, types
    audit=sys.audit, getprofile=sys.getprofile, setprofile=sys.setprofile, _current_frames=sys._current_frames,
    _getframe=sys._getframe, getpid=os.getpid, dirname=os.path.dirname, sep=os.sep, split=re.split,
    import_module=importlib.import_module, catch_warnings=warnings.catch_warnings,
    simplefilter=warnings.simplefilter, blake2b=hashlib.blake2b, FunctionType=types.FunctionType,
    ModuleType=types.ModuleType,
    # torch, and torch.Tensor's and torch.UntypedStorage's methods
    Tensor=torch.Tensor, empty=torch.empty, strided=torch.strided, uint8=torch.uint8, aten=torch.ops.aten,
    detach=torch.Tensor.detach, to=torch.Tensor.to, cpu=torch.Tensor.cpu, contiguous=torch.Tensor.contiguous,
    reshape=torch.Tensor.reshape, view=torch.Tensor.view, numpy=torch.Tensor.numpy, set_=torch.Tensor.set_,
    untyped_storage=torch.Tensor.untyped_storage, data_ptr=torch.UntypedStorage.data_ptr,
    nbytes=torch.UntypedStorage.nbytes,
    # torch.library.Library and its methods
    Library=torch.library.Library, impl=torch.library.Library.impl, _destroy=torch.library.Library._destroy,
    # torch._C's dispatcher and dispatch-mode stack, and TorchDispatchMode's entry and exit
    _dispatch_dump=torch._C._dispatch_dump,
    _dispatch_tls_is_dispatch_key_excluded=torch._C._dispatch_tls_is_dispatch_key_excluded,
    _len_torch_dispatch_stack=torch._C._len_torch_dispatch_stack,
    _get_dispatch_stack_at=torch._C._get_dispatch_stack_at,
    _push_on_torch_dispatch_stack=torch._C._push_on_torch_dispatch_stack,
    _pop_torch_dispatch_stack=torch._C._pop_torch_dispatch_stack,
    __enter__=TorchDispatchMode.__enter__, __exit__=TorchDispatchMode.__exit__,
    # the tripwire's own exception, reached here like the rest so that rebinding its name changes nothing
    RefusedCall=RefusedCall,
)
