"""The grader where it is deployed: on an emulated container host (tests/container_host.py: root
without CAP_SYS_ADMIN, no namespaces, read-only cgroups, a memory limit), installed as a wheel,
through Gradescope's run_autograder, and refusing to grade hidden checks without a sandbox."""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.runner import isolation
import envs
from conftest import ROOT, SOLUTIONS, open_folder
from container_host import ContainerHost, emulation_missing
from levels import CONTAINER_MB, require, unavailable
from test_hostile import HOSTILE

pytestmark = pytest.mark.slow

needs_emulation = pytest.mark.skipif(emulation_missing() is not None, reason=str(emulation_missing()))
RUN_AUTOGRADER = ROOT / "autograder" / "deploy" / "run_autograder"


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    """The autograder zip unzipped, as Gradescope's image holds it in /autograder/source."""
    from autograder.deploy.gradescope import build

    base = tmp_path_factory.mktemp("gradescope")
    with zipfile.ZipFile(build(base / "autograder.zip")) as archive:
        archive.extractall(base / "source")
    os.chmod(base / "source" / "run_autograder", 0o755)
    return base


@needs_emulation
def test_setup_ends_by_grading_the_reference_and_the_stubs_on_a_container_host(packaged):
    """setup.sh's last step, as Gradescope builds an image (root without namespaces): through
    run_autograder, in a tree laid out like Gradescope's, the reference scores full marks and the
    stubs made from it zero, or the build fails."""
    with ContainerHost(CONTAINER_MB) as host:
        done = host.run([sys.executable, "-P", "-m", "autograder.deploy.gradescope_run", str(packaged / "source")],
                        timeout=3600)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    said = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    full = said["the reference"].split(" of ")
    assert full[0] == full[1] and float(full[1]) > 200 and said["the stubs"].startswith("0 of "), done.stdout


def test_gradescope_run_runs_the_zip_as_gradescope_does(packaged, open_tmp):
    """`autograder gradescope-run`: the zip's own grader on one submission, in Gradescope's
    layout; what it prints is Gradescope's results.json."""
    (open_tmp / "q07_zip_pairs.py").write_bytes((SOLUTIONS / "q07_zip_pairs.py").read_bytes())
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "gradescope-run", str(packaged / "autograder.zip"),
                           str(open_tmp)], capture_output=True, text=True, timeout=900,
                          env={**os.environ, "AUTOGRADER_ITEMS": "q07"})
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    q07 = [t for t in results["tests"] if t["name"].startswith("q07") and "written" not in t["tags"]]
    assert q07 and sum(t["score"] for t in q07) == sum(t["max_score"] for t in q07) > 0


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


def test_run_autograder_gives_no_score_when_the_grader_cannot_run(open_tmp):
    """A grader that cannot grade (no Python, no sandbox) leaves no results file: Gradescope then
    shows the student that the autograder failed, not a zero, and the output says why."""
    tree = gradescope_tree(open_tmp / "autograder", {"q07_zip_pairs.py": "x = 1\n"})
    env = {**os.environ, "AUTOGRADER_ROOT": str(tree), "AUTOGRADER_PYTHON": str(open_tmp / "no-python")}
    done = subprocess.run(["bash", str(RUN_AUTOGRADER)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode != 0
    assert not (tree / "results" / "results.json").exists()
    assert "could not grade" in done.stdout
    env = {**env, "AUTOGRADER_PYTHON": sys.executable, "AUTOGRADER_ISOLATION": "limits-only"}
    done = subprocess.run(["bash", str(RUN_AUTOGRADER)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 3
    assert not (tree / "results" / "results.json").exists()
    assert "limits-only" in done.stderr and done.stderr.count("\n") == 1, done.stderr


@pytest.fixture(scope="module")
def installed():
    """The package installed as setup.sh installs it: pip install of the package into a fresh
    virtual environment (its dependencies there already), in a folder under /tmp that every user
    may pass through; /tmp is where CI images and throwaway environments often live, and the
    namespaced levels' own /tmp must not hide it. Yields the environment's python."""
    with open_folder() as base:
        python = envs.fresh_venv(base / "venv") / "bin" / "python"
        subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(ROOT)],
                       check=True, capture_output=True, timeout=600)
        # As setup.sh does for the package's source: the checkout's secrets are closed to others too.
        subprocess.run([sys.executable, "-P", "-m", "autograder", "secure"], check=True, capture_output=True,
                       timeout=600)
        found = subprocess.run([python, "-c", "import autograder, solutions; print(autograder.__file__, "
                                "solutions.__path__[0])"], capture_output=True, text=True, check=True, cwd="/")
        assert all(path.startswith(str(base / "venv")) for path in found.stdout.split()), found.stdout
        yield python


def test_a_normal_install_keeps_every_level(installed):
    """`autograder secure` of the installed package finds every level this machine offers usable
    (the installed solutions and hidden checks masked or closed) and picks the strongest."""
    done = subprocess.run([installed, "-P", "-m", "autograder", "secure"], capture_output=True, text=True,
                          timeout=900, cwd="/")
    assert done.returncode == 0, done.stderr[-2000:]
    said = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    offered = [level for level in isolation.LEVELS[:-1] if unavailable(level) is None]
    assert {level: said[level] for level in offered} == {level: "usable" for level in offered}, done.stdout
    assert said["isolation"] == (offered or ["limits-only"])[0]


@pytest.mark.parametrize("level", isolation.LEVELS[:-1])
@pytest.mark.parametrize("attack", ["read_hidden_checks", "read_the_reference"])
def test_installed_solutions_are_out_of_reach(installed, level, attack, tmp_path):
    """An install puts solutions/ and the hidden checks in site-packages, which the namespaced
    levels bind: they must be masked there, and closed to the worker's user at separate-user."""
    require(level)
    submission = tmp_path / "submission"
    submission.mkdir()
    # The attack searches the environment's own folder (other copies on this host are not the
    # install's to close: docs/security.md, "What remains possible").
    attempt = re.sub(r"ROOTS = \(.*\)", f"ROOTS = ({str(installed.parents[1])!r},)",
                     (HOSTILE / f"{attack}.py").read_text())
    (submission / "q01_accuracy_loss.py").write_text(attempt)
    env = {**os.environ, "AUTOGRADER_ISOLATION": level}
    done = subprocess.run([installed, "-P", "-m", "autograder", "grade", str(submission), "--items", "q01",
                           "--format", "json"], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["items"]["q01"]["score"] == 0 and report["isolation"] == level
    messages = " ".join(c["message"] for c in report["items"]["q01"]["checks"])
    assert "no hidden checks found" in messages or "no reference found" in messages, messages


def checkout_in() -> dict:
    """The environment that runs this checkout's grader with a fresh venv's python (which lacks it)."""
    return {**{k: v for k, v in os.environ.items() if k != "AUTOGRADER_ISOLATION"}, "PYTHONPATH": str(ROOT)}


def grade_one_line(python: Path, env: dict, wrap=lambda argv: argv) -> str:
    """`autograder grade` of the reference's q07 that must fail as the grader's failure: exit 3 and
    one line on stderr, nothing on stdout; returns the line."""
    done = subprocess.run(wrap([str(python), "-P", "-m", "autograder", "grade", str(SOLUTIONS), "--items", "q07",
                                "--format", "json"]), capture_output=True, text=True, env=env, timeout=900, cwd="/")
    assert (done.returncode, done.stdout) == (3, ""), done.stderr[-2000:]
    assert done.stderr.count("\n") == 1, done.stderr[-3000:]
    return done.stderr


@needs_emulation
def test_an_environment_the_worker_cannot_see_is_one_line():
    """A venv under a folder closed to other users (as /root is): on a container host no level can
    start the worker, and grading says so in one line naming the folder and the fix; forced to
    separate-user, it fails as the grader's failure, never as check failures."""
    with open_folder() as base:
        (base / "closed").mkdir(mode=0o700)
        python = envs.fresh_venv(base / "closed" / "venv") / "bin" / "python"
        with ContainerHost(CONTAINER_MB) as host:
            refused = grade_one_line(python, checkout_in(), host.command)
            forced = grade_one_line(python, {**checkout_in(), "AUTOGRADER_ISOLATION": "separate-user"},
                                    host.command)
    for line in (refused, forced):
        assert f"{base / 'closed'} is closed to other users" in line and f"chmod o+rx {base / 'closed'}" in line, line


def test_a_library_that_does_not_import_is_one_line():
    """A venv whose torchvision raises at import (torch and torchvision that do not go together):
    the probe's worker imports it, so no level is usable and grading refuses in one line; forced
    to a level, the zygote's own import fails and the grading is the grader's failure."""
    with open_folder() as base:
        python = envs.with_broken_torchvision(base / "venv")
        refused = grade_one_line(python, checkout_in())
        level = next((level for level in isolation.LEVELS[:-1] if unavailable(level) is None), "limits-only")
        forced = subprocess.run([str(python), "-P", "-m", "autograder", "grade", str(SOLUTIONS), "--items", "q19",
                                 "--format", "json", "--allow-partial-isolation"], capture_output=True, text=True,
                                env={**checkout_in(), "AUTOGRADER_ISOLATION": level}, timeout=900, cwd="/")
    assert "torchvision::nms does not exist" in refused, refused
    assert (forced.returncode, forced.stdout) == (3, ""), forced.stderr[-2000:]
    assert forced.stderr.count("\n") == 1 and "torchvision::nms does not exist" in forced.stderr, forced.stderr
