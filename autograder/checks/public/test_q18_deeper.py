"""q18 public checks: students may read and run these (`autograder check q18`)."""

import pytest

from autograder.checks.expect import expect, expect_equal

SIMPLE_NET_PARAMS = 23_581  # Linear(784, 30), ReLU, Linear(30, 1): 784*30 + 30 + 30*1 + 1


# The test models of count_of, as the student would write them.
MODELS = {
    "linear": "nn.Linear(784, 30)",
    "simple_net": "nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1))",
    "with_batchnorm": "nn.Sequential(nn.Linear(10, 20), nn.BatchNorm1d(20), nn.ReLU(), nn.Linear(20, 1))",
    "shared_layer": "nn.Sequential(nn.Linear(4, 16), shared, nn.ReLU(), shared, nn.Linear(16, 1)) "
                    "with shared = nn.Linear(16, 16)",
    "nested_blocks": "nn.Sequential(nn.Sequential(nn.Linear(8, 8), nn.ReLU()), "
                     "nn.Sequential(nn.Sequential(nn.Linear(8, 4)), nn.ReLU()), nn.Linear(4, 1))",
}


def count_of(ns, kind):
    import torch
    from torch import nn

    from autograder.worker import kit

    torch.manual_seed(0)
    if kind == "linear":
        model = nn.Linear(784, 30)
    elif kind == "simple_net":
        model = nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1))
    elif kind == "with_batchnorm":
        model = nn.Sequential(nn.Linear(10, 20), nn.BatchNorm1d(20), nn.ReLU(), nn.Linear(20, 1))
    elif kind == "shared_layer":
        shared = nn.Linear(16, 16)
        model = nn.Sequential(nn.Linear(4, 16), shared, nn.ReLU(), shared, nn.Linear(16, 1))
    elif kind == "nested_blocks":
        model = nn.Sequential(nn.Sequential(nn.Linear(8, 8), nn.ReLU()),
                              nn.Sequential(nn.Sequential(nn.Linear(8, 4)), nn.ReLU()), nn.Linear(4, 1))
    else:
        raise ValueError(f"unknown test model {kind}")
    return kit.plain(ns.count_params(model))


@pytest.mark.parametrize("kind,want", [("linear", 23_550), ("simple_net", SIMPLE_NET_PARAMS)],
                         ids=["linear_784_30", "simple_net"])
@pytest.mark.holds("q18.count")
@pytest.mark.points(1)
def test_count_params(student, kind, want):
    # linear: 784*30 weights + 30 biases; simple_net: that plus 30 weights and 1 bias.
    got = student.run(count_of, kind, call=f"count_params({MODELS[kind]})")
    expect_equal(got, want, student.last_call)


def deep_net_facts(ns, n_in, n_out):
    import torch
    from torch import nn

    from autograder.worker import kit

    net = ns.make_deep_net() if n_in is None else ns.make_deep_net(n_in, n_out)
    if not isinstance(net, nn.Module):
        raise kit.Wrong(f"it should return an nn.Module, but returned {kit.describe_type(net)}")
    width = 784 if n_in is None else n_in
    with torch.no_grad():
        out = kit.need_tensor(net(torch.zeros(5, width)), "the net's output")
    return {"shape": list(out.shape), "params": sum(p.numel() for p in net.parameters())}


@pytest.mark.holds("q18.shapes", "q18.smaller")
@pytest.mark.points(1)
def test_deep_net_shapes_and_size(student):
    seen = student.run(deep_net_facts, None, None, call="make_deep_net()")
    expect(seen["shape"] == [5, 1], f"make_deep_net() maps a batch of shape (5, 784) to shape {tuple(seen['shape'])}; "
                                    "expected (5, 1)")
    expect(seen["params"] < SIMPLE_NET_PARAMS,
           f"make_deep_net() has {seen['params']:,} parameters; it should have fewer than the simple net's "
           f"{SIMPLE_NET_PARAMS:,}: make the hidden layers narrower")
    seen = student.run(deep_net_facts, 20, 3, call="make_deep_net(20, 3)")
    expect(seen["shape"] == [5, 3], f"make_deep_net(20, 3) maps a batch of shape (5, 20) to shape "
                                    f"{tuple(seen['shape'])}; expected (5, 3)")
