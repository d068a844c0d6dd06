"""`autograder lti push --yes` on what grade-all really wrote for tests/instructor_class.py's class
(its late policy applied): each student's final grade, scaled to the line item's points, reaches
the loopback LTI platform (tests/lti_platform.py), matched by name, e-mail or SIS id with no
Canvas ids to help."""

import csv

import pytest

from lti_platform import LEARNER
from test_lti import config, rows, start, tool  # noqa: F401 (tool: a fixture)

pytestmark = pytest.mark.slow

MEMBERS = [{"status": "Active", "roles": [LEARNER], **m} for m in (
    {"user_id": "a1", "name": "Jane Smith"},
    {"user_id": "a2", "email": "copierb@example.edu"},
    {"user_id": "a3", "name": "Honest 1"},
    {"user_id": "a4", "email": "honest_2@example.edu"},
    {"user_id": "a5", "lis_person_sourcedid": "honest_3"},
    {"user_id": "a6", "lis_person_sourcedid": "gradescope_1"},
)]
ITEM = {"label": "Lesson 4", "resourceId": "lesson4", "scoreMaximum": 50}
STUDENTS = {"a1": "smithjane", "a2": "copierb", "a3": "honest_1", "a4": "honest_2", "a5": "honest_3",
            "a6": "gradescope_1"}


def test_the_class_final_grades_reach_the_lms(capsys, tmp_path, tool, instructor_class):  # noqa: F811
    from autograder import cli

    platform = start(tool, members=MEMBERS, line_items=[ITEM])
    try:
        code = cli.main(["lti", "push", str(instructor_class / "graded"), "--config",
                         config(tmp_path, tool, platform), "--yes"])
        out, err = capsys.readouterr()
        assert code == 0, err
        with open(instructor_class / "graded" / "gradebook.csv", newline="") as handle:
            book = {row["student"]: row for row in csv.DictReader(handle)}
        assert float(book["honest_2"]["final"]) < float(book["honest_2"]["total"])  # late: the final one counts
        assert {s["userId"]: s["scoreGiven"] for s in platform.scores} == {
            user: round(float(book[name]["final"]) / float(book[name]["max_score"]) * 50, 2)
            for user, name in STUDENTS.items()}
        assert all("posted" in rows(out)[s] for s in ("smithjane", "copierb", "honest_1", "gradescope_1"))
        assert platform.problems == []
    finally:
        platform.stop()
