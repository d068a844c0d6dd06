"""Gradescope's results.json: one test per check, and one per written part for a person to grade.

Hidden checks become visible to the student once the instructor publishes grades
("after_published"); public ones at once. The top-level score is the auto-graded total, so the
written tests (score 0) only say what is left to grade by hand.
"""

from __future__ import annotations

from autograder.report.common import NOT_ANSWERED, capped, title, written_state
from autograder.report.schema import Report


def results(report: Report, execution_time: float = 0.0) -> dict:
    tests = []
    for item_id, item in report["items"].items():
        for number, check in enumerate(item["checks"], 1):
            tests.append({
                "name": f"{item_id} {title(item_id)}: {check['name']}",
                "number": f"{item_id[1:]}.{number}",
                "score": check["score"],
                "max_score": check["max_score"],
                "status": "passed" if check["passed"] else "failed",
                "visibility": "after_published" if check["hidden"] else "visible",
                "output": capped(check["message"]),
                "tags": [item_id, "hidden" if check["hidden"] else "public"],
            })
        state, _ = written_state(item["written"])
        if state != "none":
            tests.append({
                "name": f"{item_id} {title(item_id)}: written answer",
                "number": f"{item_id[1:]}.w",
                "score": 0.0,
                "max_score": item["written"]["max_score"],
                # Gradescope infers a status from the score when none is given; a pending answer
                # has not failed anything yet, so it gets none.
                **({"status": "failed"} if state == NOT_ANSWERED else {}),
                "visibility": "visible",
                "output": state,
                "tags": [item_id, "written"],
            })
    return {
        "score": report["score"],
        "execution_time": round(execution_time),
        "output": summary(report),
        "visibility": "visible",
        # The grader's own log may name hidden inputs: never shown to students.
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def summary(report: Report) -> str:
    written = [written_state(i["written"])[0] for i in report["items"].values()]
    lines = [f"Auto-graded checks: {report['score']:g}/{report['max_score']:g}."]
    if written.count("pending manual grading"):
        lines.append(f"{written.count('pending manual grading')} written answer(s) pending manual grading; "
                     f"{written.count(NOT_ANSWERED)} not answered.")
    for error in report.get("cell_errors", []):
        lines.append(f"A notebook cell failed: {capped(error['message'])}")
    if report.get("isolation") == "limits-only":
        lines.append("(Graded with resource limits only: no sandbox could be made on this host.)")
    return "\n".join(lines)


def failure(message: str, execution_time: float = 0.0) -> dict:
    """The results when the submission cannot be read at all: zero, with the reason, so that
    Gradescope shows the student what to fix rather than "the autograder failed"."""
    return {"score": 0.0, "execution_time": round(execution_time), "visibility": "visible",
            "stdout_visibility": "hidden", "output": f"Your submission could not be graded: {message}",
            "tests": []}
