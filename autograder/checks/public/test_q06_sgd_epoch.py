"""q06 public checks: students may read and run these (`autograder check q06`)."""

import functools

import pytest

from autograder.checks.expect import expect, expect_close, fail
from autograder.checks.show import show

STEPS = ["forward", "loss", "backward", "step"]
LEGEND = ("(recorded: forward = model(xb), loss = loss_func(...), backward = loss.backward(), "
          "step = opt.step(), zero_grad = opt.zero_grad() or model.zero_grad())")


def recorded_epochs(ns, x, y, spec, device="cpu"):
    """Train with ns.train_epoch for spec["epochs"] epochs on a model, optimiser and loss built
    here from spec, recording every call they receive, the loss values, the gradients each
    step sees, what train_epoch returns, and the final parameters."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    from autograder.worker import kit, lesson

    log, losses, grads, results = [], [], [], []
    if spec["model"] == "linear":
        inner = nn.Linear(784, 1)
    else:
        inner = nn.Sequential(nn.Linear(784, 8), nn.ReLU(), nn.Linear(8, 1))
    gen = torch.Generator().manual_seed(spec["seed"])
    with torch.no_grad():
        for p in inner.parameters():
            p.copy_(torch.randn(p.shape, generator=gen) * 0.05)
    inner.to(device)

    class Recorded(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = inner

        def forward(self, xb):
            log.append("forward")
            return self.inner(xb)

        def zero_grad(self, set_to_none=True):
            log.append("zero_grad")
            super().zero_grad(set_to_none)

    model = Recorded()
    params = list(model.parameters())

    class RecordedSGD:
        """Plain SGD with the interface train_epoch uses (the lesson's BasicOptim); not a
        torch.optim.Optimizer, whose first construction imports torch._dynamo (seconds)."""

        def __init__(self, params, lr):
            self.params, self.lr = params, lr

        def step(self):
            log.append("step")
            seen = [None if p.grad is None else p.grad.detach().clone() for p in self.params]
            grads.append(seen)
            with torch.no_grad():
                for p, grad in zip(self.params, seen):
                    if grad is not None:
                        p.sub_(grad * self.lr)

        def zero_grad(self, set_to_none=True):
            log.append("zero_grad")
            inner.zero_grad()  # the parameters are inner's; Recorded.zero_grad would log it again

    opt = RecordedSGD(params, lr=spec["lr"])

    def loss_func(preds, targets):
        log.append("loss")
        if spec["loss"] == "bce":
            loss = nn.functional.binary_cross_entropy_with_logits(preds, targets)
        else:
            loss = lesson.mnist_loss(preds, targets)
        losses.append(loss.detach().item())
        if loss.requires_grad:
            loss.register_hook(lambda grad: log.append("backward"))
        return loss

    dl = DataLoader(TensorDataset(x.to(device), y.to(device)), batch_size=spec["bs"], shuffle=False)
    for _ in range(spec["epochs"]):
        results.append(kit.plain(ns.train_epoch(model, dl, opt, loss_func)))
    return {"log": log, "losses": losses, "grads": grads, "results": results,
            "params": [p.detach() for p in params]}


def order_problem(log: list, n_batches: int) -> str | None:
    """What is wrong with the recorded call order, or None when every batch went
    forward, loss, backward, step with the gradients cleared between one step and the next
    backward (at the end of a batch or the start of the next, both work)."""
    core = [e for e in log if e != "zero_grad"]
    for b in range(n_batches + 1):
        got, want = core[4 * b: 4 * b + 4], STEPS * (b < n_batches)
        if got != want:
            if b == n_batches:
                return f"after the last batch came extra calls: {', '.join(got)}"
            return f"in batch {b + 1} the calls went: {', '.join(got) or 'nothing'}; expected {', '.join(STEPS)}"
    where = {e: [i for i, name in enumerate(log) if name == e] for e in ("backward", "step", "zero_grad")}
    for b in range(n_batches):
        backward, step = where["backward"][b], where["step"][b]
        if any(backward < z < step for z in where["zero_grad"]):
            return (f"in batch {b + 1} the gradients were cleared between backward and step, "
                    "so the step had no gradient to follow")
        if b + 1 < n_batches and not any(step < z < where["backward"][b + 1] for z in where["zero_grad"]):
            return (f"the gradients were not cleared between the step of batch {b + 1} and the backward "
                    f"of batch {b + 2}, so they pile up; call opt.zero_grad() after opt.step()")
    return None


def expect_order(observed: dict, call: str, n_batches: int) -> None:
    problem = order_problem(observed["log"], n_batches)
    if problem:
        fail(f"{call}: {problem}\n  {LEGEND}")


@functools.cache  # the checks share these read-only tensors
def threes_sevens_subset(n: int):
    from autograder.data import threes_sevens

    data = threes_sevens()
    return data.train_x[:n], data.train_y[:n]


LINEAR_BCE = {"model": "linear", "loss": "bce", "lr": 1.0, "bs": 64, "epochs": 1, "seed": 6}


@pytest.mark.holds("q06.steps")
@pytest.mark.points(1)
def test_call_order_per_batch(student):
    x, y = threes_sevens_subset(256)
    observed = student.run(recorded_epochs, x, y, LINEAR_BCE, student.device,
                           call="train_epoch(model, dl, opt, loss_func) on 256 digits in 4 batches of 64")
    expect_order(observed, student.last_call, 4)


@pytest.mark.holds("q06.mean_loss")
@pytest.mark.points(1)
def test_returns_the_mean_batch_loss(student):
    x, y = threes_sevens_subset(256)
    observed = student.run(recorded_epochs, x, y, LINEAR_BCE, student.device,
                           call="train_epoch(model, dl, opt, loss_func) on 256 digits in 4 batches of 64")
    result, losses = observed["results"][0], observed["losses"]
    expect(isinstance(result, float), f"{student.last_call} should return a Python float (use loss.item()), "
                                      f"but returned {show(result)}")
    expect(len(losses) == 4, f"{student.last_call} called loss_func {len(losses)} times, expected once per batch (4)")
    # The oracle is the mean of the loss values that loss_func itself returned, batch by batch.
    # tests/alternatives (a float sum, a torch mean of the detached losses): within 1.5e-8 of losses near 0.3
    expect_close(result, sum(losses) / len(losses), f"{student.last_call} (batch losses {show(losses)})",
                 atol=1e-6, rtol=1e-5)
