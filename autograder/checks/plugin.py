"""pytest plugin: `--submission PATH`, the `student` fixture and the `points` marker.

Registered through the `pytest11` entry point, so an instructor can run any check module
directly: `pytest autograder/checks --submission path/to/submission`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import catalogue
from autograder.checks.student import Student
from autograder.runner.session import Session, resolve_device


def pytest_addoption(parser):
    group = parser.getgroup("autograder")
    group.addoption("--submission", help="folder of item modules to grade")
    group.addoption("--device", default="auto", choices=("auto", "cpu", "cuda"),
                    help="where the training checks run (auto: CUDA when present)")


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): what a check is worth")


def item_of(module_path: str) -> catalogue.Item:
    """Check modules are named test_<item module>.py, e.g. test_q01_accuracy_loss.py."""
    return catalogue.item(Path(module_path).stem.removeprefix("test_")[:3])


@pytest.fixture(scope="session")
def grading_session(request):
    session = getattr(request.config, "autograder_session", None)
    if session is not None:  # made by `autograder grade`, which owns and closes it
        yield session
        return
    submission = request.config.getoption("--submission")
    if not submission:
        pytest.skip("no --submission given")
    session = Session(Path(submission), resolve_device(request.config.getoption("--device")))
    yield session
    session.close()


@pytest.fixture
def student(request, grading_session) -> Student:
    item = item_of(str(request.path))
    return Student(grading_session.worker(item), grading_session.device)


def points(node) -> float:
    marker = node.get_closest_marker("points")
    return float(marker.args[0]) if marker else 1.0
