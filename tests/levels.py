"""The isolation levels the attack tests grade at, probed when a test first asks (never while
tests are collected: a probe starts a sandbox).

DEFAULT is whatever the ladder picks on this machine, as users get it; the fast tier grades
there. The full tier adds every other level this machine offers, each named, and the emulated
container host (tests/container_host.py), where the ladder must choose separate-user.
"""

from __future__ import annotations

import contextlib
import functools
import os

import pytest

from autograder.runner import isolation
from container_host import ContainerHost, emulation_missing

DEFAULT = "default"
CONTAINER = "container-host"
# Every level besides limits-only, which promises less.
NAMED = (*isolation.LEVELS[:-1], CONTAINER)
# Enough for one grading with PyPI's CUDA build of torch (docs/instructors.md: measured peak).
CONTAINER_MB = 1024


@functools.cache
def unavailable(level: str) -> str | None:
    """Why this machine cannot grade at `level`, or None."""
    if level == DEFAULT:
        return None
    return emulation_missing() if level == CONTAINER else isolation.probe(level)


def require(level: str) -> None:
    """Skip the test where this machine does not offer `level`."""
    if why := unavailable(level):
        pytest.skip(f"{level} is not available here: {why}")


def require_besides_default(level: str) -> None:
    """As require(), and skip the named level that the DEFAULT case grades already."""
    require(level)
    if level == isolation.level():
        pytest.skip(f"{level} is this machine's default level, graded as {DEFAULT!r}")


def expected(level: str) -> str:
    """The level a report graded at `level` must name."""
    if level == DEFAULT:
        return isolation.level()
    return isolation.SEPARATE_USER if level == CONTAINER else level


@contextlib.contextmanager
def grading_at(level: str):
    """(environment, command wrapper) that make `autograder grade` run at this level."""
    ladder = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_ISOLATION"}
    if level == CONTAINER:
        with ContainerHost(CONTAINER_MB) as host:
            yield ladder, host.command
    elif level == DEFAULT:
        yield ladder, None
    else:
        yield {**ladder, "AUTOGRADER_ISOLATION": level}, None


def cases(values, fast_at_default: bool = True) -> list:
    """pytest params (value, level) over DEFAULT and NAMED: the DEFAULT ones in the fast tier
    when `fast_at_default`, the rest in the full suite only."""
    params = []
    for value in values:
        for level in (DEFAULT, *NAMED):
            tier = pytest.mark.fast if level == DEFAULT and fast_at_default else pytest.mark.slow
            params.append(pytest.param(value, level, marks=tier, id=f"{getattr(value, 'stem', value)}-{level}"))
    return params
