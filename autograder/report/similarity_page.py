"""similarity.html: for each item, the pairs of students whose code is most alike, with the
shared runs marked in both students' code. Self-contained and script-free, like the other pages;
the code is the students' own, escaped like every other text they chose."""

from __future__ import annotations

from autograder.report.common import title

SHOWN = 0.33  # copydetect's display threshold: pairs under it are not listed
FLAGGED = 0.6  # pairs at or over it are marked for a look


def render(pairs: dict[str, list[dict]], students: int) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from autograder.report.html import TEMPLATES

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    items = [{"id": item_id, "title": title(item_id), "pairs": found} for item_id, found in pairs.items()]
    return env.get_template("similarity.html.j2").render(items=items, students=students, shown=SHOWN,
                                                         flagged=FLAGGED)
