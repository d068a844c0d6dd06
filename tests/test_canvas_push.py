"""`autograder canvas push` against a Canvas stand-in on loopback (tests/canvas_server.py),
on the class that tests/instructor_class.py generates, graded once with its late policy: the
dry run writes nothing, --yes posts grades and comments (with the feedback page attached through
Canvas's file upload, or linked), a lower grade needs --allow-lower, and every request carries
the token."""

import os
import subprocess
import sys

import pytest

from canvas_server import Canvas

pytestmark = pytest.mark.slow

TOKEN, COURSE, ASSIGNMENT, POSSIBLE = "test-token-42", 11, 22, 50.0
USERS = [
    {"id": 1001, "name": "Jane Smith", "sortable_name": "Smith, Jane", "login_id": "jsmith"},
    {"id": 1002, "name": "Bea Copier", "sortable_name": "Copier, Bea", "login_id": "bcopier"},
    {"id": 2001, "name": "Honest One", "sortable_name": "One, Honest", "login_id": "honest_1"},
    {"id": 2002, "name": "Honest Two", "sortable_name": "Two, Honest", "login_id": "h2", "email": "honest_2@example.edu"},
    {"id": 2003, "name": "Honest 3", "sortable_name": "3, Honest", "login_id": "h3"},
    {"id": 2004, "name": "Grade Scope", "sortable_name": "Scope, Grade", "login_id": "gs", "sis_user_id": "gradescope_1"},
    {"id": 2005, "name": "M Exp 2", "sortable_name": "2, M Exp", "login_id": "mexp2a"},
    {"id": 2006, "name": "M Exp 2", "sortable_name": "2, M Exp", "login_id": "mexp2b"},
]
# Out of 18 points (16 auto-graded, 2 written), scaled to 50: honest_1 16 -> 44.44; honest_2 12.8
# after its 20% penalty -> 35.56; honest_3 16 (extended) -> 44.44; copierb 8 - 20% -> 17.78;
# gradescope_1 7 - 10% -> 17.5; smithjane 0.
EXPECTED = {1001: 0.0, 1002: 17.78, 2003: 44.44, 2004: 17.5}
NOW = {2001: 47.0, 2002: 35.56}  # higher than ours: refused; the same as ours: unchanged
UNMATCHED = {"copier_a", "m_exp_1", "m_exp_2", "m_torch", "m_zip"}


@pytest.fixture
def canvas():
    server = Canvas(TOKEN, COURSE, ASSIGNMENT, POSSIBLE, USERS, NOW).start()
    yield server
    server.stop()


def push(canvas, graded, *extra):
    env = {**os.environ, "CANVAS_API_TOKEN": TOKEN}
    env.pop("CANVAS_API_URL", None)
    return subprocess.run([sys.executable, "-P", "-W", "ignore::UserWarning", "-m", "autograder", "canvas", "push",
                           str(graded), "--course", str(COURSE), "--assignment", str(ASSIGNMENT), "--url", canvas.url,
                           *extra], capture_output=True, text=True, timeout=120, env=env)


def lines(stdout: str) -> dict[str, str]:
    return {line.split("│")[1].strip(): line for line in stdout.splitlines() if line.count("│") >= 5}


def test_the_dry_run_shows_each_grade_and_changes_nothing(canvas, instructor_class):
    result = push(canvas, instructor_class / "graded")
    assert result.returncode == 0, result.stderr[-2000:]
    assert canvas.writes() == []
    assert all(r["authorised"] for r in canvas.requests)
    shown = lines(result.stdout)
    assert "dry run" in result.stdout
    assert "would post" in shown["smithjane"] and "Jane Smith (1001)" in shown["smithjane"]
    assert "17.78" in shown["copierb"] and "would post" in shown["copierb"]
    assert "47" in shown["honest_1"] and "refused" in shown["honest_1"]
    assert "unchanged" in shown["honest_2"]
    assert {line.split(":")[1].strip() for line in result.stdout.splitlines() if line.startswith("unmatched:")} \
        == UNMATCHED
    assert "2 Canvas students fit this name" in result.stdout  # m_exp_2
    users = [r for r in canvas.requests if r["path"].endswith("/search_users")]
    assert users[0]["query"]["enrollment_type[]"] == ["student"] and users[0]["query"]["include[]"] == ["email"]
    assert len(users) == 4  # 8 students, 2 a page: canvasapi followed every Link
    assert {s["score"] for s in canvas.submissions.values()} == {None, 47.0, 35.56}


def test_yes_posts_grades_and_comments_with_the_feedback_page(canvas, instructor_class):
    result = push(canvas, instructor_class / "graded", "--yes", "--comment-feedback")
    assert result.returncode == 0, result.stderr[-2000:]
    puts = [r for r in canvas.writes() if r["method"] == "PUT" and "submission[posted_grade]" in r["form"]]
    posted = {int(r["path"].rsplit("/", 1)[1]): float(r["form"]["submission[posted_grade]"][0]) for r in puts}
    assert posted == EXPECTED
    assert all(r["form"]["comment[text_comment]"][0].startswith("Autograder: ") for r in puts)
    assert {u: canvas.submissions[u]["score"] for u in EXPECTED} == EXPECTED
    assert canvas.submissions[2001]["score"] == 47.0  # never lowered without --allow-lower
    for user, student in ((1001, "smithjane"), (1002, "copierb")):
        comments = canvas.submissions[user]["submission_comments"]
        assert comments[0]["comment"] == f"Autograder: {EXPECTED[user]:g}/50 points. Your feedback page is attached."
        attached = comments[1]["attachments"][0]
        assert attached["display_name"] == f"{student}.html"
        assert attached["content"] == (instructor_class / "graded" / "feedback" / f"{student}.html").read_text()
    uploads = [r for r in canvas.requests if r["path"].startswith("/files_upload/")]
    assert len(uploads) == len(EXPECTED) and not any(r["authorised"] for r in uploads)  # step 2 goes without the token
    assert all(r["authorised"] for r in canvas.requests if r["path"].startswith("/api/"))


def test_a_lower_grade_needs_allow_lower(canvas, instructor_class):
    refused = push(canvas, instructor_class / "graded", "--yes")
    assert refused.returncode == 0 and "refused" in lines(refused.stdout)["honest_1"]
    assert canvas.submissions[2001]["score"] == 47.0
    allowed = push(canvas, instructor_class / "graded", "--yes", "--allow-lower")
    assert allowed.returncode == 0, allowed.stderr[-2000:]
    assert "posted" in lines(allowed.stdout)["honest_1"] and canvas.submissions[2001]["score"] == 44.44
    assert not any(c for s in canvas.submissions.values() for c in s["submission_comments"])  # none asked for


def test_a_feedback_link_instead_of_the_page(canvas, instructor_class):
    result = push(canvas, instructor_class / "graded", "--yes", "--comment-feedback", "--feedback-url",
                  "https://course.example.edu/feedback/")
    assert result.returncode == 0, result.stderr[-2000:]
    comment = canvas.submissions[1002]["submission_comments"][0]["comment"]
    assert comment.endswith("Your feedback page: https://course.example.edu/feedback/copierb.html")
    assert not canvas.uploads and not canvas.files


def test_without_a_token_nothing_is_asked(canvas, instructor_class):
    env = {k: v for k, v in os.environ.items() if k not in ("CANVAS_API_TOKEN", "CANVAS_API_URL")}
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "canvas", "push", str(instructor_class / "graded"),
                             "--course", "1", "--assignment", "2", "--url", canvas.url],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2 and "CANVAS_API_TOKEN" in result.stderr
    assert canvas.requests == []
