"""What the trusted side computes the same way for every student, computed once per grading
process: grade-all's long-lived processes (batch/server.py) reuse it from one student to the next.

`memo(function, *args)` is for deterministic work on trusted inputs (a probe run on the reference,
the replay of a student's net from its weights): the key is the function and the arguments'
values, so a cached result is exactly what a fresh call would return (tests/test_cache.py
recomputes every entry of a whole grading and compares). Callers get a copy, never the cached
object itself.

`timing(key, measure)` is for the reference's timings, which are not deterministic: one is
measured when first needed, then reused for at most REFRESH students, and measured again sooner
when a verdict lies close to its limit; each timing says which student it was measured for.
"""

from __future__ import annotations

import copy
import hashlib
import time

REFRESH = 10  # students graded with one reference timing before it is measured again

_memo: dict = {}
_timings: dict = {}
_student = 0  # how many students this process has begun grading


def next_student() -> int:
    """A new student's grading begins (grading.grade calls this)."""
    global _student
    _student += 1
    return _student


def memo(function, *args, **kwargs):
    key = (function.__module__, function.__qualname__, fingerprint((args, kwargs)))
    if key not in _memo:
        _memo[key] = (function, args, kwargs, function(*args, **kwargs))
    return copy.deepcopy(_memo[key][3])


def entries() -> list[tuple]:
    """(function, args, kwargs, cached result) of everything memoised so far."""
    return list(_memo.values())


def fingerprint(value) -> str:
    """A digest of a value made of plain data, tensors, modules' names and simple objects."""
    import torch

    from autograder.worker.tripwire import fingerprint as tensor_fingerprint

    digest = hashlib.sha256()

    def feed(v):
        if isinstance(v, torch.Tensor):
            digest.update(f"T{tensor_fingerprint(v)};".encode())
        elif isinstance(v, dict):
            digest.update(b"{")
            for k in sorted(v, key=repr):
                feed(k)
                feed(v[k])
            digest.update(b"}")
        elif isinstance(v, (list, tuple)):
            digest.update(f"{type(v).__name__}{len(v)}(".encode())
            for item in v:
                feed(item)
            digest.update(b")")
        elif v is None or isinstance(v, (bool, int, float, str, bytes)):
            digest.update(f"{type(v).__name__}:{v!r};".encode())
        elif hasattr(v, "__name__") and hasattr(v, "__file__"):  # a module, such as the reference
            digest.update(f"module:{v.__name__};".encode())
        else:
            raise TypeError(f"cache: cannot fingerprint a {type(v).__name__}")

    feed(value)
    return digest.hexdigest()


def timing(key: str, measure, near_limit: bool = False) -> dict:
    """The reference's timing for `key`: {"value": what measure() returned, "student": the
    student it was measured for, "at": when, "reused": whether it was measured for another one}.
    near_limit: the verdict it decides would be close, so a timing of an earlier student is not
    good enough."""
    held = _timings.get(key)
    if held is None or near_limit and held["student"] != _student or _student - held["student"] >= REFRESH:
        held = _timings[key] = {"value": measure(), "student": _student, "at": time.strftime("%H:%M:%S")}
    return {**held, "reused": held["student"] != _student}
