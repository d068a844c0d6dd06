"""The GitHub Classroom workflow (.github/classroom/autograding.yml), as far as it runs here: the
file is read as GitHub reads it, and its shell steps run in order, each where its `if:` lets it
(after a failed step, only those with always()), in a student's repository made from the bundle,
with sudo (the tests run as root) and apt-get standing in for the runner's, in a fresh
environment that already holds this run's packages. The `uses:` steps are GitHub's own; what
they are given is checked."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from envs import fresh_venv, path_with_python3

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "classroom" / "autograding.yml"


def job() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["name"] == "Autograding Tests"  # GitHub Classroom looks for these names
    return workflow["jobs"]["run-autograding-tests"]


def step(name: str) -> dict:
    return next(s for s in job()["steps"] if s.get("name") == name)


@pytest.mark.fast
def test_the_workflow_pins_its_runner_caches_pip_and_updates_apt_before_installing():
    assert job()["runs-on"] == "ubuntu-24.04"
    python = next(s for s in job()["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "pyproject.toml"}
    install = step("Install the grader")["run"].splitlines()
    assert install.index("sudo apt-get update -q") < next(i for i, line in enumerate(install) if "apt-get install" in line)
    # torch's pins and indexes are install.py's (tests/test_install.py): none written here.
    assert install[-1] == "python install.py" and "torch" not in step("Install the grader")["run"]
    grade = step("Grade")["run"]
    assert "sudo .venv/bin/autograder grade" in grade and "--artifacts" in grade
    reporter = step("Autograding Reporter")
    assert reporter["with"] == {"runners": "points"} and "steps.points.outputs.result" in reporter["env"]["POINTS_RESULTS"]
    kept = step("Keep the feedback with the run")["with"]["path"].split()
    assert kept == ["feedback.html", "junit.xml", "autograder-report.json"]


@pytest.mark.fast
def test_points_are_reported_whatever_the_grade_step_did():
    # GitHub skips a step without always() once one has failed: the grade of a submission that
    # cannot be read would then record nothing.
    assert step("Grade")["id"] == "grade" and step("Points for GitHub Classroom")["if"] == "always()"
    assert step("Autograding Reporter")["if"] == "always() && steps.points.outcome == 'success'"
    assert step("Feedback page and JUnit XML")["if"] == "always() && steps.grade.outcome == 'success'"


@pytest.fixture
def repository() -> Path:
    """A student's repository made from the bundle, in a folder of its own under the system's
    temporary folder (the Grade step opens the folders above the checkout for passing through)."""
    top = Path(tempfile.mkdtemp(prefix="classroom-"))
    zip_path = top / "lesson4.zip"
    made = subprocess.run([sys.executable, "-P", "-m", "autograder", "bundle", str(zip_path)], capture_output=True,
                          text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(top)
    checkout = top / "lesson4"
    (checkout / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(WORKFLOW, checkout / ".github" / "workflows" / "classroom.yml")
    yield checkout
    shutil.rmtree(top, ignore_errors=True)


def runner_env(checkout: Path, tools: Path) -> dict:
    """What the runner gives each step: the job's env, GITHUB_OUTPUT and GITHUB_WORKSPACE, and
    python from setup-python; sudo and apt-get are stand-ins (the tests are root already)."""
    tools.mkdir()
    (tools / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    (tools / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> "{tools}/apt-get.log"\n')
    (tools / "python").write_text(f'#!/bin/sh\nexec "{sys._base_executable}" "$@"\n')
    for tool in tools.iterdir():
        tool.chmod(0o755)
    env = path_with_python3(tools)
    (tools / "temp").mkdir()
    return {**env, **job()["env"], "PATH": f"{tools}{os.pathsep}{env['PATH']}",
            "GITHUB_OUTPUT": str(tools / "output"), "GITHUB_WORKSPACE": str(checkout), "RUNNER_TEMP": str(tools / "temp")}


def runs(condition: str | None, failed: bool, outcomes: dict[str, str]) -> bool:
    """Whether GitHub runs a step with this `if:`, after steps with these outcomes (the forms the
    workflow uses; any other fails the test)."""
    terms = [t.strip() for t in condition.split("&&")] if condition else []
    met = True
    for term in terms:
        if term != "always()":
            named = re.fullmatch(r"steps\.(\w+)\.outcome == '(\w+)'", term)
            assert named, f"no stand-in for the condition {term!r}"
            met = met and outcomes.get(named[1]) == named[2]
    return met and ("always()" in terms or not failed)


def run_steps(checkout: Path, env: dict, first: str | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """The job's shell steps from the one named `first` (or all), as GitHub runs them: each
    step's outcome by its id or name, and what it said."""
    steps = job()["steps"]
    if first:
        steps = steps[next(i for i, s in enumerate(steps) if s.get("name") == first):]
    outcomes, logs = {}, {}
    for s in steps:
        key = s.get("id") or s.get("name")
        if "run" not in s or not runs(s.get("if"), "failure" in outcomes.values(), outcomes):
            outcomes[key] = "skipped" if "run" in s else outcomes.get(key, "not here")
            continue
        done = subprocess.run(["bash", "-e", "-c", s["run"]], cwd=checkout, env=env, capture_output=True,
                              text=True, timeout=600)
        outcomes[key] = "success" if done.returncode == 0 else "failure"
        logs[s["name"]] = done.stdout + done.stderr
    return outcomes, logs


def points(tools: Path) -> dict:
    """The result the Points step passed on to the reporter (its last output)."""
    line = (tools / "output").read_text().splitlines()[-1]
    return json.loads(base64.b64decode(line.removeprefix("result=")))


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="the Grade step runs the grader with the runner's sudo, as root")
def test_the_shell_steps_grade_a_students_repository_and_score_an_unreadable_notebook_0(repository, tmp_path):
    # A student who kept two of the modules: the others are graded missing at once, which keeps this quick.
    for stub in (repository / "exercises").glob("q*.py"):
        if not stub.name.startswith(("q01_", "q07_")):
            stub.unlink()
    fresh_venv(repository / ".venv")
    tools = tmp_path / "tools"
    env = runner_env(repository, tools)
    outcomes, logs = run_steps(repository, env)
    assert set(outcomes.values()) <= {"success", "not here"}, {n: log[-3000:] for n, log in logs.items()}
    assert (tools / "apt-get.log").read_text().splitlines() == [
        "update -q", "install -y -q --no-install-recommends bubblewrap"]
    report = json.loads((repository / "autograder-report.json").read_text())
    assert f"isolation: {report['isolation']}" in logs["Grade"] and report["isolation"] != "limits-only"
    assert report["hidden_checks"] == "absent" and not any(c["hidden"] for i in report["items"].values()
                                                              for c in i["checks"])
    graded = points(tools)
    assert graded["max_score"] == report["max_score"] > 0 and graded["tests"], graded
    for name in step("Keep the feedback with the run")["with"]["path"].split():
        assert (repository / name).stat().st_size > 0, name
    assert "no hidden checks, so the total counts the public checks only" in (repository / "feedback.html").read_text()

    # The next push hands in a notebook that cannot be read: 0 points with the reason, out of
    # the total of every public check (the reporter records nothing out of 0), and the run fails.
    for name in ("autograder-report.json", "feedback.html", "junit.xml", "classroom.json"):
        (repository / name).unlink()
    (repository / "lesson4.ipynb").write_text("{not json")
    outcomes, logs = run_steps(repository, {**env, "SUBMISSION": "lesson4.ipynb"}, first="Grade")
    assert (outcomes["grade"], outcomes["points"]) == ("failure", "success"), logs
    assert outcomes["Feedback page and JUnit XML"] == "skipped"
    assert runs(step("Autograding Reporter")["if"], True, outcomes)
    zero = points(tools)
    assert (zero["status"], zero["max_score"]) == ("error", graded["max_score"])  # every item's public checks
    assert [(t["status"], t["score"]) for t in zero["tests"]] == [("error", 0)]
    assert zero["tests"][0]["message"].startswith("lesson4.ipynb is not a readable notebook")
    assert zero["tests"][0]["message"] in logs["Grade"]


@pytest.mark.fast
def test_the_page_does_not_blame_bubblewrap_for_limits_only():
    from autograder.report import html

    page = html.render({"score": 0, "max_score": 1, "isolation": "limits-only", "items": {}}, "alice")
    assert "resource limits only" in page and "bubblewrap was not available" not in page
