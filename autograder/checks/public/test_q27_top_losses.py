"""q27 public checks: students may read and run these (`autograder check q27`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, expect_equal, expect_tensor, fail


def top_losses_probe(ns, xs, ys, k, n_out=1, arch="linear", seed=0, state=None, mode="eval", loss=None):
    """Build a model (seeded random weights unless `state` is given), put it in `mode`, call
    top_losses on it and report the result together with what happened to the model."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    from autograder.worker import kit

    if arch == "linear":
        model = nn.Linear(xs.shape[1], n_out)
    else:
        model = nn.Sequential(nn.Linear(xs.shape[1], 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, n_out))
    if state is None:
        gen = torch.Generator().manual_seed(seed)
        state = {}
        for name, value in model.state_dict().items():
            if name.endswith("running_var"):
                state[name] = torch.rand(value.shape, generator=gen) + 0.5
            elif value.is_floating_point():
                state[name] = torch.randn(value.shape, generator=gen)
            else:
                state[name] = value
    model.load_state_dict(state)
    model.train(mode == "train")
    before = {name: value.clone() for name, value in model.state_dict().items()}
    modes_before = [m.training for m in model.modules()]

    kwargs = {}
    if loss == "cross_entropy":
        kwargs["loss_func"] = lambda acts, targets: F.cross_entropy(acts, targets, reduction="none")
    result = ns.top_losses(model, xs, ys, k, **kwargs)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise kit.Wrong(f"should return a pair (losses, indices), but returned {kit.safe_repr(result, 80)}")
    losses, indices = result
    after = model.state_dict()
    return {
        "losses": kit.plain(losses),
        "indices": kit.plain(indices),
        "losses_info": kit.tensor_info(losses),
        "changed": [name for name in before if not torch.equal(before[name], after[name])],
        "modes_kept": [m.training for m in model.modules()] == modes_before,
        "training_after": model.training,
        "grads": [name for name, p in model.named_parameters() if p.grad is not None],
    }


# The constants below are rounded to 6 decimals: the reference and tests/alternatives (BCE written out,
# inference_mode, sort instead of topk) are 2.7e-7 from them and give the reference's values to the bit.
def expect_top_losses(got: dict, want_losses, want_indices, call: str, atol: float = 1e-5) -> None:
    k = len(want_indices)
    losses = expect_tensor(got["losses"], f"the losses from {call}", (k,))
    expect_close(losses, want_losses, f"the losses from {call}", atol=atol)
    indices = expect_tensor(got["indices"], f"the indices from {call}", (k,))
    if indices.dtype.is_floating_point or indices.dtype == torch.bool:
        fail(f"the indices from {call} should be integer row numbers, got dtype {str(indices.dtype)[6:]}")
    expect_equal(indices.tolist(), list(want_indices), f"the indices from {call}")


# A linear model with weight [[1, -1]] and bias 0.5: activations 1.5, -1.5, 2.5, -1.5, 0.5.
TINY_XS = torch.tensor([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0], [-1.0, 1.0], [0.5, 0.5]])
TINY_YS = torch.tensor([[1.0], [1.0], [0.0], [0.0], [1.0]])
TINY_STATE = {"weight": torch.tensor([[1.0, -1.0]]), "bias": torch.tensor([0.5])}


@pytest.mark.holds("q27.top_k", "q27.default_loss", "q27.result")
@pytest.mark.points(1)
def test_value_on_a_tiny_model(student):
    got = student.run(top_losses_probe, TINY_XS, TINY_YS, 3, state=TINY_STATE,
                      call="top_losses(model, xs, ys, k=3) with a Linear(2, 1) model and the default loss "
                           "on 5 items (activations 1.5, -1.5, 2.5, -1.5, 0.5; targets 1, 1, 0, 0, 1)")
    # per-item binary cross-entropy on logits: softplus(-a) where the target is 1, softplus(a) where 0
    expect_top_losses(got, [2.578890, 1.701413, 0.474077], [2, 1, 4], student.last_call)


@pytest.mark.holds("q27.model_restored")
@pytest.mark.parametrize("mode", ["train", "eval"], ids=["started_in_train_mode", "started_in_eval_mode"])
@pytest.mark.points(1)
def test_model_left_as_it_was(student, mode):
    gen = torch.Generator().manual_seed(3)
    xs, ys = torch.randn(16, 6, generator=gen), (torch.rand(16, 1, generator=gen) > 0.5).float()
    got = student.run(top_losses_probe, xs, ys, 4, arch="batchnorm_net", mode=mode,
                      call=f"top_losses(model, xs, ys, k=4) on a Linear-BatchNorm-ReLU-Linear model in {mode}() mode")
    expect(got["modes_kept"],
           f"{student.last_call} left the model in {'train' if got['training_after'] else 'eval'}() mode; "
           f"put it back in the mode it was in ({mode}) before returning")
    expect(not got["changed"],
           f"{student.last_call} changed the model's {', '.join(got['changed'])}; scoring items must not "
           "change the model (batch-norm statistics move when the model runs in train mode)")
