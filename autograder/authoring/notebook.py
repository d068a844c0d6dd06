"""Make the nbgrader source notebook `source/lesson4/lesson4.ipynb` from solutions/ and the checks.

Never edit the notebook by hand: `python -m autograder.authoring` rewrites it. Per item, in
questionnaire order:
- the question (the reference module's docstring);
- a solution cell: the module's code without its docstring and written part, solution regions
  marked as nbgrader wants them (it turns them into `raise NotImplementedError()`);
- a module-level solution region other than ANSWER (q31's BEAR_TABLE) gets a cell of its own
  after the functions, so that its `raise NotImplementedError()` in the release cannot stop the
  functions of the item from being defined;
- a test cell worth the item's auto-graded points (public + hidden checks) calling `check()`,
  its hidden part between nbgrader's hidden-test markers;
- for items with a written part, a manually graded markdown cell holding the model answer and
  the rubric (nbgrader's release replaces it with "YOUR ANSWER HERE").

The output is deterministic (fixed cell ids, no timestamps or versions), so a test can compare
it with the committed file.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import catalogue
from autograder.authoring.stubs import enclosing_function, regions
from autograder.submission import PLACEHOLDER

ASSIGNMENT = "lesson4"

SETUP = """\
import math
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from autograder.data import threes_sevens
from autograder.notebook import check

# The bundled MNIST 3s and 7s: train_x (N, 784) in [0, 1], train_y (N, 1) with 1.0 for a 3.
data = threes_sevens()
print(f"{len(data.train_x)} training and {len(data.valid_x)} validation digits")"""

INTRO = """\
# Lesson 4: train a digit classifier from scratch

Each section below is one question. Write your code in the cell under the question, replacing
`raise NotImplementedError()`, and your written answers in the cells that say {placeholder}.
Run `check("q07")` in any cell to run that item's public checks on what you have run so far
(the checks run your code in a separate sandbox, never in this kernel). The test cells do the
same; when your work is graded, hidden checks with other inputs run as well.

Run the first cell before anything else: it imports what the lesson uses and loads the digits."""


def nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"schema_version": 3, "grade_id": grade_id, "grade": grade, "solution": solution, "locked": locked}
    if grade:
        meta["points"] = int(points) if float(points).is_integer() else points
    return {"nbgrader": meta}


def collect_checks(item_ids: list[str]) -> dict[str, list[dict]]:
    """Every check of the items, public and hidden, as pytest collects them: name, points and the
    clauses it holds."""
    from autograder.checks.plugin import holds, is_hidden, item_of, points
    from autograder.grading import Visibility, check_files, run_pytest

    found: dict[str, list[dict]] = {item_id: [] for item_id in item_ids}

    class Recorder:
        @staticmethod
        def pytest_collection_modifyitems(items):
            for node in items:
                found[item_of(str(node.path)).id].append({
                    "function": node.originalname.removeprefix("test_"),
                    "points": points(node),
                    "hidden": is_hidden(node),
                    "holds": holds(node),
                })

    files = [str(f) for f in check_files(item_ids, hidden=Visibility.WITH_HIDDEN)]
    code, out = run_pytest([*files, "--collect-only"], [Recorder()])
    if code != 0:
        raise RuntimeError(f"the check modules could not be collected (pytest exit {code}):\n{out[-4000:]}")
    return found


class Reference:
    """One reference module cut into what the notebook needs."""

    def __init__(self, source: str):
        self.lines = source.splitlines(keepends=True)
        tree = ast.parse(source)
        self.docstring = ast.get_docstring(tree) or ""
        first = tree.body[0] if tree.body else None
        self.code_start = first.end_lineno if self.docstring and isinstance(first, ast.Expr) else 0
        self.strings = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                        for t in node.targets if isinstance(t, ast.Name) and isinstance(node.value, ast.Constant)}
        self.removed: set[int] = set(range(self.code_start))  # 0-based lines left out of the main cell
        self.extra_cells: list[tuple[str, str]] = []  # (names, source) of module-level regions
        for start, end, _indent, kind in regions(self.lines):
            if kind == "SOLUTION" and enclosing_function(tree, start + 1):
                continue
            names = assigned_names("".join(self.lines[start + 1:end]))
            if kind == "SOLUTION" and names != ["ANSWER"]:
                first_line = self._comments_above(start)
                self.extra_cells.append(("_".join(names), "".join(self.lines[first_line:end + 1])))
                self.removed |= set(range(first_line, end + 1))
            else:  # the written part: ANSWER goes to a markdown cell, RUBRIC stays out of the code
                self.removed |= set(range(start, end + 1))

    def _comments_above(self, line: int) -> int:
        while line > 0 and self.lines[line - 1].lstrip().startswith("#") and "### END" not in self.lines[line - 1]:
            line -= 1
        return line

    @property
    def question(self) -> tuple[str, str]:
        first, _, rest = self.docstring.partition("\n")
        return first.strip(), rest.strip()

    @property
    def code(self) -> str:
        kept = "".join(line for number, line in enumerate(self.lines) if number not in self.removed)
        return squeeze_blank_lines(kept)


def assigned_names(code: str) -> list[str]:
    names = []
    for node in ast.parse(code.strip() or "pass").body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def squeeze_blank_lines(code: str) -> str:
    """At most two blank lines in a row (what removing regions leaves), none at the ends."""
    out: list[str] = []
    for line in code.strip("\n").split("\n"):
        if line.strip() or len(out) < 2 or out[-1].strip() or out[-2].strip():
            out.append(line.rstrip())
    return "\n".join(out)


def item_cells(item: catalogue.Item, ref: Reference, checks: list[dict]) -> list:
    question, paragraph = ref.question
    cells = [new_markdown_cell(f"## {question}\n\n{paragraph}", id=f"{item.id}-question")]
    cells.append(new_code_cell(ref.code, id=f"{item.id}-solution",
                               metadata=nbgrader(f"{item.id}_solution", grade=False, solution=True, locked=False)))
    for names, source in ref.extra_cells:
        grade_id = f"{item.id}_solution_{names}"
        cells.append(new_code_cell(source.rstrip("\n"), id=grade_id.replace("_", "-"),
                                   metadata=nbgrader(grade_id, grade=False, solution=True, locked=False)))
    public = list(dict.fromkeys(c["function"] for c in checks if not c["hidden"]))
    listed = textwrap.wrap(", ".join(public) or "none", 90, initial_indent=f"# {item.id} public checks: ",
                           subsequent_indent="#   ")
    test = "\n".join([*listed,
                      "# Hidden checks with other inputs also run when your work is graded.",
                      f'assert check("{item.id}")',
                      "### BEGIN HIDDEN TESTS",
                      f'assert check("{item.id}", hidden="only")',
                      "### END HIDDEN TESTS"])
    cells.append(new_code_cell(test, id=f"{item.id}-tests", metadata=nbgrader(
        f"{item.id}_tests", grade=True, solution=False, locked=True, points=sum(c["points"] for c in checks))))
    if item.written:
        cells.append(new_markdown_cell(
            f"**{item.id}, written part** ({catalogue.WRITTEN_POINTS} point, graded by a person): answer in "
            "the cell below, in your own words.", id=f"{item.id}-written-prompt"))
        rubric = ref.strings.get("RUBRIC", "").strip()
        cells.append(new_markdown_cell(
            f"{ref.strings.get('ANSWER', '').strip()}\n\n---\n\n*Rubric:* {rubric}", id=f"{item.id}-written",
            metadata=nbgrader(f"{item.id}_written", grade=True, solution=True, locked=False,
                              points=catalogue.WRITTEN_POINTS)))
    return cells


def build(solutions: Path, item_ids: list[str] | None = None) -> nbformat.NotebookNode:
    """The source notebook; `item_ids` limits it to some items (for quick experiments)."""
    items = [catalogue.item(i) for i in item_ids] if item_ids else list(catalogue.ITEMS)
    checks = collect_checks([i.id for i in items])
    cells = [new_markdown_cell(INTRO.format(placeholder=PLACEHOLDER), id="intro"),
             new_code_cell(SETUP, id="setup", metadata=nbgrader("setup", grade=False, solution=False, locked=True))]
    for item in items:
        cells += item_cells(item, Reference((solutions / f"{item.module}.py").read_text()), checks[item.id])
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(nb)
    return nb


def source_path(root: Path) -> Path:
    return root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def write(nb: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
