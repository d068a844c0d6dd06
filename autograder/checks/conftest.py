"""Fixtures of the check modules (the grading session, the `student` proxy, item boundaries), and
the checks generated for every item rather than written in its modules."""

from pathlib import Path

import pytest

from autograder import submission
from autograder.checks import scratch
from autograder.checks.plugin import item_of
from autograder.checks.student import Student
from autograder.runner.session import open_session


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every item whose catalogue entry refuses calls gets the from-scratch check (checks/scratch.py)
    last among its public checks. tryfirst: whoever reads the collection sees it."""
    modules = list(dict.fromkeys(node.getparent(pytest.Module) for node in items))
    for module in modules:
        if module is None or module.path.parent.name != "public" or not item_of(str(module.path)).scratch:
            continue
        last = max(i for i, node in enumerate(items) if node.getparent(pytest.Module) is module)
        check = pytest.Function.from_parent(module, name=scratch.test_written_from_scratch.__name__,
                                            callobj=scratch.test_written_from_scratch)
        check.add_marker(pytest.mark.holds(scratch.clause(item_of(str(module.path)))))
        items.insert(last + 1, check)


@pytest.fixture(scope="session")
def grading_session(request):
    session = getattr(request.config, "autograder_session", None)
    if session is not None:  # made by `autograder grade`, which owns and closes it
        yield session
        return
    path = request.config.getoption("--submission")
    if not path:
        pytest.skip("no --submission given")
    session = open_session(submission.read(Path(path)), request.config.getoption("--device"))
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
    return Student(grading_session.worker(item), grading_session.submission, grading_session.device)
