"""The corpus of real student mistakes: each file in tests/mistakes/<module>/ is the reference
module with one realistic bug, and must lose points in its own item and nowhere else.

To grade many mistakes at once, each round (autograder/authoring/corpus.py's rounds(), with
which `python -m autograder.authoring signatures` also builds the shipped signatures) puts
several modules' mistakes beside the reference modules and grades the whole submission once;
the modules a round leaves alone must keep full marks.
"""

import json
import re
import sys
from functools import cache
from pathlib import Path

import pytest

from autograder.authoring import corpus
from conftest import run_grade

CORPUS = corpus.corpus()
ROUNDS = corpus.rounds(CORPUS)
CASES = [(module, r, path) for r, stand_ins in enumerate(ROUNDS) for module, path in stand_ins.items()]


@pytest.mark.fast
def test_rounds_grade_every_mistake_once_and_leave_every_module_out_once():
    """Cheap: no grading. Without a module left out, its round asserts nothing about the others."""
    graded = sorted(path for stand_ins in ROUNDS for path in stand_ins.values())
    assert graded == sorted(path for files in CORPUS.values() for path in files)
    for module in CORPUS:
        assert any(module not in stand_ins for stand_ins in ROUNDS), f"{module} has a mistake in every round"


@cache
def graded_round(r: int, folder: str) -> dict:
    corpus.stage(Path(folder), ROUNDS[r])
    return run_grade(Path(folder))


@pytest.fixture(scope="session")
def round_report(tmp_path_factory):
    folders = {}

    def report(r: int) -> dict:
        folders.setdefault(r, str(tmp_path_factory.mktemp(f"round{r}")))
        return graded_round(r, folders[r])

    return report


@pytest.mark.slow
@pytest.mark.parametrize("module,r,path", CASES, ids=[f"{m}/{p.stem}" for m, _, p in CASES])
def test_mistake_loses_points_in_its_item(module, r, path, round_report):
    item = round_report(r)["items"][module[:3]]
    failed = [c for c in item["checks"] if not c["passed"]]
    assert item["score"] < item["max_score"], f"{path.name} kept full marks on {module[:3]}"
    for check in failed:
        assert "internal error" not in check["message"], check["message"]
        assert "Traceback" not in check["message"], check["message"]


@pytest.mark.slow
@pytest.mark.parametrize("r", range(len(ROUNDS)))
def test_items_without_a_mistake_keep_full_marks(r, round_report):
    report = round_report(r)
    touched = {module[:3] for module in ROUNDS[r]}
    untouched = {item_id: item for item_id, item in report["items"].items()
                 if item_id not in touched and item["max_score"]}
    assert untouched, f"round {r} leaves no graded item without a mistake"
    for item_id, item in untouched.items():
        assert item["score"] == item["max_score"], (item_id, [c for c in item["checks"] if not c["passed"]])


@pytest.mark.slow
@pytest.mark.parametrize("r", range(len(ROUNDS)))
def test_shipped_signatures_match_this_grading(r, round_report):
    """The named mistakes' signatures (autograder/report/signatures.json, built by
    `python -m autograder.authoring signatures` in the same rounds) against the rounds graded
    above, at no extra cost: a check changed since they were built fails here. Rebuild them with
    that command."""
    from autograder.report.mistakes import SIGNATURES, failing

    shipped = {(item, m["mistake"]): sorted(m["fails"])
               for item, found in json.loads(SIGNATURES.read_text())["items"].items() for m in found}
    report = round_report(r)
    for module, path in ROUNDS[r].items():
        got = sorted(failing(report["items"][module[:3]]))
        assert shipped.get((module[:3], path.stem)) == got, f"{path.name}: run python -m autograder.authoring signatures"


# Their messages hold the reference's timings and the seed drawn for the grading.
TIMED = ("q14",)


def figures_aside(message: str) -> str:
    """A message without its numbers, folders and addresses: a mistake's own unseeded draws (q09's
    spread), the temporary folders that checks and workers make and the addresses in an object's
    repr differ from one grading to the next."""
    return re.sub(r"\d+", "#", re.sub(r"/[^\s'\"]*|0x[0-9a-f]+", "/...", message))


@pytest.fixture(scope="session")
def batch_reports(tmp_path_factory) -> dict[int, dict]:
    """The same rounds graded as one class by grade-all, whose long-lived grading processes
    (batch/server.py) grade one round after another with caches warm."""
    import subprocess

    base = tmp_path_factory.mktemp("batch")
    for r, stand_ins in enumerate(ROUNDS):
        (base / "class" / f"round{r}").mkdir(parents=True)
        corpus.stage(base / "class" / f"round{r}", stand_ins)
    run = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(base / "class"), "--out",
                          str(base / "out"), "--workers", "2", "--device", "cpu"],
                         capture_output=True, text=True, timeout=3000)
    assert run.returncode == 0, run.stderr[-3000:]
    return {r: json.loads((base / "out" / "reports" / f"round{r}.json").read_text()) for r in range(len(ROUNDS))}


def verdicts(report: dict) -> dict:
    return {item_id: [(c["name"], c["passed"], c["score"], c["max_score"],
                       None if item_id in TIMED else figures_aside(c["message"])) for c in item["checks"]]
            for item_id, item in report["items"].items()}


@pytest.mark.slow
@pytest.mark.parametrize("r", range(len(ROUNDS)))
def test_batch_grading_gives_every_verdict_of_single_grading(r, round_report, batch_reports):
    single, batch = round_report(r), batch_reports[r]
    assert batch["error"] is None, batch["error"]
    assert (batch["score"], batch["max_score"]) == (single["score"], single["max_score"])
    assert verdicts(batch) == verdicts(single)
    assert {i: item["written"] for i, item in batch["items"].items()} == \
        {i: item["written"] for i, item in single["items"].items()}
    for key in ("isolation", "network", "device", "torch", "version"):
        assert batch[key] == single[key], key
