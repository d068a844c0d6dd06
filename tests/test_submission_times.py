"""Where a student's submission time comes from (batch/submitted.py), in every layout a class
arrives in, through discovery and the late policy exactly as grade-all uses them, without
grading: the time files a student plants among their own files (nbgrader's timestamp.txt,
Gradescope's metadata, Classroom 50's scores.csv) change no penalty in any layout; nbgrader's
own stamp in conflict with another is settled on the later time; the instructor's times file
comes first and is refused whole when a line is bad; Canvas's submitted_at is read from a
Canvas on loopback; the files' time is used last, with a warning."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import classgen
import instructor_class as klass
from canvas_server import Canvas

pytestmark = pytest.mark.fast

LATE = klass.DUE + timedelta(days=3)  # 3 started days after the grace period: 30%
EARLY = klass.DUE - timedelta(days=5)
Q01 = classgen.MODULES["q01"]


def nbgrader_time(moment: datetime) -> str:
    return moment.astimezone(klass.DUE.tzinfo).strftime("%Y-%m-%d %H:%M:%S.%f %z")


def plant(folder: Path) -> None:
    """Every time file of every layout, each saying the work was early."""
    early = EARLY.isoformat()
    (folder / "timestamp.txt").write_text(nbgrader_time(EARLY))
    (folder / "submission_metadata.json").write_text(json.dumps({"created_at": early}))
    (folder / "submission_metadata.yml").write_text(f"{folder.name}:\n  :created_at: {early}\n")
    (folder / "scores.csv").write_text(f"username,datetime\n{folder.name},{early}\n")
    (folder / "deeper").mkdir()
    (folder / "deeper" / "timestamp.txt").write_text(nbgrader_time(EARLY))


def stamped(path: Path, moment: datetime) -> Path:
    klass.stamp(path, moment)
    return path


def folders(root: Path, planted: bool) -> dict:
    alice = stamped(classgen.modules(root / "alice", only=("q01",)), LATE)
    if planted:
        plant(alice)
    return {}


def zips(root: Path, planted: bool) -> dict:
    folder = classgen.modules(root / "work", only=("q01",))
    if planted:
        plant(folder)
    with zipfile.ZipFile(root / "alice.zip", "w") as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, path.relative_to(folder).as_posix())
    shutil.rmtree(folder)
    stamped(root / "alice.zip", LATE)
    return {}


def nbgrader(root: Path, planted: bool) -> dict:
    work = classgen.modules(root / "submitted" / "alice" / "lesson4", only=("q01",))
    if planted:
        plant(work)  # its timestamp.txt is replaced by nbgrader submit's, below; deeper/ keeps one
        (work.parent / "timestamp.txt").write_text(nbgrader_time(EARLY))  # above the assignment's folder
    (work / "timestamp.txt").write_text(nbgrader_time(LATE))  # where nbgrader collect puts it
    return {"assignment": "lesson4"}


def canvas(root: Path, planted: bool) -> dict:
    """Canvas's download zip: the member's time, and the LATE marker its name carries."""
    with zipfile.ZipFile(root / "submissions.zip", "w") as zf:
        when = LATE.astimezone(timezone.utc).timetuple()[:6]  # zip times are read as UTC
        zf.writestr(zipfile.ZipInfo(f"export/alice_late_1234_5678_{Q01}", when), (classgen.SOLUTIONS / Q01).read_text())
        if planted:
            for name in ("timestamp.txt", "submission_metadata.json", "submission_metadata.yml", "scores.csv"):
                zf.writestr(zipfile.ZipInfo(f"export/alice_late_1234_5678_{name}", when), nbgrader_time(EARLY))
            zf.writestr(zipfile.ZipInfo("export/timestamp.txt", when), nbgrader_time(EARLY))
    return {"download": root / "submissions.zip"}


def gradescope_export(root: Path, planted: bool) -> dict:
    """Gradescope's class export, zipped: a folder per submission and every submission's
    metadata in submission_metadata.yml at its root."""
    export = root / "assignment_77_export"
    work = classgen.modules(export / "submission_101", only=("q01",))
    if planted:
        plant(work)
    (export / "submission_metadata.yml").write_text(
        "submission_101:\n  :submitters:\n  - :name: Alice A\n    :sid: '1'\n"
        f"  :created_at: {LATE:%Y-%m-%d %H:%M:%S}.123456000 +01:00\n  :score: 8.0\n")  # as Ruby writes it
    with zipfile.ZipFile(root / "export.zip", "w") as zf:
        for path in sorted(export.rglob("*")):
            zf.write(path, path.relative_to(root).as_posix())
    shutil.rmtree(export)
    return {"download": root / "export.zip"}


def gradescope(root: Path, planted: bool) -> dict:
    """Every folder shaped as Gradescope's /autograder: submission/ and the metadata beside it."""
    for name, at in (("alice", LATE), ("bob", EARLY)):
        work = classgen.modules(root / name / "submission", only=("q01",))
        (root / name / "submission_metadata.json").write_text(json.dumps({"created_at": at.isoformat()}))
        if planted and name == "alice":
            plant(work)
    return {}


def classroom50(root: Path, planted: bool) -> dict:
    """gh teacher download's folder: a clone per student and scores.csv, newest first."""
    work = classgen.modules(root / "lesson4-hw-alice", only=("q01",))
    (root / "scores.csv").write_text("username,first_name,last_name,email,section,score,max_score,datetime,"
                                     "submission_tag,submitted_by,review_url,late,override\n"
                                     f"alice,,,,,3,4,{LATE.isoformat()},submit/1,alice,,true,\n"
                                     f"alice,,,,,1,4,{EARLY.isoformat()},submit/0,alice,,false,\n")
    if planted:
        plant(work)
    return {}


LAYOUTS = {folders: "FILE_TIMES", zips: "FILE_TIMES", nbgrader: "NBGRADER", canvas: "CANVAS_FILES",
           gradescope_export: "GRADESCOPE_EXPORT", gradescope: "GRADESCOPE", classroom50: "CLASSROOM50"}


def verdicts(root: Path, tmp: Path, times: dict | None = None, canvas_record: str | None = None,
             **where) -> tuple[dict[str, dict], list[str]]:
    """student -> the late policy's verdict, and the warnings, as grade-all gets them."""
    from autograder.batch import lateness, submitted
    from autograder.batch.discover import discover
    from autograder.late import read_policy

    tmp.mkdir(exist_ok=True)
    (tmp / "policy.toml").write_text(klass.POLICY)
    policy = read_policy(tmp / "policy.toml")
    entries, _ = discover(where.pop("download", root), tmp / "work", **where)
    stamps, warnings = submitted.stamps(entries, times, canvas_record)
    return {e.student: lateness({"student": e.student, **e.facts(stamps[e.student])}, policy) for e in entries}, \
        warnings


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
def test_time_files_planted_among_a_students_files_change_no_penalty(tmp_path, layout):
    from autograder.batch import submitted

    found = {}
    for planted in (False, True):
        root = tmp_path / f"planted-{planted}"
        root.mkdir()
        where = layout(root, planted)
        found[planted] = verdicts(root, tmp_path / f"work-{planted}", **where)
    (clean, _), (dirty, warnings) = found[False], found[True]
    student = next(s for s in clean if s not in ("bob",))
    assert clean[student]["penalty"] == pytest.approx(0.3) and clean[student]["days_late"] == 3
    assert dirty[student]["penalty"] == clean[student]["penalty"], dirty[student]
    assert dirty[student]["submitted_at"] == clean[student]["submitted_at"]
    expected = getattr(submitted, LAYOUTS[layout])
    assert clean[student]["submitted_from"] == expected
    assert dirty[student]["submitted_from"].startswith(expected)
    if layout not in (zips, canvas):  # a zip's members and Canvas's flat files are not looked into
        assert any("not read as a time" in w or "conflict" in w for w in warnings), warnings


@pytest.mark.parametrize("later", [False, True], ids=["earlier", "later"])
def test_a_second_timestamp_in_an_nbgrader_layout_is_a_conflict_settled_on_the_later_time(tmp_path, later):
    work = classgen.modules(tmp_path / "course" / "submitted" / "alice" / "lesson4", only=("q01",))
    (work / "timestamp.txt").write_text(nbgrader_time(klass.DUE - timedelta(hours=1)))  # on time
    second = klass.DUE + timedelta(days=2) if later else EARLY
    (work / "old").mkdir()
    (work / "old" / "timestamp.txt").write_text(nbgrader_time(second))
    found, warnings = verdicts(tmp_path / "course", tmp_path, assignment="lesson4")
    assert found["alice"]["submitted_from"].startswith("nbgrader's timestamp.txt, in conflict")
    assert found["alice"]["days_late"] == (2 if later else 0)  # never the earlier of the two
    assert any("conflict: old/timestamp.txt" in w for w in warnings), warnings


def test_without_nbgraders_stamp_a_planted_one_is_not_read(tmp_path):
    work = stamped(classgen.modules(tmp_path / "course" / "submitted" / "alice" / "lesson4", only=("q01",)), LATE)
    (work / "sub").mkdir()
    (work / "sub" / "timestamp.txt").write_text(nbgrader_time(EARLY))
    found, warnings = verdicts(tmp_path / "course", tmp_path, assignment="lesson4")
    assert found["alice"]["days_late"] == 3 and found["alice"]["submitted_from"].startswith("the files'")
    assert any("nbgrader's timestamp.txt: not found" in w for w in warnings), warnings


def test_one_student_shaped_like_gradescope_is_not_believed(tmp_path):
    classgen.modules(tmp_path / "class" / "bob", only=("q01",))
    stamped(classgen.modules(tmp_path / "class" / "alice" / "submission", only=("q01",)), LATE)
    metadata = tmp_path / "class" / "alice" / "submission_metadata.json"
    metadata.write_text(json.dumps({"created_at": EARLY.isoformat()}))
    found, _ = verdicts(tmp_path / "class", tmp_path)
    assert found["alice"]["days_late"] == 3 and found["alice"]["submitted_from"].startswith("the files'")


def test_the_times_file_comes_first_and_canvas_marker_is_not_its_verdict(tmp_path):
    from autograder.late import read_times

    canvas(tmp_path, planted=False)
    (tmp_path / "course").mkdir()
    nbgrader(tmp_path / "course", planted=False)
    (tmp_path / "times.csv").write_text("student,submitted_at\nalice,2026-12-15T00:10:00+01:00\n")
    times = read_times(tmp_path / "times.csv")
    for root, where in ((tmp_path / "submissions.zip", {}), (tmp_path / "course", {"assignment": "lesson4"})):
        found, _ = verdicts(root, tmp_path / f"work-{root.name}", times=times, **where)
        # Canvas marked it late, and nbgrader's stamp says 3 days: the times file says within the grace.
        assert (found["alice"]["days_late"], found["alice"]["submitted_from"]) == (0, "the instructor's times file")


def test_a_bad_times_file_names_every_bad_line(tmp_path):
    from autograder.late import TimesError, read_times

    (tmp_path / "times.csv").write_text("student,submitted_at\nalice,2026-12-15T00:10:00+01:00\n"
                                        "bob,2026-12-15T00:10:00\n,2026-12-15T00:10:00+01:00\n"
                                        "alice,2026-12-16T00:00:00Z\ncarl,yesterday\n")
    with pytest.raises(TimesError) as refused:
        read_times(tmp_path / "times.csv")
    message = str(refused.value)
    assert "\n" not in message
    for complaint in ("line 3: 2026-12-15T00:10:00 has no UTC offset", "line 4: no student",
                      "line 5: a second time for alice", "line 6: 'yesterday' is not a date and time"):
        assert complaint in message, message
    assert "line 2" not in message
    (tmp_path / "bad.csv").write_text("name,when\nalice,2026-12-15T00:10:00+01:00\n")
    with pytest.raises(TimesError, match="columns student, submitted_at are missing"):
        read_times(tmp_path / "bad.csv")


def grade_all(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", *args, "--items", "q01",
                           "--device", "cpu"], capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("line, complaint", [
    ("alice,tomorrow", "times.csv: line 2: 'tomorrow' is not a date and time"),
    ("nobody,2026-12-15T00:10:00+01:00", "the times file names students who are not in the class: nobody"),
], ids=["bad_line", "not_in_the_class"])
def test_grade_all_refuses_a_bad_times_file_before_grading(tmp_path, line, complaint):
    classgen.modules(tmp_path / "class" / "alice", only=("q01",))
    (tmp_path / "policy.toml").write_text(klass.POLICY.split("[extensions]")[0])
    (tmp_path / "times.csv").write_text(f"student,submitted_at\n{line}\n")
    done = grade_all(str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--policy", str(tmp_path / "policy.toml"),
                     "--times", str(tmp_path / "times.csv"))
    assert done.returncode == 2 and complaint in done.stderr, done.stderr
    assert done.stderr.strip().count("\n") == 0 and not (tmp_path / "out" / "reports").exists()


@pytest.mark.filterwarnings("ignore:Canvas may respond unexpectedly:UserWarning")  # a loopback Canvas on http
def test_canvas_submitted_at_through_canvasapi_in_a_few_requests(tmp_path):
    from autograder.lms.canvas_times import fetch

    users = [{"id": 1234, "name": "Alice A", "sortable_name": "A, Alice", "login_id": "alice"},
             {"id": 2345, "name": "Bob B", "sortable_name": "B, Bob", "login_id": "bob"},
             {"id": 3456, "name": "Carl C", "sortable_name": "C, Carl", "login_id": "carl"}]
    server = Canvas("t0ken", 11, 22, 10.0, users, {}, {1234: "2026-12-14T22:00:00Z", 2345: "2026-12-17T09:00:00Z"})
    server.start()
    try:
        record = fetch(server.url, "t0ken", "11", "22")
    finally:
        server.stop()
    # The course, the assignment, and two pages each of students and submissions (2 a page here).
    assert len(server.requests) == 6 and all(r["authorised"] and r["method"] == "GET" for r in server.requests)
    canvas(tmp_path, planted=False)  # alice: Canvas's download names, marked late, 3 days by the file
    classgen.modules(tmp_path / "more" / "bob", only=("q01",))
    classgen.modules(tmp_path / "more" / "carl", only=("q01",))
    found, warnings = verdicts(tmp_path, tmp_path / "w1", canvas_record=record, download=tmp_path / "submissions.zip")
    assert (found["alice"]["submitted_from"], found["alice"]["days_late"]) == ("Canvas's submitted_at", 0)
    found, warnings = verdicts(tmp_path / "more", tmp_path / "w2", canvas_record=record)
    assert (found["bob"]["submitted_from"], found["bob"]["days_late"]) == ("Canvas's submitted_at", 3)
    assert found["carl"]["submitted_from"].startswith("the files'")  # no submission in Canvas: the download's
    assert any("Carl C (3456): no submission in Canvas" in w for w in warnings), warnings


def test_the_files_time_is_used_last_with_a_warning(tmp_path):
    stamped(classgen.modules(tmp_path / "class" / "alice", only=("q01",)), LATE)
    (tmp_path / "class" / "scores.csv").write_text("student,item,score\n")  # manual scores, not Classroom 50's
    found, warnings = verdicts(tmp_path / "class", tmp_path)
    assert found["alice"]["submitted_from"] == "the files' modification time (no record of the submission)"
    assert warnings == [w for w in warnings if w.startswith("no record of when 1 student(s) submitted (alice)")
                        and "cp -r" in w] and warnings, warnings


def test_every_remembered_option_can_be_dropped_on_the_command_line():
    from autograder import cli
    from autograder.batch import options

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    flags = {flag for action in commands["grade-all"]._actions for flag in action.option_strings}
    assert {options.drop_flag(name) for name in options.OPTIONS} == {f for f in flags if f.startswith("--no-")}
    assert all(f in flags for option in options.OPTIONS.values() for f in option.flag.split("/"))
