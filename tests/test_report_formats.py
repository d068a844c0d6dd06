"""The outputs other systems read: Gradescope's results.json (checked against a schema written
from its documentation), JUnit XML, GitHub Classroom's result, and the Gradescope package; and
the one limit on a message's length that every output keeps."""

import json
import os
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from numbers import Real
from pathlib import Path

import pytest

from autograder.report.common import SHOWN_MESSAGE_CHARS, capped
from conftest import EXERCISES, ROOT, SOLUTIONS

ITEMS = "q01,q07"
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def autograder(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-P", "-m", "autograder", *args], capture_output=True, text=True,
                          timeout=600, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def submission(tmp_path_factory) -> Path:
    """q01 right, q07 the untouched stub: passed and failed checks, answered and unanswered parts."""
    folder = tmp_path_factory.mktemp("partial")
    shutil.copyfile(SOLUTIONS / "q01_accuracy_loss.py", folder / "q01_accuracy_loss.py")
    shutil.copyfile(EXERCISES / "q07_zip_pairs.py", folder / "q07_zip_pairs.py")
    return folder


@pytest.fixture(scope="module")
def report(submission) -> dict:
    result = autograder("grade", str(submission), "--items", ITEMS, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def gradescope_problems(results: dict) -> list[str]:
    """Gradescope's results.json specification (facts.md), as checks: what is missing, of the
    wrong type or out of range."""
    problems = []

    def need(obj, key, kind, where, allowed=None):
        if key not in obj:
            problems.append(f"{where}: {key} is missing")
        elif not isinstance(obj[key], kind) or isinstance(obj[key], bool) and kind is not bool:
            problems.append(f"{where}: {key} is {type(obj[key]).__name__}")
        elif allowed is not None and obj[key] not in allowed:
            problems.append(f"{where}: {key} = {obj[key]!r}")

    top = {"score", "execution_time", "output", "visibility", "stdout_visibility", "tests"}
    problems += [f"top level: unknown field {k}" for k in set(results) - top - {"extra_data", "leaderboard"}]
    need(results, "score", Real, "top level")
    need(results, "execution_time", int, "top level")
    need(results, "output", str, "top level")
    need(results, "visibility", str, "top level", VISIBILITY)
    need(results, "stdout_visibility", str, "top level", VISIBILITY)
    need(results, "tests", list, "top level")
    fields = {"score", "max_score", "status", "name", "number", "output", "tags", "visibility", "extra_data",
              "name_format", "output_format"}
    for i, test in enumerate(results.get("tests", [])):
        where = f"test {i} ({test.get('name')})"
        problems += [f"{where}: unknown field {k}" for k in set(test) - fields]
        need(test, "name", str, where)
        need(test, "score", Real, where)
        need(test, "max_score", Real, where)
        need(test, "output", str, where)
        need(test, "visibility", str, where, VISIBILITY)
        if "status" in test:
            need(test, "status", str, where, {"passed", "failed"})
        if "number" in test:
            need(test, "number", str, where)
        if isinstance(test.get("score"), Real) and isinstance(test.get("max_score"), Real):
            if not 0 <= test["score"] <= test["max_score"]:
                problems.append(f"{where}: score {test['score']} outside 0..{test['max_score']}")
    return problems


@pytest.mark.slow
def test_gradescope_results_follow_the_specification(submission, tmp_path, report):
    out = tmp_path / "results" / "results.json"
    result = autograder("grade", str(submission), "--items", ITEMS, "--format", "gradescope", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # written to the file, not printed
    results = json.loads(out.read_text())
    assert gradescope_problems(results) == []
    assert results["score"] == report["score"] == sum(t["score"] for t in results["tests"])
    checks = [c for item in report["items"].values() for c in item["checks"]]
    by_name = {t["name"]: t for t in results["tests"]}
    assert len(results["tests"]) == len(checks) + 2  # and a written part for each item
    for item_id, item in report["items"].items():
        for check in item["checks"]:
            test = next(t for n, t in by_name.items() if n.startswith(item_id) and n.endswith(": " + check["name"]))
            assert test["status"] == ("passed" if check["passed"] else "failed")
            assert test["visibility"] == ("after_published" if check["hidden"] else "visible")
            assert (test["score"], test["max_score"]) == (check["score"], check["max_score"])
            assert test["output"] == capped(check["message"])
    written = {t["name"].split()[0]: t for t in results["tests"] if t["name"].endswith("written answer")}
    assert written["q01"]["output"] == "pending manual grading" and "status" not in written["q01"]
    assert written["q07"]["output"] == "not answered" and written["q07"]["status"] == "failed"
    assert all(t["score"] == 0 and t["max_score"] == 1 for t in written.values())
    assert results["stdout_visibility"] == "hidden"


@pytest.mark.fast
def test_an_unreadable_submission_still_gets_a_gradescope_results_file(tmp_path):
    bad = tmp_path / "submission.zip"
    bad.write_bytes(b"not a zip")
    out = tmp_path / "results.json"
    result = autograder("grade", str(bad), "--format", "gradescope", "--out", str(out))
    assert result.returncode == 2
    results = json.loads(out.read_text())
    assert gradescope_problems(results) == [] and results["score"] == 0
    assert "not a readable zip" in results["output"]


@pytest.mark.slow
def test_junit_xml_has_a_testcase_per_check_and_a_failure_per_failed_check(submission, report):
    result = autograder("grade", str(submission), "--items", ITEMS, "--format", "junit")
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(result.stdout.encode())
    checks = [c for item in report["items"].values() for c in item["checks"]]
    failed = [c for c in checks if not c["passed"]]
    cases = root.findall(".//testcase")
    assert root.tag == "testsuites" and len(root.findall("testsuite")) == 2
    assert len(cases) == len(checks) + 2 == int(root.get("tests"))  # + a skipped written part per item
    assert len(root.findall(".//failure")) == len(failed) == int(root.get("failures"))
    assert len(root.findall(".//skipped")) == 2 == int(root.get("skipped"))
    q07 = next(s for s in root.findall("testsuite") if s.get("name").startswith("q07"))
    case = q07.find("testcase")
    assert case.find("failure").text == failed[[c["name"] for c in failed].index(case.get("name"))]["message"]
    for suite in root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))


@pytest.mark.slow
def test_junit_survives_control_characters_in_messages(report):
    from autograder.report import junit

    nasty = json.loads(json.dumps(report))
    nasty["items"]["q07"]["checks"][0]["message"] = "got \x00\x1b[31mred\x07 <b>&amp;</b>"
    root = ET.fromstring(junit.document(nasty).encode())
    assert "<b>&amp;</b>" in root.find(".//failure").text


@pytest.mark.fast
def test_a_long_message_is_cut_alike_in_the_report_and_every_format():
    """One limit and one ellipsis: the grader's cut of a check's message, and every format's cut
    of a longer one (in a report from elsewhere: an older grader, a hand-edited file)."""
    import importlib.util
    import io

    from rich.console import Console

    from autograder.grading import Collector
    from autograder.report import classroom, classroom50, gradebook, gradescope, html, junit, text
    from autograder.runner.failures import StudentFailure

    long = "".join(f"{i:>9} " for i in range(400))  # 4,000 characters, no two prefixes alike
    cut = long[:SHOWN_MESSAGE_CHARS - 3] + "..."
    with pytest.raises(StudentFailure) as raised:
        raise StudentFailure(long)
    assert Collector()._message(raised, None) == cut
    checks = [{"name": "pairs_like_zip", "score": 0.0, "max_score": 1.0, "passed": False, "hidden": False,
               "message": long},
              {"name": "timed", "score": 1.0, "max_score": 1.0, "passed": True, "hidden": False, "message": long}]
    report = {"score": 1.0, "max_score": 2.0, "isolation": "bubblewrap",
              "items": {"q07": {"score": 1.0, "max_score": 2.0, "checks": checks, "written": None}}}
    env = {"CLASSROOM": "c", "ASSIGNMENT": "a", "SUBMISSION_TAG": "submit/1", "COMMIT_URL": "u", "RELEASE_URL": "r"}
    root = ET.fromstring(junit.document(report).encode())
    page = html.page(report, "alice", {})["items"][0]
    shown = {
        "gradescope": [t["output"] for t in gradescope.results(report)["tests"]],
        "classroom": [t["message"] for t in classroom.result(report)["tests"]],
        "classroom50": [t["message"] for t in classroom50.result(report, env)["tests"]],
        "junit": [root.find(".//failure").text, root.find(".//system-out").text],
        "html": [page["failed"][0]["message"], page["notes"][0]["message"]],
        "gradebook": [gradebook.row({"student": "alice", "error": long}, ["q07"], {})["error"]] * 2,
    }
    # Classroom 50's schema takes at most 500 characters: the one format that cuts shorter.
    assert shown.pop("classroom50") == [capped(long, classroom50.CLASSROOM50_MESSAGE_CHARS)] * 2
    assert classroom50.CLASSROOM50_MESSAGE_CHARS == 500
    assert shown == {name: [cut, cut] for name in shown}
    assert cut in html.render(report, "alice") and long[:SHOWN_MESSAGE_CHARS - 2] not in html.render(report, "alice")

    def printed(render, *args) -> str:
        out = io.StringIO()
        render(*args, console=Console(file=out, width=5000))
        return out.getvalue()

    table, listing = printed(text.render, report, "alice"), printed(text.render_checks, report)
    assert table.count(cut) == 2 and listing.count(cut) == 1
    assert long[:SHOWN_MESSAGE_CHARS - 2] not in table + listing
    summary = gradebook.summary_text(gradebook.summarize([{"student": "bob", "error": long}], ["q07"], {}))
    words = " ".join(summary.split())  # the summary wraps its lines
    assert " ".join(cut.split()) in words and " ".join(long[:SHOWN_MESSAGE_CHARS + 10].split()) not in words
    # Classroom 50's entry script runs before the grader is installed, so it keeps its own copy.
    entry_py = ROOT / "autograder" / "deploy" / "classroom50" / "autograder.py"
    spec = importlib.util.spec_from_file_location("classroom50_entry", entry_py)
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    assert entry.CLASSROOM50_MESSAGE_CHARS == classroom50.CLASSROOM50_MESSAGE_CHARS


@pytest.mark.slow
def test_github_classroom_result_adds_up_to_the_report(report):
    from autograder.report import classroom

    result = classroom.result(report)
    assert result["max_score"] == report["max_score"] and result["status"] == "fail"
    assert sum(t["score"] for t in result["tests"]) == report["score"]
    assert {t["status"] for t in result["tests"]} == {"pass", "fail"}


@pytest.mark.fast
def test_the_classroom_workflow_runs_the_grader_and_reports_its_points():
    workflow = (Path(__file__).resolve().parents[1] / ".github" / "classroom" / "autograding.yml").read_text()
    assert "autograder grade" in workflow and "--format classroom" in workflow
    assert "autograding-grading-reporter" in workflow and "_RESULTS" in workflow


@pytest.mark.slow
def test_gradescope_package_holds_the_entry_points_and_the_private_checks(tmp_path):
    out = tmp_path / "autograder.zip"
    result = autograder("gradescope-package", str(out))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        setup = zf.read("setup.sh").decode()
        zf.extractall(tmp_path / "source")
    assert {"setup.sh", "run_autograder", "package/pyproject.toml"} <= names
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    assert "package/autograder/checks/hidden/test_q01_accuracy_loss.py" in names
    assert "package/solutions/q01_accuracy_loss.py" in names
    assert "package/autograder/data/mnist_digits.npz" in names
    assert "package/autograder/report/templates/feedback.html.j2" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "bubblewrap" in setup and '"torch>=' in setup and "download.pytorch.org/whl/cpu" in setup
    # The same bytes twice: a package can be rebuilt and compared.
    again = tmp_path / "again.zip"
    autograder("gradescope-package", str(again))
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.slow
def test_run_autograder_grades_the_submission_with_the_packaged_checks(tmp_path):
    """run_autograder as Gradescope calls it, on a fake /autograder, with the package from the
    zip (not this checkout) first on the path."""
    zip_path = tmp_path / "autograder.zip"
    assert autograder("gradescope-package", str(zip_path)).returncode == 0
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(tmp_path / "source")
    package = tmp_path / "source" / "package"
    home = tmp_path / "autograder"
    (home / "submission").mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / "q01_accuracy_loss.py", home / "submission" / "q01_accuracy_loss.py")
    env = {**os.environ, "AUTOGRADER_ROOT": str(home), "AUTOGRADER_PYTHON": sys.executable,
           "AUTOGRADER_ITEMS": ITEMS, "PYTHONPATH": str(package)}
    where = subprocess.run([sys.executable, "-c", "import autograder.reference as r; print(r.SOLUTIONS)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert Path(where.stdout.strip()) == package / "solutions"
    run = subprocess.run(["bash", str(tmp_path / "source" / "run_autograder")], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads((home / "results" / "results.json").read_text())
    assert gradescope_problems(results) == []
    q01 = [t for t in results["tests"] if t["name"].startswith("q01") and "written" not in t["name"]]
    assert q01 and all(t["status"] == "passed" for t in q01)
    assert any(t["visibility"] == "after_published" for t in q01)  # the packaged hidden checks ran
    assert any("missing from the submission" in t["output"] for t in results["tests"] if t["name"].startswith("q07"))
