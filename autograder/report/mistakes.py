"""Named mistakes: each mistake of the corpus (tests/mistakes/) fails a set of checks, its
signature; a student whose failing checks on an item are exactly a known signature made that
mistake, or one that the checks cannot tell from it.

signatures.json is built from the corpus by `python -m autograder.authoring signatures` (grading
every mistake; `verify qNN` rebuilds one item's); tests/test_mistakes.py checks it against the
corpus's grading results.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from autograder.report.schema import Item
from autograder.runner.failures import NOT_IMPLEMENTED

SIGNATURES = Path(__file__).with_name("signatures.json")
# What the grader says of a module that is missing or still a stub: such an item fails every
# check, as a mistake that fails them all would.
UNFINISHED = (NOT_IMPLEMENTED, "is missing from the submission")


def failing(item: Item) -> frozenset[str]:
    """An item's signature in a report: the names of the checks it failed."""
    return frozenset(c["name"] for c in item["checks"] if not c["passed"])


@cache
def known() -> dict[str, dict[frozenset[str], list[str]]]:
    """item id -> signature -> the labels of the corpus's mistakes with that signature."""
    table: dict[str, dict[frozenset[str], list[str]]] = {}
    for item_id, mistakes in json.loads(SIGNATURES.read_text())["items"].items():
        for mistake in mistakes:
            table.setdefault(item_id, {}).setdefault(frozenset(mistake["fails"]), []).append(mistake["label"])
    return table


def named(item_id: str, item: Item) -> list[str]:
    """The labels of the known mistakes whose signature is this item's failing checks; none for
    work not done."""
    signature = failing(item)
    if not signature or any(m in c["message"] for c in item["checks"] if not c["passed"] for m in UNFINISHED):
        return []
    return known().get(item_id, {}).get(signature, [])
