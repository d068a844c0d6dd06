"""q13 public checks: students may read and run these (`autograder check q13`)."""

import pytest

from autograder.checks import training
from autograder.checks.expect import expect
from autograder.checks.show import show


def keeps_loaders(ns):
    train, valid = [(1, 2)], [(3, 4)]
    dls = ns.DataLoaders(train, valid)
    return {"train": dls.train is train, "valid": dls.valid is valid}


@pytest.mark.holds("q13.dataloaders")
@pytest.mark.points(1)
def test_dataloaders_keeps_train_and_valid(student):
    seen = student.run(keeps_loaders, call="DataLoaders(train, valid)")
    for name in ("train", "valid"):
        expect(seen[name], f"{student.last_call}.{name} should be the very `{name}` object it was given")


def observe_fit(ns, n_epochs, lr, with_metric, widths, n_train, n_valid, batch_size, seed, valid_batch_size=None,
                second_fit=None):
    """Fit a Learner on 3s and 7s with an optimiser and a validation loader that watch it; the
    model is the lesson's stack of the given widths. The validation digits come in batches of
    `valid_batch_size` (default `batch_size`); `second_fit`, (n_epochs, lr), fits the same
    Learner again after the first fit."""
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    from autograder.data import threes_sevens
    from autograder.worker import kit, lesson
    from autograder.worker.lesson import batch_accuracy, mnist_loss

    torch.manual_seed(seed)
    model = lesson.model(widths)
    own = {id(p) for p in model.parameters()}
    opt_calls, steps, validation_changes = [], [0], []

    class CountingSGD(torch.optim.SGD):
        def step(self, closure=None):
            steps[0] += 1
            return super().step(closure)

    def opt_func(params, lr):
        params = list(params)
        opt_calls.append({"lr": lr, "same_params": {id(p) for p in params} == own, "n_params": len(params)})
        return CountingSGD(params, lr)

    def weights():
        return [p.detach().clone() for p in model.parameters()]

    class WatchedLoader:
        """The validation loader; notes how far the weights moved while it was being read."""

        def __init__(self, dl):
            self.dl = dl

        def __iter__(self):
            before = weights()
            yield from self.dl
            validation_changes.append(max((a - b).abs().max().item() for a, b in zip(before, weights())))

        def __len__(self):
            return len(self.dl)

    data = threes_sevens()
    n_train, n_valid = n_train or len(data.train_x), n_valid or len(data.valid_x)
    gen = torch.Generator().manual_seed(seed)
    train = DataLoader(TensorDataset(data.train_x[:n_train], data.train_y[:n_train]), batch_size,
                       shuffle=True, generator=gen)
    valid = DataLoader(TensorDataset(data.valid_x[:n_valid], data.valid_y[:n_valid]), valid_batch_size or batch_size)
    learn = ns.Learner(ns.DataLoaders(train, WatchedLoader(valid)), model, opt_func, mnist_loss,
                       metrics=[batch_accuracy] if with_metric else None)
    recorder = getattr(learn, "recorder", None)
    started_empty = isinstance(recorder, list) and not recorder
    learn.fit(n_epochs, lr)
    if second_fit:
        learn.fit(*second_fit)

    try:
        rows = [list(row) for row in learn.recorder]
    except TypeError:
        raise kit.Wrong(f"learn.recorder should be a list of rows, but it is {kit.describe_type(learn.recorder)}")

    def number(v):
        return float(v) if isinstance(v, (int, float)) or (isinstance(v, torch.Tensor) and v.numel() == 1) else None

    return {
        "rows": [[number(v) for v in row] for row in rows],
        "types": [[kit.describe_type(v) for v in row] for row in rows],
        "started_empty": started_empty,
        "opt_calls": opt_calls,
        "steps": steps[0],
        "train_batches": len(train),
        "validation_changes": validation_changes,
        "weights": {name: t.detach().clone() for name, t in model.state_dict().items()},
    }


def fit_call(n_epochs, lr, with_metric, widths, n_train, batch_size) -> str:
    metrics = "[batch_accuracy]" if with_metric else "None"
    return (f"Learner(dls, {training.written(widths)}, opt_func, mnist_loss, metrics={metrics}).fit({n_epochs}, "
            f"lr={lr}) on {n_train or 'all'} training digits in batches of {batch_size}")


SMALL = {"n_epochs": 3, "lr": 0.5, "with_metric": True, "widths": training.ARCHITECTURES["linear"], "n_train": 256,
         "n_valid": 128, "batch_size": 64, "seed": 0}


def run_fit(student, **settings):
    spec = {**SMALL, **settings}
    call = fit_call(spec["n_epochs"], spec["lr"], spec["with_metric"], spec["widths"], spec["n_train"],
                    spec["batch_size"])
    return student.run(observe_fit, **spec, timeout=30, call=call), spec


@pytest.mark.holds("q13.recorder")
@pytest.mark.points(1)
def test_fit_records_one_row_of_floats_per_epoch(student):
    seen, spec = run_fit(student)
    rows, types = seen["rows"], seen["types"]
    expect(len(rows) == spec["n_epochs"],
           f"after {student.last_call}, learn.recorder should hold {spec['n_epochs']} rows, one per epoch; "
           f"it holds {len(rows)}")
    for epoch, row in enumerate(types):
        expect(len(row) == 3, f"after {student.last_call}, row {epoch} of learn.recorder should be (train_loss, "
                              f"valid_loss, accuracy); it has {len(row)} values: {show(seen['rows'][epoch])}")
        expect(row == ["float"] * 3, f"after {student.last_call}, row {epoch} of learn.recorder holds {row}; "
                                     "store Python floats (loss.item()), not tensors")


@pytest.mark.holds("q13.opt_func")
@pytest.mark.points(1)
def test_opt_func_called_once_with_the_parameters_and_lr(student):
    seen, spec = run_fit(student, lr=0.25)
    calls = seen["opt_calls"]
    expect(len(calls) == 1, f"{student.last_call} called opt_func {len(calls)} times; make the optimiser "
                            "once per fit, before the epochs, so that it keeps its state across them")
    expect(calls[0]["same_params"], f"{student.last_call} called opt_func with {calls[0]['n_params']} "
                                    "parameters that are not the model's; pass model.parameters()")
    expect(calls[0]["lr"] == spec["lr"], f"{student.last_call} called opt_func with lr={show(calls[0]['lr'])}, "
                                         f"expected the lr given to fit, {spec['lr']}")
