"""A module that does not import (a syntax error, a missing package) still has its written
answer read, without running it, and reported to the gradebook and the feedback page; and its
error is shown once per item on the page, not once per check."""

import shutil

import pytest
from conftest import EXERCISES, SOLUTIONS, run_grade

from autograder.report import gradebook, html
from autograder.submission import written_answer

Q07_ANSWER = "zip pairs the items of several iterables"
Q08_ANSWER = "view gives the same storage a new shape."


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    shutil.copytree(EXERCISES, folder, dirs_exist_ok=True)
    (folder / "q07_zip_pairs.py").write_text(
        "def pair_up(xs, ys:\n    return list(zip(xs, ys))\n\n"
        f'ANSWER = """{Q07_ANSWER}"""\n')
    q08 = (SOLUTIONS / "q08_view.py").read_text()
    (folder / "q08_view.py").write_text("import a_package_nobody_installed\n" + q08.replace(
        "ANSWER = ", f'ANSWER = "{Q08_ANSWER}"\n_FIRST_ANSWER = ', 1))
    return run_grade(folder, "--items", "q07,q08")


@pytest.mark.slow
def test_the_written_answer_of_a_module_that_does_not_import_is_reported(report):
    assert report["items"]["q07"]["written"]["answer"] == Q07_ANSWER
    assert report["items"]["q08"]["written"]["answer"] == Q08_ANSWER
    row = gradebook.row({"student": "alice", **report}, ["q07", "q08"], {})
    assert row["q07_written"] == row["q08_written"] == gradebook.PENDING_CELL
    page = html.render(report, "alice")
    assert "not answered" not in page and page.count("pending manual grading") >= 2


@pytest.mark.slow
def test_one_import_error_is_shown_once_per_item_on_the_page(report):
    q07 = report["items"]["q07"]
    assert len(q07["checks"]) > 3 and all("SyntaxError" in c["message"] for c in q07["checks"])
    page = html.render(report, "alice")
    section = page[page.index('<section class="item" id="q07">'):page.index('<section class="item" id="q08">')]
    assert section.count("SyntaxError") == 1 and all(c["name"] in section for c in q07["checks"])


@pytest.mark.fast
@pytest.mark.parametrize("source, answer", [
    ('ANSWER = "plain"\n', "plain"),
    ('def f(:\n    pass\nANSWER = """after\na syntax error"""\n', "after\na syntax error"),
    ('ANSWER = ("implicit "\n          "concatenation")\nx = (\n', "implicit concatenation"),
    ('ANSWER = "first"\nANSWER = "second"\n', "second"),
    ('ANSWER: str = "annotated"\n', "annotated"),
    ('ANSWER = f"{1 + 1}"\n', None),  # computed: known only by running it
    ('ANSWER = 42\n', None),
    ('x = 1\n', None),
    ('ANSWER = """never closed\n', None),
])
def test_the_answer_is_read_from_the_source(source, answer):
    assert written_answer(source) == answer
