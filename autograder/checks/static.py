"""Read a student's source, without running it, for what an exercise refuses.

The scan starts at the item's from-scratch functions and follows every name they reach: the
module's functions, classes and assignments (decorators, bases and defaults included), and the
definitions that other modules of the submission give to the names they import. Each dotted
name is resolved through the imports before it is compared with the refused names, so that
`import torch.utils as u; u.data` is torch.utils.data. It reads bytes as Python compiles them,
with their coding cookie, so that it sees the code that runs; a cookie other than UTF-8, which
shows an editor different code, counts as hiding it.
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from dataclasses import dataclass
from typing import Callable

from autograder.catalogue import HIDDEN, Refusal

COMPOUND = (ast.If, ast.Try, ast.TryStar, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.While, ast.Match)
MODULE_NAMES = ("__name__", "__file__", "__doc__", "__spec__", "__loader__", "__package__", "__path__", "__cached__",
                "__annotations__", "__builtins__")


@dataclass(frozen=True)
class Use:
    name: str  # as written in the source
    line: int
    refusal: Refusal
    module: str = ""  # another module of the submission, where the use is; "" for the item's own


def refused_uses(source: str | bytes, functions: tuple[str, ...], refusals: tuple[Refusal, ...],
                 sibling: Callable[[str], str | bytes | None] = lambda name: None) -> list[Use]:
    """Each use of a refused name by `functions` or by what they reach; `sibling(name)` gives the
    source of the submission's module `name`, or None when there is none."""
    scan = _Scan(refusals, sibling)
    module = scan.module("", source)
    if module is None:
        return []  # the import check reports unreadable modules
    for name in functions:
        scan.follow(module, name)
    scan.dynamic_rebinding(module)
    return sorted(set(scan.found), key=lambda use: (use.module, use.line, use.name))


class _Module:
    def __init__(self, name: str, tree: ast.Module):
        self.name = name
        self.bindings: dict[str, list[ast.AST]] = {}  # module-level statements that bind a name
        self.imports: dict[str, tuple[str, int]] = {}  # local name: (dotted origin, line)
        self.stars: list[str] = []  # modules imported with *
        self.loose: list[ast.stmt] = []  # module-level statements that bind nothing by name
        self.reached: set[str] = set()
        for statement in _statements(tree.body):
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                for local, origin in _imported(statement):
                    if local == "*":
                        self.stars.append(origin)
                    else:
                        self.imports[local] = (origin, statement.lineno)
                continue
            names = _bound(statement)
            for name in names:
                self.bindings.setdefault(name, []).append(statement)
            if not names:
                self.loose.append(statement)


class _Scan:
    def __init__(self, refusals: tuple[Refusal, ...], sibling):
        self.refusals = refusals
        self.sibling = sibling
        self.hidden = HIDDEN if HIDDEN in refusals else None
        self.rules = [(tuple(name.split(".")), r) for r in refusals for name in (*r.names, *r.operators) if name != "@"]
        self.matmul = next((r for r in refusals if "@" in r.names), None)
        self.modules: dict[str, _Module | None] = {}
        self.found: list[Use] = []

    def module(self, name: str, source: str | bytes | None) -> _Module | None:
        if name not in self.modules:
            self.modules[name] = None
            if source is None:
                return None
            try:
                tree = ast.parse(source)  # bytes are decoded as Python decodes them
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
            self.modules[name] = module = _Module(name, tree)
            if isinstance(source, bytes):
                self.check_encoding(module, source)
        return self.modules[name]

    def check_encoding(self, module: _Module, source: bytes) -> None:
        encoding, lines = tokenize.detect_encoding(io.BytesIO(source).readline)
        if encoding not in ("utf-8", "utf-8-sig") and self.hidden:
            self.report(module, f"coding: {encoding}", len(lines), self.hidden)

    def report(self, module: _Module, name: str, line: int, refusal: Refusal) -> None:
        self.found.append(Use(name if len(name) <= 80 else name[:77] + "...", line, refusal, module.name))

    def follow(self, module: _Module, name: str) -> None:
        if name in module.reached:
            return
        module.reached.add(name)
        for statement in module.bindings.get(name, ()):
            self.walk(module, statement)
        if name in module.imports:
            origin, line = module.imports[name]
            self.match(module, origin, origin.split("."), line)
        elif name not in module.bindings and "__getattr__" in module.bindings:
            self.follow(module, "__getattr__")  # the module's own __getattr__ provides the name

    def match(self, module: _Module, shown: str, parts: list[str], line: int) -> None:
        """Report `shown` for each refusal whose names appear in the resolved `parts`, and
        follow the parts into another module of the submission."""
        for rule, refusal in self.rules:
            if any(tuple(parts[i:i + len(rule)]) == rule for i in range(len(parts) - len(rule) + 1)):
                self.report(module, shown, line, refusal)
        if len(parts) > 1 and parts[0] != module.name:
            known = parts[0] in self.modules
            other = self.modules[parts[0]] if known else self.module(parts[0], self.sibling(parts[0]))
            if other is not None:
                self.follow(other, parts[1])

    def walk(self, module: _Module, node: ast.AST) -> None:
        local = _locals(node)
        aliases = dict(module.imports)
        for inner in ast.walk(node):
            if isinstance(inner, (ast.Import, ast.ImportFrom)) and inner is not node:
                for name, origin in _imported(inner):
                    aliases[name] = (origin, inner.lineno)
                    local.discard(name)
                    self.match(module, origin, origin.split("."), inner.lineno)
        parents = {child: parent for parent in ast.walk(node) for child in ast.iter_child_nodes(parent)}
        for inner in ast.walk(node):
            if isinstance(inner, ast.Attribute) and not isinstance(parents.get(inner), ast.Attribute):
                parts = self.resolve(module, inner, local, aliases)
                self.match(module, ast.unparse(inner), parts, inner.lineno)
            elif isinstance(inner, ast.Call) and _literal_getattr(inner) and not isinstance(
                    parents.get(inner), ast.Attribute):
                self.match(module, ast.unparse(inner), self.resolve(module, inner, local, aliases), inner.lineno)
            elif isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Load):
                parent = parents.get(inner)
                if isinstance(parent, ast.Attribute) or (isinstance(parent, ast.Call) and parent.func is inner
                                                         and _literal_getattr(parent)):
                    continue  # the chain it starts is matched whole
                self.name(module, inner, local, aliases)
            elif isinstance(inner, (ast.BinOp, ast.AugAssign)) and isinstance(inner.op, ast.MatMult) and self.matmul:
                self.report(module, "@", inner.lineno, self.matmul)

    def name(self, module: _Module, node: ast.Name, local: set[str], aliases: dict) -> None:
        if node.id in local:
            return
        if node.id in aliases:
            origin = aliases[node.id][0]
            self.match(module, node.id, origin.split("."), node.lineno)
        elif node.id in module.bindings:
            self.follow(module, node.id)
        elif node.id in MODULE_NAMES:
            self.match(module, node.id, [node.id], node.lineno)
        elif hasattr(builtins, node.id):
            self.match(module, node.id, ["builtins", node.id], node.lineno)
        elif module.stars:
            for star in module.stars:
                self.match(module, node.id, [*star.split("."), node.id], node.lineno)
        elif self.hidden:
            self.report(module, f"{node.id}, which no statement of the module defines", node.lineno, self.hidden)

    def resolve(self, module: _Module, node: ast.AST, local: set[str], aliases: dict) -> list[str]:
        """The dotted parts that an expression names, its first name replaced by what it was
        imported as; a first name that is a local variable or the module's own stays out."""
        if isinstance(node, ast.Attribute):
            return [*self.resolve(module, node.value, local, aliases), node.attr]
        if isinstance(node, ast.Call) and _literal_getattr(node):
            return [*self.resolve(module, node.args[0], local, aliases), node.args[1].value]
        if isinstance(node, ast.Name) and node.id not in local:
            if node.id in aliases:
                return aliases[node.id][0].split(".")
            if node.id in module.bindings:
                self.follow(module, node.id)
            elif hasattr(builtins, node.id):
                return ["builtins", node.id]
        return []

    def dynamic_rebinding(self, module: _Module) -> None:
        """Module-level statements that bind no name but mention a name the scan reached, with a
        hidden lookup in them: globals()["sigmoid"] = ..., exec("def sigmoid..."), setattr."""
        if not self.hidden or not module.reached:
            return
        mention = re.compile(r"\b(" + "|".join(map(re.escape, sorted(module.reached))) + r")\b")
        for statement in module.loose:
            mentioned = any(isinstance(n, ast.Name) and n.id in module.reached
                            or isinstance(n, ast.Constant) and isinstance(n.value, str) and mention.search(n.value)
                            for n in ast.walk(statement))
            if mentioned:
                before = len(self.found)
                self.walk(module, statement)
                hidden = [use for use in self.found[before:] if use.refusal is self.hidden]
                self.found[before:] = hidden


def _statements(body: list[ast.stmt]):
    """Module-level statements, looking inside if, try, with and loops but not into definitions."""
    for statement in body:
        yield statement
        if isinstance(statement, COMPOUND):
            for field in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(statement, field, []))
            for handler in getattr(statement, "handlers", []):
                yield from _statements(handler.body)
            for case in getattr(statement, "cases", []):
                yield from _statements(case.body)


def _bound(statement: ast.stmt) -> list[str]:
    """The names a module-level statement binds, compound statements' bodies left out."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [statement.name]
    targets = {ast.Assign: lambda s: s.targets, ast.AnnAssign: lambda s: [s.target],
               ast.AugAssign: lambda s: [s.target], ast.For: lambda s: [s.target], ast.AsyncFor: lambda s: [s.target],
               ast.With: lambda s: [i.optional_vars for i in s.items if i.optional_vars],
               ast.AsyncWith: lambda s: [i.optional_vars for i in s.items if i.optional_vars]}
    found = []
    for target in targets.get(type(statement), lambda s: [])(statement):
        found += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)] if isinstance(
            target, (ast.Name, ast.Tuple, ast.List, ast.Starred)) else []
    if isinstance(statement, ast.Expr):  # a walrus at module level
        found += [n.target.id for n in ast.walk(statement) if isinstance(n, ast.NamedExpr)]
    return found


def _locals(node: ast.AST) -> set[str]:
    """Names bound inside a definition (its parameters, assignments, loops, imports, nested
    definitions), which shadow the module's."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
        return set()
    found = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.arg):
            found.add(inner.arg)
        elif isinstance(inner, ast.Name) and isinstance(inner.ctx, (ast.Store, ast.Del)):
            found.add(inner.id)
        elif isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and inner is not node:
            found.add(inner.name)
        elif isinstance(inner, ast.ExceptHandler) and inner.name:
            found.add(inner.name)
        elif isinstance(inner, (ast.Import, ast.ImportFrom)):
            found.update(name for name, _ in _imported(inner))
    return found


def _imported(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """(local name, dotted origin) for each name an import binds."""
    if isinstance(node, ast.Import):
        return [(a.asname or a.name.split(".")[0], a.name if a.asname else a.name.split(".")[0]) for a in node.names]
    base = node.module or ""  # a submission is one folder: a relative import names a module in it
    return [(a.asname or a.name, base if a.name == "*" else f"{base}.{a.name}".lstrip(".")) for a in node.names]


def _literal_getattr(node: ast.Call) -> bool:
    """getattr(x, "name"): as readable as x.name."""
    return (isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) in (2, 3)
            and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str))
