"""The package's modules import downwards only, imports inside functions included: each layer
below may be imported by those above it, never the other way, and no two modules import each
other in a circle, even within a layer. In a circle, what a module finds of the other at import
depends on which one came first."""

import ast
import importlib.util
from graphlib import CycleError, TopologicalSorter

import pytest

from conftest import ROOT

pytestmark = pytest.mark.fast

PACKAGE = ROOT / "autograder"
# Lowest first, by the module or subpackage directly under autograder/ ("__init__" is the
# package's own module).
LAYERS = (
    ("__init__", "catalogue", "aten_ops", "late", "submission", "intake", "data", "reference", "install", "exits",
     "files"),
    ("worker",),
    ("runner",),
    ("checks",),
    ("report",),
    ("grading",),
    ("authoring",),
    ("lms",),
    ("batch",),
    ("deploy",),
    ("cli", "notebook", "__main__"),
)
LAYER = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def module_name(path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_part(module: str) -> str:
    """The module or subpackage directly under autograder/ that holds module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def package_module(name: str) -> str | None:
    """The module of the package that importing `name` runs: name itself, or for a name inside
    a module (`autograder.catalogue.ITEMS`) the module holding it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> list[tuple[int, str]]:
    """(line, module) for every import of a package module in module's source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            # `from autograder.worker import kit` imports the module kit; `from x import name`, x.
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [(node.lineno, target) for name in names
                  if (target := package_module(name)) and target != module]
    return found


GRAPH = {module: imports(module) for module in MODULES}


def where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_every_module_has_a_layer():
    assert {"autograder.worker.zygote", "autograder.batch.similarity"} <= set(MODULES)  # the files were found
    missing = sorted({layer_part(module) for module in MODULES} - set(LAYER))
    assert not missing, f"in no layer (add them to LAYERS in tests/test_layers.py): {', '.join(missing)}"


def test_no_module_imports_a_higher_layer():
    upward = [f"{where(module, line)} imports {target} ({layer_part(target)} is above {layer_part(module)})"
              for module, found in GRAPH.items() for line, target in found
              if LAYER[layer_part(target)] > LAYER[layer_part(module)]]
    assert not upward, "\n".join(upward)


def test_no_modules_import_each_other_in_a_circle():
    try:
        TopologicalSorter({module: {target for _, target in found} for module, found in GRAPH.items()}).prepare()
    except CycleError as error:
        cycle = error.args[1]  # a path that ends where it starts
        steps = [f"{where(a, next(line for line, target in GRAPH[a] if target == b))} imports {b}"
                 for a, b in zip(cycle, cycle[1:])]
        raise AssertionError("modules import each other in a circle:\n" + "\n".join(steps)) from None
