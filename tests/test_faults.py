"""A submission broken in many ways at once: each fault costs its own item and nothing else,
and grading always finishes with a report."""

import shutil

import pytest

from autograder import catalogue
from conftest import SOLUTIONS, run_grade

pytestmark = pytest.mark.slow


def module_defining(item, body: str, header: str = "") -> str:
    """A module that defines every name of the item with the same faulty body."""
    lines = [header]
    for name in item.names:
        lines.append(f"def {name}(*args, **kwargs):\n    {body}\n")
    return "\n".join(lines)


FAULTS = {
    # item: (module text or None for a missing file, words the message must contain)
    "q01": ("def mnist_loss(predictions, targets)\n    return 0\n", "SyntaxError"),
    "q03": (module_defining(catalogue.item("q03"), "return 0", "import sys\nsys.exit(0)\n"), "sys.exit"),
    "q04": (module_defining(catalogue.item("q04"), "while True: pass"), "did not finish within"),
    "q07": (module_defining(catalogue.item("q07"), "import os; os._exit(3)"), "exit status 3"),
    "q08": (None, "missing from the submission"),
    "q09": ("def init_params(size, std=1.0):\n    raise NotImplementedError\n", "does not define `linear1`"),
    "q12": ("import a_module_that_does_not_exist\n", "ModuleNotFoundError"),
    "q16": (module_defining(catalogue.item("q16"), "return f()", "def f():\n    return f()\n"), "RecursionError"),
}


@pytest.fixture(scope="module")
def faulty_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faulty")
    for path in SOLUTIONS.glob("q*.py"):
        shutil.copyfile(path, folder / path.name)
    for item_id, (text, _) in FAULTS.items():
        target = folder / f"{catalogue.item(item_id).module}.py"
        if text is None:
            target.unlink(missing_ok=True)
        else:
            target.write_text(text)
    return run_grade(folder)


@pytest.mark.parametrize("item_id", sorted(FAULTS))
def test_each_fault_costs_its_item_with_a_clear_message(item_id, faulty_report):
    item = faulty_report["items"][item_id]
    assert item["score"] == 0, item
    failed = [c for c in item["checks"] if not c["passed"]]
    words = FAULTS[item_id][1]
    assert any(words in c["message"] for c in failed), [c["message"] for c in failed]
    for check in failed:
        assert "Traceback" not in check["message"] and "internal error" not in check["message"]


def test_every_other_item_keeps_full_marks(faulty_report):
    for item_id, item in faulty_report["items"].items():
        if item_id not in FAULTS:
            assert item["score"] == item["max_score"], (item_id, [c for c in item["checks"] if not c["passed"]])
