"""The grader's two anchors: the reference scores full marks, the untouched stubs score zero.
The fast tier's smoke grading asks the same of a few items."""

import pytest

from autograder import catalogue
from conftest import EXERCISES, SOLUTIONS, run_grade

# A from-scratch item with a figure, a plain one and the softmax family: one grading each way.
SMOKE = ["q02", "q07", "q28"]


def full_marks(report: dict, ids: list[str]) -> None:
    for item_id in ids:
        graded = report["items"][item_id]
        failed = [(c["name"], c["message"]) for c in graded["checks"] if not c["passed"]]
        assert graded["max_score"] > 0, f"{item_id} has no checks"
        assert graded["score"] == graded["max_score"], (item_id, failed)
        written = graded["written"]
        assert (written is not None) == catalogue.item(item_id).written
        if written:
            assert written["answer"], f"{item_id} has no model answer"
    assert report["score"] == report["max_score"]


def zero_saying_not_implemented(report: dict, ids: list[str]) -> None:
    assert report["score"] == 0
    for item_id in ids:
        graded = report["items"][item_id]
        for check in graded["checks"]:
            assert not check["passed"], (item_id, check["name"])
            assert "not implemented" in check["message"], (item_id, check["name"], check["message"])
            assert "Traceback" not in check["message"] and "internal error" not in check["message"]
        written = graded["written"]
        assert written is None or written["answer"] is None


@pytest.mark.fast
def test_smoke_a_few_items_grade_full_for_the_reference_and_zero_for_the_stubs():
    items = ["--items", ",".join(SMOKE)]
    full_marks(run_grade(SOLUTIONS, *items), SMOKE)
    zero_saying_not_implemented(run_grade(EXERCISES, *items), SMOKE)


@pytest.mark.slow
def test_reference_scores_full_marks_and_answers_every_written_part(reference_report):
    full_marks(reference_report, [item.id for item in catalogue.ITEMS])


@pytest.mark.slow
def test_stubs_score_zero_saying_not_implemented_and_leave_written_parts_unanswered(stub_report):
    zero_saying_not_implemented(stub_report, [item.id for item in catalogue.ITEMS])
