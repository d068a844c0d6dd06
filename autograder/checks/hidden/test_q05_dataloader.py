"""q05 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_equal, fail
from autograder.checks.public.test_q05_dataloader import batches, expect_same_batches, length, torch_batches


def digit_pairs(n: int) -> list:
    """(x, y) items as the lesson builds them: an image row and an int label."""
    gen = torch.Generator().manual_seed(12)
    xs = torch.rand(n, 4, generator=gen)
    return [(x, int(y)) for x, y in zip(xs, torch.randint(0, 10, (n,), generator=gen))]


DATASETS = {  # id: (dataset, batch_size, how the student would build the loader)
    "tensor_rows": (torch.arange(30.0).reshape(10, 3), 4,
                    "SimpleDataLoader(torch.arange(30.).reshape(10, 3), batch_size=4)"),
    "xy_pairs": (digit_pairs(7), 3,
                 "SimpleDataLoader(pairs, batch_size=3) on 7 (x, y) pairs, x of shape (4,), y an int"),
}


@pytest.mark.parametrize("kind", list(DATASETS), ids=list(DATASETS))
@pytest.mark.points(1)
def test_batches_match_torch(student, kind):
    dataset, batch_size, shown = DATASETS[kind]
    call = f"list({shown})"
    (got,) = student.run(batches, dataset, batch_size=batch_size, call=call)
    expect_same_batches(got, torch_batches(dataset, batch_size=batch_size), call)


@pytest.mark.points(1)
def test_drop_last_drops_the_partial_batch(student):
    dataset = digit_pairs(7)
    call = "list(SimpleDataLoader(pairs, batch_size=3, drop_last=True)) on 7 (x, y) pairs"
    (got,) = student.run(batches, dataset, batch_size=3, drop_last=True, call=call)
    expect_same_batches(got, torch_batches(dataset, batch_size=3, drop_last=True), call)
    call = "len(SimpleDataLoader(pairs, batch_size=3, drop_last=True)) on 7 (x, y) pairs"
    expect_equal(student.run(length, dataset, batch_size=3, drop_last=True, call=call), 2, call)


def epoch_orders(epochs: list, call: str) -> list[list[int]]:
    """The items of each epoch in the order served, from loaders over range(n)."""
    orders = []
    for number, epoch in enumerate(epochs):
        for batch in epoch:
            if not isinstance(batch, torch.Tensor) or batch.dim() != 1:
                fail(f"epoch {number} of {call} gave a batch that is not a 1-D tensor of items: {batch}")
        orders.append(torch.cat(epoch).tolist() if epoch else [])
    return orders


@pytest.mark.points(1)
def test_shuffle_gives_a_new_permutation_each_epoch(student):
    call = "two epochs of SimpleDataLoader(range(50), batch_size=8, shuffle=True)"
    first, second = epoch_orders(student.run(batches, 50, epochs=2, batch_size=8, shuffle=True, call=call), call)
    for number, order in enumerate((first, second)):
        expect(sorted(order) == list(range(50)),
               f"epoch {number} of {call} should give each of the 50 items exactly once, but gave {len(order)} "
               f"items, {len(set(order))} of them different")
    expect(first != list(range(50)), f"{call}: the first epoch came out in order 0, 1, 2, ...; shuffle=True "
                                     "should shuffle it")
    # Two equal orders of 50 items by chance: probability 1 / 50!, about 3e-65.
    expect(first != second, f"{call} served both epochs in the same order {first[:10]}...; each pass over the "
                            "loader should draw a new order")


@pytest.mark.points(1)
def test_same_seed_gives_the_same_orders(student):
    options = {"batch_size": 7, "shuffle": True, "seed": 11}
    call = "two epochs of SimpleDataLoader(range(30), batch_size=7, shuffle=True, seed=11), from two loaders"
    one = epoch_orders(student.run(batches, 30, epochs=2, call=call, **options), call)
    two = epoch_orders(student.run(batches, 30, epochs=2, call=call, **options), call)
    expect(one == two, f"{call}: the two loaders made with the same seed served different orders\n"
                       f"  first loader:  {one[0][:10]}... then {one[1][:10]}...\n"
                       f"  second loader: {two[0][:10]}... then {two[1][:10]}...")
