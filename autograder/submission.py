"""What a student hands in, as one of three kinds the runner grades alike: a folder of item
modules (`Modules`), a notebook (`Notebook`), or the cells a Jupyter kernel ran (`History`).
Each says how to name its code to the student, gives its source text and its written answers;
a notebook's and a history's items all fork from one process that ran their cells.

Accepted from users: a folder, a notebook, or a `.zip` as LMS and Gradescope downloads arrive.
A zip is unpacked with care: members that would land outside the folder, links and anything but
Python files and notebooks are skipped (and reported); an archive that would unpack to an absurd
size is refused.
"""

from __future__ import annotations

import ast
import re
import shutil
import stat
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from autograder.exits import ExitError

MAX_MEMBERS = 2000
MAX_TOTAL = 64 << 20  # bytes unpacked, all members together
MAX_RATIO = 200  # a zip bomb compresses far better than any source file
KEPT_SUFFIXES = (".py", ".ipynb")


class SubmissionError(ExitError):
    """The submission cannot be read at all; the message is one line for the user."""


@contextmanager
def opened(path: Path, warnings: list[str]) -> Iterator[Path]:
    """The folder to grade; a zip is unpacked into a temporary folder removed afterwards."""
    path = Path(path)
    if not path.exists():
        raise SubmissionError(f"{path} does not exist")
    if path.suffix.lower() == ".ipynb":
        yield path
        return
    if path.is_dir():
        # Modules may sit one folder down (the student bundle keeps them in exercises/).
        yield path if any(path.glob("q[0-9][0-9]_*.py")) else modules_folder(path)
        return
    if path.suffix.lower() != ".zip":
        raise SubmissionError(f"{path} is neither a folder of item modules, a notebook, nor a .zip of them")
    with tempfile.TemporaryDirectory(prefix="autograder-zip-") as tmp:
        yield modules_folder(unpack(path, Path(tmp), warnings))


def read(folder: Path) -> "Modules | Notebook":
    """The submission a folder (or unpacked zip, or notebook file) holds: one notebook and no item
    modules is a notebook submission."""
    if folder.is_file():
        return Notebook(folder)
    notebooks = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if len(notebooks) == 1 and not any(folder.rglob("q[0-9][0-9]_*.py")):
        return Notebook(notebooks[0])
    return Modules(folder)


class Modules:
    """A folder of item modules; each item's worker imports its own module."""

    runs_cells = False

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def label(self, item) -> str:
        return f"{item.module}.py"

    def source(self, item) -> bytes | None:
        return self.module(item.module)

    def module(self, name: str) -> bytes | None:
        """A module's bytes, which Python decodes by their coding cookie when it runs them."""
        path = self.folder / f"{name}.py"
        return path.read_bytes() if path.is_file() else None

    def answer(self, item, loaded: str | None) -> str | None:
        """The written answer: what the module assigned when its worker imported it, else read
        from its source (a module that does not import keeps its answer)."""
        source = self.source(item)
        return loaded or (written_answer(source.decode("utf-8-sig", errors="replace")) if source else None)


class Cells:
    """Code cells run in order in one process, from which every item's worker forks."""

    runs_cells = True
    cells: list[dict]
    answers: dict[str, str | None]

    def label(self, item) -> str:
        return "the notebook"

    def source(self, item) -> bytes:
        """All the cells' code, whichever item asks."""
        return "\n\n".join(c["source"] for c in self.cells).encode()

    def module(self, name: str) -> None:
        return None  # a notebook's code imports no module of the submission's

    def answer(self, item, loaded: str | None) -> str | None:
        return self.answers.get(item.id)


def unpack(archive: Path, dest: Path, warnings: list[str], keep: tuple[str, ...] = KEPT_SUFFIXES,
           max_members: int = MAX_MEMBERS, max_total: int = MAX_TOTAL) -> Path:
    """Unpack the members ending in `keep`; a whole class's archive (autograder.batch) keeps
    the students' zips too and allows more, under the same rules for each member."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            if len(members) > max_members:
                raise SubmissionError(f"{archive.name} holds {len(members)} files; at most {max_members} are accepted")
            total = sum(m.file_size for m in members)
            if total > max_total:
                raise SubmissionError(f"{archive.name} would unpack to {total >> 20} MB; at most {max_total >> 20} MB")
            for member in members:
                _extract(zf, member, dest, warnings, keep)
    except zipfile.BadZipFile:
        raise SubmissionError(f"{archive.name} is not a readable zip file") from None
    return dest


def _extract(zf: zipfile.ZipFile, member: zipfile.ZipInfo, dest: Path, warnings: list[str],
             keep: tuple[str, ...] = KEPT_SUFFIXES) -> None:
    name = PurePosixPath(member.filename)
    if member.is_dir() or not name.name.lower().endswith(keep) or "__MACOSX" in name.parts:
        return
    if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
        warnings.append(f"skipped {member.filename}: it points outside the submission")
        return
    if stat.S_ISLNK(member.external_attr >> 16):
        warnings.append(f"skipped {member.filename}: links are not accepted")
        return
    if member.compress_size and member.file_size / member.compress_size > MAX_RATIO and member.file_size > 1 << 20:
        raise SubmissionError(f"{member.filename} is compressed {member.file_size // member.compress_size}:1; "
                              "this looks like a zip bomb and is refused")
    target = dest.joinpath(*name.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(member) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)


def modules_folder(root: Path) -> Path:
    """The shallowest folder holding item modules (zips often wrap them in one folder)."""
    candidates = sorted({p.parent for p in root.rglob("q[0-9][0-9]_*.py")}, key=lambda p: len(p.parts))
    return candidates[0] if candidates else root


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


MAX_NOTEBOOK = 256 << 20


class Notebook(Cells):
    """A submitted notebook, reduced to what grading needs: the code cells to run, in order,
    and the written answers. Outputs are never read."""

    def __init__(self, path: Path):
        import json

        self.path = Path(path)
        if self.path.stat().st_size > MAX_NOTEBOOK:
            raise SubmissionError(f"{self.path.name} is over {MAX_NOTEBOOK >> 20} MB")
        # Plain JSON rather than nbformat.read: nbformat refuses a whole notebook over one cell
        # that lost its metadata, where the grader needs only each cell's type and source.
        try:
            node = json.loads(self.path.read_bytes())
        except (ValueError, RecursionError) as exc:
            raise SubmissionError(f"{self.path.name} is not a readable notebook: {_first_line(exc)}") from None
        if not isinstance(node, dict) or node.get("nbformat") != 4 or not isinstance(node.get("cells"), list):
            raise SubmissionError(f"{self.path.name} is not an nbformat 4 notebook "
                                  f"(found nbformat {node.get('nbformat') if isinstance(node, dict) else '?'})")
        self.cells = [{"index": i, "source": runnable(_source(c))} for i, c in enumerate(node["cells"])
                      if isinstance(c, dict) and c.get("cell_type") == "code" and not is_test_cell(c)]
        self.places = places(node["cells"])
        self.answers = {}
        for cell in node["cells"]:
            grade_id = _nbgrader(cell).get("grade_id", "")
            if isinstance(grade_id, str) and grade_id.endswith("_written") and cell.get("cell_type") == "markdown":
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


SECTION = re.compile(r"#+\s*(q\d\d)\b")
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
