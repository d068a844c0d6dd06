"""The worker's modules import one another one way only, imports inside functions included:
in a cycle, what a module finds of the other at import depends on which one came first."""

import ast
from graphlib import CycleError, TopologicalSorter

from conftest import ROOT

WORKER = ROOT / "autograder" / "worker"


def worker_imports(source: str, modules: set[str]) -> set[str]:
    """The worker modules that source imports, as `from autograder.worker import x`,
    `import autograder.worker.x` or `from autograder.worker.x import y`."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "autograder.worker":
            found.update(f"autograder.worker.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    prefix = "autograder.worker."
    return {name.removeprefix(prefix) for name in found if name.startswith(prefix)} & modules


def test_worker_modules_import_without_a_cycle():
    modules = {path.stem for path in WORKER.glob("*.py")}
    assert {"zygote", "notebook", "child"} <= modules  # the modules whose cycle this guards against
    graph = {path.stem: worker_imports(path.read_text(), modules) for path in WORKER.glob("*.py")}
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"the worker's modules import each other in a circle: {' -> '.join(error.args[1])}")
