"""grade-all run again on the same --out (tests/instructor_class.py's class, graded once with a
late policy, a times file, the similarity report and both LMS layouts), grading nothing: the
options that shape the gradebook are remembered (OUT/options.json, copies in OUT/inputs/), so a
--manual rerun keeps the policy's columns and the penalty sentence; a changed file, an option
added or dropped, is said on one line with the columns it changed; --no-policy drops them; and
Canvas's submitted_at, read from a Canvas on loopback, decides where the times file does not,
and is remembered without the token."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

import instructor_class as klass
from canvas_server import Canvas

pytestmark = pytest.mark.slow


@pytest.fixture
def out(instructor_class, tmp_path):
    return shutil.copytree(instructor_class / "graded", tmp_path / "graded")


def rerun(instructor_class, out, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-P", "-W", "ignore::UserWarning", "-m", "autograder", "grade-all",
                           str(instructor_class / "downloads"), "--out", str(out), "--device", "cpu", *extra],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads((out / "summary.json").read_text())["run"]["graded_now"] == 0
    return done


def gradebook(out) -> tuple[list[str], dict[str, dict]]:
    with open(out / "gradebook.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = {row["student"]: row for row in reader}
    return reader.fieldnames, rows


def said(stderr: str, start: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(start)]
    assert len(lines) == 1, stderr[-3000:]
    return lines[0]


def test_a_manual_rerun_keeps_the_late_policys_columns_and_sentence(instructor_class, out, tmp_path):
    (tmp_path / "scores.csv").write_text("student,item,score\nhonest_2,q02,1\n")
    done = rerun(instructor_class, out, "--manual", str(tmp_path / "scores.csv"))
    header, rows = gradebook(out)
    assert all(column in header for column in ("submitted_at", "submitted_from", "days_late", "penalty", "final"))
    honest = rows["honest_2"]
    assert (honest["q02_written"], honest["penalty"]) == ("1", "0.2")
    assert honest["submitted_from"] == "the instructor's times file"
    assert float(honest["final"]) == pytest.approx(float(honest["total"]) * 0.8)
    page = (out / "feedback" / "honest_2.html").read_text()
    assert "(the instructor&#39;s times file), after the due date" in page and "a penalty of 20% of the score" in page
    remembered = said(done.stderr, f"{out} remembers")
    assert "--policy" in remembered and "--times" in remembered and "--items q02,q07" in remembered
    manual = said(done.stderr, "--manual")
    assert "added: changes q02_written, written_score, written_pending, total, final (for 1 student(s))" in manual
    # Every other time came from the files: the terminal says so, and names the planted files.
    fallback = said(done.stderr, "no record of when 6 student(s) submitted")
    assert "copier_a, honest_1, m_exp_1" in fallback
    assert "copier_a: submission_metadata.json, submission_metadata.yml, timestamp.txt among the student's own " \
           "files: not read as a time" in done.stderr
    assert json.loads((out / "options.json").read_text())["manual"] == str(tmp_path / "scores.csv")
    assert (out / "inputs" / "manual.csv").read_text() == (tmp_path / "scores.csv").read_text()


def test_a_changed_policy_or_times_file_says_which_columns_change(instructor_class, out, tmp_path):
    before = gradebook(out)[1]
    (tmp_path / "policy.toml").write_text(klass.POLICY.replace("penalty_per_day = 0.10", "penalty_per_day = 0.20"))
    done = rerun(instructor_class, out, "--policy", str(tmp_path / "policy.toml"))
    policy = said(done.stderr, f"--policy {tmp_path / 'policy.toml'} differs from the copy this output was made with")
    # Twice the penalty a day: copierb, gradescope_1 and honest_2 lose more; copier_a was at the cap.
    assert policy.endswith(": changes penalty, final (for 3 student(s))"), policy
    rows = gradebook(out)[1]
    assert (before["copierb"]["penalty"], rows["copierb"]["penalty"]) == ("0.2", "0.4")
    assert (out / "inputs" / "policy.toml").read_text() == (tmp_path / "policy.toml").read_text()

    (tmp_path / "times.csv").write_text(klass.TIMES.replace("honest_2,2026-12-16", "honest_2,2026-12-14"))
    done = rerun(instructor_class, out, "--times", str(tmp_path / "times.csv"))
    times = said(done.stderr, f"--times {tmp_path / 'times.csv'} differs")
    assert times.endswith(": changes submitted_at, days_late, penalty, final (for 1 student(s))"), times
    assert (gradebook(out)[1]["honest_2"]["days_late"], gradebook(out)[1]["honest_2"]["penalty"]) == ("0", "0")
    assert "--policy" not in done.stderr.replace(f"{out} remembers --policy", "")  # remembered, unchanged


def test_no_policy_drops_its_columns_and_says_so(instructor_class, out):
    done = rerun(instructor_class, out, "--no-policy", "--no-similarity")
    dropped = said(done.stderr, "--no-policy: --policy")
    assert dropped.endswith("dropped: drops submitted_at, submitted_from, due, days_late, penalty, final"), dropped
    assert said(done.stderr, "--no-similarity").endswith("similarity.html removed")
    header, rows = gradebook(out)
    assert "penalty" not in header and "final" not in header and not (out / "similarity.html").exists()
    assert "a penalty of" not in (out / "feedback" / "honest_2.html").read_text()
    assert "policy" not in json.loads((out / "options.json").read_text())
    assert not (out / "inputs" / "policy.toml").exists()
    again = rerun(instructor_class, out)  # stays dropped, and nothing changes
    assert "penalty" not in gradebook(out)[0] and "changes" not in again.stderr and "dropped" not in again.stderr


def test_canvas_submitted_at_decides_and_is_remembered_without_the_token(instructor_class, out):
    users = [{"id": 1002, "name": "Bea Copier", "sortable_name": "Copier, Bea", "login_id": "bcopier"},
             {"id": 3001, "name": "Copier A", "sortable_name": "A, Copier", "login_id": "copier_a"},
             {"id": 3002, "name": "Honest Two", "sortable_name": "Two, Honest", "login_id": "honest_2"}]
    # copierb: on time for Canvas, though its download name says LATE; copier_a: 2 days late, not
    # 10 as its files say; honest_2: the times file still comes first.
    times = {1002: "2026-12-14T21:00:00Z", 3001: "2026-12-16T12:00:00Z", 3002: "2026-12-14T08:00:00Z"}
    server = Canvas("canvas-token", 11, 22, 18.0, users, {}, times).start()
    env = {**os.environ, "CANVAS_API_TOKEN": "canvas-token"}
    env.pop("CANVAS_API_URL", None)
    try:
        done = rerun(instructor_class, out, "--canvas-course", "11", "--canvas-assignment", "22",
                     "--canvas-url", server.url, env=env)
    finally:
        server.stop()
    assert len(server.requests) == 6 and all(r["authorised"] and r["method"] == "GET" for r in server.requests)
    rows = gradebook(out)[1]
    assert (rows["copierb"]["submitted_from"], rows["copierb"]["penalty"]) == ("Canvas's submitted_at", "0")
    assert (rows["copier_a"]["submitted_from"], rows["copier_a"]["days_late"]) == ("Canvas's submitted_at", "2")
    assert rows["honest_2"]["submitted_from"] == "the instructor's times file"
    added = said(done.stderr, "--canvas-course/--canvas-assignment 11/22 added")
    assert "changes submitted_at, submitted_from, days_late, penalty, final" in added, added
    assert "no Canvas student has this name" in said(done.stderr, "Canvas's submitted_at is not used for")

    bare = {k: v for k, v in env.items() if k != "CANVAS_API_TOKEN"}
    again = rerun(instructor_class, out, env=bare)  # the server is gone, and no token: OUT's copy serves
    assert gradebook(out)[1] == rows and "--canvas-course/--canvas-assignment 11/22" in again.stderr
