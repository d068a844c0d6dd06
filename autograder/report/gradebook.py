"""The class's gradebook (one CSV row per student) and summary, from the students' records
(a report, or an error), with an instructor's scores for written answers merged in."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder import catalogue
from autograder.exits import ExitError
from autograder.report.common import NOT_ANSWERED, PENDING, capped, title, written_state
from autograder.report.schema import Record

PENDING_CELL = "pending"
# The LMS import layouts grade-all writes beside gradebook.csv (--gradebook-format; lms/layouts.py).
LMS_LAYOUTS = ("canvas", "moodle")


class ManualError(ExitError):
    """The manual scores file cannot be used; the message names every bad line."""


class Manual(dict):
    """student -> item -> score, with the lines that cannot be used and the line of each
    student's first score: a name is known to be outside the class only once the class is found,
    and the one error then names every bad line (check_manual)."""

    def __init__(self, path: Path):
        super().__init__()
        self.path, self.problems, self.lines = path, [], {}


def read_manual(path: Path) -> Manual:
    """The scores of a CSV with the columns student,item,score. An item may be written q01 or
    q01_written; only items with a written part take a manual score. Refuses only a file
    without those columns: check_manual refuses the bad lines."""
    scores = Manual(path)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"student", "item", "score"} - set(reader.fieldnames or [])
        if missing:
            raise ManualError(f"{path}: the columns {', '.join(sorted(missing))} are missing "
                              "(expected student,item,score)")
        for line, row in enumerate(reader, start=2):
            student, item = (row["student"] or "").strip(), (row["item"] or "").strip().removesuffix("_written")
            try:
                score = float(row["score"])
            except (TypeError, ValueError):
                scores.problems.append((line, f"score {row['score']!r} is not a number"))
                continue
            if not student:
                scores.problems.append((line, "no student"))
            elif item not in catalogue.BY_ID or not catalogue.item(item).written:
                scores.problems.append((line, f"{item!r} is not an item with a written answer"))
            elif not 0 <= score <= catalogue.WRITTEN_POINTS:
                scores.problems.append((line, f"score {score:g} is outside 0..{catalogue.WRITTEN_POINTS}"))
            elif item in scores.get(student, {}):
                scores.problems.append((line, f"a second score for {student} {item}"))
            else:
                scores.setdefault(student, {})[item] = score
                scores.lines.setdefault(student, line)
    return scores


def check_manual(manual: dict, students: set[str]) -> None:
    """Before anything is graded or changed: every bad line of the manual scores, in one error."""
    problems = list(getattr(manual, "problems", []))
    lines = getattr(manual, "lines", {})
    problems += [(lines.get(s, 0), f"{s!r} is not in the class") for s in manual if s not in students]
    if problems:
        where = getattr(manual, "path", "the manual scores")
        raise ManualError(f"{where}: " + "; ".join(f"line {n}: {p}" if n else p for n, p in sorted(problems)))


def item_columns(records: list[Record], wanted: list[str] | None) -> list[str]:
    """The graded items, in catalogue order: those asked for, or every one any report has."""
    present = set(wanted or []) | {i for r in records for i in (r.get("items") or {})}
    return [i.id for i in catalogue.ITEMS if i.id in present]


LATE_COLUMNS = ["submitted_at", "submitted_from", "due", "days_late", "penalty", "final"]


def columns(item_ids: list[str], late: bool = False) -> list[str]:
    """With a late policy, the submission's time and the penalty follow the raw total."""
    cols = ["student", "status"]
    for item_id in item_ids:
        cols.append(item_id)
        if catalogue.item(item_id).written:
            cols.append(f"{item_id}_written")
    return cols + ["auto_score", "auto_max", "written_score", "written_max", "written_pending",
                   "total", "max_score", *(LATE_COLUMNS if late else []), "isolation", "error"]


def text_cell(text: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula, and error messages quote
    file names that students chose: such a cell is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def plain_cell(text: str) -> str:
    """A cell as text_cell wrote it, read back."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def row(record: Record, item_ids: list[str], manual: dict[str, float]) -> dict:
    out = {"student": text_cell(record["student"]), "status": "error" if record.get("error") else "graded",
           "error": text_cell(capped(record.get("error")))}
    if late := record.get("late"):
        out.update(submitted_at=late["submitted_at"], submitted_from=late["submitted_from"], due=late["due"],
                   days_late=str(late["days_late"]), penalty=f"{late['penalty']:g}")
    if record.get("error"):
        return out  # no scores: a failed grading is not a zero until someone looks at it
    auto = auto_max = written = written_max = pending = 0.0
    for item_id in item_ids:
        item = record["items"].get(item_id)
        if item is None:
            continue
        out[item_id] = f"{item['score']:g}"
        auto, auto_max = auto + item["score"], auto_max + item["max_score"]
        state, score = written_state(item["written"], manual.get(item_id))
        if state == "none":
            continue
        written_max += item["written"]["max_score"]
        if state == PENDING:
            out[f"{item_id}_written"] = PENDING_CELL
            pending += 1
        else:
            out[f"{item_id}_written"] = f"{score:g}"
            written += score
    out.update(auto_score=f"{auto:g}", auto_max=f"{auto_max:g}", written_score=f"{written:g}",
               written_max=f"{written_max:g}", written_pending=f"{pending:g}",
               total=f"{auto + written:g}", max_score=f"{auto_max + written_max:g}",
               isolation=record.get("isolation", ""))  # a cluster's workers may differ in it
    if late:
        out["final"] = f"{final_score(auto + written, late):g}"
    return out


def final_score(total: float, late: dict | None) -> float:
    """The total less the late penalty (a share of it), rounded as the gradebook shows points."""
    return round(total * (1 - late["penalty"]), 4) if late else total


def write_csv(path: Path, records: list[Record], item_ids: list[str], manual: dict[str, dict[str, float]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns(item_ids, any("late" in r for r in records)), restval="")
        writer.writeheader()
        for record in records:
            writer.writerow(row(record, item_ids, manual.get(record["student"], {})))


def summarize(records: list[Record], item_ids: list[str], manual: dict[str, dict[str, float]]) -> dict:
    """Per item: the mean score, and the share of graded students with every check passed."""
    graded = [r for r in records if not r.get("error")]
    items = {}
    for item_id in item_ids:
        reports = [r["items"][item_id] for r in graded if item_id in r["items"]]
        n = len(reports)
        entry = {
            "title": title(item_id),
            "students": n,
            "max_score": max((i["max_score"] for i in reports), default=0),
            "mean": round(sum(i["score"] for i in reports) / n, 3) if n else None,
            "full_marks_share": round(sum(i["score"] == i["max_score"] > 0 for i in reports) / n, 3) if n else None,
        }
        if catalogue.item(item_id).written:
            states = [written_state(r["items"][item_id]["written"], manual.get(r["student"], {}).get(item_id))[0]
                      for r in graded if item_id in r["items"]]
            entry["written"] = {"answered": sum(s != NOT_ANSWERED for s in states),
                                "pending": states.count(PENDING), "graded": states.count("graded")}
        items[item_id] = entry
    late = [r["late"] for r in records if r.get("late")]
    return {
        "students": len(records),
        "graded": len(graded),
        **({"late": {"late": sum(v["days_late"] > 0 for v in late), "extended": sum(v["extended"] for v in late),
                     "penalised": {r["student"]: r["late"]["penalty"] for r in records
                                   if r.get("late") and r["late"]["penalty"]}}} if late else {}),
        "errors": {r["student"]: r["error"] for r in records if r.get("error")},
        "mean": class_mean(records, item_ids, manual),
        "items": items,
    }


def finals(records: list[Record], item_ids: list[str], manual: dict[str, dict[str, float]]) -> list[dict]:
    """Each graded student's row with its final score as a number: the total (auto-graded and
    written points) less any late penalty, as the gradebook and the LMS get it."""
    found = []
    for record in records:
        if not record.get("error"):
            cells = row(record, item_ids, manual.get(record["student"], {}))
            found.append({**cells, "final": final_score(float(cells["total"]), record.get("late"))})
    return found


def class_mean(records: list[Record], item_ids: list[str], manual: dict[str, dict[str, float]]) -> dict | None:
    """The class's one mean, which the terminal, summary.txt and summary.html all give (mean_sentence):
    the mean final score over the graded students, and what it counts."""
    rows = finals(records, item_ids, manual)
    if not rows:
        return None
    return {"score": round(sum(r["final"] for r in rows) / len(rows), 3),
            "of": max(float(r["max_score"]) for r in rows), "students": len(rows),
            "written": any(float(r["written_max"]) for r in rows), "late": any(r.get("late") for r in records if not r.get("error")),
            "pending": int(sum(float(r["written_pending"]) for r in rows))}


def mean_sentence(mean: dict) -> str:
    """The mean in words: 'mean total 127.65 of 262 over 12 graded students (auto-graded and
    written points, less late penalties; 3 written answers pending, counted 0)'."""
    counts = "auto-graded and written points" if mean["written"] else "auto-graded points"
    if mean["late"]:
        counts += ", less late penalties"
    if mean["pending"]:
        counts += f"; {mean['pending']} written answer{'s' if mean['pending'] != 1 else ''} pending, counted 0"
    students = f"{mean['students']} graded student{'s' if mean['students'] != 1 else ''}"
    return f"mean total {mean['score']:.2f} of {mean['of']:g} over {students} ({counts})"


def summary_text(summary: dict) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{summary['graded']} of {summary['students']} submissions graded")
    for name, justify in (("item", "left"), ("mean", "right"), ("full marks", "right"), ("written answered", "right")):
        table.add_column(name, justify=justify)
    for item_id, entry in summary["items"].items():
        written = entry.get("written")
        table.add_row(Text(f"{item_id} {entry['title']}"),
                      "-" if entry["mean"] is None else f"{entry['mean']:.2f}/{entry['max_score']:g}",
                      "-" if entry["full_marks_share"] is None else f"{entry['full_marks_share']:.0%}",
                      f"{written['answered']} ({written['pending']} pending)" if written else "-")
    console = Console(file=io.StringIO(), width=100, record=True)
    console.print(table)
    if summary["mean"]:
        console.print(Text(mean_sentence(summary["mean"])), soft_wrap=True)  # one line, as summary.html has it
    if late := summary.get("late"):
        console.print(f"late: {late['late']} submission(s), {len(late['penalised'])} penalised, "
                      f"{late['extended']} with an extension")
    for student, error in summary["errors"].items():
        console.print(Text(f"not graded: {student}: {capped(error)}"))
    if "run" in summary:
        run = summary["run"]
        console.print(f"this run: {run['graded_now']} graded in {run['wall_s']:.0f} s with {run['workers']} worker(s)"
                      f" ({run['per_minute']:.1f}/min), {run['skipped']} already graded", markup=False)
    return console.export_text()
