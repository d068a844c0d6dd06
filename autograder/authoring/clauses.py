"""The contract's clauses: each sentence or bullet of a reference module's docstrings that ends
with an id tag, `[qNN.name]`, is one clause, the tag its id. A clause runs back from its tag to
the previous tag or to the start of its paragraph, bullet, argument entry or section, so a tag
closes one sentence, a bullet or an `Args:` entry. Stubs and notebooks keep the tags, so students
read the same ids as the contract (docs/items.md), which lists every clause with the checks that
hold it (`@pytest.mark.holds("qNN.name")` on a check).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

TAG = re.compile(r"\s*\[(q\d\d\.[a-z][a-z0-9_]*)\]")
HEADING = re.compile(r"(Args|Returns|Raises|Example|Examples):$")
ENTRY = re.compile(r"[A-Za-z_][\w, <>]*: ")  # "x: ...", "xs, ys: ...", "step <name>: ..."
INDENTED = 4  # a line set this much deeper than prose, such as a line of a report's layout


@dataclass(frozen=True)
class Clause:
    id: str  # "q05.order"
    where: str  # the function, class or method whose docstring holds it; "" for the module's
    text: str  # the clause without its tag, on one line


def clauses(source: str, item_id: str) -> list[Clause]:
    """Every clause of a reference module, in the order the source holds them."""
    tree = ast.parse(source)
    found = list(in_docstring(ast.get_docstring(tree) or "", ""))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found += in_docstring(ast.get_docstring(node) or "", node.name)
        if isinstance(node, ast.ClassDef):
            for method in node.body:
                if isinstance(method, ast.FunctionDef):
                    found += in_docstring(ast.get_docstring(method) or "", f"{node.name}.{method.name}")
    seen = set()
    for clause in found:
        if not clause.id.startswith(f"{item_id}."):
            raise ValueError(f"{item_id}: the clause [{clause.id}] belongs to another item")
        if clause.id in seen:
            raise ValueError(f"{item_id}: the clause id [{clause.id}] is given twice")
        if not clause.text:
            raise ValueError(f"{item_id}: the tag [{clause.id}] closes no text")
        seen.add(clause.id)
    return found


def in_docstring(docstring: str, where: str):
    """The clauses of one docstring (as ast.get_docstring cleans it). A new block starts at a
    blank line, a heading, a bullet, an example, an argument entry of `Args:` or `Raises:` (at
    the section's indent, its continuation lines deeper) and an indented "name: ..." line of
    prose; a section ends at the first line indented less than its entries."""
    pending: list[str] = []
    section, base = None, 0  # base: the indent of the section's entries, or of prose
    for raw in docstring.splitlines():
        line, indent = raw.strip(), len(raw) - len(raw.lstrip())
        if HEADING.match(line):
            section, base, pending = line[:-1], None, []
            continue
        if line and section and base is None:
            base = indent
        elif line and section and indent < base:
            section, base = None, 0
        entry = ENTRY.match(line) and (indent == base if section in ("Args", "Raises") else
                                       section is None and indent >= base + INDENTED)
        if not line or line.startswith(("- ", ">>>", "...")) or entry:
            pending = []
            line = line.removeprefix("- ")
        start = 0
        for tag in TAG.finditer(line):
            pending.append(line[start:tag.start()])
            yield Clause(tag.group(1), where, " ".join(" ".join(pending).split()))
            pending, start = [], tag.end()
        pending.append(line[start:])
