"""Classroom 50: `--format classroom50` checked against classroom50/result/v1 as its fields are
specified, and the assignment folder's autograder.py run as Classroom 50's runner runs it."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import EXERCISES, ROOT, SOLUTIONS, run_grade

ITEMS = "q07,q09"
ENTRY = ROOT / "autograder" / "deploy" / "classroom50" / "autograder.py"
# As Classroom 50's runner sets them for the autograder (URLs of the student's repository).
RUNNER_ENV = {
    "CLASSROOM": "dl-2026",
    "ASSIGNMENT": "lesson4",
    "SUBMISSION_TAG": "submit/2026-03-01T10-00-00Z-abc1234",
    "COMMIT_URL": "https://example.org/alice/lesson4/commit/abc1234",
    "RELEASE_URL": "https://example.org/alice/lesson4/releases/tag/submit%2F2026-03-01T10-00-00Z-abc1234",
    "REVIEW_URL": "https://example.org/alice/lesson4/compare/0000000...abc1234",
}
TOP = {"schema", "classroom", "assignment", "submission", "commit", "release", "review", "score", "max-score",
       "tests"}
TEST_FIELDS = {"test-name", "passed", "score", "max-score", "message"}


def result_problems(result) -> list[str]:
    """classroom50/result/v1 as the autograder writes it (the runner adds owner, dates and pusher)."""
    if not isinstance(result, dict):
        return ["not an object"]
    problems = [f"top level: {k} unexpected" for k in set(result) - TOP]
    problems += [f"top level: {k} missing" for k in TOP - set(result)]

    def whole(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0

    if result.get("schema") != "classroom50/result/v1":
        problems.append(f"schema is {result.get('schema')!r}")
    for key in ("classroom", "assignment", "submission", "commit", "release", "review"):
        if not isinstance(result.get(key), str) or not result[key]:
            problems.append(f"{key} is not a non-empty string")
    if not str(result.get("submission")).startswith("submit/"):
        problems.append("submission does not start with submit/")
    if not whole(result.get("score")) or not whole(result.get("max-score")):
        return problems + ["score or max-score is not a non-negative integer"]
    if result["score"] > result["max-score"]:
        problems.append("score > max-score")
    tests = result.get("tests")
    if not isinstance(tests, list):
        return problems + ["tests is not a list"]
    for i, test in enumerate(tests):
        where = f"tests[{i}]"
        if not isinstance(test, dict) or set(test) != TEST_FIELDS:
            problems.append(f"{where}: fields {sorted(test) if isinstance(test, dict) else test!r}")
            continue
        if not isinstance(test["test-name"], str) or not test["test-name"]:
            problems.append(f"{where}: test-name is not a non-empty string")
        if not isinstance(test["passed"], bool):
            problems.append(f"{where}: passed is not a boolean")
        if not whole(test["score"]) or not whole(test["max-score"]):
            problems.append(f"{where}: score or max-score is not a non-negative integer")
        elif test["score"] > test["max-score"]:
            problems.append(f"{where}: score > max-score")
        if not isinstance(test["message"], str) or len(test["message"]) > 500:
            problems.append(f"{where}: message is not a string of at most 500 characters")
    if not problems:
        if sum(t["score"] for t in tests) != result["score"]:
            problems.append("score is not the sum of the tests' scores")
        if sum(t["max-score"] for t in tests) != result["max-score"]:
            problems.append("max-score is not the sum of the tests' max-scores")
    return problems


def autograder(*args, env=None):
    return subprocess.run([sys.executable, "-P", "-m", "autograder", *args], capture_output=True, text=True,
                          timeout=600, env={**os.environ, **RUNNER_ENV, **(env or {})})


def entry_module():
    """autograder.py imported under another name (run as a script, it is __main__)."""
    spec = importlib.util.spec_from_file_location("classroom50_entry", ENTRY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def names_match(tests: list[dict], checks: list[dict]) -> bool:
    """A test per check, in the report's order."""
    pairs = zip(tests, checks)
    return len(tests) == len(checks) and all(t["test-name"].endswith(f": {c['name']}") for t, c in pairs)


@pytest.fixture(scope="module")
def reference() -> dict:
    """The JSON report of the reference solutions, hidden checks included."""
    return run_grade(SOLUTIONS, "--items", ITEMS)


@pytest.mark.slow
def test_reference_solutions_get_every_point_hidden_checks_included(reference, tmp_path):
    result = autograder("grade", str(SOLUTIONS), "--items", ITEMS, "--format", "classroom50")
    assert result.returncode == 0, result.stderr[-2000:]
    graded = json.loads(result.stdout)
    assert result_problems(graded) == []
    checks = [c for item in reference["items"].values() for c in item["checks"]]
    assert any(c["hidden"] for c in checks) and names_match(graded["tests"], checks)
    assert all(t["passed"] for t in graded["tests"]) and graded["score"] == graded["max-score"] > 0
    assert {k: graded[k] for k in ("classroom", "assignment", "submission", "review")} == {
        "classroom": "dl-2026", "assignment": "lesson4", "submission": RUNNER_ENV["SUBMISSION_TAG"],
        "review": RUNNER_ENV["REVIEW_URL"]}
    # A saved report renders to the same result, without grading again.
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(reference))
    rendered = autograder("render", str(saved), "--format", "classroom50")
    assert rendered.returncode == 0, rendered.stderr
    assert json.loads(rendered.stdout) == graded


@pytest.mark.slow
def test_stubs_score_nothing_on_the_public_checks(tmp_path):
    out = tmp_path / "result.json"
    result = autograder("grade", str(EXERCISES), "--items", ITEMS, "--public-only", "--format", "classroom50",
                        "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    graded = json.loads(out.read_text())
    assert result_problems(graded) == []
    assert graded["score"] == 0 < graded["max-score"]
    assert all(not t["passed"] and t["message"] for t in graded["tests"])
    assert {t["test-name"].split()[0] for t in graded["tests"]} == {"q07", "q09"}


@pytest.mark.fast
def test_fractional_points_are_scaled_to_whole_ones_in_proportion():
    from autograder.report import classroom50

    def check(points, passed):
        return {"name": f"c{points}", "score": points if passed else 0.0, "max_score": points, "passed": passed,
                "hidden": False, "message": "x" * 900}

    report = {"items": {"q01": {"checks": [check(0.5, True), check(1.0, False), check(2.0, True)]}}}
    result = classroom50.result(report, RUNNER_ENV)
    assert result_problems(result) == []
    assert [(t["score"], t["max-score"]) for t in result["tests"]] == [(1, 1), (0, 2), (4, 4)]
    assert (result["score"], result["max-score"]) == (5, 7)  # 2.5 of 3.5
    assert classroom50.factor([1.0, 2.0]) == 1 and classroom50.factor([0.25, 1 / 3]) == 12


@pytest.mark.fast
def test_the_identity_comes_from_the_runner_or_the_format_refuses(tmp_path):
    from autograder.report import classroom50

    no_review = {k: v for k, v in RUNNER_ENV.items() if k != "REVIEW_URL"}
    assert classroom50.identity(no_review)["review"] == RUNNER_ENV["COMMIT_URL"]
    with pytest.raises(classroom50.IdentityError, match="CLASSROOM, SUBMISSION_TAG not set"):
        classroom50.identity({**no_review, "CLASSROOM": " ", "SUBMISSION_TAG": ""})
    with pytest.raises(classroom50.IdentityError, match="submit/"):
        classroom50.identity({**RUNNER_ENV, "SUBMISSION_TAG": "v1"})
    # The CLI says so before grading, for `grade` and `render` alike.
    result = autograder("grade", str(SOLUTIONS), "--format", "classroom50", env={"ASSIGNMENT": ""})
    assert result.returncode == 2 and "ASSIGNMENT not set" in result.stderr and result.stdout == ""
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps({"score": 0, "max_score": 0, "items": {}}))
    result = autograder("render", str(saved), "--format", "classroom50", env={"SUBMISSION_TAG": "main"})
    assert result.returncode == 2 and "SUBMISSION_TAG" in result.stderr


def run_entry(checkout: Path) -> subprocess.CompletedProcess:
    """autograder.py as Classroom 50's runner runs it: from the assignment's folder, in the checkout."""
    folder = checkout.parent / "assignment"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(ENTRY, folder / "autograder.py")
    env = {**os.environ, **RUNNER_ENV, "AUTOGRADER_ITEMS": ITEMS}
    return subprocess.run([sys.executable, str(folder / "autograder.py")], cwd=checkout, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_autograder_py_grades_a_checkout_with_the_public_checks_only(tmp_path, reference):
    checkout = tmp_path / "checkout"
    (checkout / "exercises").mkdir(parents=True)
    for item_id in ITEMS.split(","):
        for module in SOLUTIONS.glob(f"{item_id}_*.py"):
            shutil.copyfile(module, checkout / "exercises" / module.name)
    # The student bundle holds a copy of the package: a student's edited copy must not grade itself.
    (checkout / "autograder").mkdir()
    (checkout / "autograder" / "__init__.py").write_text("raise SystemExit('the checkout graded itself')\n")
    run = run_entry(checkout)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads((checkout / "result.json").read_text())
    assert result_problems(result) == []
    public = [c for item in reference["items"].values() for c in item["checks"] if not c["hidden"]]
    assert names_match(result["tests"], public)
    assert all(t["passed"] for t in result["tests"]) and result["score"] == result["max-score"] > 0


@pytest.mark.slow
def test_autograder_py_reports_an_unreadable_submission_as_a_zero(tmp_path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "lesson4.ipynb").write_text("{not json")
    run = run_entry(checkout)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads((checkout / "result.json").read_text())
    assert result_problems(result) == []
    assert result["score"] == 0 and len(result["tests"]) == 1
    assert "lesson4.ipynb is not a readable notebook" in result["tests"][0]["message"]


@pytest.mark.fast
def test_autograder_py_writes_a_result_when_the_grader_cannot_be_installed(tmp_path, monkeypatch):
    entry = entry_module()
    monkeypatch.chdir(tmp_path)
    for name, value in RUNNER_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(entry, "installed", lambda: False)
    monkeypatch.setattr(entry, "install", lambda: "could not install the grader (lesson4-autograder==0.1.0)")
    assert entry.main() == 1  # Classroom 50 records an error, not a zero
    result = json.loads((tmp_path / "result.json").read_text())
    assert result_problems(result) == [] and result["score"] == 0
    assert "could not install the grader" in result["tests"][0]["message"]
    # Without the runner's variables no valid result can be written: it says so instead.
    (tmp_path / "result.json").unlink()
    monkeypatch.delenv("CLASSROOM")
    assert entry.main() == 2 and not (tmp_path / "result.json").exists()


@pytest.mark.fast
def test_autograder_py_names_the_submission_as_the_format_does():
    from autograder.report import classroom50

    entry = entry_module()
    assert entry.VARIABLES == classroom50.VARIABLES
    for env in (RUNNER_ENV, {**RUNNER_ENV, "REVIEW_URL": ""}, {**RUNNER_ENV, "CLASSROOM": " dl-2026 "}):
        assert entry.identity(env) == classroom50.identity(env)
    for env in ({**RUNNER_ENV, "RELEASE_URL": ""}, {**RUNNER_ENV, "SUBMISSION_TAG": "main"}):
        with pytest.raises(ValueError):
            entry.identity(env)
        assert classroom50.problem(env)


@pytest.mark.fast
def test_the_install_uses_cpu_torch_then_the_pinned_package_and_survives_without_the_cpu_index(monkeypatch):
    entry = entry_module()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert entry.TORCH == tuple(d for d in project["dependencies"] if re.match(r"(torch|torchvision)\b", d))
    assert entry.REQUIREMENT == f"{project['name']}=={project['version']}"
    cpu_torch, package = entry.install_commands()
    pip = [sys.executable, "-I", "-m", "pip", "install"]
    assert cpu_torch[:5] == pip and package[:5] == pip  # this interpreter, the checkout off its path
    assert cpu_torch[cpu_torch.index("--index-url") + 1] == entry.CPU_INDEX and cpu_torch[-2:] == list(entry.TORCH)
    assert package[-1] == entry.REQUIREMENT and "--index-url" not in package  # from the default index

    calls = []

    def pip_run(command, env):
        calls.append(command)
        assert env["PIP_BREAK_SYSTEM_PACKAGES"] == "1"
        return subprocess.CompletedProcess(command, 1 if "--index-url" in command else 0)

    monkeypatch.setattr(entry.subprocess, "run", pip_run)
    assert entry.install() is None and calls == [cpu_torch, package]  # the default index supplies torch
    monkeypatch.setattr(entry.subprocess, "run", lambda command, env: subprocess.CompletedProcess(command, 1))
    assert entry.REQUIREMENT in entry.install()
