"""The late policy: its arithmetic; a class graded with a policy, an extension and a times file
(tests/instructor_class.py), whose gradebook, feedback pages and LMS layouts show each
submission's time, where it came from, penalty and final score; a bad policy refused before any
grading; and Gradescope's run_autograder applying the same policy from submission_metadata.json.
Where each time comes from in each layout: tests/test_submission_times.py."""

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime

import pytest

import instructor_class as klass
from conftest import SOLUTIONS


def policy(tmp_path, text=klass.POLICY):
    from autograder.late import read_policy

    (tmp_path / "policy.toml").write_text(text)
    return read_policy(tmp_path / "policy.toml")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.fast
def test_penalty_arithmetic(tmp_path):
    rules = policy(tmp_path)
    days = lambda when, names=(), **kw: rules.assess(at(when), names, **kw)  # noqa: E731
    assert days("2026-12-15T00:14:00+01:00")["days_late"] == 0  # within the 15 minutes' grace
    assert days("2026-12-15T00:15:00+01:00")["days_late"] == 1  # a started day
    assert days("2026-12-16T00:14:00+01:00")["penalty"] == 0.1  # a whole day after the grace: still one
    assert days("2026-12-16T00:14:01+01:00")["penalty"] == 0.2
    assert days("2027-01-30T00:00:00+01:00")["penalty"] == 0.5  # capped
    assert days("2026-12-14T22:58:00+00:00")["days_late"] == 0  # the same moment in another zone
    extended = days("2026-12-17T12:00:00+01:00", ["honest_3"])
    assert (extended["days_late"], extended["extended"]) == (0, True)
    assert days("2026-12-19T00:15:00+01:00", ["honest_3"])["penalty"] == 0.1  # late on the extension too
    # Canvas's verdict: unmarked is on time whatever the file's time, marked is at least a day.
    assert days("2026-12-20T00:00:00+01:00", known_late=False)["penalty"] == 0
    assert days("2026-12-14T12:00:00+01:00", known_late=True)["penalty"] == 0.1
    assert days("2026-12-14T12:00:00+01:00", ["honest_3"], known_late=True)["penalty"] == 0


@pytest.mark.fast
@pytest.mark.parametrize("text, complaint", [
    ('due = "2026-12-14T23:59:00"\n', "has no UTC offset"),
    ('penalty_per_day = 0.1\n', "no due date"),
    ('due = "2026-12-14T23:59:00+01:00"\npenalty_per_day = 10\n', "penalty_per_day must be a share"),
    ('due = "2026-12-14T23:59:00+01:00"\nlate_days = 2\n', "unknown setting 'late_days'"),
    ('due = "tomorrow"\n', "is not a date and time"),
    ('due = 2026-12-14T23:59:00+01:00\n[extensions]\nbob = "soon"\n', "the extension for bob"),
], ids=["naive", "no_due", "share", "unknown_key", "not_a_date", "bad_extension"])
def test_a_bad_policy_names_its_problem(tmp_path, text, complaint):
    from autograder.late import PolicyError

    with pytest.raises(PolicyError, match=complaint):
        policy(tmp_path, text)


@pytest.mark.fast
def test_nbgrader_timestamps_are_read_as_nbgrader_writes_them():
    from autograder.batch.submitted import parse_nbgrader

    assert parse_nbgrader("2026-12-16 10:00:00.000000 UTC") == at("2026-12-16T10:00:00+00:00")
    assert parse_nbgrader("2026-12-16 10:00:00.5 +0100") == at("2026-12-16T09:00:00.5+00:00")
    assert parse_nbgrader("2026-12-16 10:00:00") == at("2026-12-16T10:00:00+00:00")
    assert parse_nbgrader("not a time") is None


def gradebook(out):
    with open(out / "gradebook.csv", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


@pytest.mark.slow
def test_the_gradebook_shows_time_raw_score_penalty_and_final(instructor_class):
    rows = gradebook(instructor_class / "graded")
    assert {s: float(r["penalty"]) for s, r in rows.items()} == klass.PENALTIES
    for student, row in rows.items():
        assert float(row["final"]) == pytest.approx(float(row["total"]) * (1 - klass.PENALTIES[student]))
    sources = {s: r["submitted_from"] for s, r in rows.items()}
    assert sources["honest_2"] == sources["honest_3"] == sources["gradescope_1"] == "the instructor's times file"
    assert sources["copierb"] == sources["smithjane"] == "the Canvas files' time"
    # copier_a's planted timestamp.txt and metadata files are not read: its files' time decides.
    assert sources["copier_a"] == "the files' modification time (no record of the submission)"
    assert rows["honest_3"]["due"] == "2026-12-18T23:59:00+01:00" and rows["honest_3"]["days_late"] == "0"
    assert (rows["honest_2"]["days_late"], rows["copier_a"]["days_late"]) == ("2", "10")
    assert rows["smithjane"]["days_late"] == "0"  # late by the file, on time by Canvas's marker
    summary = json.loads((instructor_class / "graded" / "summary.json").read_text())
    assert summary["late"]["penalised"] == {s: p for s, p in klass.PENALTIES.items() if p}


@pytest.mark.slow
def test_the_feedback_page_says_how_the_penalty_was_computed(instructor_class):
    page = (instructor_class / "graded" / "feedback" / "honest_2.html").read_text()
    assert ("Submitted 2026-12-16 11:00 +0100 (the instructor&#39;s times file), after the due date 2026-12-14 23:59 "
            "+0100 plus 15 minutes&#39; grace: 2 started day(s) late at 10% a day, a penalty of 20% of the score: "
            "16 - 3.2 = 12.8.") in page
    assert "(the cap)" in (instructor_class / "graded" / "feedback" / "copier_a.html").read_text()
    assert "extended due date" in (instructor_class / "graded" / "feedback" / "honest_3.html").read_text()


@pytest.mark.slow
def test_the_lms_layouts_carry_the_final_scores(instructor_class):
    out = instructor_class / "graded"
    with open(out / "gradebook_canvas.csv", newline="") as handle:
        canvas = list(csv.reader(handle))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson 4"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "18"]
    by_name = {r[0]: r for r in canvas[2:]}
    assert by_name["copierb"] == ["copierb", "1002", "", "", "", "6.4"]  # the Canvas id from the download name
    assert by_name["honest_2"] == ["honest_2", "", "", "honest_2", "", "12.8"]
    with open(out / "gradebook_moodle.csv", newline="") as handle:
        moodle = {r["Username"]: r for r in csv.DictReader(handle)}
    assert moodle["copier_a"]["Lesson 4 (Real)"] == "4" and "50% (the cap)" in moodle["copier_a"]["Feedback"]


@pytest.mark.slow
def test_a_policy_naming_a_student_not_in_the_class_is_refused_before_grading(instructor_class, tmp_path):
    out = shutil.copytree(instructor_class / "graded", tmp_path / "graded")
    (tmp_path / "policy.toml").write_text(klass.POLICY + 'nobody = "2026-12-20T00:00:00+01:00"\n')
    before = (out / "gradebook.csv").read_text()
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(instructor_class / "downloads"),
                             "--out", str(out), "--items", ",".join(klass.ITEMS), "--policy",
                             str(tmp_path / "policy.toml")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "not in the class: nobody" in result.stderr, result.stderr
    assert (out / "gradebook.csv").read_text() == before


@pytest.mark.slow
def test_gradescope_applies_the_same_policy(tmp_path):
    """run_autograder as Gradescope runs it, with policy.toml in its source folder and a
    submission made 2 days late; then the same results for a submitter with an extension."""
    from test_report_formats import gradescope_problems

    home = tmp_path / "autograder"
    (home / "submission").mkdir(parents=True)
    (home / "source").mkdir()
    (home / "source" / "policy.toml").write_text(klass.POLICY)
    shutil.copyfile(SOLUTIONS / "q07_zip_pairs.py", home / "submission" / "q07_zip_pairs.py")
    metadata = {"created_at": "2026-12-16T18:00:00.000000+01:00", "assignment": {"due_date": None},
                "users": [{"email": "alice@example.edu", "name": "Alice A", "id": 1}]}
    (home / "submission_metadata.json").write_text(json.dumps(metadata))
    env = {**os.environ, "AUTOGRADER_ROOT": str(home), "AUTOGRADER_PYTHON": sys.executable, "AUTOGRADER_ITEMS": "q07"}
    script = klass.ROOT / "autograder" / "deploy" / "run_autograder"
    run = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads((home / "results" / "results.json").read_text())
    assert gradescope_problems(results) == []
    raw = sum(t["score"] for t in results["tests"])
    assert raw == 8 and results["score"] == pytest.approx(raw * 0.8)
    assert "2 started day(s) late at 10% a day, a penalty of 20% of the score: 8 - 1.6 = 6.4." in results["output"]

    # The same submission by a student with an extension (matched by e-mail address): no penalty.
    raw_results = {**results, "score": raw}
    (home / "results" / "results.json").write_text(json.dumps(raw_results))
    (tmp_path / "extended.toml").write_text(klass.POLICY.replace("honest_3", '"alice@example.edu"'))
    applied = subprocess.run([sys.executable, "-P", "-m", "autograder", "late-penalty", str(home / "results" / "results.json"),
                              "--policy", str(tmp_path / "extended.toml"), "--metadata",
                              str(home / "submission_metadata.json")], capture_output=True, text=True, timeout=120)
    assert applied.returncode == 0, applied.stderr
    extended = json.loads((home / "results" / "results.json").read_text())
    assert extended["score"] == 8 and "by the extended due date" in extended["output"]


@pytest.mark.fast
def test_a_class_zip_keeps_its_members_times_and_canvas_markers(tmp_path):
    """Discovery only, no grading: Canvas's download zip, its member times read as UTC."""
    import zipfile

    from autograder.batch.discover import discover

    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("export/doejane_late_1234_5678_q01_accuracy_loss.py", (2026, 12, 16, 10, 0, 0)),
                    "def mnist_loss(p, t):\n    return 0\n")
        zf.writestr(zipfile.ZipInfo("export/roeann_2345_6789_q01_accuracy_loss.py", (2026, 12, 14, 9, 30, 0)), "x = 1\n")
        zf.writestr(zipfile.ZipInfo("export/../escaped.py", (2020, 1, 1, 0, 0, 0)), "x = 1\n")
    entries, warnings = discover(archive, tmp_path / "work")
    facts = {e.student: e.facts() for e in entries}
    assert facts["doejane"] == {"submitted": {"at": "2026-12-16T10:00:00+00:00", "from": "the Canvas files' time",
                                              "marked_late": True}, "canvas_user_id": "1234"}
    assert facts["roeann"]["submitted"]["marked_late"] is False and facts["roeann"]["canvas_user_id"] == "2345"
    assert any("outside the submission" in w for w in warnings)


@pytest.mark.slow
def test_gradescope_package_carries_the_policy(tmp_path):
    import zipfile

    (tmp_path / "policy.toml").write_text(klass.POLICY)
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "gradescope-package", str(tmp_path / "a.zip"),
                             "--policy", str(tmp_path / "policy.toml")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        assert zf.read("policy.toml").decode() == klass.POLICY
    (tmp_path / "bad.toml").write_text('due = "2026-12-14"\n')
    refused = subprocess.run([sys.executable, "-P", "-m", "autograder", "gradescope-package", str(tmp_path / "b.zip"),
                              "--policy", str(tmp_path / "bad.toml")], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "no UTC offset" in refused.stderr and not (tmp_path / "b.zip").exists()
