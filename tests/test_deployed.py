"""The grader where it is deployed: on an emulated container host (tests/container_host.py: root
without CAP_SYS_ADMIN, no namespaces, read-only cgroups, a memory limit), installed as a wheel,
through Gradescope's run_autograder, and refusing to grade hidden checks without a sandbox."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from autograder.runner import isolation
from conftest import EXERCISES, ROOT, SOLUTIONS, run_grade
from container_host import ContainerHost, emulation_missing
from levels import CONTAINER_MB, require
from test_hostile import HOSTILE

pytestmark = pytest.mark.slow

needs_emulation = pytest.mark.skipif(emulation_missing() is not None, reason=str(emulation_missing()))
RUN_AUTOGRADER = ROOT / "autograder" / "deploy" / "run_autograder"


@needs_emulation
def test_reference_scores_full_and_stubs_zero_on_a_container_host():
    with ContainerHost(CONTAINER_MB) as host:
        reference = run_grade(SOLUTIONS, wrap=host.command)
        stubs = run_grade(EXERCISES, "--items", "q01,q07,q14,q28", wrap=host.command)
    assert reference["score"] == reference["max_score"] > 200, [
        (i, c["name"], c["message"][:200]) for i, item in reference["items"].items() for c in item["checks"]
        if not c["passed"]]
    assert (reference["isolation"], reference["network"]) == ("separate-user", "none (seccomp)")
    assert stubs["score"] == 0 and stubs["isolation"] == "separate-user"
    for item in stubs["items"].values():
        assert all("not implemented" in c["message"] for c in item["checks"]), item


def test_limits_only_refuses_hidden_checks_unless_asked(tmp_path):
    env = {**os.environ, "AUTOGRADER_ISOLATION": "limits-only"}
    grade = [sys.executable, "-P", "-m", "autograder", "grade", str(SOLUTIONS), "--items", "q07", "--format", "json"]
    refused = subprocess.run(grade, capture_output=True, text=True, env=env, timeout=300)
    assert refused.returncode == 3 and refused.stdout == ""
    reason = refused.stderr.strip()
    assert reason.count("\n") == 0 and "limits-only" in reason and "--allow-partial-isolation" in reason, reason
    allowed = subprocess.run([*grade, "--allow-partial-isolation"], capture_output=True, text=True, env=env,
                             timeout=300)
    report = json.loads(allowed.stdout)
    assert report["isolation"] == "limits-only" and report["score"] == report["max_score"]
    # Students check their own work with the public checks only: that keeps working, and says so.
    check = subprocess.run([sys.executable, "-P", "-m", "autograder", "check", "q07", str(SOLUTIONS)],
                           capture_output=True, text=True, env=env, timeout=300)
    assert check.returncode == 0 and "resource limits only" in check.stdout, check.stdout + check.stderr


def test_grade_all_refuses_limits_only_too(tmp_path):
    env = {**os.environ, "AUTOGRADER_ISOLATION": "limits-only"}
    (tmp_path / "class" / "alice").mkdir(parents=True)
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(tmp_path / "class"),
                           "--out", str(tmp_path / "graded")], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 3 and "--allow-partial-isolation" in done.stderr
    assert not (tmp_path / "graded").exists()


def gradescope_tree(root: Path, submission_files: dict[str, str]) -> Path:
    """/autograder as Gradescope lays it out: source/, submission/, results/."""
    for folder in ("source", "submission", "results"):
        (root / folder).mkdir(parents=True)
    for name, text in submission_files.items():
        (root / "submission" / name).write_text(text)
    return root


@needs_emulation
@pytest.mark.parametrize("attack", [None, "read_the_reference", "fake_result_files", "read_hidden_checks"])
def test_run_autograder_on_a_container_host(open_tmp, attack):
    q01 = (HOSTILE / f"{attack}.py").read_text() if attack else (SOLUTIONS / "q01_accuracy_loss.py").read_text()
    tree = gradescope_tree(open_tmp / "autograder", {"q01_accuracy_loss.py": q01,
                                                    "q07_zip_pairs.py": (SOLUTIONS / "q07_zip_pairs.py").read_text()})
    env = {**os.environ, "AUTOGRADER_ROOT": str(tree), "AUTOGRADER_PYTHON": sys.executable,
           "AUTOGRADER_ITEMS": "q01,q07"}
    env.pop("AUTOGRADER_ISOLATION", None)
    with ContainerHost(CONTAINER_MB) as host:
        done = host.run(["bash", str(RUN_AUTOGRADER)], env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tree / "results" / "results.json").read_text())
    assert set(results) >= {"score", "tests"} and all({"name", "score", "max_score"} <= set(t) for t in results["tests"])
    by_item = {}
    for test in results["tests"]:
        if "written" not in test["tags"]:  # a person grades those
            by_item.setdefault(test["name"][:3], []).append(test)
    q07 = by_item["q07"]
    assert sum(t["score"] for t in q07) == sum(t["max_score"] for t in q07) > 0
    q01 = sum(t["score"] for t in by_item["q01"])
    assert q01 == (sum(t["max_score"] for t in by_item["q01"]) if attack is None else 0), by_item["q01"]
    assert results["score"] == sum(t["score"] for t in results["tests"])


def test_run_autograder_writes_results_when_the_grader_cannot_run(open_tmp):
    tree = gradescope_tree(open_tmp / "autograder", {"q07_zip_pairs.py": "x = 1\n"})
    env = {**os.environ, "AUTOGRADER_ROOT": str(tree), "AUTOGRADER_PYTHON": str(open_tmp / "no-python")}
    done = subprocess.run(["bash", str(RUN_AUTOGRADER)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode != 0
    results = json.loads((tree / "results" / "results.json").read_text())
    assert results["score"] == 0 and "could not run" in results["output"]
    # A grader that runs but refuses (no sandbox) also leaves a result, with its reason.
    env = {**env, "AUTOGRADER_PYTHON": sys.executable, "AUTOGRADER_ISOLATION": "limits-only"}
    done = subprocess.run(["bash", str(RUN_AUTOGRADER)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 3
    results = json.loads((tree / "results" / "results.json").read_text())
    assert results["score"] == 0 and "limits-only" in results["output"]


def wheel_env(target: Path) -> dict:
    site = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *site])}


@pytest.fixture(scope="module")
def wheel_install():
    """The package installed as a wheel would be, into a folder inside the environment (so that
    the namespaced levels bind it): `python -S` with PYTHONPATH keeps the checkout's editable
    finder out, so `autograder` and `solutions` come from the wheel's copy."""
    target = Path(tempfile.mkdtemp(prefix="wheel-", dir=sys.prefix))
    os.chmod(target, 0o755)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(ROOT)], check=True, capture_output=True, timeout=600)
    # As setup.sh does for the package's source: the checkout's secrets are closed to others too.
    subprocess.run([sys.executable, "-P", "-m", "autograder", "secure"], check=True, capture_output=True, timeout=300)
    env = wheel_env(target)
    found = subprocess.run([sys.executable, "-S", "-c", "import autograder, solutions; print(autograder.__file__, "
                            "solutions.__path__[0])"], capture_output=True, text=True, env=env, check=True, cwd="/")
    assert all(path.startswith(str(target)) for path in found.stdout.split()), found.stdout
    yield target
    shutil.rmtree(target, ignore_errors=True)


@pytest.mark.parametrize("level", isolation.LEVELS[:-1])
@pytest.mark.parametrize("attack", ["read_hidden_checks", "read_the_reference"])
def test_wheel_install_keeps_solutions_out_of_reach(wheel_install, level, attack, tmp_path):
    """A wheel puts solutions/ and the hidden checks in site-packages, which the sandbox binds:
    they must be masked (namespaced levels) or closed to the worker's user (separate-user)."""
    require(level)
    submission = tmp_path / "submission"
    submission.mkdir()
    # The attack also searches the wheel's own folder, wherever the environment lives.
    attempt = (HOSTILE / f"{attack}.py").read_text().replace("ROOTS = (", f"ROOTS = ({str(wheel_install)!r}, ")
    (submission / "q01_accuracy_loss.py").write_text(attempt)
    env = {**wheel_env(wheel_install), "AUTOGRADER_ISOLATION": level}
    done = subprocess.run([sys.executable, "-P", "-S", "-m", "autograder", "grade", str(submission), "--items", "q01",
                           "--format", "json"], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["items"]["q01"]["score"] == 0
    messages = " ".join(c["message"] for c in report["items"]["q01"]["checks"])
    assert "no hidden checks found" in messages or "no reference found" in messages, messages
