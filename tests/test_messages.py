"""Messages and figures a student reads: which model a timed note is about, where two large
tensors differ, the sigmoid figure beside the expected one, text that can be read on the page."""

import io
import re

import pytest
import torch
from conftest import ROOT, SOLUTIONS, run_grade
from rich.console import Console

from autograder.checks.expect import expect_close
from autograder.report import text


def test_each_note_of_the_text_report_names_its_check():
    """q14's timed check runs on the linear model and on the simple net: the notes say which."""
    checks = [{"name": f"timed_training[{kind}]", "score": 2.0, "max_score": 2.0, "passed": True, "hidden": True,
               "message": "your loop 0.120 s, the reference 0.100 s"} for kind in ("linear", "simple_net")]
    report = {"score": 4.0, "max_score": 4.0, "isolation": "bubblewrap",
              "items": {"q14": {"score": 4.0, "max_score": 4.0, "checks": checks, "written": None}}}
    out = io.StringIO()
    text.render(report, "alice", Console(file=out, width=200))
    lines = [line for line in out.getvalue().splitlines() if "note" in line]
    assert len(lines) == 2 and "timed_training[linear]" in lines[0] and "timed_training[simple_net]" in lines[1]


def test_two_large_tensors_of_one_shape_are_shown_where_they_differ():
    x = torch.linspace(-4, 4, 100)
    wrong = torch.sigmoid(x)
    wrong[37] += 0.1
    with pytest.raises(AssertionError) as failed:
        expect_close(wrong, torch.sigmoid(x), "plot_sigmoid(ax=ax)", atol=1e-4)
    expected, got = (line.strip() for line in str(failed.value).splitlines()[1:3])
    assert expected != got.replace("got:     ", "expected:"), str(failed.value)
    assert expected.startswith("expected: tensor of shape (100,), [35:40] = [") and "0.367" in got
    grid = torch.zeros(20, 30)
    off = grid.clone()
    off[3, 0] = 1.0
    with pytest.raises(AssertionError) as failed:
        expect_close(off, grid, "f(x)")
    assert "got:      tensor of shape (20, 30), [3, 0:3] = [1.0, 0.0, 0.0]" in str(failed.value)


def test_the_sigmoid_figure_has_the_expected_one_beside_it_and_readable_text(tmp_path):
    import base64

    from PIL import Image

    report = run_grade(SOLUTIONS, "--items", "q02", "--artifacts")
    figure = report["artifacts"]["q02"]["figure:sigmoid"]
    assert set(figure) == {"student", "reference"}
    template = (ROOT / "autograder" / "report" / "templates" / "feedback.html.j2").read_text()
    shown = int(re.search(r"figure img \{[^}]*max-width: (\d+)px", template).group(1))
    for picture in figure.values():
        width = Image.open(io.BytesIO(base64.b64decode(picture))).width
        dpi = width / 6.4  # matplotlib's default figure is 6.4 inches wide
        # 10-point text, in pixels as the page shows it: at least 10.
        assert 10 / 72 * dpi * min(1.0, shown / width) >= 10, (width, shown)


def test_check_in_the_notebook_says_it_has_started_before_the_sandbox_is_up(monkeypatch, capsys):
    import autograder.grading
    import autograder.runner.session
    from autograder.notebook import check

    class NoSandbox:
        def __init__(self, *args, **kwargs):
            print("the sandbox starts")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

    passed = {"name": "pair_up_list_and_string", "passed": True, "message": ""}
    monkeypatch.setattr(autograder.runner.session, "Session", NoSandbox)
    monkeypatch.setattr(autograder.grading, "grade", lambda *a, **k: {
        "items": {"q07": {"score": 1.0, "max_score": 1.0, "checks": [passed]}}})
    assert check("q07")
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["checking q07 in the sandbox ...", "the sandbox starts"]
