"""The trusted side's cache (autograder/checks/cache.py): what it hands back is what a fresh
computation gives, and the reference's timings are measured again when they should be."""

from __future__ import annotations

import pytest
import torch

from autograder import submission
from autograder.checks import cache
from autograder.grading import grade
from autograder.runner.session import open_session
from conftest import SOLUTIONS

MEMOISED = ["q06", "q12", "q15", "q17", "q18", "q22", "q25", "q26", "q27"]  # the items whose checks call cache.memo


def same(a, b) -> bool:
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and a.shape == b.shape and torch.equal(a, b)
    if isinstance(a, torch.nn.Module):
        return type(a) is type(b) and same(a.state_dict(), b.state_dict())
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.slow
def test_every_cached_observation_equals_a_fresh_one():
    with open_session(submission.read(SOLUTIONS), "cpu", MEMOISED) as session:
        report = grade(session, MEMOISED)
    assert report["score"] == report["max_score"]
    held = cache.entries()
    assert {f.__module__.rsplit(".", 1)[-1][5:8] for f, *_ in held} >= set(MEMOISED), "an item stopped using the cache"
    for function, args, kwargs, cached in held:
        assert same(cached, function(*args, **kwargs)), f"{function.__qualname__}: cached and fresh results differ"


@pytest.mark.fast
def test_a_cached_result_is_a_copy():
    first = cache.memo(lambda: {"weights": torch.zeros(2)})
    first["weights"] += 1
    assert torch.equal(cache.memo(lambda: {"weights": torch.zeros(2)})["weights"], torch.zeros(2))


@pytest.mark.fast
def test_the_key_is_the_arguments_values():
    calls = []

    def double(t):
        calls.append(t)
        return t * 2

    cache.memo(double, torch.tensor([1.0, 2.0]))
    cache.memo(double, torch.tensor([1.0, 2.0]))
    cache.memo(double, torch.tensor([1.0, 3.0]))
    cache.memo(double, torch.tensor([1.0, 2.0], dtype=torch.float64))
    assert len(calls) == 3


@pytest.mark.fast
def test_a_reference_timing_is_measured_again_every_refresh_students_and_near_the_limit():
    measured = []

    def measure():
        measured.append(cache._student)
        return len(measured)

    first = cache.next_student()
    assert cache.timing("t", measure) == {"value": 1, "student": first, "at": cache._timings["t"]["at"], "reused": False}
    cache.next_student()
    again = cache.timing("t", measure)
    assert again["value"] == 1 and again["reused"] and again["student"] == first
    assert cache.timing("t", measure, near_limit=True)["value"] == 2  # a close verdict gets its own timing
    for _ in range(cache.REFRESH):
        cache.next_student()
    assert cache.timing("t", measure) == {**cache._timings["t"], "reused": False} and len(measured) == 3
