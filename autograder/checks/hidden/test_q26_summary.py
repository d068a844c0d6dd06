"""q26 hidden checks: run at grading time only. The reference's report on the same pipeline,
run in-process, gives the expected lines."""

import pytest

from autograder.checks import cache
from autograder.checks.public.test_q26_summary import (digit_summary, expect_collate_failure, expect_line,
                                                       expect_steps, parse, written)
from solutions import q26_summary as ref


def expect_like_reference(student, *args, **kwargs):
    report = student.run(digit_summary, *args, call=written(*args, **kwargs), **kwargs)
    found = parse(report, student.last_call)
    want = parse(cache.memo(digit_summary, ref, *args, **kwargs), "the reference")
    expect_line(found, "items", want["items"], report, student.last_call)
    expect_steps(found, want["steps"], report, student.last_call)
    for key in ("batch x", "batch y"):
        expect_line(found, key, want[key], report, student.last_call)


PIPELINES = {
    "flatten_one_hot": ((8, ["to_float", "flatten"]), {"y": "one_hot"}),
    "callable_object_tfm": ((8, ["crop_24", "to_float", "add_channel"]), {}),
}


@pytest.mark.holds("q26.lines", "q26.pipeline", "q26.step_names", "q26.shape", "q26.stack")
@pytest.mark.parametrize("pipeline", list(PIPELINES), ids=list(PIPELINES))
@pytest.mark.points(1)
def test_report_matches_reference(student, pipeline):
    args, kwargs = PIPELINES[pipeline]
    expect_like_reference(student, *args, **kwargs)


@pytest.mark.holds("q26.batch_items")
@pytest.mark.points(1)
def test_batch_larger_than_the_items(student):
    expect_like_reference(student, 3, ["add_channel"], batch_size=8)


@pytest.mark.holds("q26.pipeline", "q26.stack")
@pytest.mark.points(1)
def test_crop_makes_mixed_sizes_collate(student):
    expect_like_reference(student, 6, ["crop_24", "add_channel"], big=[1, 4])


@pytest.mark.holds("q26.no_raise", "q26.collate_line")
@pytest.mark.points(1)
def test_labels_that_differ_in_shape(student):
    args = (5, ["to_float"])
    report = student.run(digit_summary, *args, y="label_list", call=written(*args, y="label_list"))
    found = parse(report, student.last_call)
    # item 0 has one label, item 1 two: shapes (1,) and (2,)
    assert "Could not collate" in digit_summary(ref, *args, y="label_list"), "grader data error: y collated"
    expect_collate_failure(found, "batch y", ["(1,)", "(2,)"], report, student.last_call)
    expect_line(found, "batch x", "(4, 28, 28)", report, student.last_call)
