"""The feedback page's scores table: each item's first problem in the student's words, the first
line of its first failed check's message (the whole message is in the item's section below)."""

from __future__ import annotations

import re

import pytest

from autograder.report import html


def check(name: str, message: str = "", hidden: bool = False) -> dict:
    return {"name": name, "score": 0.0 if message else 1.0, "max_score": 1.0, "passed": not message,
            "hidden": hidden, "message": message}


def first_problems(page: str) -> list[str]:
    table = page.split('id="scores"')[1].split("</table>")[0]
    return [re.findall(r"<td>(.*?)</td>", row, re.S)[-1] for row in re.findall(r"<tr class=.*?</tr>", table, re.S)]


@pytest.mark.fast
def test_the_first_problem_is_the_first_line_of_the_first_failed_checks_message():
    items = {
        "q07": [check("pairs_in_order"), check("stops_at_the_shorter", "zip_pairs([1, 2], [3]) gave [(1, 3), (2, None)]\n"
                                                                     "expected [(1, 3)]"), check("empty", "no")],
        "q08": [check("shape", "\n  x < y is False\n")],
        "q09": [check("bias_shape", " ", hidden=True)],
        "q10": [check("ok")],
    }
    report = {"score": 2.0, "max_score": 7.0, "isolation": "bubblewrap",
              "items": {i: {"score": sum(c["score"] for c in checks), "max_score": float(len(checks)), "checks": checks,
                            "written": None} for i, checks in items.items()}}
    page = html.render(report, "alice")
    assert first_problems(page) == ["zip_pairs([1, 2], [3]) gave [(1, 3), (2, None)]", "x &lt; y is False",
                                    "bias_shape", "all checks passed"]
    assert "expected [(1, 3)]" in page.split('id="scores"')[1].split("</table>")[1]  # the rest, below
