"""The grader's two anchors: the reference scores full marks, the untouched stubs score zero."""

import pytest

from autograder import catalogue

pytestmark = pytest.mark.slow


def test_reference_scores_full_marks_on_every_item(reference_report):
    for item in catalogue.ITEMS:
        graded = reference_report["items"][item.id]
        failed = [(c["name"], c["message"]) for c in graded["checks"] if not c["passed"]]
        assert graded["max_score"] > 0, f"{item.id} has no checks"
        assert graded["score"] == graded["max_score"], (item.id, failed)
    assert reference_report["score"] == reference_report["max_score"]


def test_reference_answers_every_written_part(reference_report):
    for item in catalogue.ITEMS:
        written = reference_report["items"][item.id]["written"]
        assert (written is not None) == item.written
        if written:
            assert written["answer"], f"{item.id} has no model answer"


def test_stubs_score_zero_saying_not_implemented(stub_report):
    assert stub_report["score"] == 0
    for item in catalogue.ITEMS:
        graded = stub_report["items"][item.id]
        for check in graded["checks"]:
            assert not check["passed"], (item.id, check["name"])
            assert "not implemented" in check["message"], (item.id, check["name"], check["message"])
            assert "Traceback" not in check["message"] and "internal error" not in check["message"]


def test_stubs_leave_written_parts_unanswered(stub_report):
    for item in catalogue.ITEMS:
        written = stub_report["items"][item.id]["written"]
        assert written is None or written["answer"] is None
