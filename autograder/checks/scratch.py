"""The from-scratch check, written once for every item whose catalogue entry refuses calls.

checks/conftest.py adds `test_written_from_scratch` to the public checks of every such item. It
reads the source first, so that a refused call is named with its line before anything runs, then
runs each from-scratch function on its docstring's first example under the worker's tripwire.
Where the item refuses operators the run is also observed, and the worker's record of it must
hold: the record was not interrupted, every operator read tensors that the call's arguments, the
module's constants or earlier recorded operators account for, and every tensor the call returned
is the one the record describes (the same fingerprint as the tensor received here) and was
produced by a recorded operator.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable

import pytest

from autograder.checks.expect import expect, fail
from autograder.checks.show import show_call
from autograder.worker.tripwire import fingerprint, tensors_in

UNFOLLOWED = ("work that the grader's run-time check did not see (another thread, a compiled kernel, native code, "
              "or torch's dispatch switched off)")


@dataclass(frozen=True)
class Sample:
    """One run of the from-scratch code: a function's name and its arguments, or a probe."""

    target: str | Callable
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    shown: str = ""  # what a probe does, as the student would write it
    uses: tuple[str, ...] = ()  # the student's names a probe looks up by name


def sample(target: str | Callable, *args, shown: str = "", uses: tuple[str, ...] = (), **kwargs) -> Sample:
    return Sample(target, args, kwargs, shown, uses)


def clause(item) -> str:
    """The clause the check holds: the sentence of the item's question that names what is refused."""
    return f"{item.id}.scratch"


@pytest.mark.points(1)
def test_written_from_scratch(student):
    expect_written_from_scratch(student, *(example(student.item, name) for name in student.item.scratch))


def example(item, name: str) -> Sample:
    """The call of `name` in its docstring's first example, such as `sigmoid(torch.tensor([0.0]))`.
    A class is made and, when it is iterable, iterated (a DataLoader does its work there)."""
    if name not in item.examples:
        raise ValueError(f"{item.id}: {name} must be written from scratch, so its docstring needs an example call")
    call = ast.parse(item.examples[name], mode="eval").body
    args = tuple(literal(a) for a in call.args)
    kwargs = {k.arg: literal(k.value) for k in call.keywords}
    if item.kinds.get(name) == "class":
        return sample(_made_and_iterated, name, args, kwargs, shown=f"list({show_call(name, args, kwargs)})",
                      uses=(name,))
    return sample(name, *args, **kwargs)


def literal(node: ast.expr):
    """An example's argument: a literal, `torch.tensor(literal)` or `range(...)` (as a list, which
    is plain data and indexes the same)."""
    import torch

    if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)) and not node.keywords:
        function = ast.unparse(node.func)
        values = [ast.literal_eval(a) for a in node.args]
        if function == "torch.tensor" and len(values) == 1:
            return torch.tensor(values[0])
        if function == "range":
            return list(range(*values))
    return ast.literal_eval(node)


def _made_and_iterated(ns, name, args, kwargs):
    made = getattr(ns, name)(*args, **kwargs)
    return len([None for _ in made]) if hasattr(made, "__iter__") else 0


def expect_written_from_scratch(student, *samples: Sample) -> None:
    uses = student.refused_calls()
    expect(not uses, lambda: refused_message(student.item, uses))
    for run in samples:
        if callable(run.target):
            student.run(run.target, *run.args, call=run.shown, uses=run.uses, **run.kwargs)
        elif student.item.refusals()["operators"]:
            observed = student.observe(run.target, *run.args, **run.kwargs)
            expect_recorded(observed["record"], observed["value"], student.last_call)
        else:
            student.call(run.target, *run.args, **run.kwargs)


def refused_message(item, uses: list) -> str:
    groups: dict = {}
    for use in uses:
        groups.setdefault(use.refusal, []).append(use)
    lines = []
    for refusal, group in groups.items():
        where = ", ".join(f"{use.name} ({f'{use.module}.py, ' if use.module else ''}line {use.line})" for use in group)
        lines.append(f"\n  {where}: {refusal.shown}; {refusal.hint}")
    names = ", ".join(item.scratch[:-1]) + " and " + item.scratch[-1] if len(item.scratch) > 1 else item.scratch[0]
    return f"{names} must be written from scratch, but the source uses" + "".join(lines)


def expect_recorded(record: dict, value, call: str) -> None:
    """The worker's record of an observed call is whole and accounts for what came back."""
    expect(record["intact"], f"{call}: torch's dispatch was switched off or its mode stack changed during the call, "
                             "so the grader could not follow the operations; leave torch's dispatch alone")
    if record["unexplained"]:
        fail(f"{call}: the operation {record['unexplained'][0]} read a tensor made by {UNFOLLOWED}; "
             "compute the result in the function itself with tensor operations")
    received = tensors_in(value)
    expect(len(received) == len(record["results"]) and all(
        fingerprint(t) == r["fingerprint"] for t, r in zip(received, record["results"])),
        f"{call}: what came back is not what the grader's record of the call describes")
    for number, result in enumerate(record["results"]):
        expect(result["explained"], f"{call} returned a tensor{f' (number {number + 1})' if len(received) > 1 else ''} "
                                    f"made by {UNFOLLOWED}; compute the result in the function itself with tensor "
                                    "operations")
