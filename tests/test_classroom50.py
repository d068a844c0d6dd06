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


# As the instructor sets it: the grader is installed here already, so nothing is fetched.
FILLED_IN = 'REQUIREMENT = "lesson4-autograder==0.1.0"'


def run_entry(checkout: Path, submission: str = ".", env: dict | None = None) -> subprocess.CompletedProcess:
    """autograder.py as Classroom 50's runner runs it: from the assignment's folder, in the checkout,
    with REQUIREMENT (and SUBMISSION) filled in."""
    folder = checkout.parent / "assignment"
    folder.mkdir(exist_ok=True)
    source = ENTRY.read_text()
    placeholder = next(line for line in source.splitlines() if line.startswith("REQUIREMENT = "))
    source = source.replace(placeholder, FILLED_IN).replace('SUBMISSION = "."', f"SUBMISSION = {submission!r}")
    (folder / "autograder.py").write_text(source)
    env = {**os.environ, **RUNNER_ENV, "AUTOGRADER_ITEMS": ITEMS, **(env or {})}
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


def runner(monkeypatch, folder: Path):
    """autograder.py imported, in `folder` as its working folder, with the runner's variables."""
    entry = entry_module()
    monkeypatch.chdir(folder)
    for name, value in RUNNER_ENV.items():
        monkeypatch.setenv(name, value)
    return entry


@pytest.mark.fast
def test_autograder_py_writes_a_result_when_the_grader_cannot_be_installed(tmp_path, monkeypatch):
    entry = runner(monkeypatch, tmp_path)
    monkeypatch.setattr(entry, "REQUIREMENT", "lesson4-autograder==0.1.0")
    monkeypatch.setattr(entry, "installed", lambda: False)
    monkeypatch.setattr(entry, "install", lambda work: "could not install the grader (lesson4-autograder==0.1.0)")
    assert entry.main() == 1  # Classroom 50 records an error, not a zero
    result = json.loads((tmp_path / "result.json").read_text())
    assert result_problems(result) == [] and result["score"] == 0
    assert "could not install the grader" in result["tests"][0]["message"]
    # Without the runner's variables no valid result can be written: it says so instead.
    (tmp_path / "result.json").unlink()
    monkeypatch.delenv("CLASSROOM")
    assert entry.main() == 2 and not (tmp_path / "result.json").exists()


@pytest.mark.fast
def test_an_unset_requirement_installs_nothing_and_says_the_instructor_must_set_it(tmp_path, monkeypatch, capsys):
    from packaging.requirements import InvalidRequirement, Requirement

    entry = runner(monkeypatch, tmp_path)
    # No name anyone could publish answers to the placeholder: pip cannot read it as a requirement.
    with pytest.raises(InvalidRequirement):
        Requirement(entry.REQUIREMENT)
    asked = []
    monkeypatch.setattr(entry, "installed", lambda: asked.append("installed") or False)
    monkeypatch.setattr(entry, "install", lambda work: asked.append("install"))
    monkeypatch.setattr(entry.subprocess, "run", lambda *a, **k: asked.append(a))
    assert entry.main() == 1 and asked == []
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and said[0].startswith("autograder.py: REQUIREMENT is not set: the instructor must set it")
    result = json.loads((tmp_path / "result.json").read_text())
    assert result_problems(result) == [] and (result["score"], result["max-score"]) == (0, 0)
    assert result["tests"][0]["message"] == said[0].removeprefix("autograder.py: ")
    for requirement in ("lesson4-autograder==0.1.0", "lesson4-autograder @ https://example.org/lesson4.zip"):
        monkeypatch.setattr(entry, "REQUIREMENT", requirement)
        assert entry.requirement_problem() is None


def obstacles(checkout: Path, elsewhere: Path) -> dict[str, callable]:
    """What a student may commit as result.json, each made by its function."""
    def folder():
        (checkout / "result.json" / "inner").mkdir(parents=True)
        (checkout / "result.json" / "inner" / "file").write_text("x")
        (checkout / "result.json" / "link").symlink_to(elsewhere)

    return {
        "a folder holding files and a link": folder,
        "a link to a file elsewhere": lambda: (checkout / "result.json").symlink_to(elsewhere / "kept.txt"),
        "a link to a folder elsewhere": lambda: (checkout / "result.json").symlink_to(elsewhere),
        "a dangling link": lambda: (checkout / "result.json").symlink_to(checkout / "nowhere" / "result.json"),
        "a FIFO": lambda: os.mkfifo(checkout / "result.json"),
        "a read-only file": lambda: ((checkout / "result.json").write_text("{}"),
                                     (checkout / "result.json").chmod(0o444)),
    }


@pytest.mark.fast
def test_nothing_committed_under_the_result_s_name_keeps_the_result_from_being_written(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "kept.txt").write_text("the runner's own file")
    checkout = tmp_path / "checkout"
    entry = runner(monkeypatch, tmp_path)
    graded = json.dumps({"graded": True})
    for name, make in obstacles(checkout, elsewhere).items():
        checkout.mkdir()
        monkeypatch.chdir(checkout)
        make()
        for grade, code in ((lambda work: graded, 0), (lambda work: (_ for _ in ()).throw(entry.Ungraded("no")), 1)):
            monkeypatch.setattr(entry, "grade", grade)
            assert entry.main() == code, name
            written = checkout / "result.json"
            assert written.is_file() and not written.is_symlink(), name
            assert (json.loads(written.read_text()) == {"graded": True}) if code == 0 else (
                json.loads(written.read_text())["tests"][0]["message"] == "no"), name
            assert written.stat().st_mode & 0o777 == 0o644, name
            assert sorted(p.name for p in checkout.iterdir()) == ["result.json"], name  # no temporary file left
        assert (elsewhere / "kept.txt").read_text() == "the runner's own file", name
        assert sorted(p.name for p in elsewhere.iterdir()) == ["kept.txt"], name
        shutil.rmtree(checkout)


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
def test_the_install_uses_cpu_torch_then_the_pinned_package_and_survives_without_the_cpu_index(monkeypatch, tmp_path):
    entry = entry_module()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert entry.TORCH == tuple(d for d in project["dependencies"] if re.match(r"(torch|torchvision)\b", d))
    monkeypatch.setattr(entry, "REQUIREMENT", f"{project['name']}=={project['version']}")  # as the docs say to
    cpu_torch, package = entry.install_commands()
    pip = [sys.executable, "-I", "-m", "pip", "install"]
    assert cpu_torch[:5] == pip and package[:5] == pip  # this interpreter, the checkout off its path
    assert cpu_torch[cpu_torch.index("--index-url") + 1] == entry.CPU_INDEX and cpu_torch[-2:] == list(entry.TORCH)
    assert package[-1] == entry.REQUIREMENT and "--index-url" not in package  # from the default index

    calls = []

    def pip_run(command, env, cwd):
        calls.append(command)
        assert env["PIP_BREAK_SYSTEM_PACKAGES"] == "1"
        assert cwd == tmp_path  # not the checkout, whose files pip could take for the requirement
        return subprocess.CompletedProcess(command, 1 if "--index-url" in command else 0)

    monkeypatch.setattr(entry.subprocess, "run", pip_run)
    assert entry.install(tmp_path) is None and calls == [cpu_torch, package]  # the default index supplies torch
    monkeypatch.setattr(entry.subprocess, "run", lambda command, env, cwd: subprocess.CompletedProcess(command, 1))
    assert entry.REQUIREMENT in entry.install(tmp_path)


def fake_sudo(folder: Path, works: bool) -> Path:
    """A sudo on PATH that writes each call's arguments to folder/sudo.log, then runs the command
    after `-n --` as it is (the tests are root already), or refuses as sudo does without a password."""
    folder.mkdir()
    run = 'shift 2; exec "$@"' if works else 'echo "sudo: a password is required" >&2; exit 1'
    (folder / "sudo").write_text(f'#!/bin/sh\necho "$*" >> "{folder}/sudo.log"\n'
                                 f'[ "$1" = -n ] && [ "$2" = true ] && {"exit 0" if works else "exit 1"}\n{run}\n')
    (folder / "sudo").chmod(0o755)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("works", [True, False], ids=["passwordless-sudo", "sudo-needs-a-password"])
def test_autograder_py_grades_through_passwordless_sudo_with_nothing_of_its_environment(tmp_path, works):
    from autograder.runner import isolation

    if isolation.level() == isolation.LIMITS_ONLY:
        pytest.skip("this machine offers no sandbox, so the level cannot show whose environment the grading had")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "q01_accuracy_loss.py").write_text("")  # q07 and q09 missing: graded at once
    tools = fake_sudo(tmp_path / "tools", works)
    # Set in the runner's environment, which the student's workflow may set: sudo's grading must not see it.
    env = {"PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "AUTOGRADER_ISOLATION": isolation.LIMITS_ONLY}
    run = run_entry(checkout, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    grade = [sys.executable, "-I", "-m", "autograder", "grade", ".", "--format", "json", "--public-only",
             "--items", ITEMS]
    calls = (tools / "sudo.log").read_text().splitlines()
    if works:
        assert calls == ["-n true", " ".join(["-n", "--", "env", "-i", f"PATH={entry_module().ROOT_PATH}", *grade])]
        assert f"autograder.py: isolation: {isolation.level()} (graded as root, through sudo)\n" in run.stdout
    else:
        assert calls == ["-n true"]  # graded without it, in the runner's environment
        assert ("autograder.py: isolation: limits-only; no sandbox could be made: student code ran with resource "
                "limits only\n") in run.stdout
    result = json.loads((checkout / "result.json").read_text())
    assert result_problems(result) == [] and result["score"] == 0 < result["max-score"]
    assert {t["test-name"].split()[0] for t in result["tests"]} == {"q07", "q09"}
    assert sorted(p.name for p in checkout.iterdir()) == ["q01_accuracy_loss.py", "result.json"]  # nothing else


@pytest.mark.slow
def test_a_submission_path_the_student_made_something_else_is_a_zero_with_the_reason(tmp_path):
    elsewhere = tmp_path / "lesson4.ipynb"
    elsewhere.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    made = {"a FIFO": os.mkfifo, "a link to a notebook elsewhere": lambda path: path.symlink_to(elsewhere),
            "a folder": lambda path: path.mkdir()}  # read as a folder of modules, all of them missing
    for name, make in made.items():
        checkout = tmp_path / name.replace(" ", "-")
        checkout.mkdir()
        make(checkout / "lesson4.ipynb")
        run = run_entry(checkout, submission="lesson4.ipynb")  # a FIFO read would hang past the timeout
        assert run.returncode == 0, f"{name}: {run.stderr[-3000:]}"
        result = json.loads((checkout / "result.json").read_text())
        assert result_problems(result) == [] and result["score"] == 0 and result["tests"], name
        if name != "a folder":
            assert len(result["tests"]) == 1 and "lesson4.ipynb" in result["tests"][0]["message"], name
        assert all(not t["passed"] for t in result["tests"]), name
