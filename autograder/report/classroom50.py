"""Classroom 50's result.json (schema classroom50/result/v1): who and what was graded, from the
environment Classroom 50's runner sets, and a test per check.

Classroom 50 takes whole points only. Every check's points are multiplied by one factor, the
smallest that makes each check's maximum whole (1 for this lesson, whose checks are worth 1 or 2
points; 2 if one were worth 0.5). A check scores all its points or none, so each test's score is
exact; the result's score and max-score are the sums of its tests', in the report's proportion.

The runner always sets CLASSROOM, ASSIGNMENT, SUBMISSION_TAG (submit/...), COMMIT_URL and
RELEASE_URL; REVIEW_URL, when empty, falls back to COMMIT_URL as the runner's own review link does.
Outside the runner one may be missing: that is an error (IdentityError), because an invented
classroom or submission would file the grade under the wrong name.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Mapping

from autograder.report.common import capped, title
from autograder.report.schema import Report

# classroom50/result/v1 takes a test's message of at most 500 characters: below the grader's own
# limit (report.common.SHOWN_MESSAGE_CHARS), so this format cuts shorter.
CLASSROOM50_MESSAGE_CHARS = 500

SCHEMA = "classroom50/result/v1"
VARIABLES = {"classroom": "CLASSROOM", "assignment": "ASSIGNMENT", "submission": "SUBMISSION_TAG",
             "commit": "COMMIT_URL", "release": "RELEASE_URL", "review": "REVIEW_URL"}
SUBMISSION_PREFIX = "submit/"


class IdentityError(ValueError):
    """The environment does not say which submission this is."""


def problem(env: Mapping[str, str]) -> str | None:
    """Why `env` cannot identify a submission, or None (the CLI asks before grading)."""
    missing = [name for field, name in VARIABLES.items() if field != "review" and not env.get(name, "").strip()]
    if missing:
        return f"{', '.join(missing)} not set: Classroom 50's runner sets them (set them by hand to try it)"
    if not env["SUBMISSION_TAG"].strip().startswith(SUBMISSION_PREFIX):
        return f"SUBMISSION_TAG is {env['SUBMISSION_TAG']!r}: Classroom 50's submissions are {SUBMISSION_PREFIX}..."
    return None


def identity(env: Mapping[str, str]) -> dict[str, str]:
    if reason := problem(env):
        raise IdentityError(reason)
    # The runner compares classroom and assignment with its own, stripped, values.
    fields = {field: env.get(name, "").strip() for field, name in VARIABLES.items()}
    fields["review"] = fields["review"] or fields["commit"]
    return fields


def factor(points: list[float]) -> int:
    """The smallest whole multiplier that makes every points value whole (to 1/100)."""
    return math.lcm(1, *(Fraction(p).limit_denominator(100).denominator for p in points))


def result(report: Report, env: Mapping[str, str]) -> dict:
    checks = [(item_id, check) for item_id, item in report["items"].items() for check in item["checks"]]
    k = factor([check["max_score"] for _, check in checks])
    tests = []
    for item_id, check in checks:
        most = round(check["max_score"] * k)
        tests.append({
            "test-name": f"{item_id} {title(item_id)}: {check['name']}",
            "passed": bool(check["passed"]),
            "score": round(check["score"] * k),
            "max-score": most,
            "message": capped(check["message"], CLASSROOM50_MESSAGE_CHARS),
        })
    return {
        "schema": SCHEMA,
        **identity(env),
        "score": sum(t["score"] for t in tests),
        "max-score": sum(t["max-score"] for t in tests),
        "tests": tests,
    }
