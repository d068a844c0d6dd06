"""Fixtures of the check modules: the grading session, the `student` proxy, item boundaries."""

from pathlib import Path

import pytest

from autograder import catalogue
from autograder.checks.plugin import item_of
from autograder.checks.student import Student
from autograder.runner.session import Session, resolve_device


@pytest.fixture(scope="session")
def grading_session(request):
    session = getattr(request.config, "autograder_session", None)
    if session is not None:  # made by `autograder grade`, which owns and closes it
        yield session
        return
    submission = request.config.getoption("--submission")
    if not submission:
        pytest.skip("no --submission given")
    session = Session(Path(submission), resolve_device(request.config.getoption("--device")),
                      preload=catalogue.preloads(catalogue.BY_ID))
    yield session
    session.close()


@pytest.fixture(scope="module", autouse=True)
def _item_boundary(request):
    """When an item's check module is done, its worker stops and nothing it started survives."""
    yield
    request.getfixturevalue("grading_session").finish(item_of(str(request.path)))


@pytest.fixture
def student(request, grading_session) -> Student:
    item = item_of(str(request.path))
    return Student(grading_session.worker(item), grading_session.device)
