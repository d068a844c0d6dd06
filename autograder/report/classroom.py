"""The result that GitHub Classroom's grading reporter reads (the `result` output of its grader
actions, base64-encoded by the workflow): its "Points X/Y" is the sum of the tests' scores over
max_score, which is what Classroom records for the repository."""

from __future__ import annotations

from autograder.report.common import capped, title
from autograder.report.schema import Report


def result(report: Report) -> dict:
    tests = [{
        "name": f"{item_id} {title(item_id)}: {check['name']}",
        "status": "pass" if check["passed"] else "fail",
        "score": check["score"],
        "message": capped(check["message"]),
        "test_code": f"autograder grade . --items {item_id}",
        "filename": "",
        "line_no": 0,
        "execution_time": "",
    } for item_id, item in report["items"].items() for check in item["checks"]]
    return {
        "version": 1,
        "status": "pass" if all(t["status"] == "pass" for t in tests) else "fail",
        "max_score": report["max_score"],
        "tests": tests,
    }
