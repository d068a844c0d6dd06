"""q17 public checks: students may read and run these (`autograder check q17`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, expect_equal


def net_structure(ns, *sizes):
    """make_simple_net(*sizes): its type, its layers as short descriptions, its parameter count."""
    from torch import nn
    from autograder.worker import kit

    net = ns.make_simple_net(*sizes)
    if not isinstance(net, nn.Module):
        raise kit.Wrong(f"returned {kit.describe_type(net)}; it should return an nn.Sequential")

    def describe(module):
        if isinstance(module, nn.Linear):
            return f"Linear({module.in_features}, {module.out_features})"
        if isinstance(module, nn.ReLU):
            return "ReLU"
        return kit.describe_type(module).rpartition(".")[2]

    return {"type": kit.describe_type(net).rpartition(".")[2],
            "layers": [describe(m) for m in net.children()],
            "n_params": sum(p.numel() for p in net.parameters())}


def sizes_call(sizes):
    return f"make_simple_net({', '.join(map(str, sizes))})"


def expect_structure(got, want_layers, call):
    expect(got["type"] == "Sequential", f"{call} returned a {got['type']}; it should return an nn.Sequential")
    expect_equal(got["layers"], want_layers, f"the layers of {call}")


@pytest.mark.holds("q17.layers")
@pytest.mark.points(1)
def test_layer_types(student):
    got = student.run(net_structure, call="make_simple_net()")
    expect_structure(got, ["Linear(784, 30)", "ReLU", "Linear(30, 1)"], student.last_call)


@pytest.mark.holds("q17.default_size")
@pytest.mark.points(1)
def test_default_parameter_count(student):
    got = student.run(net_structure, call="make_simple_net()")
    # 784*30 weights + 30 biases, then 30*1 weights + 1 bias
    expect(got["n_params"] == 23_581,
           f"{student.last_call} has {got['n_params']:,} parameters; expected 23,581 (784*30 + 30 + 30*1 + 1)")


@pytest.mark.holds("q17.functional_value", "q17.layout")
@pytest.mark.points(1)
def test_functional_small_example(student):
    xb = torch.tensor([[1.0, -2.0]])
    w1, b1 = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]), torch.tensor([0.0, 0.0, 0.5])
    w2, b2 = torch.tensor([[1.0], [2.0], [3.0]]), torch.tensor([-2.0])
    got = student.call("simple_net_functional", xb, w1, b1, w2, b2)
    # hidden = relu([1, -2, -0.5]) = [1, 0, 0]; output = 1*1 + 0*2 + 0*3 - 2
    expect_close(got, [[-1.0]], student.last_call, atol=1e-6)
