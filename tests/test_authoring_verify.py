"""`python -m autograder.authoring verify qNN` on q07 (its reference, stub and three mistakes grade
in seconds), in a copy of the package as tests/test_items.py makes one, so that what it writes
stays there: it passes on the item as it is, rebuilding its signatures as shipped, and stops at a
mistake that loses no check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_items import in_copy

from autograder.authoring import corpus
from autograder.report.mistakes import SIGNATURES
from conftest import ROOT

pytestmark = pytest.mark.slow

ITEM, MODULE = "q07", "q07_zip_pairs"
MISTAKES = [path.stem for path in corpus.corpus()[MODULE]]


def package(copy: Path) -> Path:
    """A copy of the package with the item's mistakes."""
    for folder in ("autograder", "solutions", "exercises", "source", "docs", f"tests/mistakes/{MODULE}"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def steps(stdout: str) -> list[str]:
    return [line.split(":")[0] for line in stdout.splitlines()]


def test_verify_passes_and_rebuilds_the_items_signatures(tmp_path):
    copy = package(tmp_path)
    stale = json.loads(SIGNATURES.read_text())
    stale["items"][ITEM] = [{"mistake": "long_gone", "label": "no longer in the corpus", "fails": ["x"]}]
    (copy / SIGNATURES.relative_to(ROOT)).write_text(json.dumps(stale))
    run = in_copy(copy, "-m", "autograder.authoring", "verify", ITEM)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert steps(run.stdout) == ["regenerate", "reference", "stub", "mistakes",
                                 *(f"mistake {stem}" for stem in MISTAKES), "signatures", f"verify {ITEM}"]
    lines = run.stdout.splitlines()
    assert lines[1] == "reference: full marks (8/8)" and lines[2].startswith("stub: zero, every check says not implemented")
    assert all(": loses " in line for line in lines[4:4 + len(MISTAKES)])
    assert (copy / SIGNATURES.relative_to(ROOT)).read_text() == SIGNATURES.read_text()


def test_verify_stops_at_a_mistake_that_loses_no_check(tmp_path):
    copy = package(tmp_path)
    shutil.copyfile(ROOT / "solutions" / f"{MODULE}.py", copy / "tests" / "mistakes" / MODULE / "no_mistake.py")
    before = (copy / SIGNATURES.relative_to(ROOT)).read_text()
    run = in_copy(copy, "-m", "autograder.authoring", "verify", ITEM)
    assert run.returncode == 1, run.stdout + run.stderr[-3000:]
    graded = sorted([*MISTAKES, "no_mistake"])
    assert steps(run.stdout) == ["regenerate", "reference", "stub", "mistakes",
                                 *(f"mistake {stem}" for stem in graded[:graded.index("no_mistake") + 1])]
    assert run.stdout.splitlines()[-1] == "mistake no_mistake: FAILED: keeps every check (8/8)"
    assert (copy / SIGNATURES.relative_to(ROOT)).read_text() == before
