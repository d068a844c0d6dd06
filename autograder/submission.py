"""What a student hands in, as one of three kinds the runner grades alike: a folder of item
modules (`Modules`), a notebook (`Notebook`), or the cells a Jupyter kernel ran (`History`).
Each says how to name its code to the student, gives its source text and its written answers;
a notebook's and a history's items all fork from one process that ran their cells.

Accepted from users: a folder, a notebook, or a `.zip` as LMS and Gradescope downloads arrive,
read once, as data, by autograder.intake: what is graded is the bytes read there.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path, PurePosixPath
from typing import Iterable

from autograder import intake
from autograder.intake import SubmissionError

MODULE = re.compile(r"q[0-9][0-9]_.*\.py")  # an item module's file name, as the catalogue names them
KEPT_SUFFIXES = tuple(intake.SUBMISSION.sizes)  # the files of a submission that are read


def read(path: Path, warnings: list[str] | None = None) -> "Modules | Notebook":
    """The submission at `path` (a folder, a notebook or a zip): one notebook and no item modules
    is a notebook submission; otherwise the item modules of the shallowest folder holding any
    (zips often wrap them in one folder, the student bundle keeps them in exercises/)."""
    warnings = [] if warnings is None else warnings
    files = intake.read(Path(path), warnings)
    names = [PurePosixPath(name) for name in files.names()]
    notebooks = [name for name in names if name.suffix.lower() == ".ipynb"]
    folder = modules_folder(names)
    if len(notebooks) == 1 and folder is None:
        name = notebooks[0].as_posix()
        if name in files.problems:
            raise SubmissionError(files.problems[name])
        return Notebook(files.data[name], notebooks[0].name, warnings)
    within = {name.name: name.as_posix() for name in names
              if name.parent == (folder or PurePosixPath(".")) and name.suffix == ".py"}
    return Modules({short: files.data[name] for short, name in within.items() if name in files.data},
                   {short: files.problems[name] for short, name in within.items() if name in files.problems})


def modules_folder(names: Iterable[PurePosixPath]) -> PurePosixPath | None:
    """The shallowest folder holding item modules, or None where there is none."""
    folders = sorted({name.parent for name in names if MODULE.fullmatch(name.name)}, key=lambda p: len(p.parts))
    return folders[0] if folders else None


class Modules:
    """A folder of item modules, as read; each item's worker imports its own module, beside the
    folder's other modules (helpers the student wrote)."""

    runs_cells = False

    def __init__(self, files: dict[str, bytes], problems: dict[str, str] | None = None):
        self.files = files  # file name -> bytes, the folder's .py files
        self.problems = problems or {}  # file name -> why it was not read (a link, a device, too large)

    def label(self, item) -> str:
        return f"{item.module}.py"

    def source(self, item) -> bytes | None:
        return self.module(item.module)

    def module(self, name: str) -> bytes | None:
        """A module's bytes, which Python decodes by their coding cookie when it runs them."""
        return self.files.get(f"{name}.py")

    def missing(self, item) -> str:
        """Why the item has no module: the student's file could not be read, or there is none."""
        return self.problems.get(self.label(item), f"{self.label(item)} is missing from the submission")

    def answer(self, item, loaded: str | None) -> str | None:
        """The written answer: what the module assigned when its worker imported it, else read
        from its source (a module that does not import keeps its answer)."""
        source = self.source(item)
        return loaded or (written_answer(source.decode("utf-8-sig", errors="replace")) if source else None)


class Cells:
    """Code cells run in order in one process, from which every item's worker forks: from the
    state the cells left at the item's place (`places_of`), or at the end where it has none."""

    runs_cells = True
    cells: list[dict]
    answers: dict[str, str | None]
    places_of: dict[str, int] = {}  # item id -> how many of `cells` have run at its place

    def label(self, item) -> str:
        return "the notebook"

    def source(self, item) -> bytes:
        """All the cells' code, whichever item asks."""
        return "\n\n".join(c["source"] for c in self.cells).encode()

    def module(self, name: str) -> None:
        return None  # a notebook's code imports no module of the submission's

    def answer(self, item, loaded: str | None) -> str | None:
        return self.answers.get(item.id)


ANSWER_LINE = re.compile(r"ANSWER\s*(:[^=]*)?=")
ANSWER_LINES = 400  # the longest ANSWER statement looked for in a module that does not parse
ANSWER_CHARS = 20_000  # as much of an answer as the worker reports
# What a written answer holds until the student writes one: the stubs' ANSWER and the released
# notebook's answer cells (nbgrader's own placeholder).
PLACEHOLDER = "YOUR ANSWER HERE"


def answered(text: str | None) -> str | None:
    """The written answer, or None where there is none: empty, or the placeholder left as given."""
    return None if text in (None, "", PLACEHOLDER) else text


def written_answer(source: str) -> str | None:
    """The string a module assigns to ANSWER, read without running it: a module that does not
    import (a syntax error, a missing package) keeps its written answer. Where the whole file
    does not parse, each top-level `ANSWER =` statement is parsed on its own. The last
    assignment wins, as when the module runs."""
    try:
        statements = ast.parse(source).body
    except (SyntaxError, ValueError):
        lines = source.splitlines(keepends=True)
        statements = [s for start, line in enumerate(lines) if ANSWER_LINE.match(line)
                      for s in _first_statement(lines[start:start + ANSWER_LINES])]
    answer = None
    for statement in statements:
        targets = statement.targets if isinstance(statement, ast.Assign) else \
            [statement.target] if isinstance(statement, ast.AnnAssign) and statement.value else []
        if any(isinstance(t, ast.Name) and t.id == "ANSWER" for t in targets):
            try:
                value = ast.literal_eval(statement.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                value = None
            answer = value[:ANSWER_CHARS] if isinstance(value, str) else None
    return answer


def _first_statement(lines: list[str]) -> list[ast.stmt]:
    """The statement that starts the lines, parsed from as few of them as it takes."""
    for end in range(1, len(lines) + 1):
        try:
            return ast.parse("".join(lines[:end])).body[:1]
        except (SyntaxError, ValueError):
            continue
    return []


# JSON values a notebook may parse into, counted before parsing as the bytes that open one
# (brackets, commas, quotes): the released notebook has 13,000, one with long outputs some
# 100,000. A few MB of "[[],[],...]" would otherwise become millions of objects in the grading
# process; a million bounds its memory for the parse to some 100 MB.
MAX_JSON_VALUES = 1_000_000


class Notebook(Cells):
    """A submitted notebook, reduced to what grading needs: the code cells to run, in order,
    and the written answers. Outputs are dropped unread; nbgrader's metadata chooses nothing
    but which cells are its tests (whose checks the grader's own replace) and where the written
    answers are: points and checks come from the catalogue."""

    def __init__(self, data: bytes, name: str, warnings: list[str] | None = None):
        values = sum(data.count(byte) for byte in (b"[", b"{", b",", b'"'))
        if values > MAX_JSON_VALUES:
            raise SubmissionError(f"{name} would parse into more than {MAX_JSON_VALUES:,} JSON values; "
                                  "no notebook holds that many")
        # Plain JSON rather than nbformat.read: nbformat refuses a whole notebook over one cell
        # that lost its metadata, where the grader needs only each cell's type and source.
        try:
            node = json.loads(data)
        except RecursionError:
            raise SubmissionError(f"{name} is not a readable notebook: it nests too deeply") from None
        except ValueError as exc:
            raise SubmissionError(f"{name} is not a readable notebook: {_first_line(exc)}") from None
        if not isinstance(node, dict) or node.get("nbformat") != 4 or not isinstance(node.get("cells"), list):
            raise SubmissionError(f"{name} is not an nbformat 4 notebook "
                                  f"(found nbformat {node.get('nbformat') if isinstance(node, dict) else '?'})")
        cells = [cell if valid(cell) else None for cell in node["cells"]]
        dropped = [str(i + 1) for i, cell in enumerate(cells) if cell is None]
        if dropped and warnings is not None:
            warnings.append(f"{name}: cell{'s' * (len(dropped) > 1)} {', '.join(dropped[:10])}"
                            f"{' ...' * (len(dropped) > 10)} dropped: not a valid cell (a type and a source)")
        self.cells = [{"index": i, "source": runnable(_source(c))} for i, c in enumerate(cells)
                      if c is not None and c["cell_type"] == "code" and not is_test_cell(c)]
        self.places = places(cells)
        self.places_of = item_places(cells, self.cells, self.places)
        self.answers = {}
        for cell in cells:
            grade_id = _nbgrader(cell).get("grade_id", "")
            if isinstance(grade_id, str) and grade_id.endswith("_written") and cell["cell_type"] == "markdown":
                self.answers[grade_id[:3]] = answered(_source(cell).strip())

    def place(self, index: int) -> tuple[str, str]:
        """(section, cell) as a student finds a cell in Jupyter, which shows no cell numbers."""
        return self.places.get(index, ("notebook", f"cell {index + 1}"))


class History(Cells):
    """The cells a Jupyter kernel ran (IPython's `In`), for check() in the notebook."""

    def __init__(self, sources: list[str]):
        self.cells = [{"index": index, "source": runnable(source)} for index, source in enumerate(sources)
                      if source and not only_checks(source)]
        self.answers = {}

    def place(self, index: int) -> tuple[str, str]:
        return "notebook", f"In [{index}]"  # as Jupyter numbers what this kernel ran


ITEM = re.compile(r"q\d\d")  # an item's id, as sections are named after items
SECTION = re.compile(r"#+\s*(q\d\d)\b")
CHECKED = re.compile(r"""\bcheck\(\s*["'](q\d\d)["']""")  # the item a test cell's check() call names
SHOWN = 60  # characters of a cell's first line that name it


def places(cells: list) -> dict[int, tuple[str, str]]:
    """Each code cell's section (the item of its nbgrader id, or of the last "## qNN" heading
    above it; else its nbgrader id, such as "setup") and its first line."""
    found, section = {}, None
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        source, grade_id = _source(cell), _nbgrader(cell).get("grade_id")
        heading = SECTION.match(source.lstrip()) if cell.get("cell_type") == "markdown" else None
        if heading:
            section = heading.group(1)
        if cell.get("cell_type") != "code":
            continue
        own = grade_id[:3] if isinstance(grade_id, str) and re.match(r"q\d\d(_|$)", grade_id) else None
        named = grade_id if isinstance(grade_id, str) and grade_id else "notebook"
        first = next((line.strip() for line in source.splitlines() if line.strip()), "")
        shown = first if len(first) <= SHOWN else first[:SHOWN - 3] + "..."
        found[index] = (own or section or named, f'the cell starting "{shown}"' if first else "an empty cell")
    return found


def item_places(cells: list, code: list[dict], found: dict[int, tuple[str, str]]) -> dict[str, int]:
    """Where each item is graded, as the number of the `code` cells run by then: at the last test
    cell that checks it (by its check("qNN") call, else by its section), where the test cell and
    nbgrader see the notebook; without one, right after the last code cell of its section.
    Items with neither, and places after every code cell, are left out: they are graded on the
    state the whole notebook leaves."""
    ends: dict[str, int] = {}
    tests = {index for index in found if is_test_cell(cells[index])}
    for index, (section, _) in found.items():
        if index not in tests and ITEM.fullmatch(section):
            ends[section] = index + 1
    for index in sorted(tests):
        section = found[index][0]
        for item in CHECKED.findall(_source(cells[index])) or ([section] if ITEM.fullmatch(section) else []):
            ends[item] = index
    ran = [cell["index"] for cell in code]
    at = {item: sum(1 for index in ran if index < end) for item, end in ends.items()}
    return {item: count for item, count in at.items() if count < len(code)}


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _nbgrader(cell) -> dict:
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    value = meta.get("nbgrader") if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def valid(cell) -> bool:
    """A cell the grader can read: a dict with a type and a source (a string or a list of them)."""
    if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
        return False
    source = cell.get("source", "")
    return isinstance(source, str) or isinstance(source, list) and all(isinstance(s, str) for s in source)


def is_test_cell(cell: dict) -> bool:
    """nbgrader's test cells, and cells that only call check(): the grader's own checks replace them."""
    meta = _nbgrader(cell)
    return bool(meta.get("grade") and not meta.get("solution")) or only_checks(_source(cell))


def only_checks(source: str) -> bool:
    """Code that only calls check(), which would run the grader inside the graded code."""
    code = [line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]
    return bool(code) and all(line.startswith(("check(", "assert check(")) for line in code)


def runnable(source: str) -> str:
    """IPython magics and shell escapes become blank lines, keeping line numbers."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
