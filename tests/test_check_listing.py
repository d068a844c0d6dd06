"""What a student reads from `autograder check` on every item: the items not started yet on one
line, then each started item's checks (the stubs' 31 items gave about 200 lines of "not
implemented yet"). Items named on the command line keep their checks, started or not."""

from __future__ import annotations

import pytest

from autograder import cli
from autograder.exits import Exit


def check(name: str, passed: bool, message: str = "") -> dict:
    return {"name": name, "score": float(passed), "max_score": 1.0, "passed": passed, "hidden": False,
            "message": message}


def item(*checks: dict) -> dict:
    return {"score": sum(c["score"] for c in checks), "max_score": float(len(checks)), "checks": list(checks),
            "written": None}


def stub(item_id: str, function: str) -> dict:
    said = f"{item_id}: {function} is not implemented yet"
    return item(check("first", False, said), check("second", False, f"{said} (it raised NotImplementedError)"))


REPORT = {"score": 1.0, "max_score": 8.0, "isolation": "bubblewrap", "items": {
    "q01": stub("q01", "mnist_loss"),
    "q02": item(check("finite", True), check("extremes", False, "sigmoid(100.0) gave nan")),
    "q03": item(check("value", False, "q03_loss_vs_metric.py is missing from the submission")),
    "q07": item(check("pairs", False, "q07: make_dataset is not implemented yet"), check("order", True)),
    "q08": stub("q08", "mnist_dataset")}}


def checked(monkeypatch, capsys, *targets: str) -> list[str]:
    import autograder.grading

    monkeypatch.setattr(autograder.grading, "grade_path", lambda *args, **kwargs: REPORT)
    assert cli.run(cli.build_parser().parse_args(["check", *targets])) == Exit.CHECK_FAILED
    return capsys.readouterr().out.splitlines()


@pytest.mark.fast
def test_every_item_lists_those_not_started_on_one_line_then_the_started_ones(monkeypatch, capsys):
    lines = checked(monkeypatch, capsys, "work")
    assert lines[0] == "not started yet (still raising NotImplementedError): q01, q08"
    headings = [line.split()[0] for line in lines if line[:1] == "q"]
    assert headings == ["q02", "q03", "q07"]  # a missing module, or a function of two still a stub: started
    assert "       sigmoid(100.0) gave nan" in lines and "       q07: make_dataset is not implemented yet" in lines
    assert not [line for line in lines if "mnist_loss" in line or "mnist_dataset" in line]
    assert lines[-1] == "total: 1/8 on the public checks of 5 items"


@pytest.mark.fast
def test_items_named_keep_their_checks_started_or_not(monkeypatch, capsys):
    lines = checked(monkeypatch, capsys, "q01", "q02", "q03", "q07", "q08", "work")
    assert not [line for line in lines if line.startswith("not started")]
    assert [line.split()[0] for line in lines if line[:1] == "q"] == ["q01", "q02", "q03", "q07", "q08"]
    assert "       q01: mnist_loss is not implemented yet" in lines
