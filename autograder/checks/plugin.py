"""pytest plugin: the `--submission` and `--device` options and the `points` and `holds` markers.

Registered through the `pytest11` entry point, so an instructor can run any check module
directly: `pytest autograder/checks --submission path/to/submission`. The fixtures live in
checks/conftest.py, so that they apply to check modules only.
"""

from __future__ import annotations

from pathlib import Path

from autograder import catalogue
from autograder.runner.session import DEVICES


def pytest_addoption(parser):
    group = parser.getgroup("autograder")
    group.addoption("--submission", help="folder of item modules to grade")
    group.addoption("--device", default="auto", choices=DEVICES,
                    help="where the training checks run (auto: CUDA when present)")


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): what a check is worth")
    config.addinivalue_line("markers", "holds(*clause_ids): the contract's clauses a check holds, e.g. 'q05.order'")


def item_of(module_path: str) -> catalogue.Item:
    """Check modules are named test_<item module>.py, e.g. test_q01_accuracy_loss.py."""
    return catalogue.item(Path(module_path).stem.removeprefix("test_")[:3])


def points(node) -> float:
    marker = node.get_closest_marker("points")
    return float(marker.args[0]) if marker else 1.0


def holds(node) -> list[str]:
    """The ids of the clauses of the contract (docs/items.md) that a check holds."""
    return [clause for marker in node.iter_markers("holds") for clause in marker.args]


def is_hidden(node) -> bool:
    """A check of checks/hidden/, which students do not get (the report's "hidden")."""
    return Path(node.path).parent.name == "hidden"
