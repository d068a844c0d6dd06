"""q31 public checks: students may read and run these (`autograder check q31`)."""

import math
import numbers

import pytest

from autograder.checks.expect import expect, fail

BEARS = ("teddy", "grizzly", "brown")


def read_bear_table(student) -> dict:
    return expect_table(student.value("BEAR_TABLE"), BEARS, "BEAR_TABLE")


def expect_table(table, names, what: str) -> dict:
    """table must map exactly `names` to (output, exp, softmax) triples of numbers."""
    if not isinstance(table, dict):
        fail(f"{what} should be a dict of class name -> (output, exp, softmax), but it is {table!r:.120}")
    if set(table) != set(names):
        fail(f"{what} should have the classes {sorted(names)}, but has {sorted(map(str, table))}")
    for name, row in table.items():
        if not isinstance(row, (tuple, list)) or len(row) != 3:
            fail(f"{what}[{name!r}] should be a tuple (output, exp, softmax), but it is {row!r:.120}")
        if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in row):
            fail(f"{what}[{name!r}] should hold three Python numbers (use float(...) on tensors), got {row!r:.120}")
    return table


def column(table: dict, names, index: int) -> list[float]:
    return [float(table[name][index]) for name in names]


def expect_column(got: list[float], want: list[float], what: str, tol: float) -> None:
    worst = max(abs(g - w) for g, w in zip(got, want))
    expect(worst <= tol, f"{what} is wrong\n  expected: {short(want)} (within {tol:g})\n  got:      {short(got)}")


def short(values: list[float]) -> str:
    return "[" + ", ".join(format(v, ".6g") for v in values) + "]"


@pytest.mark.holds("q31.bear_table")
@pytest.mark.points(1)
def test_bear_table_exp_column(student):
    table = read_bear_table(student)
    # exp(0.02), exp(-2.49), exp(1.25) = 1.0202, 0.0829, 3.4903
    expect_column(column(table, BEARS, 1), [1.02, 0.08, 3.49], "BEAR_TABLE's exp column (teddy, grizzly, brown)",
                  0.01 + 1e-9)


@pytest.mark.holds("q31.bear_table")
@pytest.mark.points(1)
def test_bear_table_softmax_column(student):
    table = read_bear_table(student)
    # each exp divided by their sum 4.5935: 0.2221, 0.0180, 0.7599
    expect_column(column(table, BEARS, 2), [0.22, 0.02, 0.76],
                  "BEAR_TABLE's softmax column (teddy, grizzly, brown)", 0.01 + 1e-9)


@pytest.mark.holds("q31.table", "q31.columns", "q31.sums_to_one")
@pytest.mark.points(1)
def test_softmax_table_on_two_classes(student):
    outputs = {"cat": 0.0, "dog": math.log(3.0)}
    got = expect_table(student.call("softmax_table", outputs), outputs, student.last_call)
    # exp gives 1 and 3, so the softmax column is 1/4 and 3/4
    # tests/alternatives (torch in float64, exps shifted by the largest output): within 4.4e-16
    for index, want, name in ((1, [1.0, 3.0], "exp"), (2, [0.25, 0.75], "softmax")):
        expect_column(column(got, outputs, index), want, f"the {name} column of {student.last_call}", 1e-6)
