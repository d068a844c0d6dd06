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


@pytest.mark.holds("q05.batches", "q05.datasets", "q05.order", "q05.last_batch", "q05.collate_tensors",
                   "q05.collate_numbers", "q05.collate_tuples")
@pytest.mark.parametrize("kind", list(DATASETS), ids=list(DATASETS))
@pytest.mark.points(1)
def test_batches_match_torch(student, kind):
    dataset, batch_size, shown = DATASETS[kind]
    call = f"list({shown})"
    (got,) = student.run(batches, dataset, batch_size=batch_size, call=call)
    expect_same_batches(got, torch_batches(dataset, batch_size=batch_size), call)


@pytest.mark.holds("q05.drop_last", "q05.len")
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


@pytest.mark.holds("q05.shuffle")
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


@pytest.mark.holds("q05.seed")
@pytest.mark.points(1)
def test_same_seed_gives_the_same_orders(student):
    options = {"batch_size": 7, "shuffle": True, "seed": 11}
    call = "two epochs of SimpleDataLoader(range(30), batch_size=7, shuffle=True, seed=11), from two loaders"
    one = epoch_orders(student.run(batches, 30, epochs=2, call=call, **options), call)
    two = epoch_orders(student.run(batches, 30, epochs=2, call=call, **options), call)
    expect(one == two, f"{call}: the two loaders made with the same seed served different orders\n"
                       f"  first loader:  {one[0][:10]}... then {one[1][:10]}...\n"
                       f"  second loader: {two[0][:10]}... then {two[1][:10]}...")


@pytest.mark.holds("q05.shuffle")
@pytest.mark.points(1)
def test_shuffle_with_a_seed_gives_a_new_permutation_each_epoch(student):
    # Costs one loader and three epochs of 30 items. Catches a loader that seeds its generator at the
    # start of every epoch: given a seed it serves one order again and again, while with seed=None (the
    # check above) it draws a new one each time.
    call = "three epochs of SimpleDataLoader(range(30), batch_size=7, shuffle=True, seed=11)"
    orders = epoch_orders(student.run(batches, 30, epochs=3, batch_size=7, shuffle=True, seed=11, call=call), call)
    for number, order in enumerate(orders):
        expect(sorted(order) == list(range(30)),
               f"epoch {number} of {call} should give each of the 30 items exactly once, but gave {len(order)} "
               f"items, {len(set(order))} of them different")
    # Two equal orders of 30 items by chance: probability 1 / 30!, about 4e-33.
    repeated = next(((a, b) for a in range(3) for b in range(a + 1, 3) if orders[a] == orders[b]), None)
    expect(repeated is None, lambda: f"{call} served epochs {repeated[0]} and {repeated[1]} in the same order "
                                     f"{orders[repeated[0]][:10]}...; with a seed too, each pass over the loader "
                                     "should draw a new order: seed the generator once, when the loader is made")


@pytest.mark.holds("q05.no_seed")
@pytest.mark.points(1)
def test_loaders_without_a_seed_shuffle_differently(student):
    # Costs two loaders and one epoch of 30 items each. Catches a loader that falls back to a fixed seed
    # (such as 0) when given seed=None: every loader made without a seed would serve the same orders.
    options = {"batch_size": 7, "shuffle": True, "seed": None}
    call = "an epoch of SimpleDataLoader(range(30), batch_size=7, shuffle=True, seed=None), from two loaders"
    one = epoch_orders(student.run(batches, 30, call=call, **options), call)[0]
    two = epoch_orders(student.run(batches, 30, call=call, **options), call)[0]
    # Two equal orders of 30 items by chance: probability 1 / 30!, about 4e-33.
    expect(one != two, f"{call}: both loaders served the same order {one[:10]}...; with seed=None the orders "
                       "should be random, not those of a fixed seed")


@pytest.mark.holds("q05.last_batch", "q05.batches")
@pytest.mark.points(1)
def test_no_partial_batch_when_the_batch_size_divides_the_dataset(student):
    # Costs one epoch of 12 items. Catches an epoch of n // batch_size + 1 batches, which ends on an empty
    # batch (or fails collating it) exactly when the batch size divides the number of items.
    call = "list(SimpleDataLoader(range(12), batch_size=4))"
    (got,) = student.run(batches, 12, batch_size=4, call=call)
    expect_same_batches(got, torch_batches(12, batch_size=4), call)
