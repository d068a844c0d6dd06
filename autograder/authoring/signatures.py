"""The named mistakes' signatures (autograder/report/signatures.json), built from the corpus.

    python -m autograder.authoring signatures

A mistake's signature is the set of checks its item fails; its label is its docstring's first
sentence. Grading every mistake on its own would take many minutes, so each of a few rounds
(corpus.rounds(), which tests/test_mistakes.py grades too) puts several modules' mistakes beside
the reference modules and grades the whole submission once. Build them again whenever the corpus
or the checks change: tests/test_mistakes.py compares the file with its own grading.
`python -m autograder.authoring verify qNN` rebuilds one item's entries.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from autograder.authoring import corpus
from autograder.report.mistakes import SIGNATURES, failing


def entry(path: Path, item: dict) -> dict:
    """The mistake at path, from its item's part of a report."""
    return {"mistake": path.stem, "label": corpus.label(path), "fails": sorted(failing(item))}


def write(items: dict[str, list[dict]]) -> Path:
    SIGNATURES.write_text(json.dumps({"items": dict(sorted(items.items()))}, indent=1) + "\n")
    return SIGNATURES


def replace(item_id: str, entries: list[dict]) -> Path:
    """signatures.json with one item's entries in place of its old ones, every other item's kept."""
    return write({**json.loads(SIGNATURES.read_text())["items"], item_id: entries})


def build() -> dict[str, list[dict]]:
    """Item id -> its mistakes' entries, in the corpus's order, graded in rounds."""
    mistakes = corpus.corpus()
    found: dict[Path, dict] = {}
    for r, stand_ins in enumerate(corpus.rounds(mistakes)):
        print(f"round {r + 1}: {len(stand_ins)} mistakes", flush=True)
        with tempfile.TemporaryDirectory(prefix="signatures-") as tmp:
            corpus.stage(Path(tmp), stand_ins)
            report = corpus.grade(Path(tmp))
        found.update((path, entry(path, report["items"][module[:3]])) for module, path in stand_ins.items())
    return {module[:3]: [found[path] for path in files] for module, files in mistakes.items() if files}


def main() -> int:
    try:
        items = build()
    except corpus.GradingFailed as failure:
        print(f"{failure}\n{failure.stderr[-3000:]}", file=sys.stderr)
        return 1
    path = write(items)
    print(f"wrote {path.relative_to(corpus.ROOT)}: {sum(map(len, items.values()))} mistakes")
    return 0
