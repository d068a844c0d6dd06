"""`autograder grade-all`: a whole class in one command.

N workers grade the students, each worker in a long-lived grading process of its own that gives
every student a fresh sandbox (batch.run, batch.server); with a Dask scheduler, the workers of a
cluster do (batch.cluster).
Every finished student's record is written at once to OUT/reports/<student>.json, so an
interrupted batch resumes where it stopped; the gradebook, the summary and the feedback pages
are rebuilt from those records at the end (with the manual scores), which is cheap.

    OUT/reports/<student>.json   the report with its figures, or the error
    OUT/feedback/<student>.html  the student's feedback page
    OUT/gradebook.csv            one row per student (with the late policy's columns, given one)
    OUT/summary.json, summary.txt
    OUT/summary.html             the class's analytics, with the mistakes named
    OUT/similarity.html          with --similarity: the most similar pairs of students' code
    OUT/gradebook_<lms>.csv      with --gradebook-format: the gradebook in Canvas's or Moodle's import layout
    OUT/options.json, OUT/inputs/  what the next run on OUT remembers (batch.options, written by the CLI)
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime
from pathlib import Path

from autograder.batch import submitted
from autograder.batch.discover import Entry, discover
from autograder.batch.progress import Finished, internal_error, progress
from autograder.batch.run import CannotGrade, Running, Server, grade_entry
from autograder.files import write_atomic
from autograder.late import Policy, PolicyError, TimesError, explain
from autograder.report.schema import Record

SUMMARY_PAGE, GRADEBOOK, FEEDBACK = "summary.html", "gradebook.csv", "feedback"
RETRIED = ("grader",)  # error kinds graded again on resume: the grader's trouble may have passed


def needs_grading(path: Path, items: list[str] | None) -> bool:
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return True
    if record.get("error_kind") in RETRIED:
        return True
    # A report made for other items (an earlier --items) is not this run's report.
    return not record.get("error") and items is not None and sorted(record.get("items", {})) != sorted(items)


def grade_all(submissions: Path, out: Path, *, workers: int = 1, force: bool = False, items: list[str] | None = None,
              device: str = "cpu", manual: dict | None = None, timeout: float = 1800, assignment: str | None = None,
              policy: Policy | None = None, similarity: bool = False, lms_formats: list[str] = (),
              lms_column: str = "Lesson 4", times: dict[str, datetime] | None = None, canvas: str | None = None,
              cluster=None, console=None) -> dict:
    """Grade what is not graded yet, then rebuild every output; returns the summary. `times`
    (the instructor's) and `canvas` (Canvas's record, lms.canvas_times) say when students
    submitted, before anything the download says (batch.submitted)."""
    from rich.console import Console

    console = console or Console(stderr=True)
    reports = out / "reports"
    with tempfile.TemporaryDirectory(prefix="autograder-class-") as tmp:
        entries, warnings = discover(submissions, Path(tmp), assignment)
        for warning in warnings:  # file names that students chose: never read as markup
            console.print(warning, style="yellow", markup=False, highlight=False)
        # Not `manual or {}`: a file whose every line is bad reads as an empty (falsy) Manual.
        check_manual({} if manual is None else manual, entries)
        check_extensions(policy, entries)
        check_names(times or {}, entries, "the times file names", TimesError)
        stamps, notes = submitted.stamps(entries, times, canvas)
        if policy:  # without one, no time is used and none is worth a warning
            for note in notes:  # one line each, however long: names and paths stay whole
                console.print(note, style="yellow", markup=False, highlight=False, soft_wrap=True)
        facts = {e.student: e.facts(stamps[e.student]) for e in entries}
        reports.mkdir(parents=True, exist_ok=True)
        todo = [e for e in entries if force or needs_grading(reports / f"{e.student}.json", items)]
        start = time.monotonic()
        graded_by = grade_entries(todo, reports, workers, items, device, timeout, console, facts, cluster)
        wall = time.monotonic() - start
        pairs = similar_pairs(entries, out, items) if similarity else None
    records = [json.loads((reports / f"{e.student}.json").read_text()) | facts[e.student] for e in entries]
    summary = write_outputs(out, records, items, manual or {}, policy)
    if lms_formats:
        from autograder.lms import layouts

        notes = {r["student"]: explain(r["late"]) for r in records if r.get("late")}
        for fmt in dict.fromkeys(lms_formats):
            layouts.write(out, fmt, lms_column, notes)
    if pairs is not None:
        summary["similarity"] = {item_id: found[:5] for item_id, found in pairs.items()}
    summary["run"] = {"workers": graded_by, **({"scheduler": cluster.address} if cluster else {}),
                      "graded_now": len(todo), "skipped": len(entries) - len(todo),
                      "wall_s": round(wall, 1), "per_minute": round(len(todo) / wall * 60, 2) if todo and wall else 0.0}
    costs = [r["cost"] for r in records if r.get("cost")]
    if costs:
        summary["cost"] = {"wall_s_mean": round(sum(c.get("wall_s", 0) for c in costs) / len(costs), 1),
                           "cpu_s_reaped_mean": round(sum(c.get("cpu_s_reaped", 0) for c in costs) / len(costs), 1),
                           "max_rss_mb_one_process": max(c.get("max_rss_mb_one_process", 0) for c in costs)}
    from autograder.report import analytics
    from autograder.report.gradebook import summary_text

    write_atomic(out / SUMMARY_PAGE, analytics.render(summary, records, manual or {}, pairs))
    write_atomic(out / "summary.json", json.dumps(summary, indent=2) + "\n")
    text = summary_text(summary)
    write_atomic(out / "summary.txt", text)
    console.print(text, markup=False, highlight=False, soft_wrap=True)  # laid out already: never wrapped again
    return summary


def where(out: Path, lms_formats: list[str], similarity: bool) -> list[str]:
    """grade-all's closing lines: where its pages and gradebooks are, under OUT as given."""
    from autograder.batch.options import OPTIONS

    gradebooks = [GRADEBOOK, *OPTIONS["gradebook_format"].writes(lms_formats)]
    return [f"class summary: {out / SUMMARY_PAGE}", f"gradebook: {', '.join(str(out / g) for g in gradebooks)}",
            f"feedback pages: {out / FEEDBACK}/<student>.html",
            *(f"similar code: {out / page}" for page in OPTIONS["similarity"].writes(similarity))]


def grade_entries(todo: list[Entry], reports: Path, workers: int, items, device, timeout, console,
                  facts: dict[str, dict], cluster=None) -> int:
    """Grade `todo` here or on a cluster (batch.cluster); returns how many workers graded."""
    if not todo:
        return 0 if cluster else workers
    with progress(todo, reports, facts, console) as finished:
        if cluster is not None:
            from autograder.batch import cluster as on_cluster

            return on_cluster.grade_entries(todo, items, device, timeout, finished, cluster, console)
        grade_here(todo, workers, items, device, timeout, finished)
        return workers


def grade_here(todo: list[Entry], workers: int, items, device, timeout, finished: Finished) -> None:
    running = Running()
    servers: list[Server] = []  # one long-lived grading process per worker thread
    local = threading.local()

    def grade(entry: Entry) -> Record:
        if not hasattr(local, "server"):
            local.server = Server(running)
            servers.append(local.server)
        record = grade_entry(entry, items, device, timeout, running, local.server)
        if local.server.no_sandbox:  # no student can be graded here: the run ends, this record unwritten
            raise CannotGrade(record["error"])
        return record

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(grade, e): e for e in todo}
        try:
            for future in as_completed(futures):
                entry = futures[future]
                try:
                    record = future.result()
                except CannotGrade:
                    raise
                except Exception as exc:  # a bug of ours on one student must not cost the others
                    record = internal_error(entry, exc)
                finished(entry, record)
        except (KeyboardInterrupt, CannotGrade):
            for future in futures:
                future.cancel()
            running.kill_all()  # what finished is saved; the next run resumes from there
            pool.shutdown(wait=True)  # the threads' gradings end with their processes: then stop the servers
            raise
        finally:
            for server in servers:
                server.stop()


def check_manual(manual: dict, entries: list[Entry]) -> None:
    """Before grading anything: a manual score for a name not in the class is a typo to fix."""
    from autograder.report import gradebook

    gradebook.check_manual(manual, {e.student for e in entries})


def similar_pairs(entries: list[Entry], out: Path, items: list[str] | None) -> dict:
    """Writes similarity.html; returns the most similar pairs per item, for the summary."""
    from autograder.batch.similarity import write_report

    return write_report(entries, out / "similarity.html", items)


def check_extensions(policy: Policy | None, entries: list[Entry]) -> None:
    """As for manual scores: an extension for a name not in the class is a typo to fix first."""
    check_names(policy.extensions if policy else {}, entries, "the policy's extensions name", PolicyError)


def check_names(names, entries: list[Entry], what: str, error: type[Exception]) -> None:
    unknown = sorted(set(names) - {e.student for e in entries})
    if unknown:
        raise error(f"{what} students who are not in the class: {', '.join(unknown[:10])}")


def lateness(record: Record, policy: Policy) -> dict | None:
    """The policy's verdict on one record, from the time recorded for it (batch.submitted)."""
    stamp = record.get("submitted") or {}
    if not stamp.get("at"):
        return None
    # Canvas's LATE marker is its verdict on the time its files carry, not on another source's.
    known = stamp["marked_late"] if stamp["from"] == submitted.CANVAS_FILES else None
    verdict = policy.assess(datetime.fromisoformat(stamp["at"]), [record["student"]], known_late=known)
    return verdict | {"submitted_from": stamp["from"]}


def write_outputs(out: Path, records: list[Record], items: list[str] | None, manual: dict,
                  policy: Policy | None = None) -> dict:
    from autograder.report import gradebook, html

    if policy:
        for record in records:
            record["late"] = lateness(record, policy)
    item_ids = gradebook.item_columns(records, items)
    gradebook.write_csv(out / GRADEBOOK, records, item_ids, manual)
    feedback = out / FEEDBACK
    feedback.mkdir(exist_ok=True)
    for record in records:
        page = html.render(record, record["student"], manual.get(record["student"], {}))
        write_atomic(feedback / f"{record['student']}.html", page)
    return gradebook.summarize(records, item_ids, manual)
