"""q31 hidden checks: run at grading time only."""

import pytest

from autograder.checks.expect import expect
from autograder.checks.public.test_q31_softmax_table import BEARS, column, expect_column, expect_table, read_bear_table
from solutions import q31_softmax_table as ref


@pytest.mark.holds("q31.bear_table")
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


@pytest.mark.holds("q31.table", "q31.columns", "q31.sums_to_one")
@pytest.mark.points(1)
def test_softmax_table_on_the_bears(student):
    expect_same_table(student, {"teddy": 0.02, "grizzly": -2.49, "brown": 1.25})


INPUTS = {
    "five_classes": {"a": 1.5, "b": -0.25, "c": 3.0, "d": 0.0, "e": -4.0},
    "one_class": {"only": -7.5},
}


@pytest.mark.holds("q31.table", "q31.columns", "q31.sums_to_one")
@pytest.mark.parametrize("name", list(INPUTS), ids=list(INPUTS))
@pytest.mark.points(1)
def test_softmax_table_on_other_outputs(student, name):
    expect_same_table(student, INPUTS[name])


@pytest.mark.holds("q31.rounded")
@pytest.mark.points(1)
def test_bear_table_rounded_to_2_decimals(student):
    # Costs reading one constant. Catches a table left unrounded (exp(0.02) = 1.0202...), which the column
    # checks accept within their 0.01 but which is not the hand-worked table asked for.
    table = read_bear_table(student)
    unrounded = [f"{name}: {value!r}" for name in BEARS for value in table[name][1:]
                 if abs(value * 100 - round(value * 100)) > 1e-6]
    expect(not unrounded, f"BEAR_TABLE's exp and softmax columns should be rounded to 2 decimals; these are not: "
                          f"{', '.join(unrounded)}")


@pytest.mark.holds("q31.order")
@pytest.mark.points(1)
def test_softmax_table_keeps_the_order_of_the_classes(student):
    # Costs one table of 4 classes. Catches a table built in another order than the outputs' (sorted by
    # name or by probability), which a reader of the printed table would take for a different one.
    outputs = {"dog": 1.0, "cat": -0.5, "bird": 2.5, "ant": 0.0}
    got = expect_table(student.call("softmax_table", outputs), outputs, student.last_call)
    expect(list(got) == list(outputs), f"{student.last_call} lists the classes as {list(got)}; keep the order "
                                       f"of the outputs, {list(outputs)}")
