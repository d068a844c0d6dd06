"""Read a student's source, without running it, for calls an exercise refuses."""

from __future__ import annotations

import ast


def refused_uses(source: str, functions: tuple[str, ...], refused: tuple[str, ...]) -> list[tuple[str, int]]:
    """(name, line) for each refused name used by `functions` or by module-level helpers they call.

    A use is an attribute (`torch.sigmoid`, `x.sigmoid()`), the `@` operator when refused, or a
    name imported from a library (`from torch import sigmoid`).
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # the import check reports unreadable modules
    defs = {node.name: node for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    imported = _imported_refused(tree, set(refused))
    todo, seen, found = [f for f in functions if f in defs], set(), []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(defs[name]):
            if isinstance(node, ast.Attribute) and node.attr in refused:
                found.append((_dotted(node), node.lineno))
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult) and "@" in refused:
                found.append(("@", node.lineno))
            elif isinstance(node, ast.Name):
                if node.id in imported:
                    found.append((imported[node.id], node.lineno))
                elif node.id in defs and node.id not in seen:
                    todo.append(node.id)
    return sorted(set(found), key=lambda use: use[1])


def _imported_refused(tree: ast.Module, refused: set[str]) -> dict[str, str]:
    """Local names bound by `from X import refused_name [as alias]`, or imports of refused modules."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                if alias.name in refused or module in refused or f"{module}.{alias.name}" in refused:
                    names[alias.asname or alias.name] = f"{module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in refused:
                    names[alias.asname or alias.name.split(".")[0]] = alias.name
    return names


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))
