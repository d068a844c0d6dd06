"""q09 public checks: students may read and run these (`autograder check q09`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, fail


def init_facts(ns, size, **kwargs):
    from autograder.worker import kit

    return kit.tensor_info(kit.need_tensor(ns.init_params(size, **kwargs), "the result of init_params"))


def expect_trainable(info: dict, call: str, shape: tuple) -> None:
    """init_params must give a float32 leaf of the asked shape that requires grad."""
    expect(info["shape"] == list(shape), f"{call} returned a tensor of shape {tuple(info['shape'])}, "
                                         f"expected shape {tuple(shape)}")
    expect(info["dtype"] == "float32", f"{call} returned a {info['dtype']} tensor, expected float32")
    expect(info["requires_grad"], f"{call} returned a tensor with requires_grad=False, so SGD gets no "
                                  "gradient for it; call .requires_grad_() on it")
    if not info["is_leaf"]:
        fail(f"{call} returned a tensor that is not a leaf: it was computed from another tensor that "
             "requires grad (e.g. `randn(..., requires_grad=True) * std`), so its .grad stays None after "
             "backward(). Scale first, then call .requires_grad_() on the result")


@pytest.mark.holds("q09.trainable", "q09.size")
@pytest.mark.points(1)
def test_init_params_is_a_trainable_leaf(student):
    info = student.run(init_facts, (784, 1), call="init_params((784, 1))")
    expect_trainable(info, student.last_call, (784, 1))


@pytest.mark.holds("q09.linear", "q09.shape")
@pytest.mark.points(1)
def test_linear1_values(student):
    xb = torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 2.0]])
    weights = torch.tensor([[1.0], [0.5], [-1.0]])
    bias = torch.tensor([0.25])
    got = student.call("linear1", xb, weights, bias)
    expect_close(got, xb @ weights + bias, student.last_call, atol=1e-6)


@pytest.mark.holds("q09.bias")
@pytest.mark.points(1)
def test_zero_input_gives_the_bias(student):
    xb = torch.zeros(4, 3)
    weights = torch.tensor([[2.0], [-3.0], [0.5]])
    bias = torch.tensor([0.75])
    got = student.call("linear1", xb, weights, bias)
    # With no bias a zero input could only ever predict 0; the bias is what the model says then.
    expect_close(got, bias.expand(4, 1), student.last_call, atol=0.0)
