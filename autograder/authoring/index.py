"""The item index (autograder/items.json): what each reference module says about its item.

A solution module declares its item: the id and module name are its file name, the title and
question its docstring's first line ("q02 Sigmoid: What does ...?"), the names a student must
define are the top-level functions, classes and constants whose body is a solution region, and it
has a written part when it assigns ANSWER. The index is generated (and drift-tested) because the
grader also runs where solutions/ is not shipped: the student bundle, Gradescope.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from autograder.authoring.stubs import regions

INDEX = Path(__file__).parents[1] / "items.json"  # as autograder.catalogue reads it
HEADER = re.compile(r"(q\d\d) ([^:]+): (.+)")
WRITTEN = ("ANSWER", "RUBRIC")


def describe(solution: Path) -> dict:
    """One item's entry, read from its reference module."""
    source = solution.read_text()
    tree = ast.parse(source)
    header = HEADER.fullmatch((ast.get_docstring(tree) or "").partition("\n")[0].strip())
    if not header or header.group(1) != solution.name[:3]:
        raise ValueError(f"{solution.name}: the docstring must start with '{solution.name[:3]} Title: question'")
    solved = [start + 1 for start, _, _, kind in regions(source.splitlines()) if kind == "SOLUTION"]
    names, kinds, examples = [], {}, {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined, kind = [node.name], "class" if isinstance(node, ast.ClassDef) else "function"
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined, kind = [t.id for t in targets if isinstance(t, ast.Name)], "value"
        else:
            continue
        # A region's opening marker sits inside a def, or on the line above a module-level one.
        if not any(node.lineno - 1 <= line <= node.end_lineno for line in solved):
            continue  # given code, such as q05's collate
        for name in defined:
            if name not in WRITTEN:
                names.append(name)
                kinds[name] = kind
                if example := first_example(node, name):
                    examples[name] = example
    return {"id": header.group(1), "module": solution.stem, "title": header.group(2), "question": header.group(3),
            "names": names, "kinds": kinds, "examples": examples,
            "written": any(isinstance(t, ast.Name) and t.id == "ANSWER" for n in tree.body
                           if isinstance(n, ast.Assign) for t in n.targets)}


def first_example(node: ast.AST, name: str) -> str | None:
    """The first call of `name` in its docstring's examples, as source: `sigmoid(torch.tensor([0.0]))`."""
    doc = ast.get_docstring(node) if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else None
    for line in (doc or "").splitlines():
        if not line.strip().startswith(">>> "):
            continue
        try:
            example = ast.parse(line.strip()[4:])
        except SyntaxError:
            continue
        for call in ast.walk(example):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name:
                return ast.unparse(call)
    return None


def build(solutions: Path) -> list[dict]:
    return [describe(path) for path in sorted(solutions.glob("q[0-9][0-9]_*.py"))]


def read(path: Path = INDEX) -> list[dict] | None:
    """The index as committed; None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def write(entries: list[dict], path: Path) -> Path:
    path.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n")
    return path
