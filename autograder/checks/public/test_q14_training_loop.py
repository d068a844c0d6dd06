"""q14 public checks: students may read and run these (`autograder check q14`).

The timed training check needs the reference loop, so it is hidden; it trains the lesson's
linear model and simple net on the bundled 3s and 7s with a seed drawn at grading time, on the
GPU when there is one, and allows your loop 3x the reference loop's time plus a small constant.
The grader measures the time itself, from outside your process, and scores the weights your
loop leaves: they must be those of the reference loop for that seed, and the trained model must
classify digits that are not in the bundle.
"""

import pytest
import torch

from autograder.checks import training
from autograder.checks.expect import expect, expect_close, fail
from autograder.checks.show import show


def validate_tiny(ns, weight, bias, x, y, batch_size):
    import torch
    from torch import nn

    from autograder.worker import kit

    model = nn.Linear(x.shape[1], 1)
    with torch.no_grad():
        model.weight.copy_(weight)
        model.bias.copy_(bias)
    batches = [(x[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(x), batch_size)]
    return kit.plain(ns.validate_epoch(model, batches))


@pytest.mark.holds("q14.accuracy", "q14.threshold", "q14.per_item")
@pytest.mark.points(1)
def test_validate_epoch_counts_every_item(student):
    # Activations are x0 - x1: [3, 1, 2, 1 | 1, -1, 2, -2 | 0, -1]. With the targets below the
    # batches of 4, 4, 2 get 4/4, 2/4 and 0/2 right: 6 of 10 items, 0.6 (a mean of the batch
    # means would say 0.5). The ninth item's activation is exactly 0, which is "not a 3".
    x = torch.tensor([[3., 0], [2, 1], [2, 0], [1, 0], [1, 0], [0, 1], [3, 1], [0, 2], [1, 1], [0, 1]])
    y = torch.tensor([[1.], [1], [1], [1], [0], [1], [1], [0], [1], [1]])
    got = student.run(validate_tiny, torch.tensor([[1.0, -1.0]]), torch.tensor([0.0]), x, y, 4,
                      call="validate_epoch(model, dl) with a linear model and 10 items in batches of 4, 4 and 2")
    if isinstance(got, torch.Tensor):
        fail(f"{student.last_call} returned {show(got)}; return a Python float (float(...) or .item())")
    expect(isinstance(got, float), f"{student.last_call} should return a Python float, but returned {show(got)}")
    # the reference and tests/alternatives (Python int counts, a float32 mean): 2.4e-8 from 0.6
    expect_close(got, 0.6, student.last_call, atol=1e-6)


def short_training(ns, n_train, epochs, lr, seed):
    from types import SimpleNamespace

    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    from autograder.data import threes_sevens
    from autograder.worker import kit
    from autograder.worker.lesson import mnist_loss

    data = threes_sevens()
    gen = torch.Generator().manual_seed(seed)
    train = TensorDataset(data.train_x[:n_train], data.train_y[:n_train])
    dls = SimpleNamespace(train=DataLoader(train, 64, shuffle=True, generator=gen),
                          valid=DataLoader(TensorDataset(data.valid_x, data.valid_y), 100))
    torch.manual_seed(seed)
    model = nn.Linear(784, 1)
    made = []

    def opt_func(params, lr):
        made.append(lr)
        return torch.optim.SGD(params, lr)

    accuracies = kit.plain(ns.train_model(model, dls, epochs, lr, opt_func=opt_func, loss_func=mnist_loss,
                                          device="cpu"))
    return {"accuracies": accuracies, "weights": {name: t.detach().clone() for name, t in model.state_dict().items()},
            "optimisers_made": len(made)}


# bench/calibrate.py, reference over seeds 0-29: validation accuracy mean 0.9679, min 0.9647,
# max 0.9735; an untrained linear model is near 0.5.
SHORT_ACCURACY = 0.9


@pytest.mark.holds("q14.train", "q14.accuracies")
@pytest.mark.points(1)
def test_train_model_reports_accuracy_after_each_epoch(student):
    seen = student.run(short_training, 512, 3, 1.0, 0, timeout=30,
                       call="train_model(nn.Linear(784, 1), dls, epochs=3, lr=1.0, ...) on 512 training digits")
    accs = seen["accuracies"]
    expect(isinstance(accs, list) and len(accs) == 3,
           f"{student.last_call} should return a list of 3 accuracies, one per epoch; got {show(accs)}")
    expect(all(isinstance(a, float) for a in accs),
           f"{student.last_call} should return Python floats; got {show(accs)}")
    # The grader measures the trained model itself: what the probe saw in the worker decides nothing.
    own = training.accuracy(training.trained(training.ARCHITECTURES["linear"], seen["weights"], student.last_call),
                            "valid")
    expect_close(accs[-1], own, f"the last epoch's accuracy from {student.last_call}, compared with the trained "
                 "model's share of correct items over the whole validation set,", atol=training.one_digit())
    expect(own >= SHORT_ACCURACY, f"after {student.last_call} the model gets only {own:.3f} of the validation digits "
                                  "right; a working loop reaches about 0.97")


def tracked_moves(ns, device, n_train, batch_size):
    from types import SimpleNamespace

    import torch
    from torch import nn

    from autograder.data import threes_sevens
    from autograder.worker.lesson import mnist_loss

    moves = {"train": 0, "valid": 0}
    phase = ["train"]

    # Reading a batch's device counts too: a loop may move a batch only when it is elsewhere.
    device_reads = (torch.Tensor.device.__get__, torch.Tensor.is_cuda.__get__)

    class Batch(torch.Tensor):
        """Counts calls that move a batch (or anything computed from it) to a device."""

        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            if getattr(func, "__name__", "") in ("to", "cuda", "cpu") or "device" in kwargs or func in device_reads:
                moves[phase[0]] += 1
            return super().__torch_function__(func, types, args, kwargs)

    class Loader:
        def __init__(self, name, x, y):
            self.name, self.x, self.y = name, x, y

        def __iter__(self):
            for i in range(0, len(self.x), batch_size):
                phase[0] = self.name
                yield self.x[i:i + batch_size].as_subclass(Batch), self.y[i:i + batch_size].as_subclass(Batch)

        def __len__(self):
            return -(-len(self.x) // batch_size)

    data = threes_sevens()
    dls = SimpleNamespace(train=Loader("train", data.train_x[:n_train], data.train_y[:n_train]),
                          valid=Loader("valid", data.valid_x[:n_train], data.valid_y[:n_train]))

    torch.manual_seed(0)
    ns.train_model(nn.Linear(784, 1), dls, 1, 0.1, opt_func=torch.optim.SGD, loss_func=mnist_loss, device=device)
    return {"moves": moves, "batches": {"train": len(dls.train), "valid": len(dls.valid)}}


@pytest.mark.holds("q14.device", "q14.validate_device")
@pytest.mark.points(1)
def test_train_model_moves_every_batch_to_the_device(student):
    seen = student.run(tracked_moves, student.device, 256, 64,
                       call=f"train_model(nn.Linear(784, 1), dls, epochs=1, lr=0.1, ..., device={student.device!r})")
    for phase, where in (("train", "training"), ("valid", "validation")):
        moved, batches = seen["moves"][phase], seen["batches"][phase]
        expect(moved >= batches,
               f"{student.last_call} went through {batches} {where} batches but moved only {moved} of them "
               f"to the device (e.g. xb.to(device)); on a GPU, batches left in CPU memory make the model fail "
               "or crawl")
