"""q31 hidden checks: run at grading time only."""

import pytest

from autograder.checks.public.test_q31_softmax_table import BEARS, column, expect_column, expect_table, read_bear_table
from solutions import q31_softmax_table as ref


@pytest.mark.points(1)
def test_bear_table_outputs(student):
    table = read_bear_table(student)
    expect_column(column(table, BEARS, 0), [0.02, -2.49, 1.25], "BEAR_TABLE's output column (teddy, grizzly, brown)",
                  1e-6)


def expect_same_table(student, outputs: dict) -> None:
    got = expect_table(student.call("softmax_table", outputs), outputs, student.last_call)
    want = ref.softmax_table(outputs)
    for index, name in enumerate(("output", "exp", "softmax")):
        # tests/alternatives: within 1.1e-16 of the reference in every column
        expect_column(column(got, outputs, index), column(want, outputs, index),
                      f"the {name} column of {student.last_call} (not rounded)", 1e-5)


@pytest.mark.points(1)
def test_softmax_table_on_the_bears(student):
    expect_same_table(student, {"teddy": 0.02, "grizzly": -2.49, "brown": 1.25})


INPUTS = {
    "five_classes": {"a": 1.5, "b": -0.25, "c": 3.0, "d": 0.0, "e": -4.0},
    "one_class": {"only": -7.5},
}


@pytest.mark.parametrize("name", list(INPUTS), ids=list(INPUTS))
@pytest.mark.points(1)
def test_softmax_table_on_other_outputs(student, name):
    expect_same_table(student, INPUTS[name])
