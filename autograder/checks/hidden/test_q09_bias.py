"""q09 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q09_bias import expect_trainable, init_facts
from solutions import q09_bias as ref

SPREAD_N = 100_000


@pytest.mark.holds("q09.size", "q09.trainable")
@pytest.mark.points(1)
def test_init_params_other_sizes(student):
    for size, shape in ((1, (1,)), ((3, 4, 5), (3, 4, 5))):
        info = student.run(init_facts, size, call=f"init_params({size!r})")
        expect_trainable(info, student.last_call, shape)


def init_stats(ns, n, kwargs):
    from autograder.worker import kit

    t = kit.need_tensor(ns.init_params(n, **kwargs), "the result of init_params").detach().double()
    return {"shape": list(t.shape), "mean": t.mean().item(), "std": t.std().item()}


@pytest.mark.holds("q09.normal")
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


@pytest.mark.holds("q09.linear", "q09.shape")
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


@pytest.mark.holds("q09.bias")
@pytest.mark.points(1)
def test_zero_batch_gives_the_bias_for_every_output(student):
    gen = torch.Generator().manual_seed(10)
    weights, bias = torch.randn(784, 10, generator=gen), torch.randn(10, generator=gen)
    got = student.call("linear1", torch.zeros(5, 784), weights, bias)
    expect_close(got, bias.expand(5, 10), student.last_call, atol=0.0)


def seeded_draws(ns, size):
    """init_params(size) twice after torch.manual_seed(5), then once more after seeding again."""
    import torch

    from autograder.worker import kit

    def draw():
        return kit.need_tensor(ns.init_params(size), "the result of init_params").detach().clone()

    torch.manual_seed(5)
    first, second = draw(), draw()
    torch.manual_seed(5)
    return {"first": first, "second": second, "again": draw()}


@pytest.mark.holds("q09.seeded")
@pytest.mark.points(1)
def test_init_params_follows_torch_manual_seed(student):
    # Costs three draws of 12 values. Catches init_params that seeds inside (torch.manual_seed(42), or a new
    # torch.Generator(), whose seed is always the same), so that every call returns the same numbers, and one
    # that draws from a generator of its own, which torch.manual_seed does not reach.
    seen = student.run(seeded_draws, (3, 4), call="torch.manual_seed(5); init_params((3, 4)) twice; then "
                                                   "torch.manual_seed(5) and init_params((3, 4)) again")
    first, second, again = seen["first"], seen["second"], seen["again"]
    expect(first.shape != second.shape or not torch.equal(first, second),
           f"{student.last_call}: both calls returned the same values {first.flatten()[:4].tolist()}...; each call "
           "should draw new ones (do not seed inside init_params), or every parameter starts the same")
    expect(first.shape == again.shape and torch.equal(first, again),
           f"{student.last_call}: after torch.manual_seed(5) again, init_params gave {again.flatten()[:4].tolist()}"
           f"... instead of {first.flatten()[:4].tolist()}...; draw from torch's global generator (torch.randn) so "
           "that torch.manual_seed makes a run repeatable")
