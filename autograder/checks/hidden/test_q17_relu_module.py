"""q17 hidden checks: run at grading time only."""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks import cache
from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q17_relu_module import expect_structure, net_structure, sizes_call
from solutions import q17_relu_module as ref

CUSTOM = {"sizes_10_5_3": (10, 5, 3), "sizes_2_1_1": (2, 1, 1)}


@pytest.mark.holds("q17.layers")
@pytest.mark.parametrize("name", list(CUSTOM), ids=list(CUSTOM))
@pytest.mark.points(1)
def test_custom_sizes(student, name):
    sizes = CUSTOM[name]
    got = student.run(net_structure, *sizes, call=sizes_call(sizes))
    want = cache.memo(net_structure, ref, *sizes)
    expect_structure(got, want["layers"], student.last_call)
    expect(got["n_params"] == want["n_params"],
           f"{student.last_call} has {got['n_params']:,} parameters; expected {want['n_params']:,}")


def weights(n_in, n_hidden, n_out, seed):
    """nn.Linear-shaped weights and a batch; the lesson's digits for the default sizes."""
    gen = torch.Generator().manual_seed(seed)
    w1, b1 = torch.randn(n_hidden, n_in, generator=gen) / n_in ** 0.5, torch.randn(n_hidden, generator=gen) * 0.5
    w2, b2 = torch.randn(n_out, n_hidden, generator=gen) / n_hidden ** 0.5, torch.randn(n_out, generator=gen)
    if n_in == 784:
        from autograder.data import threes_sevens

        x = threes_sevens().valid_x[:64]
    else:
        x = torch.randn(16, n_in, generator=gen)
    return x, w1, b1, w2, b2


def module_output(x, w1, b1, w2, b2):
    """What nn.Sequential(Linear, ReLU, Linear) holding these weights computes; the grader's oracle."""
    return F.linear(F.relu(F.linear(x, w1, b1)), w2, b2)


def functional_with_module_weights(ns, x, w1, b1, w2, b2):
    """simple_net_functional fed an nn.Linear pair's weights, transposed to its (n_in, n_hidden) layout."""
    return ns.simple_net_functional(x, w1.T, b1, w2.T, b2)


NETS = {"digits_784_30_1": (784, 30, 1), "sizes_10_5_3": (10, 5, 3)}


@pytest.mark.holds("q17.functional", "q17.functional_value", "q17.layout")
@pytest.mark.parametrize("name", list(NETS), ids=list(NETS))
@pytest.mark.points(1)
def test_functional_matches_module(student, name):
    sizes = NETS[name]
    x, w1, b1, w2, b2 = weights(*sizes, seed=17)
    got = student.run(functional_with_module_weights, x, w1, b1, w2, b2,
                      call=f"simple_net_functional(xb, w1, b1, w2, b2) with xb of shape {tuple(x.shape)} and "
                           f"the weights of nn.Linear({sizes[0]}, {sizes[1]}) and nn.Linear({sizes[1]}, {sizes[2]}), "
                           f"transposed: w1 of shape {tuple(w1.T.shape)}, w2 of shape {tuple(w2.T.shape)}")
    # the reference and tests/alternatives (clamp, F.linear on the transposes): within 1.2e-7 of the modules
    expect_close(got, module_output(x, w1, b1, w2, b2), student.last_call, atol=1e-5)


def net_output(ns, sizes, x, w1, b1, w2, b2):
    """make_simple_net(*sizes) with its two Linear layers set to the given weights, applied to x."""
    import torch
    from torch import nn
    from autograder.worker import kit

    net = ns.make_simple_net(*sizes)
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)] if isinstance(net, nn.Module) else []
    if len(linears) != 2:
        raise kit.Wrong(f"the network should hold exactly two nn.Linear layers; it holds {len(linears)}")
    with torch.no_grad():
        for layer, (w, b) in zip(linears, [(w1, b1), (w2, b2)]):
            if layer.weight.shape != w.shape or layer.bias is None or layer.bias.shape != b.shape:
                raise kit.Wrong(f"its layer {kit.safe_repr(layer)} should be "
                                f"nn.Linear({w.shape[1]}, {w.shape[0]}) with a bias")
            layer.weight.copy_(w)
            layer.bias.copy_(b)
        return kit.need_tensor(net(x), "the network's output")


@pytest.mark.holds("q17.layers")
@pytest.mark.points(1)
def test_module_computes_linear_relu_linear(student):
    sizes = (10, 5, 3)
    x, w1, b1, w2, b2 = weights(*sizes, seed=170)
    got = student.run(net_output, sizes, x, w1, b1, w2, b2,
                      call=f"{sizes_call(sizes)} with known weights, applied to a batch of shape {tuple(x.shape)}")
    # tests/alternatives (named layers, appended layers): the modules' outputs to the bit
    expect_close(got, module_output(x, w1, b1, w2, b2), student.last_call, atol=1e-5)
