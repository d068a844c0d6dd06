"""q27 hidden checks: run at grading time only."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from autograder.checks import cache
from autograder.checks.expect import expect
from autograder.checks.public.test_q27_top_losses import expect_top_losses, top_losses_probe
from solutions import q27_top_losses as ref

FLIPS = 20  # labels flipped among the 1,362 training 3s and 7s
SUSPECTS = 40  # top losses the student's function returns
# bench/calibrate_q27.py over seeds 0-9 (3 epochs, lr 1.0, batch 256, reference top_losses):
# 16-20 of the 20 flips land in the top 40 (mean 18.6; seed 0, used below, gives 18). Random
# indices would find about 0.6. The bar leaves a margin of 2 below the worst seed.
MIN_FOUND = 14
FLIP_SEED = 0


def trained_on_flipped_labels(seed: int):
    """A linear 3s-vs-7s model trained briefly, in the grader, on labels with FLIPS of them flipped.

    Returns (state_dict, xs, flipped ys, indices of the flipped items)."""
    from autograder.data import threes_sevens

    data = threes_sevens()
    gen = torch.Generator().manual_seed(seed)
    ys = data.train_y.clone()
    flipped = torch.randperm(len(ys), generator=gen)[:FLIPS]
    ys[flipped] = 1 - ys[flipped]
    model = nn.Linear(784, 1)
    with torch.no_grad():
        model.weight.copy_(torch.randn(1, 784, generator=gen) * 0.01)
        model.bias.zero_()
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    for _ in range(3):
        for batch in torch.randperm(len(ys), generator=gen).split(256):
            F.binary_cross_entropy_with_logits(model(data.train_x[batch]), ys[batch]).backward()
            opt.step()
            opt.zero_grad()
    state = {name: value.detach().clone() for name, value in model.state_dict().items()}
    return state, data.train_x, ys, flipped


CASES = {
    # name: (xs shape, n_out, arch, mode, loss, k)
    "default_loss_linear_model": ((40, 10), 1, "linear", "eval", None, 7),
    "batchnorm_net_in_eval_mode": ((40, 10), 1, "batchnorm_net", "eval", None, 5),
    "cross_entropy_3_classes_k_equals_n": ((12, 5), 3, "linear", "train", "cross_entropy", 12),
}


@pytest.mark.holds("q27.top_k", "q27.eval", "q27.loss_func", "q27.default_loss", "q27.result", "q27.k")
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
@pytest.mark.points(1)
def test_values_match_reference(student, case):
    shape, n_out, arch, mode, loss, k = CASES[case]
    gen = torch.Generator().manual_seed(7)
    xs = torch.randn(shape, generator=gen) * 2
    if loss == "cross_entropy":
        ys = torch.randint(0, n_out, (shape[0],), generator=gen)
    else:
        ys = (torch.rand(shape[0], 1, generator=gen) > 0.5).float()
    args = dict(n_out=n_out, arch=arch, seed=11, mode=mode, loss=loss)
    loss_text = "loss_func=per-item cross-entropy" if loss else "the default loss"
    got = student.run(top_losses_probe, xs, ys, k, **args,
                      call=f"top_losses(model, xs, ys, k={k}) with {loss_text} on {shape[0]} random items "
                           f"({arch.replace('_', ' ')} in {mode}() mode)")
    want = cache.memo(top_losses_probe, ref, xs, ys, k, **args)
    expect_top_losses(got, want["losses"], want["indices"].tolist(), student.last_call)


@pytest.mark.holds("q27.no_grad")
@pytest.mark.points(1)
def test_no_gradients(student):
    gen = torch.Generator().manual_seed(5)
    xs, ys = torch.randn(20, 4, generator=gen), (torch.rand(20, 1, generator=gen) > 0.5).float()
    got = student.run(top_losses_probe, xs, ys, 5, seed=2,
                      call="top_losses(model, xs, ys, k=5) with a Linear(4, 1) model")
    info = got["losses_info"]
    expect(not info.get("requires_grad") and not info.get("has_grad_fn"),
           f"the losses from {student.last_call} are attached to the autograd graph (requires_grad=True); "
           "compute them inside `with torch.no_grad():`")
    expect(not got["grads"], f"{student.last_call} left gradients in the model's {', '.join(got['grads'])}")


@pytest.mark.holds("q27.top_k")
@pytest.mark.points(1)
def test_finds_flipped_labels(student):
    state, xs, ys, flipped = trained_on_flipped_labels(FLIP_SEED)
    got = student.run(top_losses_probe, xs, ys, SUSPECTS, state=state,
                      call=f"top_losses(model, xs, ys, k={SUSPECTS}) with a linear model trained briefly on "
                           f"{len(xs)} 3s and 7s, {FLIPS} of whose labels were flipped")
    indices = got["indices"]
    expect(isinstance(indices, torch.Tensor) and indices.shape == (SUSPECTS,),
           f"{student.last_call} should return {SUSPECTS} indices, got {got['indices']!r:.80}")
    found = len(set(indices.tolist()) & set(flipped.tolist()))
    expect(found >= MIN_FOUND,
           f"{student.last_call}: only {found} of the {FLIPS} flipped items are among the returned indices; "
           f"the largest losses should reveal at least {MIN_FOUND} of them")


@pytest.mark.holds("q27.k", "q27.result")
@pytest.mark.points(1)
def test_k_of_one(student):
    # Costs one forward pass of a Linear(4, 1) on 10 items. Catches a result squeezed after topk (taken along
    # dim 0 of the (N, 1) losses), which has shape () instead of (1,) when k is 1.
    gen = torch.Generator().manual_seed(9)
    xs, ys = torch.randn(10, 4, generator=gen), (torch.rand(10, 1, generator=gen) > 0.5).float()
    got = student.run(top_losses_probe, xs, ys, 1, seed=4,
                      call="top_losses(model, xs, ys, k=1) with a Linear(4, 1) model on 10 items")
    want = cache.memo(top_losses_probe, ref, xs, ys, 1, seed=4)
    # tests/alternatives give the reference's values to the bit, here and below
    expect_top_losses(got, want["losses"], want["indices"].tolist(), student.last_call)


@pytest.mark.holds("q27.extra_dims")
@pytest.mark.points(1)
def test_several_labels_per_item(student):
    # Costs one forward pass of a Linear(5, 3) on 12 items. Catches losses flattened (view(-1)) instead of
    # averaged over each item's labels, which ranks (item, label) pairs rather than items.
    gen = torch.Generator().manual_seed(10)
    xs, ys = torch.randn(12, 5, generator=gen), (torch.rand(12, 3, generator=gen) > 0.5).float()
    got = student.run(top_losses_probe, xs, ys, 4, n_out=3, seed=6,
                      call="top_losses(model, xs, ys, k=4) with a Linear(5, 3) model, 3 labels per item (0/1 "
                           "targets of shape (12, 3)) and the default loss, whose shape is (12, 3)")
    want = cache.memo(top_losses_probe, ref, xs, ys, 4, n_out=3, seed=6)
    expect_top_losses(got, want["losses"], want["indices"].tolist(), student.last_call)
