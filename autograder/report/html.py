"""The feedback page for one student, from a report: a score table, every failed check's
message, notes (the timed check's figures), the figures the student's code drew beside the
reference's, and training curves. One self-contained file: images are inlined as data URLs and
a Content-Security-Policy forbids scripts and remote loads, so whatever a message holds, the
page cannot run or fetch anything."""

from __future__ import annotations

import base64
import binascii
import io
import json
import numbers
from pathlib import Path

from autograder.report.common import capped, hidden_absent, title, written_state
from autograder.report.schema import Check, Item, Record, Report

TEMPLATES = Path(__file__).parent / "templates"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_CAP = 2000  # characters of a plain-data artifact shown on the page


def render(report: Report | Record, student: str, manual: dict[str, float] | None = None) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["points"] = lambda v: "" if v is None else f"{v:g}"
    return env.get_template("feedback.html.j2").render(page(report, student, manual or {}))


def page(report: Report | Record, student: str, manual: dict[str, float]) -> dict:
    """Everything the template shows, as plain values: the template only lays it out."""
    items = [item_view(item_id, item, report.get("artifacts", {}).get(item_id, {}), manual.get(item_id))
             for item_id, item in (report.get("items") or {}).items()]
    written = [i["written"] for i in items if i["written"]]
    return {
        "student": student,
        "error": report.get("error"),
        "score": report.get("score"),
        "max_score": report.get("max_score"),
        "written_score": sum(w["score"] or 0 for w in written),
        "written_max": sum(w["max_score"] for w in written),
        "pending": sum(w["state"] == "pending manual grading" for w in written),
        "items": items,
        "cell_errors": [capped(e["message"]) for e in report.get("cell_errors", [])],
        "isolation": report.get("isolation"),
        "hidden_absent": hidden_absent(report),
        "late": late_note(report, sum(w["score"] or 0 for w in written)),
    }


def late_note(report: Report | Record, written: float) -> str | None:
    """How the late policy's penalty was computed, on the auto-graded and written points."""
    if not report.get("late"):
        return None  # the student bundle has no late policy module, and its pages need none
    from autograder.late import explain

    return explain(report["late"], None if report.get("error") else (report.get("score") or 0) + written)


def item_view(item_id: str, item: Item, artifacts: dict, manual: float | None) -> dict:
    state, score = written_state(item["written"], manual)
    failed = failures([c for c in item["checks"] if not c["passed"]])
    return {
        "id": item_id,
        "title": title(item_id),
        "score": item["score"],
        "max_score": item["max_score"],
        "full": item["max_score"] > 0 and item["score"] == item["max_score"],
        "failed": failed,
        "first_problem": first_line(failed[0]) if failed else None,
        "notes": [{"name": c["name"], "message": capped(c["message"])}
                  for c in item["checks"] if c["passed"] and c["message"]],
        "written": None if state == "none" else {"state": state, "score": score,
                                                  "max_score": item["written"]["max_score"]},
        "figures": [f for name, value in sorted(artifacts.items()) if (f := figure(name, value))],
        "curves": [c for name, value in sorted(artifacts.items()) if (c := curve(name, value))],
        "data": [{"name": name, "text": capped(json.dumps(value, indent=1, default=str), DATA_CAP)}
                 for name, value in sorted(artifacts.items())
                 if not name.startswith("figure:") and not series_of(value)],
    }


def failures(failed: list[Check]) -> list[dict]:
    """The failed checks, one entry per message under the names of every check that gave it: a
    module that does not import fails each check with the same error, which is shown once."""
    grouped: dict[str, list[dict]] = {}
    for check in failed:
        grouped.setdefault(capped(check["message"]), []).append({"name": check["name"], "hidden": check["hidden"]})
    return [{"checks": checks, "message": message} for message, checks in grouped.items()]


def first_line(failure: dict) -> str:
    """What the scores table says of an item's first failure: its message's first line (the
    rest is in the item's section), or the check's name where it gave none."""
    lines = failure["message"].strip().splitlines()
    return lines[0] if lines else failure["checks"][0]["name"]


def figure(name: str, value) -> dict | None:
    """A kept figure as data URLs; bytes that are not a PNG (student code made them) are dropped."""
    if not name.startswith("figure:") or not isinstance(value, dict):
        return None
    sources = {who: png_url(value.get(who)) for who in ("student", "reference")}
    if not any(sources.values()):
        return None
    return {"name": name.removeprefix("figure:"), **sources}


def png_url(text) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode() if data.startswith(PNG_MAGIC) else None


def series_of(value) -> dict | None:
    """A training curve is kept as {"student": [numbers], "reference": [numbers]} (either may be
    missing), optionally with "xlabel" and "ylabel"."""
    if not isinstance(value, dict):
        return None
    series = {who: value[who] for who in ("student", "reference")
              if isinstance(value.get(who), list) and value[who]
              and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value[who])}
    return series or None


def curve(name: str, value) -> dict | None:
    series = series_of(value)
    if not series:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A Figure with its own canvas, not pyplot: drawing here must not touch the caller's backend.
    fig = Figure(figsize=(5, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    styles = {"student": {"color": "tab:blue", "label": "your code"},
              "reference": {"color": "tab:gray", "linestyle": "--", "label": "reference"}}
    for who, values in series.items():
        ax.plot(range(1, len(values) + 1), values, marker="o", markersize=3, **styles[who])
    ax.set_xlabel(str(value.get("xlabel", "epoch")))
    ax.set_ylabel(str(value.get("ylabel", name.removeprefix("curve:"))))
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    src = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return {"name": name.removeprefix("curve:"), "src": src}
