"""q05 public checks: students may read and run these (`autograder check q05`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_equal, fail
from autograder.checks.show import show


def batches(ns, dataset, epochs=1, limit=1000, **options):
    """Every batch of `epochs` passes over a SimpleDataLoader; an int n stands for range(n)."""
    import itertools

    from autograder.worker import kit

    loader = ns.SimpleDataLoader(range(dataset) if isinstance(dataset, int) else dataset, **options)
    return [[kit.plain(b) for b in itertools.islice(loader, limit)] for _ in range(epochs)]


def length(ns, dataset, **options):
    return len(ns.SimpleDataLoader(range(dataset) if isinstance(dataset, int) else dataset, **options))


def torch_batches(dataset, **options) -> list:
    """What torch's own DataLoader gives, computed here on the grader's side."""
    from torch.utils.data import DataLoader

    return list(DataLoader(range(dataset) if isinstance(dataset, int) else dataset, **options))


def sizes(batch_list) -> list[int]:
    return [len(b) if isinstance(b, torch.Tensor) else len(b[0]) for b in batch_list]


def expect_same_batch(got, want, what: str) -> None:
    if isinstance(want, torch.Tensor):
        if not isinstance(got, torch.Tensor):
            fail(f"{what} should be a tensor, but it is {show(got)}")
        if got.shape != want.shape:
            fail(f"{what} has shape {tuple(got.shape)}, expected {tuple(want.shape)}")
        if got.dtype != want.dtype:
            fail(f"{what} has dtype {str(got.dtype)[6:]}, expected {str(want.dtype)[6:]} (as torch's DataLoader gives)")
        if not torch.equal(got, want):
            fail(f"{what} holds the wrong items\n  expected: {show(want)}\n  got:      {show(got)}")
        return
    if not isinstance(got, (tuple, list)) or len(got) != len(want):
        fail(f"{what} should be a tuple of {len(want)} collated fields, like (xb, yb), but it is {show(got)}")
    for i, (got_field, want_field) in enumerate(zip(got, want)):
        expect_same_batch(got_field, want_field, f"field {i} of {what}")


def expect_same_batches(got: list, want: list, call: str) -> None:
    expect(len(got) == len(want), f"{call} gave {len(got)} batches, expected {len(want)} "
                                  f"(of sizes {sizes(want)}, as torch's DataLoader gives)")
    for i, (got_batch, want_batch) in enumerate(zip(got, want)):
        expect_same_batch(got_batch, want_batch, f"batch {i} of {call}")


@pytest.mark.holds("q05.batches", "q05.order", "q05.last_batch", "q05.collate_numbers")
@pytest.mark.points(1)
def test_batches_match_torch_with_a_last_partial_batch(student):
    call = "list(SimpleDataLoader(range(10), batch_size=4))"
    (got,) = student.run(batches, 10, batch_size=4, call=call)
    expect_same_batches(got, torch_batches(10, batch_size=4), call)


@pytest.mark.holds("q05.len")
@pytest.mark.points(1)
def test_len_counts_batches(student):
    # ceil(10 / 4), floor(10 / 4), 8 / 4, ceil(100 / 64) with the default batch size
    cases = [(10, {"batch_size": 4}, 3), (10, {"batch_size": 4, "drop_last": True}, 2),
             (8, {"batch_size": 4}, 2), (100, {}, 2)]
    for n, options, want in cases:
        shown = ", ".join([f"range({n})"] + [f"{k}={v}" for k, v in options.items()])
        call = f"len(SimpleDataLoader({shown}))"
        expect_equal(student.run(length, n, call=call, **options), want, call)
