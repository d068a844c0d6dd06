"""Make a student stub from a reference module by replacing its marked solution regions.

Markers follow nbgrader's: `### BEGIN SOLUTION` / `### END SOLUTION`.
- Inside a function, a region becomes `raise NotImplementedError("qNN: name is not implemented yet")`.
- At module level, a region's assignments become placeholders: `ANSWER = "<submission.PLACEHOLDER>"`,
  any other name `= None`.
- `### BEGIN RUBRIC` / `### END RUBRIC` regions (instructor-only grading notes) are removed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from autograder.runner.failures import NOT_IMPLEMENTED
from autograder.submission import PLACEHOLDER

BEGIN = re.compile(r"^(\s*)### BEGIN (SOLUTION|RUBRIC)\s*$")
END = re.compile(r"^\s*### END (SOLUTION|RUBRIC)\s*$")


def regions(lines: list[str]):
    """(start, end, indent, kind) for every marked region; line numbers are 0-based."""
    start = None
    for number, line in enumerate(lines):
        if match := BEGIN.match(line):
            if start is not None:
                raise ValueError(f"line {number + 1}: region opened twice")
            start, indent, kind = number, match.group(1), match.group(2)
        elif END.match(line):
            if start is None:
                raise ValueError(f"line {number + 1}: region closed without opening")
            yield start, number, indent, kind
            start = None
    if start is not None:
        raise ValueError(f"line {start + 1}: region never closed")


def enclosing_function(tree: ast.Module, line: int) -> str | None:
    """Qualified name of the innermost function around a 1-based line."""
    best = None

    def visit(node, prefix):
        nonlocal best
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if child.lineno <= line <= child.end_lineno:
                    if not isinstance(child, ast.ClassDef):
                        best = name
                    visit(child, name + ".")

    visit(tree, "")
    return best


def placeholders(body: list[str], indent: str) -> list[str]:
    tree = ast.parse("\n".join(line[len(indent):] for line in body))
    out = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for target in targets:
            if isinstance(target, ast.Name):
                value = f'"{PLACEHOLDER}"' if target.id == "ANSWER" else "None"
                out.append(f"{indent}{target.id} = {value}\n")
    return out


def make_stub(source: str, item_id: str) -> str:
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    out, last = [], 0
    for start, end, indent, kind in regions(lines):
        out += lines[last:start]
        if kind == "SOLUTION":
            function = enclosing_function(tree, start + 1)
            if function:
                out.append(f'{indent}raise NotImplementedError("{item_id}: {function} {NOT_IMPLEMENTED}")\n')
            else:
                out += placeholders(lines[start + 1:end], indent)
        last = end + 1
        if kind == "RUBRIC" and last < len(lines) and not lines[last].strip():
            last += 1  # the blank line that separated the rubric
    out += lines[last:]
    return "".join(out).rstrip("\n") + "\n"


def stub_path(solution: Path, exercises: Path) -> Path:
    return exercises / solution.name


def generate(solutions: Path, exercises: Path) -> list[Path]:
    """Write every stub; returns the paths written."""
    written = []
    for solution in sorted(solutions.glob("q[0-9][0-9]_*.py")):
        target = stub_path(solution, exercises)
        target.write_text(make_stub(solution.read_text(), solution.name[:3]))
        written.append(target)
    return written
