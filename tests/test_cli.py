"""The command line: exit codes and one-line reasons when the grader cannot run."""

import subprocess
import sys


def autograder(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True, timeout=120)


def test_a_missing_path_is_a_one_line_error(tmp_path):
    result = autograder("grade", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "does not exist" in result.stderr


def test_an_unknown_item_is_refused(tmp_path):
    result = autograder("grade", str(tmp_path), "--items", "q99")
    assert result.returncode != 0 and "unknown item" in result.stderr


def test_an_empty_folder_grades_to_zero_and_exits_zero(tmp_path):
    result = autograder("grade", str(tmp_path), "--items", "q01", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"score": 0' in result.stdout and "missing from the submission" in result.stdout


def test_instructors_can_run_the_checks_with_pytest_directly():
    from conftest import EXERCISES, ROOT, SOLUTIONS

    checks = ROOT / "autograder" / "checks"

    def pytest_on(submission):
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               str(checks / "public" / "test_q07_zip_pairs.py"),
                               str(checks / "hidden" / "test_q07_zip_pairs.py"), "--submission", str(submission)],
                              capture_output=True, text=True, timeout=300, cwd=checks)

    passing, failing = pytest_on(SOLUTIONS), pytest_on(EXERCISES)
    assert passing.returncode == 0, passing.stdout[-2000:]
    assert failing.returncode == 1 and "not implemented" in failing.stdout
