"""q16 public checks: students may read and run these (`autograder check q16`)."""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks.expect import expect, expect_close, fail


def collapsed(ns, w1, b1, w2, b2, x):
    """collapse_linear on two nn.Linear layers built from plain weights; what it returned, what it
    computes on x, and the state of the two input layers afterwards."""
    import torch
    from torch import nn
    from autograder.worker import kit

    first, second = nn.Linear(w1.shape[1], w1.shape[0]), nn.Linear(w2.shape[1], w2.shape[0])
    with torch.no_grad():
        for param, value in [(first.weight, w1), (first.bias, b1), (second.weight, w2), (second.bias, b2)]:
            param.copy_(value)
    inputs = list(first.parameters()) + list(second.parameters())
    layer = ns.collapse_linear(first, second)
    if layer is None:
        raise kit.Wrong("returned None; it should return the new nn.Linear")
    if not callable(layer):
        raise kit.Wrong(f"returned {kit.describe_type(layer)}, which cannot be called on a batch")
    output = kit.need_tensor(layer(x), "the new layer's output")
    params = list(layer.parameters()) if isinstance(layer, nn.Module) else []
    # The inputs as they are now: a student may have swapped their parameters for new ones.
    inputs_now = [first.weight, first.bias, second.weight, second.bias]
    input_storages = {p.untyped_storage().data_ptr() for p in inputs + inputs_now}
    return {
        "type": kit.describe_type(layer),
        "is_linear": isinstance(layer, nn.Linear),
        "in_features": getattr(layer, "in_features", None) if isinstance(layer, nn.Linear) else None,
        "out_features": getattr(layer, "out_features", None) if isinstance(layer, nn.Linear) else None,
        "output": output.detach(),
        "is_an_input": layer is first or layer is second,
        "shares_a_tensor": any(p.untyped_storage().data_ptr() in input_storages for p in params),
        "inputs_after": [p.detach().clone() for p in inputs_now],
        "inputs_requires_grad": [p.requires_grad for p in inputs_now],
        "params_trainable": bool(params) and all(p.is_leaf and p.requires_grad for p in params),
    }


def two_layers(n_in, n_mid, n_out, seed):
    gen = torch.Generator().manual_seed(seed)
    w1, b1 = torch.randn(n_mid, n_in, generator=gen) / n_in ** 0.5, torch.randn(n_mid, generator=gen)
    w2, b2 = torch.randn(n_out, n_mid, generator=gen) / n_mid ** 0.5, torch.randn(n_out, generator=gen)
    x = torch.randn(8, n_in, generator=gen)
    return w1, b1, w2, b2, x


def describe(n_in, n_mid, n_out):
    return (f"collapse_linear(first, second) with first = nn.Linear({n_in}, {n_mid}), "
            f"second = nn.Linear({n_mid}, {n_out})")


@pytest.mark.holds("q16.equal")
@pytest.mark.points(1)
def test_same_outputs_as_the_two_layers(student):
    w1, b1, w2, b2, x = two_layers(3, 4, 2, seed=16)
    got = student.run(collapsed, w1, b1, w2, b2, x, call=describe(3, 4, 2))
    want = F.linear(F.linear(x, w1, b1), w2, b2)  # second(first(x))
    # tests/alternatives (the identity probed through both layers, new Parameters): within 4.2e-7
    expect_close(got["output"], want, f"layer(x), with layer = {student.last_call} and x of shape (8, 3),",
                 atol=1e-5)


@pytest.mark.holds("q16.linear")
@pytest.mark.points(1)
def test_returns_one_linear_layer(student):
    w1, b1, w2, b2, x = two_layers(3, 4, 2, seed=16)
    got = student.run(collapsed, w1, b1, w2, b2, x, call=describe(3, 4, 2))
    if not got["is_linear"]:
        fail(f"{student.last_call} returned a {got['type']}; it should return a single nn.Linear layer")
    expect((got["in_features"], got["out_features"]) == (3, 2),
           f"{student.last_call} returned a layer with in_features={got['in_features']} and "
           f"out_features={got['out_features']}; expected nn.Linear(3, 2)")
