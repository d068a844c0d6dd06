"""Refuse torch functions that an exercise asks the student to write from scratch.

Two mechanisms, because students reach a library function in two ways:
- aten operators (torch.sigmoid, x.sigmoid(), F.sigmoid, torch.special.expit and any alias all
  end in `aten.sigmoid`), caught by a dispatch mode whatever name the student used;
- plain Python attributes such as `torch.utils.data.DataLoader`, swapped for a trap during the
  call, together with any alias the student's module holds.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager

from torch.utils._python_dispatch import TorchDispatchMode


class RefusedCall(BaseException):
    """Raised inside student code; a BaseException so that `except Exception` cannot hide it."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class _OperatorTrap(TorchDispatchMode):
    def __init__(self, operators: dict[str, str], record: list):
        super().__init__()
        self.operators = operators
        self.record = record

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        name = self.operators.get(func._overloadpacket.__name__)
        if name is not None:
            self.record.append(name)
            raise RefusedCall(name)
        return func(*args, **(kwargs or {}))


def _resolve(dotted: str):
    module_name, _, attr = dotted.rpartition(".")
    return importlib.import_module(module_name), attr


def _trap(name: str, record: list):
    def refused(*args, **kwargs):
        record.append(name)
        raise RefusedCall(name)

    return refused


@contextmanager
def refusing(operators: dict[str, str], attributes: list[str], namespace: dict, record: list):
    """While active, any refused operator or attribute raises RefusedCall and is logged in record.

    operators maps an aten operator name ("sigmoid") to the name shown to the student
    ("torch.sigmoid"); attributes are dotted paths ("torch.utils.data.DataLoader").
    """
    swapped = []  # (owner, attribute, original) to put back
    for dotted in attributes:
        owner, attr = _resolve(dotted)
        original = getattr(owner, attr)
        trap = _trap(dotted, record)
        swapped.append((owner, attr, original))
        setattr(owner, attr, trap)
        # `from torch.utils.data import DataLoader` made an alias in the student's module.
        for key, value in list(namespace.items()):
            if value is original:
                swapped.append((namespace, key, original))
                namespace[key] = trap
    try:
        if operators:
            with _OperatorTrap(operators, record):
                yield
        else:
            yield
    finally:
        for owner, attr, original in reversed(swapped):
            if isinstance(owner, dict):
                owner[attr] = original
            else:
                setattr(owner, attr, original)
