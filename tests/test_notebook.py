"""The nbgrader notebook: generated, never edited by hand, and released by real nbgrader.

Drift: regenerating the source notebook, and releasing it with nbgrader, must give the
committed files (`python -m autograder.authoring release` rewrites them).
"""

from __future__ import annotations

import ast
import logging
import re
import warnings

import nbformat
import pytest

from autograder import catalogue
from autograder.authoring import notebook, release
from autograder.reference import SOLUTIONS

ROOT = SOLUTIONS.parent
REGENERATE = "run `python -m autograder.authoring release` and commit source/ and release/"


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=nbformat.NO_CONVERT)


def role(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


@pytest.fixture(scope="module")
def source():
    return read(notebook.source_path(ROOT))


@pytest.fixture(scope="module")
def released():
    return read(release.release_path(ROOT))


@pytest.mark.fast
def test_the_source_notebook_is_generated(source):
    assert notebook.build(SOLUTIONS) == source, f"source/ is out of date: {REGENERATE}"


@pytest.mark.slow
def test_nbgrader_releases_the_committed_notebook(tmp_path, released):
    # Nothing in the release varies between runs (cell ids are fixed, checksums are hashes of
    # source and metadata, nbgrader adds no timestamp), so the whole notebook must match.
    fresh = read(release.generate(release.make_course(tmp_path, notebook.source_path(ROOT))))
    assert fresh == released, f"release/ is out of date: {REGENERATE}"


@pytest.mark.fast
def test_every_item_has_its_cells(source):
    ids = [role(c).get("grade_id") for c in source.cells if role(c)]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-zA-Z0-9_\-]+", i) for i in ids)
    assert ids[0] == "setup"
    for item in catalogue.ITEMS:
        assert f"{item.id}_solution" in ids and f"{item.id}_tests" in ids
        assert (f"{item.id}_written" in ids) == item.written
    tests = [role(c) for c in source.cells if role(c).get("grade") and not role(c).get("solution")]
    assert all(t["locked"] and t["points"] > 0 for t in tests)
    written = [role(c) for c in source.cells if role(c).get("grade_id", "").endswith("_written")]
    assert all(w["points"] == catalogue.WRITTEN_POINTS and w["solution"] and not w["locked"] for w in written)


@pytest.mark.slow
def test_the_release_keeps_no_solution_hidden_test_or_answer(released):
    for cell in released.cells:
        meta = role(cell)
        assert "### BEGIN" not in cell.source and "### END" not in cell.source, meta.get("grade_id")
        if meta.get("solution") and cell.cell_type == "code":
            assert "raise NotImplementedError()" in cell.source, meta["grade_id"]
        if meta.get("solution") and cell.cell_type == "markdown":
            assert cell.source == "YOUR ANSWER HERE", meta["grade_id"]
        if meta.get("grade") and not meta.get("solution"):
            assert "hidden=True" not in cell.source and "check(" in cell.source


@pytest.mark.fast
def test_no_two_items_define_the_same_name(source):
    """All items share one kernel (and one namespace when graded): an item defining another's
    name would silently replace it."""
    owner: dict[str, str] = {}
    for cell in source.cells:
        if cell.cell_type != "code" or not role(cell).get("solution"):
            continue
        item_id = role(cell)["grade_id"][:3]
        for node in ast.parse(cell.source).body:
            targets = [node] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else getattr(node, "targets", [])
            for name in [getattr(t, "name", None) or getattr(t, "id", None) for t in targets]:
                assert owner.setdefault(name, item_id) == item_id, f"{name} is defined by {owner[name]} and {item_id}"


@pytest.mark.fast
def test_check_says_nothing_on_stderr(monkeypatch, capsys):
    """nbgrader scores a test cell 0 on any stderr output, even when every check passed: a
    warning or a log line raised while check() runs must not reach the kernel's stderr."""
    import autograder.grading
    import autograder.notebook
    import autograder.runner.session
    from autograder.notebook import check

    class NoSandbox:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

    def noisy_grade(*args, **kwargs):
        warnings.warn("a warning the kernel would print", UserWarning)
        logging.getLogger("autograder").error("a line of the grader's log")
        passed = {"name": "pair_up_list_and_string", "passed": True, "message": ""}
        return {"items": {"q07": {"score": 1.0, "max_score": 1.0, "checks": [passed]}}}

    monkeypatch.setattr(autograder.runner.session, "Session", NoSandbox)
    monkeypatch.setattr(autograder.notebook, "_kept", None)  # no sandbox kept from another test
    monkeypatch.setattr(autograder.grading, "grade", noisy_grade)
    assert check("q07")
    out, err = capsys.readouterr()
    assert err == "" and "pass q07 pair_up_list_and_string" in out and "grader's log" in out
