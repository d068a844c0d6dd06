"""The corpus of real student mistakes: each file in tests/mistakes/<module>/ is the reference
module with one realistic bug, and must lose points in its own item and nowhere else.

To grade many mistakes at once, round r replaces each module with its r-th mistake (where it
has one) and grades the whole submission once.
"""

import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from conftest import SOLUTIONS, run_grade

MISTAKES = Path(__file__).parent / "mistakes"
CORPUS = {folder.name: sorted(folder.glob("*.py")) for folder in sorted(MISTAKES.iterdir()) if folder.is_dir()}
ROUNDS = max((len(files) for files in CORPUS.values()), default=0)
CASES = [(module, r, path) for module, files in CORPUS.items() for r, path in enumerate(files)]


@cache
def graded_round(r: int, folder: str) -> dict:
    submission = Path(folder)
    for path in SOLUTIONS.glob("q*.py"):
        shutil.copyfile(path, submission / path.name)
    for module, files in CORPUS.items():
        if r < len(files):
            shutil.copyfile(files[r], submission / f"{module}.py")
    return run_grade(submission)


@pytest.fixture(scope="session")
def round_report(tmp_path_factory):
    folders = {}

    def report(r: int) -> dict:
        folders.setdefault(r, str(tmp_path_factory.mktemp(f"round{r}")))
        return graded_round(r, folders[r])

    return report


@pytest.mark.parametrize("module,r,path", CASES, ids=[f"{m}/{p.stem}" for m, _, p in CASES])
def test_mistake_loses_points_in_its_item(module, r, path, round_report):
    item = round_report(r)["items"][module[:3]]
    failed = [c for c in item["checks"] if not c["passed"]]
    assert item["score"] < item["max_score"], f"{path.name} kept full marks on {module[:3]}"
    for check in failed:
        assert "internal error" not in check["message"], check["message"]
        assert "Traceback" not in check["message"], check["message"]


@pytest.mark.parametrize("r", range(ROUNDS))
def test_items_without_a_mistake_keep_full_marks(r, round_report):
    report = round_report(r)
    touched = {module[:3] for module, files in CORPUS.items() if r < len(files)}
    for item_id, item in report["items"].items():
        if item_id not in touched and item["max_score"]:
            assert item["score"] == item["max_score"], (item_id, [c for c in item["checks"] if not c["passed"]])


@pytest.mark.parametrize("r", range(ROUNDS))
def test_shipped_signatures_match_this_grading(r, round_report):
    """The named mistakes' signatures (autograder/report/signatures.json, built by
    scripts/build_signatures.py in the same rounds) against the rounds graded above, at no extra
    cost: a check changed since they were built fails here. Rebuild them with the script."""
    from autograder.report.mistakes import SIGNATURES, failing

    shipped = {(item, m["mistake"]): sorted(m["fails"])
               for item, found in json.loads(SIGNATURES.read_text())["items"].items() for m in found}
    report = round_report(r)
    for module, files in CORPUS.items():
        if r < len(files):
            got = sorted(failing(report["items"][module[:3]]))
            assert shipped.get((module[:3], files[r].stem)) == got, f"{files[r].name}: run scripts/build_signatures.py"
