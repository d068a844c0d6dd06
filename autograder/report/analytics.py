"""summary.html: what the class got wrong. A histogram of the total scores; per item and per
check, the share of students who failed it; per check, its most common failure messages, with
numbers made generic so that the same mistake on different values is one group; the named
mistakes (report.mistakes) and how many students made each; and, after `--similarity`, the most
similar pairs per item. One self-contained file, no scripts, like the feedback pages."""

from __future__ import annotations

import base64
import io
import re
from collections import Counter, defaultdict

from autograder.report.common import capped, title
from autograder.report.gradebook import finals, mean_sentence
from autograder.report.mistakes import named
from autograder.report.schema import Record

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
MESSAGES_SHOWN = 3  # groups of messages per check
PAIRS_SHOWN = 5  # most similar pairs per item
NAMES_SHOWN = 12  # students listed under a named mistake


def normalised(message: str) -> str:
    """The message with every number replaced by N and its spacing collapsed: the group's key."""
    return " ".join(NUMBER.sub("N", message or "").split())[:300]


def histogram(values: list[float], top: float) -> str | None:
    """The PNG of a histogram as a data URL (matplotlib, without pyplot's global state)."""
    if not values:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bins = min(20, max(5, int(top) or 5))
    ax.hist(values, bins=bins, range=(0, max(top, max(values)) or 1), color="tab:blue", edgecolor="white")
    ax.set_xlabel("total score")
    ax.set_ylabel("students")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def item_views(records: list[Record], item_ids: list[str]) -> list[dict]:
    graded = [r for r in records if not r.get("error")]
    views = []
    for item_id in item_ids:
        reports = [(r["student"], r["items"][item_id]) for r in graded if item_id in (r.get("items") or {})]
        failed: Counter = Counter()
        messages: dict[str, dict[str, list]] = defaultdict(dict)
        mistakes: dict[str, list[str]] = defaultdict(list)
        for student, item in reports:
            for check in item["checks"]:
                if not check["passed"]:
                    failed[check["name"]] += 1
                    group = messages[check["name"]].setdefault(normalised(check["message"]), [0, check["message"]])
                    group[0] += 1
            for label in named(item_id, item):
                mistakes[label].append(student)
        names = [c["name"] for _, item in reports for c in item["checks"]]
        checks = [{"name": name, "failed": failed[name], "rate": failed[name] / len(reports),
                   "messages": [{"count": n, "example": capped(example, 300)}
                                for n, example in sorted(messages[name].values(), key=lambda g: -g[0])[:MESSAGES_SHOWN]]}
                  for name in dict.fromkeys(names)]
        views.append({
            "id": item_id, "title": title(item_id), "students": len(reports),
            "failed_any": sum(any(not c["passed"] for c in item["checks"]) for _, item in reports),
            "checks": sorted(checks, key=lambda c: -c["rate"]),
            "mistakes": [{"label": label, "count": len(students), "students": sorted(students)[:NAMES_SHOWN],
                          "more": max(0, len(students) - NAMES_SHOWN)}
                         for label, students in sorted(mistakes.items(), key=lambda m: -len(m[1]))],
        })
    return views


def render(summary: dict, records: list[Record], manual: dict, pairs: dict | None) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from autograder.report.html import TEMPLATES

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    scores = [r["final"] for r in finals(records, list(summary["items"]), manual)]
    return env.get_template("summary.html.j2").render(
        summary=summary, histogram=histogram(scores, summary["mean"]["of"] if summary["mean"] else 0),
        mean=mean_sentence(summary["mean"]) if summary["mean"] else None,
        items=item_views(records, list(summary["items"])),
        pairs={item_id: found[:PAIRS_SHOWN] for item_id, found in (pairs or {}).items() if found},
        similarity=pairs is not None)
