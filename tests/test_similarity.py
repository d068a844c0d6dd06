"""`grade-all --similarity` on the class that tests/instructor_class.py generates: the two
students who share a modified copy (other names, a comment) are found and flagged, honest
students who share only the stub are not listed at all, and nobody's score changes."""

import csv
import json
import re

import pytest

import instructor_class as klass

pytestmark = pytest.mark.slow


def pairs(instructor_class) -> dict:
    return json.loads((instructor_class / "graded" / "summary.json").read_text())["similarity"]


def test_the_shared_copy_is_found(instructor_class):
    q07 = pairs(instructor_class)["q07"]
    top = q07[0]
    assert (top["a"], top["b"]) == klass.COPIERS and top["flagged"] and top["similarity"] >= 0.9
    page = (instructor_class / "graded" / "similarity.html").read_text()
    section = re.search(r'<section class="similar" data-item="q07" data-a="copier_a" data-b="copierb">(.*?)</section>',
                        page, re.S)
    assert section and "flagged" in section.group(1)
    assert "<mark>" in section.group(1) and "source_a = iter(xs)" in section.group(1)  # the copy, marked
    assert "Content-Security-Policy" in page and "<script" not in page


def test_honest_students_who_share_only_the_stub_are_not_listed(instructor_class):
    honest = set(klass.HONEST_STUDENTS)
    listed = [(p["item"], p["a"], p["b"]) for found in pairs(instructor_class).values() for p in found]
    assert not [p for p in listed if {p[1], p[2]} <= honest], listed
    assert not [p for p in listed if honest & {p[1], p[2]}], listed  # nor with anyone else


def test_similarity_changes_no_score(instructor_class):
    with open(instructor_class / "graded" / "gradebook.csv", newline="") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert rows["copier_a"]["q07"] == rows["copierb"]["q07"] == "8"
