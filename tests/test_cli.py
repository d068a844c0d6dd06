"""The command line: one error path, the exit-code table (autograder/exits.py) and one-line reasons."""

import argparse
import subprocess
import sys

import pytest

from autograder import cli
from autograder.exits import Exit, ExitError, table
from conftest import ROOT



def autograder(*args):
    return subprocess.run([sys.executable, "-P", "-m", "autograder", *args], capture_output=True, text=True, timeout=120)


def one_line(stderr: str) -> bool:
    return stderr.strip() != "" and stderr.strip().count("\n") == 0


@pytest.mark.fast
def test_a_missing_path_is_a_one_line_usage_error(tmp_path):
    result = autograder("grade", str(tmp_path / "nowhere"))
    assert result.returncode == Exit.USAGE
    assert one_line(result.stderr) and "does not exist" in result.stderr


@pytest.mark.fast
@pytest.mark.parametrize("command", [["grade", ".", "--items", "q99"], ["grade-all", ".", "--items", "q99"],
                                     ["check", "q99"]], ids=lambda c: c[0])
def test_an_unknown_item_is_a_usage_error(command):
    result = autograder(*command)
    assert result.returncode == Exit.USAGE, result.stderr
    assert one_line(result.stderr) and "unknown item(s) q99; items are q01 to" in result.stderr


@pytest.mark.fast
def test_an_unknown_option_is_argparses_usage_error():
    result = autograder("grade", ".", "--no-such-option")
    assert result.returncode == Exit.USAGE and "unrecognized arguments" in result.stderr


@pytest.mark.fast
def test_an_empty_folder_grades_to_zero_and_exits_zero(tmp_path):
    result = autograder("grade", str(tmp_path), "--items", "q01", "--format", "json")
    assert result.returncode == Exit.GRADED, result.stderr
    assert '"score": 0' in result.stdout and "missing from the submission" in result.stdout


def namespace(run, debug=False):
    return argparse.Namespace(run=run, debug=debug)


@pytest.mark.fast
def test_every_failure_ends_in_one_place_as_one_line(capsys):
    def refused(args):
        raise ExitError("no such policy\nsecond line", Exit.USAGE)

    def broken(args):
        raise KeyError("a bug of ours")

    def interrupted(args):
        raise KeyboardInterrupt

    assert cli.run(namespace(refused)) == Exit.USAGE
    assert cli.run(namespace(broken)) == Exit.GRADER_FAILED
    assert cli.run(namespace(interrupted)) == Exit.INTERRUPTED
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["autograder: no such policy second line",
                     "autograder: internal error: KeyError: 'a bug of ours' (run again with --debug for the traceback)",
                     "autograder: interrupted"]
    with pytest.raises(KeyError):
        cli.run(namespace(broken, debug=True))


@pytest.mark.fast
def test_library_errors_carry_their_exit_code():
    from autograder.grading import GraderError, PartialIsolation
    from autograder.late import PolicyError
    from autograder.report.gradebook import ManualError
    from autograder.submission import SubmissionError

    assert {SubmissionError("x").code, PolicyError("x").code, ManualError("x").code} == {Exit.USAGE}
    assert GraderError("x").code == PartialIsolation("x").code == Exit.GRADER_FAILED


@pytest.mark.fast
def test_commands_print_no_error_of_their_own():
    """Only run() writes an `autograder: ...` line: a command raises, it does not print and return."""
    source = (ROOT / "autograder" / "cli.py").read_text()
    assert source.count('print(f"autograder:') == 1 and 'print("autograder:' not in source
    assert "SystemExit" not in source


@pytest.mark.fast
def test_the_docs_table_is_the_declared_one():
    assert table() in (ROOT / "docs" / "instructors.md").read_text()
    result = autograder("--help")
    assert "exit codes: 0 graded, 1 check failed, 2 usage, 3 grader failed, 130 interrupted" in " ".join(result.stdout.split())


@pytest.mark.fast
def test_help_gives_whole_sentences():
    assert cli.first_paragraph("\nGrade the lesson's\nexercises.\n\nImports stay light.\n") == "Grade the lesson's exercises."
    description = cli.first_paragraph(cli.__doc__)
    assert description.endswith(".") and description[:1].isupper()
    shown = " ".join(autograder("--help").stdout.split())
    assert description in shown and f"{description} positional arguments:" in shown


def commands(parser: argparse.ArgumentParser) -> dict:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


@pytest.mark.fast
def test_secure_refuses_a_user_other_than_root_in_one_line(monkeypatch, capsys, tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o755)
    monkeypatch.setattr(cli.os, "geteuid", lambda: 1000)
    assert cli.main(["secure", str(closed)]) == Exit.USAGE
    err = capsys.readouterr().err
    assert one_line(err) and err.startswith("autograder: secure runs as root"), err
    assert closed.stat().st_mode & 0o777 == 0o755  # nothing was changed before the refusal


@pytest.mark.fast
def test_secure_is_offered_only_where_there_are_hidden_checks_to_close(monkeypatch):
    import autograder.grading

    assert "secure" in commands(cli.build_parser())
    monkeypatch.setattr(autograder.grading, "has_hidden_checks", lambda: False)  # as in the student bundle
    assert "secure" not in commands(cli.build_parser())


@pytest.mark.fast
def test_classroom50s_standalone_copy_of_the_usage_code_is_equal():
    import importlib.util

    spec = importlib.util.spec_from_file_location("c50", ROOT / "autograder" / "deploy" / "classroom50" / "autograder.py")
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    assert entry.SUBMISSION_UNREADABLE == Exit.USAGE


@pytest.mark.fast
def test_format_and_device_choices_come_from_their_declarations():
    from autograder.report.formats import FILE_FORMATS
    from autograder.report.gradebook import LMS_LAYOUTS
    from autograder.runner.session import DEVICES

    parsers = commands(cli.build_parser())

    def choices(command, option):
        return tuple(next(a for a in parsers[command]._actions if option in a.option_strings).choices)
    assert choices("grade", "--format") == ("text", *FILE_FORMATS)
    assert choices("render", "--format") == tuple(FILE_FORMATS)
    assert choices("grade-all", "--gradebook-format") == LMS_LAYOUTS
    assert choices("grade", "--device") == choices("grade-all", "--device") == choices("check", "--device") == DEVICES


@pytest.mark.slow
def test_instructors_can_run_the_checks_with_pytest_directly():
    from conftest import EXERCISES, SOLUTIONS

    checks = ROOT / "autograder" / "checks"

    def pytest_on(submission):
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               str(checks / "public" / "test_q07_zip_pairs.py"),
                               str(checks / "hidden" / "test_q07_zip_pairs.py"), "--submission", str(submission)],
                              capture_output=True, text=True, timeout=300, cwd=checks)

    passing, failing = pytest_on(SOLUTIONS), pytest_on(EXERCISES)
    assert passing.returncode == 0, passing.stdout[-2000:]
    assert failing.returncode == 1 and "not implemented" in failing.stdout
