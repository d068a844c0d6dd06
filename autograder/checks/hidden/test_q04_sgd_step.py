"""q04 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect
from autograder.checks.public.test_q04_sgd_step import describe, expect_cleared, expect_values, stepped
from solutions import q04_sgd_step as ref


def random_params(seed):
    gen = torch.Generator().manual_seed(seed)
    values = [torch.randn(5, 3, generator=gen), torch.randn(3, generator=gen)]
    grads = [torch.randn(5, 3, generator=gen), torch.randn(3, generator=gen)]
    return values, grads


@pytest.mark.holds("q04.in_place")
@pytest.mark.points(1)
def test_updates_the_same_tensors_in_place(student):
    values, grads = random_params(7)
    call = "sgd_step([w, b], lr=0.1) on a (5, 3) weight and a (3,) bias"
    seen = student.run(stepped, values, grads, 0.1, call=call)
    for name, replaced, same in zip("wb", seen["replaced"], seen["same_storage"]):
        expect(not replaced, f"{call} put a new tensor in the list in place of {name}; the model still holds the "
                             f"old one, so update {name} itself (in place, e.g. with -=)")
        expect(same, f"{call} gave {name} new storage (its data_ptr changed); update the values in place instead "
                     "of assigning a new tensor to .data")


@pytest.mark.holds("q04.leaf")
@pytest.mark.points(1)
def test_parameters_stay_leaves_that_require_grad(student):
    values, grads = random_params(8)
    call = "sgd_step([w, b], lr=0.1) on a (5, 3) weight and a (3,) bias"
    seen = student.run(stepped, values, grads, 0.1, call=call)
    for name, info in zip("wb", seen["info"]):
        expect(info["requires_grad"], f"after {call}, {name}.requires_grad is False; the parameter must stay "
                                      "trainable")
        expect(info["is_leaf"] and not info["has_grad_fn"],
               f"after {call}, {name} is no longer a leaf (autograd recorded the update); take the step inside "
               "torch.no_grad()")


@pytest.mark.holds("q04.value")
@pytest.mark.points(1)
def test_values_match_the_reference(student):
    values, grads = random_params(9)
    call = "sgd_step([w, b], lr=0.1) on a (5, 3) weight and a (3,) bias"
    seen = student.run(stepped, values, grads, 0.1, call=call)
    want = stepped(ref, values, grads, 0.1)
    # 1e-6 leaves room for a fused multiply-add (as in p.add_(p.grad, alpha=-lr)) rounding differently
    # (measured: add_ with alpha 1.5e-8 from the reference, copy_ and .data forms exact)
    for name, got, expected in zip("wb", seen["values"], want["values"]):
        expect_values(got, expected, f"after {call}, {name}", atol=1e-6)


@pytest.mark.holds("q04.no_grad_skipped")
@pytest.mark.points(1)
def test_skips_parameters_without_gradient(student):
    w, b = torch.tensor([1.0, -2.0]), torch.tensor([0.5])
    w_grad = torch.tensor([0.25, 0.5])
    call = describe("wb", [w, b], [w_grad, None], 0.5)
    seen = student.run(stepped, [w, b], [w_grad, None], 0.5, call=call)
    expect_values(seen["values"][1], b, f"after {call}, b (which has no gradient)", atol=0)
    expect(seen["grads"][1] is None, f"after {call}, b.grad is {seen['grads'][1]}; leave a None gradient as it is")
    expect_values(seen["values"][0], torch.tensor([0.875, -2.25]), f"after {call}, w", atol=0)


@pytest.mark.holds("q04.one_shot", "q04.clears")
@pytest.mark.points(1)
def test_works_on_a_one_shot_iterable(student):
    values, grads = random_params(10)
    call = ("sgd_step(iter([w, b]), lr=0.1) on a (5, 3) weight and a (3,) bias passed as an iterator that "
            "can be looped over only once (like model.parameters())")
    seen = student.run(stepped, values, grads, 0.1, one_shot=True, call=call)
    want = stepped(ref, values, grads, 0.1)
    for name, got, expected in zip("wb", seen["values"], want["values"]):
        expect_values(got, expected, f"after {call}, {name}", atol=1e-6)
    expect_cleared(seen, "wb", call)
