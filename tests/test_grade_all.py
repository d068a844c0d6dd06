"""`autograder grade-all` on a generated class of 30 mixed submissions (tests/classgen.py),
graded once with two workers on q01, q07 and q08; later tests work on copies of its output."""

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import classgen
import envs
from conftest import ROOT, open_folder
from levels import unavailable

ITEMS = ",".join(classgen.ITEMS)


def grade_all(submissions: Path, out: Path, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(submissions), "--out", str(out),
                           "--items", ITEMS, "--device", "cpu", *extra],
                          capture_output=True, text=True, timeout=1500, cwd=cwd)


def gradebook(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    kinds = classgen.mixed_class(base / "submissions")
    result = grade_all(base / "submissions", base / "out", "--workers", "2", cwd=base)
    assert result.returncode == 0, result.stderr[-3000:]
    return base, kinds, result


@pytest.fixture
def copy_of(graded, tmp_path):
    """The graded class's output, copied, for tests that change it."""
    base = graded[0]
    shutil.copytree(base / "out", tmp_path / "out")
    return tmp_path / "out"


def maxima(out: Path) -> dict[str, float]:
    items = json.loads((out / "reports" / "good_01.json").read_text())["items"]
    return {item_id: item["max_score"] for item_id, item in items.items()}


@pytest.mark.slow
def test_every_student_gets_a_row_a_report_and_a_feedback_page(graded):
    base, kinds, result = graded
    out = base / "out"
    assert sorted(gradebook(out)) == sorted(kinds)
    assert sorted(p.stem for p in (out / "reports").glob("*.json")) == sorted(kinds)
    assert sorted(p.stem for p in (out / "feedback").glob("*.html")) == sorted(kinds)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["students"] == 30 and summary["graded"] == 28
    assert sorted(summary["errors"]) == ["broken_badzip", "broken_notebook"]
    assert summary["run"] == {**summary["run"], "workers": 2, "graded_now": 30, "skipped": 0}
    assert (out / "summary.txt").read_text().count("q0") >= 3
    assert "grading" in result.stderr  # the progress bar


@pytest.mark.slow
def test_good_submissions_get_full_marks_and_pending_written_answers(graded):
    base, kinds, _ = graded
    rows, top = gradebook(base / "out"), maxima(base / "out")
    assert top == {"q01": 6.0, "q07": 8.0, "q08": 8.0} or all(v > 0 for v in top.values())
    for student in (s for s, k in kinds.items() if k == "good"):
        row = rows[student]
        assert row["status"] == "graded", row
        assert [float(row[i]) for i in classgen.ITEMS] == [top[i] for i in classgen.ITEMS], row
        assert [row[f"{i}_written"] for i in classgen.ITEMS] == ["pending"] * 3
        assert float(row["auto_score"]) == float(row["auto_max"]) == sum(top.values())
        assert (row["written_score"], row["written_max"], row["written_pending"]) == ("0", "3", "3")
        assert float(row["total"]) == sum(top.values()) and float(row["max_score"]) == sum(top.values()) + 3


@pytest.mark.slow
def test_partial_submissions_lose_exactly_their_stubbed_items(graded):
    base, kinds, _ = graded
    rows, top = gradebook(base / "out"), maxima(base / "out")
    for student, kind in kinds.items():
        if not kind.startswith("partial:"):
            continue
        stubbed = kind.split(":")[1].split(",")
        row = rows[student]
        for item in classgen.ITEMS:
            assert float(row[item]) == (0 if item in stubbed else top[item]), (student, item, row)
            # A stub's ANSWER is "YOUR ANSWER HERE": not answered, worth 0 (not pending).
            assert row[f"{item}_written"] == ("0" if item in stubbed else "pending"), (student, item)
        assert float(row["total"]) == sum(top[i] for i in classgen.ITEMS if i not in stubbed)


@pytest.mark.slow
def test_broken_submissions_cost_only_what_is_broken(graded):
    base, _, _ = graded
    rows, top = gradebook(base / "out"), maxima(base / "out")
    assert (float(rows["broken_syntax"]["q01"]), float(rows["broken_syntax"]["q07"])) == (0, top["q07"])
    report = json.loads((base / "out" / "reports" / "broken_syntax.json").read_text())
    assert "SyntaxError" in report["items"]["q01"]["checks"][0]["message"]
    assert (float(rows["broken_missing"]["q01"]), rows["broken_missing"]["q07"], rows["broken_missing"]["q08"]) == \
        (top["q01"], "0", "0")
    assert rows["broken_empty"]["status"] == "graded" and rows["broken_empty"]["total"] == "0"
    for student, reason in (("broken_badzip", "not a readable zip"), ("broken_notebook", "not a readable notebook")):
        row = rows[student]
        assert row["status"] == "error" and reason in row["error"], row
        assert row["q01"] == row["total"] == ""  # not a zero: nobody has looked at it yet
        record = json.loads((base / "out" / "reports" / f"{student}.json").read_text())
        assert record["error_kind"] == "submission"
        page = (base / "out" / "feedback" / f"{student}.html").read_text()
        assert "could not be graded" in page and reason in page


@pytest.mark.slow
def test_hostile_submissions_gain_nothing_and_harm_no_one(graded):
    base, kinds, _ = graded
    rows, top = gradebook(base / "out"), maxima(base / "out")
    for student in (s for s, k in kinds.items() if k.startswith("hostile:")):
        row = rows[student]
        assert row["status"] == "graded", row
        assert (float(row["q01"]), float(row["q07"]), float(row["q08"])) == (0, top["q07"], top["q08"]), row
        report = json.loads((base / "out" / "reports" / f"{student}.json").read_text())
        assert all("internal error" not in c["message"] for c in report["items"]["q01"]["checks"])
    assert not (base / "results.json").exists()


@pytest.mark.slow
def test_summary_gives_each_items_mean_and_share_of_full_marks(graded):
    base, _, _ = graded
    rows = [r for r in gradebook(base / "out").values() if r["status"] == "graded"]
    summary = json.loads((base / "out" / "summary.json").read_text())
    top = maxima(base / "out")
    for item in classgen.ITEMS:
        scores = [float(r[item]) for r in rows]
        entry = summary["items"][item]
        assert entry["students"] == 28
        assert entry["mean"] == pytest.approx(sum(scores) / len(scores), abs=1e-3)
        assert entry["full_marks_share"] == pytest.approx(sum(s == top[item] for s in scores) / len(scores), abs=1e-3)
        assert entry["written"]["pending"] == sum(r[f"{item}_written"] == "pending" for r in rows)


@pytest.mark.slow
def test_a_second_run_resumes_and_grades_nothing_already_graded(graded, copy_of):
    base = graded[0]
    before = {p.name: p.stat().st_mtime_ns for p in (copy_of / "reports").iterdir()}
    (copy_of / "reports" / "partial_03.json").unlink()  # as if the first run had stopped before it
    result = grade_all(base / "submissions", copy_of, "--workers", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads((copy_of / "summary.json").read_text())
    assert (summary["run"]["graded_now"], summary["run"]["skipped"]) == (1, 29)
    after = {p.name: p.stat().st_mtime_ns for p in (copy_of / "reports").iterdir()}
    assert {n for n in after if after[n] != before.get(n)} == {"partial_03.json"}
    assert gradebook(copy_of)["partial_03"] == gradebook(base / "out")["partial_03"]


@pytest.mark.slow
def test_force_grades_again(graded, copy_of, tmp_path):
    base = graded[0]
    # Two students of the class, graded again with --force; the others are not part of this run.
    small = tmp_path / "two"
    for name in ("good_01", "partial_01"):
        shutil.copytree(base / "submissions" / name, small / name)
    before = {n: json.loads((copy_of / "reports" / f"{n}.json").read_text())["graded_at"]
              for n in ("good_01", "partial_01")}
    result = grade_all(small, copy_of, "--workers", "2", "--force")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads((copy_of / "summary.json").read_text())
    assert summary["run"]["graded_now"] == 2 and summary["students"] == 2
    for name in ("good_01", "partial_01"):
        record = json.loads((copy_of / "reports" / f"{name}.json").read_text())
        assert record["graded_at"] >= before[name] and record["cost"]["wall_s"] > 0
    assert gradebook(copy_of)["good_01"]["total"] == gradebook(base / "out")["good_01"]["total"]


@pytest.mark.slow
def test_manual_scores_for_written_answers_merge_into_the_gradebook(graded, copy_of, tmp_path):
    base = graded[0]
    manual = tmp_path / "manual.csv"
    manual.write_text("student,item,score\ngood_01,q01,1\ngood_01,q07_written,0.5\npartial_01,q08,1\n")
    result = grade_all(base / "submissions", copy_of, "--manual", str(manual))
    assert result.returncode == 0, result.stderr[-2000:]
    rows, top = gradebook(copy_of), maxima(copy_of)
    good = rows["good_01"]
    assert (good["q01_written"], good["q07_written"], good["q08_written"]) == ("1", "0.5", "pending")
    assert (good["written_score"], good["written_pending"]) == ("1.5", "1")
    assert float(good["total"]) == sum(top.values()) + 1.5
    assert rows["partial_01"]["q08_written"] == "1" and rows["partial_01"]["q07_written"] == "0"
    assert rows["good_02"]["q01_written"] == "pending"  # untouched
    page = (copy_of / "feedback" / "good_01.html").read_text()
    assert "0.5/1" in page and "1 pending manual grading" in page
    summary = json.loads((copy_of / "summary.json").read_text())
    assert summary["items"]["q07"]["written"]["graded"] == 1 and summary["run"]["graded_now"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("text, complaint", [
    ("student,item,score\ngood_01,q01,2\n", "outside 0..1"),
    ("student,item,score\ngood_01,q99,1\n", "not an item with a written answer"),
    ("student,item,score\ngood_01,q01,lots\n", "not a number"),
    ("student,item,score\nnobody,q01,1\n", "not in the class"),
    ("name,item,score\ngood_01,q01,1\n", "columns student are missing"),
], ids=["out_of_range", "unknown_item", "not_a_number", "unknown_student", "bad_header"])
def test_a_bad_manual_file_is_refused_before_any_grading(graded, copy_of, tmp_path, text, complaint):
    base = graded[0]
    manual = tmp_path / "manual.csv"
    manual.write_text(text)
    before = (copy_of / "gradebook.csv").read_text()
    result = grade_all(base / "submissions", copy_of, "--manual", str(manual))
    assert result.returncode == 2 and complaint in result.stderr, result.stderr
    assert (copy_of / "gradebook.csv").read_text() == before


@pytest.mark.slow
def test_a_class_zip_as_an_lms_downloads_it(tmp_path):
    """Canvas's flat names, a wrapping folder, a member that tries to escape: unpacked safely,
    regrouped per student. Grades q01 only, to stay quick."""
    archive = tmp_path / "submissions.zip"
    q01 = (classgen.SOLUTIONS / classgen.MODULES["q01"]).read_text()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("export/smithjane_1234_5678_q01_accuracy_loss.py", q01)
        zf.writestr("export/doejohn_late_2345_6789_q01_accuracy_loss-1.py", "def mnist_loss(p, t):\n    return 0\n")
        zf.writestr("export/../../escaped.py", "print('outside')\n")
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(archive),
                             "--out", str(tmp_path / "out"), "--items", "q01", "--workers", "2", "--device", "cpu"],
                            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = gradebook(tmp_path / "out")
    assert sorted(rows) == ["doejohn", "smithjane"]
    assert float(rows["smithjane"]["q01"]) > 0 and rows["doejohn"]["q01"] == "0"
    assert "points outside the submission" in result.stderr
    assert not (tmp_path.parent / "escaped.py").exists() and not (tmp_path / "escaped.py").exists()


@pytest.mark.slow
def test_a_failure_of_the_grader_on_one_student_never_stops_the_batch(tmp_path, monkeypatch):
    """In process: grading one student raises inside grade-all itself; the others still get
    their rows, and the failed one gets an error row that the next run retries."""
    import autograder.batch as batch

    for name in ("amy", "ben", "cat"):
        (tmp_path / "class" / name).mkdir(parents=True)

    def flaky(entry, *args, **kwargs):
        if entry.student == "ben":
            raise RuntimeError("the disk is full")
        return {"student": entry.student, "submission": entry.source, "error": None, "error_kind": None,
                "cost": {"wall_s": 0.1, "cpu_s_reaped": 0.1, "max_rss_mb_one_process": 1.0, "timed_out": False},
                **json.loads(EMPTY_REPORT)}

    monkeypatch.setattr(batch, "grade_entry", flaky)
    summary = batch.grade_all(tmp_path / "class", tmp_path / "out", workers=2, items=["q01"])
    rows = gradebook(tmp_path / "out")
    assert [rows[n]["status"] for n in ("amy", "ben", "cat")] == ["graded", "error", "graded"]
    assert "the disk is full" in rows["ben"]["error"] and summary["graded"] == 2
    assert batch.needs_grading(tmp_path / "out" / "reports" / "ben.json", ["q01"])
    assert not batch.needs_grading(tmp_path / "out" / "reports" / "amy.json", ["q01"])
    assert batch.needs_grading(tmp_path / "out" / "reports" / "amy.json", ["q01", "q07"])  # other items asked


EMPTY_REPORT = json.dumps({"score": 0.0, "max_score": 1.0, "isolation": "bubblewrap", "items": {"q01": {
    "score": 0.0, "max_score": 1.0, "written": {"max_score": 1, "answer": None},
    "checks": [{"name": "c", "score": 0.0, "max_score": 1.0, "passed": False, "hidden": False, "message": "m"}]}}})


@pytest.mark.slow
def test_an_environment_whose_sandbox_cannot_start_ends_grade_all_in_one_line(tmp_path):
    """Forced to a level (so that no probe refuses it first) in a venv whose torchvision raises at
    import, no zygote gets ready: grade-all ends as `grade` does, exit 3 and one line naming the
    cause, and no student gets a report, a row or a page saying anything about them."""
    from autograder.runner import isolation

    names = ("amy", "ben", "cat")
    for name in names:
        folder = classgen.modules(tmp_path / "class" / name, only=("q07",))
        shutil.copyfile(classgen.SOLUTIONS / "q19_presizing.py", folder / "q19_presizing.py")
    level = next((level for level in isolation.LEVELS[:-1] if unavailable(level) is None), isolation.LIMITS_ONLY)
    with open_folder() as base:
        python = envs.with_broken_torchvision(base / "venv")
        done = subprocess.run([str(python), "-P", "-m", "autograder", "grade-all", str(tmp_path / "class"),
                               "--out", str(tmp_path / "out"), "--items", "q07,q19", "--workers", "2",
                               "--device", "cpu", "--allow-partial-isolation"], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "AUTOGRADER_ISOLATION": level},
                              timeout=900, cwd="/")
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert (done.returncode, done.stdout) == (3, ""), done.stderr[-3000:]
    assert len(lines) == 1 and "torchvision::nms does not exist" in lines[0], done.stderr[-3000:]
    assert not any(name in lines[0] for name in names), lines[0]
    assert not list((tmp_path / "out" / "reports").glob("*.json"))
    assert not (tmp_path / "out" / "gradebook.csv").exists() and not (tmp_path / "out" / "feedback").exists()


@pytest.mark.fast
def test_a_graders_failure_where_a_sandbox_starts_is_that_students_alone(monkeypatch):
    """Before a grader's failure ends the run, the grading process starts a fresh sandbox for the
    same items; where one gets ready, the failure stays that student's record."""
    import io

    from autograder import grading
    from autograder.batch import server

    def failing(path, items, device):
        raise grading.GraderError("pytest could not run the checks (exit 3)")

    monkeypatch.setattr(grading, "grade_path", failing)
    replies = io.StringIO()
    server.serve([json.dumps({"path": "amy", "items": ["q07"], "device": "cpu"})], replies)
    reply = json.loads(replies.getvalue())
    assert (reply["code"], reply["error"]) == (3, "pytest could not run the checks (exit 3)")
    assert "no_sandbox" not in reply


@pytest.mark.slow
def test_a_submission_that_runs_too_long_is_stopped_and_reported(tmp_path):
    from autograder.batch.discover import Entry
    from autograder.batch.run import grade_entry

    folder = classgen.modules(tmp_path / "slow", only=("q01",))
    record = grade_entry(Entry("slow", folder, None, "slow"), ["q01"], "cpu", timeout=0.5)
    assert record["error_kind"] == "timeout" and "longer than 0.5 s" in record["error"]
    assert record["cost"]["timed_out"]


@pytest.mark.slow
def test_one_grading_process_serves_student_after_student_and_a_timeout_costs_one_student(tmp_path):
    """grade-all's long-lived grading process (batch/server.py): the same process grades two
    students, each in a fresh sandbox; a student who runs out of time takes that process down
    with them, and the next student is graded by a fresh one."""
    from autograder.batch.discover import Entry
    from autograder.batch.run import Server, grade_entry

    amy, ben = (classgen.modules(tmp_path / name, only=("q07",)) for name in ("amy", "ben"))
    (ben / "q07_zip_pairs.py").write_text("import os\nos.makedirs('/tmp/left-by-ben', exist_ok=True)\n"
                                         + (amy / "q07_zip_pairs.py").read_text())
    server = Server()
    try:
        first = grade_entry(Entry("ben", ben, None, "ben"), ["q07"], "cpu", 600, server=server)
        pid = server.proc.pid
        second = grade_entry(Entry("amy", amy, None, "amy"), ["q07"], "cpu", 600, server=server)
        assert server.proc.pid == pid
        assert first["score"] == second["score"] == first["max_score"], (first.get("error"), second.get("error"))
        stopped = grade_entry(Entry("amy", amy, None, "amy"), ["q07"], "cpu", 0.05, server=server)
        assert stopped["error_kind"] == "timeout" and server.proc is None
        third = grade_entry(Entry("amy", amy, None, "amy"), ["q07"], "cpu", 600, server=server)
        assert third["score"] == third["max_score"] and server.proc.pid != pid
    finally:
        server.stop()
    assert not Path("/tmp/left-by-ben").exists()  # the sandbox's /tmp is its own, and swept


@pytest.mark.slow
def test_a_grading_process_times_the_reference_once_for_several_students_and_says_so(tmp_path):
    from autograder.batch.discover import Entry
    from autograder.batch.run import Server, grade_entry

    folder = tmp_path / "amy"
    folder.mkdir()
    shutil.copyfile(classgen.SOLUTIONS / "q14_training_loop.py", folder / "q14_training_loop.py")
    server = Server()
    try:
        notes = [{c["name"]: c["message"] for c in grade_entry(Entry(name, folder, None, name), ["q14"], "cpu", 600,
                                                               server=server)["items"]["q14"]["checks"]}
                 for name in ("amy", "ben")]
    finally:
        server.stop()
    first, second = (n["timed_training[simple_net]"] for n in notes)
    assert "timed for this grading" in first and "for an earlier student of this grading process" in second, second
    assert first.split("seed ")[1].split(",")[0] == second.split("seed ")[1].split(",")[0]  # the same run serves both


@pytest.mark.fast
def test_discovery_of_the_layouts_instructors_download(tmp_path):
    from autograder.batch.discover import discover

    def found(root, **kw):
        entries, _ = discover(root, tmp_path / f"work-{root.name}", **kw)
        return {e.student: (e.path.relative_to(root).as_posix() if e.path and e.path.is_relative_to(root) else
                            (e.path.name if e.path else e.problem)) for e in entries}

    nbgrader = tmp_path / "course"
    (nbgrader / "submitted" / "alice" / "lesson4").mkdir(parents=True)
    (nbgrader / "submitted" / "alice" / "lesson4" / "lesson4.ipynb").write_text("{}")
    (nbgrader / "submitted" / "alice" / "lesson4" / ".ipynb_checkpoints").mkdir()
    (nbgrader / "submitted" / "alice" / "lesson4" / ".ipynb_checkpoints" / "lesson4-checkpoint.ipynb").write_text("{}")
    (nbgrader / "submitted" / "bob" / "lesson4").mkdir(parents=True)
    classgen.modules(nbgrader / "submitted" / "bob" / "lesson4", only=("q01",))
    (nbgrader / "submitted" / "carl" / "other").mkdir(parents=True)
    assert found(nbgrader, assignment="lesson4") == {
        "alice": "submitted/alice/lesson4/lesson4.ipynb", "bob": "submitted/bob/lesson4",
        "carl": "nothing submitted for lesson4"}

    moodle = tmp_path / "moodle"
    classgen.modules(moodle / "Jane Doe_123456_assignsubmission_file_" / "inner", only=("q01",))
    (moodle / "Zed_99_assignsubmission_file_").mkdir(parents=True)
    (moodle / "Zed_99_assignsubmission_file_" / "work.zip").write_bytes(b"zip")
    assert found(moodle) == {"Jane_Doe": "Jane Doe_123456_assignsubmission_file_/inner",
                             "Zed": "Zed_99_assignsubmission_file_/work.zip"}

    one = classgen.modules(tmp_path / "one", only=("q01",))
    from autograder.submission import SubmissionError

    with pytest.raises(SubmissionError, match="one submission"):
        discover(one, tmp_path / "w")


@pytest.mark.fast
def test_gradebook_cells_that_look_like_formulas_stay_text(tmp_path):
    """Error messages quote file names that students chose; a spreadsheet must not run them."""
    from autograder.report import gradebook

    records = [{"student": "eve", "error": "=HYPERLINK(\"http://x\")+1.zip is not a readable zip file"},
               {"student": "@sum", "error": "-1 is odd"}]
    gradebook.write_csv(tmp_path / "gradebook.csv", records, ["q01"], {})
    with open(tmp_path / "gradebook.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["error"][:2] for r in rows] == ["'=", "'-"] and rows[1]["student"] == "'@sum"


def q01_record(student: str, submission: Path, score: float, answer: str | None, late: dict | None = None) -> dict:
    """A graded student's record as grade-all keeps it: q01's three checks of 2 points and its written part."""
    messages = {"returns_a_tensor": "", "matches_the_formula": "gave 0.3, expected 0.25\n  at index 2",
                "stays_finite": "gave nan for large inputs"}
    checks = [{"name": name, "score": 2.0 if passed else 0.0, "max_score": 2.0, "passed": passed, "hidden": False,
               "message": "" if passed else message}
              for (name, message), passed in zip(messages.items(), (True, score >= 4, score >= 6))]
    return {"student": student, "submission": str(submission), "error": None, "error_kind": None, "cost": None,
            "score": score, "max_score": 6.0, "isolation": "bubblewrap", **({"late": late} if late else {}),
            "items": {"q01": {"score": score, "max_score": 6.0, "checks": checks,
                              "written": {"max_score": 1.0, "answer": answer}}}}


@pytest.mark.fast
def test_grade_all_ends_saying_where_its_outputs_are_and_gives_one_mean(tmp_path):
    """Nothing to grade (each student's report is there): the closing lines name summary.html, the
    gradebooks and the feedback pages under --out as given, and the terminal, summary.txt and
    summary.html give the same mean, saying what it counts."""
    (tmp_path / "graded" / "reports").mkdir(parents=True)
    for student, score, answer in (("alice", 4.0, "because"), ("bob", 6.0, None)):
        (tmp_path / "class" / student).mkdir(parents=True)
        (tmp_path / "class" / student / "q01_accuracy_loss.py").write_text("x = 1\n")
        record = q01_record(student, tmp_path / "class" / student, score, answer)
        (tmp_path / "graded" / "reports" / f"{student}.json").write_text(json.dumps(record))
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", "class", "--out", "graded/",
                             "--items", "q01", "--gradebook-format", "canvas", "--allow-partial-isolation"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == ["class summary: graded/summary.html",
                                          "gradebook: graded/gradebook.csv, graded/gradebook_canvas.csv",
                                          "feedback pages: graded/feedback/<student>.html"]
    totals = [float(row["total"]) for row in gradebook(tmp_path / "graded").values()]
    assert sum(totals) / len(totals) == 5.0
    mean = "mean total 5.00 of 7 over 2 graded students (auto-graded and written points; 1 written answer pending, " \
           "counted 0)"
    assert mean in result.stderr.splitlines()
    assert mean in (tmp_path / "graded" / "summary.txt").read_text().splitlines()
    assert f"2 of 2 submissions graded; {mean}." in (tmp_path / "graded" / "summary.html").read_text()


@pytest.mark.fast
def test_the_mean_is_of_the_final_scores_after_late_penalties(tmp_path):
    from autograder.report import gradebook as book

    late = {"submitted_at": "2026-01-02T00:00:00+00:00", "submitted_from": "times file", "due": "2026-01-01T00:00:00+00:00",
            "days_late": 1, "penalty": 0.5, "extended": False}
    records = [q01_record("alice", tmp_path, 6.0, None, late), q01_record("bob", tmp_path, 4.0, None),
               {"student": "eve", "error": "not a zip", "error_kind": "submission"}]
    mean = book.class_mean(records, ["q01"], {"bob": {"q01": 1.0}})
    assert mean == {"score": 4.0, "of": 7.0, "students": 2, "written": True, "late": True, "pending": 0}
    assert book.mean_sentence(mean) == "mean total 4.00 of 7 over 2 graded students (auto-graded and written points, " \
                                       "less late penalties)"
    assert book.mean_sentence({**mean, "written": False, "late": False, "students": 1}) == \
        "mean total 4.00 of 7 over 1 graded student (auto-graded points)"
