"""q09 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q09_bias import expect_trainable, init_facts
from solutions import q09_bias as ref

SPREAD_N = 100_000


@pytest.mark.points(1)
def test_init_params_other_sizes(student):
    for size, shape in ((1, (1,)), ((3, 4, 5), (3, 4, 5))):
        info = student.run(init_facts, size, call=f"init_params({size!r})")
        expect_trainable(info, student.last_call, shape)


def init_stats(ns, n, kwargs):
    from autograder.worker import kit

    t = kit.need_tensor(ns.init_params(n, **kwargs), "the result of init_params").detach().double()
    return {"shape": list(t.shape), "mean": t.mean().item(), "std": t.std().item()}


@pytest.mark.parametrize("kwargs", [{}, {"std": 0.01}], ids=["default_std", "std_0.01"])
@pytest.mark.points(1)
def test_init_params_spread(student, kwargs):
    args = ", ".join([str(SPREAD_N)] + [f"{k}={v}" for k, v in kwargs.items()])
    stats = student.run(init_stats, SPREAD_N, kwargs, call=f"init_params({args})")
    expect(stats["shape"] == [SPREAD_N], f"{student.last_call} returned shape {tuple(stats['shape'])}, "
                                         f"expected ({SPREAD_N},)")
    std = kwargs.get("std", 1.0)
    # Unseeded on purpose, so the bounds hold for any seed: over n = 100,000 normal draws the
    # sample std has a relative spread of 1/sqrt(2n) = 0.0022 and the mean a spread of
    # std/sqrt(n) = 0.0032*std, so 3% (13 sigma) and 0.03*std (9 sigma) never fail by chance.
    expect(abs(stats["std"] / std - 1) < 0.03 and abs(stats["mean"]) < 0.03 * std,
           f"{student.last_call} should draw from a normal distribution with mean 0 and std {std:g}; "
           f"its values have mean {stats['mean']:.4g} and std {stats['std']:.4g}")


@pytest.mark.points(1)
def test_linear1_matches_reference_on_digits(student):
    from autograder.data import threes_sevens

    xb = threes_sevens().train_x[:64]
    gen = torch.Generator().manual_seed(9)
    for n_out in (1, 10):
        weights, bias = torch.randn(784, n_out, generator=gen) * 0.1, torch.randn(n_out, generator=gen)
        got = student.call("linear1", xb, weights, bias)
        # tests/alternatives (addmm, broadcast multiply and sum over 784 pixels): within 1.8e-6 of the reference
        expect_close(got, ref.linear1(xb, weights, bias), student.last_call, atol=1e-4, rtol=1e-5)


@pytest.mark.points(1)
def test_zero_batch_gives_the_bias_for_every_output(student):
    gen = torch.Generator().manual_seed(10)
    weights, bias = torch.randn(784, 10, generator=gen), torch.randn(10, generator=gen)
    got = student.call("linear1", torch.zeros(5, 784), weights, bias)
    expect_close(got, bias.expand(5, 10), student.last_call, atol=0.0)
