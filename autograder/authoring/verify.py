"""One item checked end to end, after its material is regenerated (`python -m autograder.authoring
verify qNN`): its reference scores full marks, its stub scores zero saying "not implemented", it
has at least corpus.MINIMUM mistakes in tests/mistakes/<module>/ and each loses at least one
check; then its entries in signatures.json are rebuilt from those gradings. Each submission is
graded by the command line, as the mistakes' rounds are. One line per step; the first failure ends
it, its line saying why.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from autograder import catalogue
from autograder.authoring import corpus, signatures
from autograder.reference import SOLUTIONS
from autograder.report.mistakes import failing

BROKEN = ("internal error", "Traceback")  # a grader's failure, not the submission's


class Failed(Exception):
    """Why a step refuses what it graded, in one line."""


def marks(item: dict) -> str:
    return f"{item['score']:g}/{item['max_score']:g}"


def full_marks(item: dict) -> str:
    if not item["max_score"]:
        raise Failed("the item has no checks")
    lost = [c for c in item["checks"] if not c["passed"]]
    if lost:
        raise Failed(f"{marks(item)}, {lost[0]['name']} fails: {first_line(lost[0]['message'])}")
    return f"full marks ({marks(item)})"


def not_implemented(item: dict) -> str:
    for check in item["checks"]:
        if check["passed"]:
            raise Failed(f"{marks(item)}, {check['name']} passes on the stub")
        if "not implemented" not in check["message"]:
            raise Failed(f"{check['name']} fails without saying 'not implemented': {first_line(check['message'])}")
    if item["score"]:
        raise Failed(f"{marks(item)} with every check failed")
    return f"zero, every check says not implemented ({marks(item)})"


def loses_a_check(item: dict) -> str:
    lost = failing(item)
    if not lost:
        raise Failed(f"keeps every check ({marks(item)})")
    for check in item["checks"]:
        if not check["passed"] and any(word in check["message"] for word in BROKEN):
            raise Failed(f"{check['name']} is a grader error: {first_line(check['message'])}")
    return f"loses {len(lost)} of {len(item['checks'])} checks ({marks(item)})"


def first_line(message: str) -> str:
    return (message.strip().splitlines() or [""])[0]


def judged(step: str, judge: Callable[[dict], str], folder: Path, item_id: str) -> dict:
    """The item's part of folder's report, once judge has said what it makes of it."""
    try:
        graded = corpus.grade(folder, [item_id])["items"][item_id]
        print(f"{step}: {judge(graded)}", flush=True)
    except (Failed, corpus.GradingFailed) as failure:
        raise Failed(f"{step}: FAILED: {failure}") from None
    return graded


def steps(item: catalogue.Item, exercises: Path) -> None:
    judged("reference", full_marks, SOLUTIONS, item.id)
    judged("stub", not_implemented, exercises, item.id)
    mistakes = corpus.corpus().get(item.module, [])
    where = f"{corpus.CORPUS.relative_to(corpus.ROOT)}/{item.module}/"
    if len(mistakes) < corpus.MINIMUM:
        raise Failed(f"mistakes: FAILED: {len(mistakes)} in {where}, at least {corpus.MINIMUM} needed")
    print(f"mistakes: {len(mistakes)} in {where}", flush=True)
    entries = []
    for path in mistakes:
        with tempfile.TemporaryDirectory(prefix="verify-") as tmp:
            corpus.stage(Path(tmp), {item.module: path})
            entries.append(signatures.entry(path, judged(f"mistake {path.stem}", loses_a_check, Path(tmp), item.id)))
    written = signatures.replace(item.id, entries)
    print(f"signatures: wrote {written.relative_to(corpus.ROOT)} ({item.id}: {len(entries)} mistakes)", flush=True)


def verify(item_id: str, exercises: Path) -> int:
    """0 when every step passes, 1 at the first that fails, 2 for an unknown item."""
    if item_id not in catalogue.BY_ID:
        print(f"verify: no item {item_id}; items are {catalogue.FIRST} to {catalogue.LAST}")
        return 2
    try:
        steps(catalogue.item(item_id), exercises)
    except Failed as failure:
        print(failure, flush=True)
        return 1
    print(f"verify {item_id}: ok")
    return 0
