"""q16 hidden checks: run at grading time only."""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q16_activation import collapsed, describe, two_layers

SIZES = {"digits_784_30_1": (784, 30, 1), "bottleneck_5_1_7": (5, 1, 7), "widening_2_6_3": (2, 6, 3)}


@pytest.mark.holds("q16.equal", "q16.sizes")
@pytest.mark.parametrize("name", list(SIZES), ids=list(SIZES))
@pytest.mark.points(1)
def test_same_outputs_for_other_sizes(student, name):
    n_in, n_mid, n_out = SIZES[name]
    w1, b1, w2, b2, x = two_layers(n_in, n_mid, n_out, seed=160)
    got = student.run(collapsed, w1, b1, w2, b2, x, call=describe(n_in, n_mid, n_out))
    want = F.linear(F.linear(x, w1, b1), w2, b2)  # second(first(x))
    # the reference 9.5e-7, tests/alternatives up to 1.2e-6 (784-30-1, the identity probed through both layers)
    expect_close(got["output"], want,
                 f"layer(x), with layer = {student.last_call} and x of shape {tuple(x.shape)},", atol=1e-5)


@pytest.mark.holds("q16.inputs_untouched", "q16.new_tensors", "q16.trainable")
@pytest.mark.points(1)
def test_new_layer_and_inputs_untouched(student):
    w1, b1, w2, b2, x = two_layers(3, 4, 2, seed=161)
    got = student.run(collapsed, w1, b1, w2, b2, x, call=describe(3, 4, 2))
    call = student.last_call
    expect(not got["is_an_input"], f"{call} returned one of its input layers; build a new nn.Linear instead")
    expect(not got["shares_a_tensor"],
           f"{call} returned a layer that shares a weight or bias tensor with first or second; "
           "the new layer should have parameters of its own")
    for name, before, after, trainable in zip(["first.weight", "first.bias", "second.weight", "second.bias"],
                                              [w1, b1, w2, b2], got["inputs_after"], got["inputs_requires_grad"]):
        expect(after.shape == before.shape and torch.equal(after, before),
               f"{call} changed {name}; leave the input layers as they were")
        expect(trainable, f"{call} switched off requires_grad on {name}; leave the input layers as they were")
    expect(got["params_trainable"], f"{call} returned a layer whose weight and bias are not trainable "
                                    "parameters (leaf tensors with requires_grad=True)")
