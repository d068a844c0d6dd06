"""Alternative but correct solutions: each file in tests/alternatives/<module>/ is a complete module
written another way than the reference (other formulas, other library calls, other control
flow), and must keep full marks on its item. They are what the checks' numeric tolerances are
calibrated on: the figures next to each tolerance are the largest deviations they show, as
bench/tolerances.py prints them.

To grade many at once, round r puts the r-th alternative of every module into a copy of the
reference submission and grades, once, the items that have one; no module has more than three,
so this costs three gradings.
"""

from functools import cache
from pathlib import Path

import pytest

from autograder.authoring import corpus  # its stage() lays out a round, as the mistakes' rounds
from conftest import SOLUTIONS, run_grade

ALTERNATIVES = Path(__file__).parent / "alternatives"
CORPUS = {folder.name: sorted(folder.glob("*.py")) for folder in sorted(ALTERNATIVES.iterdir()) if folder.is_dir()}
ROUNDS = max((len(files) for files in CORPUS.values()), default=0)
CASES = [(module, r, path) for module, files in CORPUS.items() for r, path in enumerate(files)]


@pytest.mark.fast
def test_every_folder_is_an_item_module():
    assert set(CORPUS) <= {path.stem for path in SOLUTIONS.glob("q*.py")}


@cache
def graded_round(r: int, folder: str) -> dict:
    stand_ins = {module: files[r] for module, files in CORPUS.items() if r < len(files)}
    corpus.stage(Path(folder), stand_ins)
    return run_grade(Path(folder), "--items", ",".join(sorted(module[:3] for module in stand_ins)))


@pytest.fixture(scope="session")
def round_report(tmp_path_factory):
    folders = {}

    def report(r: int) -> dict:
        folders.setdefault(r, str(tmp_path_factory.mktemp(f"alternatives{r}")))
        return graded_round(r, folders[r])

    return report


@pytest.mark.slow
@pytest.mark.parametrize("module,r,path", CASES, ids=[f"{m}/{p.stem}" for m, _, p in CASES])
def test_alternative_keeps_full_marks(module, r, path, round_report):
    item = round_report(r)["items"][module[:3]]
    failed = [f"{c['name']}: {c['message']}" for c in item["checks"] if not c["passed"]]
    assert item["score"] == item["max_score"], f"{path.name} lost points on {module[:3]}:\n" + "\n".join(failed)
