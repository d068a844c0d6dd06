"""Messages and figures a student reads: which model a timed note is about, where two large
tensors differ, the sigmoid figure beside the expected one, text that can be read on the page,
and student text shown as written, never read as markup."""

import io
import os
import re

import pytest
import torch
from conftest import ROOT, SOLUTIONS, run_grade
from rich.console import Console

from autograder.checks.expect import expect_close
from autograder.report import text


@pytest.mark.fast
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


def failure(got, expected, **tolerance) -> str:
    with pytest.raises(AssertionError) as failed:
        expect_close(got, expected, "f(x)", **tolerance)
    return str(failed.value)


def rows_of(message: str) -> dict[str, tuple[list[str], list[str]]]:
    """The display's rows by their index: the expected side's cells and the got side's."""
    rows = {}
    for line in message.splitlines():
        if match := re.match(r"\s*\[(\d+)\](.*)\|(.*)", line):
            rows[match[1]] = (match[2].split(), match[3].split())
    return rows


@pytest.mark.fast
def test_a_large_2d_tensor_is_shown_beside_the_expected_one_at_the_rows_around_the_worst_element():
    grid = torch.arange(20 * 30, dtype=torch.float32).reshape(20, 30) / 100
    off = grid.clone()
    off[7, 12] += 0.5
    off[2, 3] += 0.01  # a smaller difference elsewhere: not the one shown
    message = failure(off, grid)
    assert "tensor of shape (20, 30)" in message and "rows 5 to 9" in message, message
    rows = rows_of(message)
    assert list(rows) == ["5", "6", "7", "8", "9"], message
    columns = re.search(r"columns (\d+) to (\d+)", message)
    first, last = int(columns[1]), int(columns[2])
    assert first <= 12 <= last and last - first >= 2, message
    for r, (expected, got) in rows.items():
        want = [f"{v:.4g}" for v in grid[int(r), first:last + 1].tolist()]
        assert [c.rstrip("*") for c in expected] == want, (r, message)
        mine = [f"{v:.4g}" for v in off[int(r), first:last + 1].tolist()]
        assert [c.rstrip("*") for c in got] == mine, (r, message)
    marked = [(r, i) for r, sides in rows.items() for side in sides for i, c in enumerate(side) if c.endswith("*")]
    assert marked == [("7", 12 - first)] * 2, message
    assert "largest difference at [7, 12]: expected 2.22, got 2.72, difference 0.5" in message
    assert "(tolerance absolute 1e-06)" in message


@pytest.mark.fast
def test_a_large_1d_tensor_is_shown_as_a_column_around_the_worst_index():
    x = torch.linspace(-4, 4, 100)
    wrong = torch.sigmoid(x)
    wrong[37] += 0.1
    message = failure(wrong, torch.sigmoid(x), atol=1e-4)
    rows = rows_of(message)
    assert list(rows) == ["35", "36", "37", "38", "39"], message
    assert rows["37"] == ([f"{torch.sigmoid(x)[37].item():.4g}*"], [f"{wrong[37].item():.4g}*"]), message
    assert rows["36"][0] == rows["36"][1] == [f"{wrong[36].item():.4g}"]
    assert "elements 35 to 39 of the result, a tensor of shape (100,)" in message
    assert "largest difference at [37]" in message and "tolerance absolute 0.0001" in message
    # At the edge the window moves inward rather than shrinking.
    wrong = torch.zeros(40)
    wrong[0] = 1.0
    assert list(rows_of(failure(wrong, torch.zeros(40)))) == ["0", "1", "2", "3", "4"]


@pytest.mark.fast
def test_a_tensor_of_more_dimensions_is_shown_by_the_worst_2d_slice_naming_its_leading_indices():
    t = torch.randn(4, 3, 5, 6, generator=torch.Generator().manual_seed(0))
    off = t.clone()
    off[2, 1, 4, 5] = float("nan")
    message = failure(off, t)
    assert "of the result's slice [2, 1, :, :] (a tensor of shape (4, 3, 5, 6))" in message, message
    rows = rows_of(message)
    assert list(rows) == ["0", "1", "2", "3", "4"] and rows["4"][1][-1] == "nan*", message
    assert f"largest difference at [2, 1, 4, 5]: expected {t[2, 1, 4, 5].item():.6g}, got nan" in message


@pytest.mark.fast
def test_equal_infinities_are_not_the_largest_difference():
    expected = torch.zeros(4, 4)
    expected[0, 0] = float("inf")
    got = expected.clone()
    got[3, 3] = 1.0
    assert "largest difference at [3, 3]" in failure(got, expected)


@pytest.mark.fast
def test_short_tensors_are_still_shown_in_full():
    message = failure(torch.tensor([1.0, 2.0, 3.5]), torch.tensor([1.0, 2.0, 3.0]))
    assert "expected: tensor([1.0, 2.0, 3.0])\n  got:      tensor([1.0, 2.0, 3.5])" in message
    assert "largest difference at [2]: expected 3, got 3.5, difference 0.5" in message


@pytest.mark.fast
def test_every_row_of_a_large_tensor_fits_the_text_report_column():
    """Wide rows show fewer columns, so that no line of the display is wrapped in the table."""
    from autograder.checks.show import LINE

    for shape in ((1, 784), (20, 300), (64, 1), (3, 5)):
        expected = torch.randn(shape, generator=torch.Generator().manual_seed(1)) * 1e-5
        got = expected.clone()
        got[shape[0] // 2, shape[1] // 2] = -123.456
        lines = failure(got, expected).splitlines()
        shown = [line for line in lines if " | " in line]
        assert len(shown) >= 3 and all(len(line) <= LINE + 2 for line in shown), lines  # + the 2-space indent
        assert any("-123.5*" in line for line in shown), lines


@pytest.mark.slow
def test_a_graded_mistake_names_its_worst_element(tmp_path):
    """A sigmoid that clamps its input is wrong only where |x| > 5: the hidden 4 x 5 check's
    message names where it is furthest off, and shows the rows around it."""
    module = (SOLUTIONS / "q02_sigmoid.py").read_text()
    assert "return 1 / (1 + torch.exp(-x))" in module
    (tmp_path / "q02_sigmoid.py").write_text(module.replace("return 1 / (1 + torch.exp(-x))",
                                                            "return 1 / (1 + torch.exp(-x.clamp(-5, 5)))"))
    report = run_grade(tmp_path, "--items", "q02")
    checks = {c["name"]: c for c in report["items"]["q02"]["checks"]}
    check = checks["matches_torch_sigmoid_on_batches[matrix_4x5_float32]"]
    x = torch.randn((4, 5), generator=torch.Generator().manual_seed(3)) * 4
    gap = (torch.sigmoid(x.clamp(-5, 5)) - torch.sigmoid(x)).abs()
    r, c = (int(i) for i in torch.unravel_index(gap.argmax(), gap.shape))
    message = check["message"]
    assert not check["passed"] and f"largest difference at [{r}, {c}]" in message, message
    assert "tensor of shape (4, 5)" in message and f"[{r}]" in message and "*" in message, message
    assert "tensor of shape (4, 5)\n" not in message  # no longer the shape alone


def student_text_report(title: str = "alice"):
    """A report whose messages, names and notes hold what rich would read as markup."""
    failing = {"name": "odd[/x]", "score": 0.0, "max_score": 1.0, "passed": False, "hidden": True,
               "message": "pair_up(xs, ys) raised ValueError: [/x] [bold]x[/bold] [hidden check q07]"}
    note = {"name": "timed[linear]", "score": 1.0, "max_score": 1.0, "passed": True, "hidden": False,
            "message": "[red]not red[/red]"}
    return {"score": 1.0, "max_score": 2.0, "isolation": "limits-only", "hidden_checks": "absent",
            "items": {"q07": {"score": 1.0, "max_score": 2.0, "checks": [failing, note], "written": None}}}


@pytest.mark.fast
def test_the_text_report_shows_student_text_literally():
    out = io.StringIO()
    text.render(student_text_report(), "work[bold]/x[/x]", Console(file=out, width=300))
    shown = out.getvalue()
    assert "[hidden check odd[/x]] pair_up(xs, ys) raised ValueError: [/x] [bold]x[/bold] [hidden check q07]" in shown
    assert "note (timed[linear]): [red]not red[/red]" in shown and "work[bold]/x[/x]" in shown, shown
    out = io.StringIO()
    text.render_checks(student_text_report(), Console(file=out, width=300))
    shown = out.getvalue()
    assert "FAIL odd[/x]" in shown and "[/x] [bold]x[/bold] [hidden check q07]" in shown, shown
    assert "pass timed[linear]" in shown


@pytest.mark.slow
def test_autograder_grade_shows_a_student_exception_literally(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "work[bold]"
    folder.mkdir()
    (folder / "q07_zip_pairs.py").write_text(
        "def pair_up(xs, ys):\n    raise ValueError('[/x] [bold]boom[/bold]')\n\n\n"
        "def make_dataset(x, y):\n    raise ValueError('[/x] [bold]boom[/bold]')\n")
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade", str(folder), "--items", "q07"],
                            capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "[/x]" in result.stdout and "[bold]boom[/bold]" in result.stdout and "ValueError" in result.stdout
    assert "work[bold]" in result.stdout, result.stdout


@pytest.mark.slow
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


@pytest.mark.fast
def test_check_in_the_notebook_says_it_has_started_before_the_sandbox_is_up(monkeypatch, capsys):
    import autograder.grading
    import autograder.notebook
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
    monkeypatch.setattr(autograder.notebook, "_kept", None)  # no sandbox kept from another test
    monkeypatch.setattr(autograder.grading, "grade", lambda *a, **k: {
        "items": {"q07": {"score": 1.0, "max_score": 1.0, "checks": [passed]}}})
    assert check("q07")
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["checking q07 in a new sandbox ...", "the sandbox starts"]
