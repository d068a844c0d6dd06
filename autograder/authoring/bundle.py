"""`autograder bundle OUT.zip`: what a student gets, and nothing an instructor keeps.

In: the released notebook, the stubs, the public checks and the runtime that `autograder check`
needs, each item's points (the public checks hold only part of them), a pyproject.toml, the
installer (install.py) and a student README. Out: the hidden checks,
the reference solutions and where they live (reference.py), the generators (authoring/), other
instructor tools and compiled files. The zip is reproducible: sorted members, fixed dates and modes.
"""

from __future__ import annotations

import json
import tomllib
import zipfile
from pathlib import Path, PurePosixPath

from autograder.authoring.notebook import ASSIGNMENT
from autograder.authoring.release import release_path

TOP = PurePosixPath(ASSIGNMENT)  # the folder the zip unpacks into
# What `autograder check` needs of the package, named one by one so that a new instructor-side
# module stays home unless it is added here (the bundle test fails if something needed is missing).
RUNTIME = ("__init__.py", "__main__.py", "catalogue.py", "aten_ops.py", "exits.py", "files.py", "items.json", "cli.py",
           "grading.py", "intake.py", "notebook.py", "submission.py", "checks", "data", "report", "runner", "worker")
# Never, even inside RUNTIME: the hidden checks import the reference solutions, and the
# held-out digits' labels score trained models on the grading side only.
LEFT_OUT = ("checks/hidden", "data/heldout_digits.npz")
DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; any fixed one would do
POINTS = "checks/graded_points.json"  # as autograder.grading reads it

# The README's commands, declared once for every system: the shell calls Python `python3` on
# Linux and macOS and `python` on Windows, where venv puts the environment's programs in
# .venv\Scripts. .github/workflows/student-check.yml runs them on each (a test compares).
SYSTEMS = {  # the README's name for it: (code block language, Python, the environment's programs)
    "Linux or macOS": ("bash", "python3", ".venv/bin/"),
    "Windows (PowerShell or Command Prompt)": ("powershell", "python", ".venv\\Scripts\\"),
}
MODULES = ("{python} install.py", "{programs}autograder check q07 exercises")
NOTEBOOK = ("{python} install.py --notebook", f"{{programs}}python -m jupyterlab {ASSIGNMENT}.ipynb",
            f"{{programs}}autograder check q07 {ASSIGNMENT}.ipynb")


def commands(system: str, steps: tuple[str, ...]) -> list[str]:
    """The steps as they are typed on `system` (a key of SYSTEMS)."""
    _, python, programs = SYSTEMS[system]
    return [step.format(python=python, programs=programs) for step in steps]


def blocks(steps: tuple[str, ...]) -> str:
    """A code block of the steps for each system, under its name."""
    return "\n\n".join(f"On {system}:\n\n```{language}\n" + "\n".join(commands(system, steps)) + "\n```"
                       for system, (language, _, _) in SYSTEMS.items())


README = f"""\
# Lesson 4: train a digit classifier from scratch

You need Python 3.11 or newer, on Linux, macOS or Windows. From this folder, install once, then
work in the modules or in the notebook; both are graded the same. `install.py` makes `.venv` here
with the checker and PyTorch's CPU-only build (about 1 GB installed; where the machine has an
NVIDIA GPU, or PyTorch's CPU index cannot be reached, the default build, which on Linux is the
CUDA one: several GB); `--notebook` adds JupyterLab. The commands are given for each system.

Working in the modules (`exercises/qNN_*.py`: each docstring says what to write, the written
answer goes in `ANSWER`):

{blocks(MODULES)}

(`autograder check exercises`, without an item, checks every item.)

Working in the notebook (replace each `raise NotImplementedError()` with your code and each YOUR
ANSWER HERE with your answer; run the first cell first, and `check("q07")` in a cell runs the
public checks of q07):

{blocks(NOTEBOOK)}

Your code runs in a separate process, never in the checker itself. On Linux that process is a
sandbox; macOS and Windows cannot make it, so there `check` says in one line that your code runs
unconfined (as any program of yours does), with the same checks and time limits. The public
checks are in `autograder/checks/public/`; read them to see what is expected. When your work is
graded, in the grader's sandbox, hidden checks with other inputs run as well, so test your code
beyond the public checks (this copy has none of them: `check` and `grade` here count the public
checks only). Written answers are read by a person.
"""


def pyproject(source: Path) -> str:
    """The project's own pyproject.toml reduced to the runtime package (no solutions)."""
    config = tomllib.loads(source.read_text())
    project = config["project"]
    q = json.dumps  # a JSON string is a valid TOML basic string
    dependencies = "".join(f"    {q(d)},\n" for d in project["dependencies"])
    data = ", ".join(q(p) for p in [*config["tool"]["setuptools"]["package-data"]["autograder"], POINTS])
    notebook = ", ".join(q(d) for d in project["optional-dependencies"]["notebook"])
    return f"""\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = {q(project["name"])}
version = {q(project["version"])}
description = {q(project["description"])}
readme = "README.md"
requires-python = {q(project["requires-python"])}
dependencies = [
{dependencies}]

[project.optional-dependencies]
notebook = [{notebook}]

[project.scripts]
autograder = "autograder.cli:main"

[project.entry-points.pytest11]
autograder = "autograder.checks.plugin"

[tool.setuptools.packages.find]
include = ["autograder*"]

[tool.setuptools.package-data]
autograder = [{data}]
"""


def graded_points(notebook: Path) -> dict[str, float]:
    """Each item's auto-graded points, public and hidden checks together, as the release's
    nbgrader test cells carry them."""
    cells = json.loads(notebook.read_text())["cells"]
    grades = [c["metadata"]["nbgrader"] for c in cells if "nbgrader" in c.get("metadata", {})]
    return {g["grade_id"][:3]: g["points"] for g in grades if g["grade_id"].endswith("_tests")}


def runtime_files(package: Path) -> list[Path]:
    """The package's files that a student's `autograder check` needs."""
    kept = []
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        if not within(relative, RUNTIME) or within(relative, LEFT_OUT):
            continue
        kept.append(path)
    return kept


def within(relative: str, parts: tuple[str, ...]) -> bool:
    return any(relative == part or relative.startswith(part + "/") for part in parts)


def members(root: Path) -> dict[str, bytes]:
    """Zip member name -> content."""
    notebook = release_path(root)
    if not notebook.is_file():
        raise FileNotFoundError(f"{notebook} is missing: run `python -m autograder.authoring release` first")
    files = {
        "README.md": README.encode(),
        "pyproject.toml": pyproject(root / "pyproject.toml").encode(),
        "install.py": (root / "autograder" / "install.py").read_bytes(),
        notebook.name: notebook.read_bytes(),
        f"autograder/{POINTS}": (json.dumps(graded_points(notebook), indent=1) + "\n").encode(),
    }
    for stub in sorted((root / "exercises").glob("q[0-9][0-9]_*.py")):
        files[f"exercises/{stub.name}"] = stub.read_bytes()
    package = root / "autograder"
    for path in runtime_files(package):
        files[f"autograder/{path.relative_to(package).as_posix()}"] = path.read_bytes()
    return {str(TOP / name): content for name, content in sorted(files.items())}


def build(root: Path, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members(root).items():
            info = zipfile.ZipInfo(name, DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return out
