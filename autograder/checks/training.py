"""The training checks' verdicts (q13, q14, q18), made in the grading process.

A probe trains in the student's worker and brings back the trained weights as plain tensors.
Nothing it measures there (times, accuracies) decides a verdict: student code shares that
process and can rewrite what the probe observes, and the validation digits' labels are inside
the sandbox, where a hook could answer them without any training. Here the weights go into the
grader's own copy of the architecture and are scored on held-out digits whose labels never
enter the sandbox; the weights must also be those that the reference loop, trained here with
the same seed and data order, reaches. Imported by public checks too: nothing here needs the
reference solutions or the held-out file until a hidden check asks for them.
"""

from __future__ import annotations

import functools
import math
import secrets
import time

import torch
from torch import nn

from autograder.checks.expect import fail
from autograder.checks.show import show
from autograder.worker import lesson
from autograder.worker.protocol import Opaque

# Layer widths of the models the checks train; probes get the widths and build lesson.model(widths)
# in the worker, as the grader does here.
ARCHITECTURES = {"linear": (784, 1), "small_net": (784, 8, 1), "simple_net": (784, 30, 1)}
MODEL_NAMES = {"linear": "the linear model", "small_net": "a small net", "simple_net": "the simple net"}

# Largest difference allowed between a student's trained weights and the reference's after the
# same seed, data order and settings. bench/calibrate.py (weights section, seeds 0-29, CPU, one
# thread): the honest loops of tests/forgeries (gradients cleared through the model before each
# backward; `p -= lr * p.grad` under no_grad instead of opt.step()) end on exactly the
# reference's weights when given the loss, and 1.8e-7 away with a default loss of their own (a
# hand-written sigmoid). A missed zero_grad ends 3.3 to 7.5 away, one step per sample 2.1 to 5.9.
# 1e-4 is 500x the honest rounding and 20,000x below the mistakes.
WEIGHT_TOLERANCE = 1e-4


def draw_seed() -> int:
    """A seed drawn when the check runs, so that no result can be prepared for it in advance."""
    return secrets.randbelow(2**31)


def written(widths) -> str:
    """The model that lesson.model(widths) makes, as the student would write it."""
    layers = [f"nn.Linear({a}, {b})" for a, b in zip(widths, widths[1:])]
    return layers[0] if len(layers) == 1 else f"nn.Sequential({', nn.ReLU(), '.join(layers)})"


def check_weights(weights, model: nn.Module, call: str) -> dict:
    """The returned weights as a state dict that `model` can load; a failure says what was wrong."""
    expected = {name: tuple(t.shape) for name, t in model.state_dict().items()}
    if isinstance(weights, Opaque) or not isinstance(weights, dict):
        fail(f"after {call} the grader could not read the trained weights: they came back as {show(weights)}")
    if not all(isinstance(weights.get(name), torch.Tensor) for name in expected):
        missing = [name for name in expected if not isinstance(weights.get(name), torch.Tensor)]
        fail(f"after {call} the trained model has no weight tensors named {missing}; expected the model's "
             f"own parameters {list(expected)}")
    wrong = {name: tuple(weights[name].shape) for name, shape in expected.items()
             if tuple(weights[name].shape) != shape}
    if wrong:
        fail(f"after {call} the trained weights have shapes {wrong}, expected "
             f"{ {name: expected[name] for name in wrong} }: train the model you were given, in place")
    return {name: weights[name] for name in expected}


def trained(widths, weights, call: str) -> nn.Module:
    """The grader's model holding the student's trained weights, in eval mode."""
    model = lesson.model(widths)
    model.load_state_dict(check_weights(weights, model, call))
    return model.eval()


@functools.cache
def digits(split: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Images and targets of the grader's 3s and 7s: the lesson's "train" or "valid" split, or
    the "heldout" digits whose labels never enter the sandbox. Loaded when first asked for (public
    checks import this module, and only the grading side has the held-out file), once a process."""
    from autograder.data import heldout_threes_sevens, threes_sevens

    if split == "heldout":
        return heldout_threes_sevens()
    data = threes_sevens()
    return getattr(data, f"{split}_x"), getattr(data, f"{split}_y")


def accuracy(model: nn.Module, split: str) -> float:
    """lesson.batch_accuracy of the model over all of a split's digits. The model gets a copy of
    them: a rebuilt net may write into its input (`out=`), and the loaded digits serve every student."""
    x, y = digits(split)
    with torch.no_grad():
        return lesson.batch_accuracy(model(x.clone()), y).item()


def one_digit() -> float:
    """How far a reported validation accuracy may be from the grader's: one digit, since an
    activation within rounding of 0 may fall on either side in another batch size or device."""
    return 1 / len(digits("valid")[1]) + 1e-9


def weight_gap(seen: dict, want: dict) -> float:
    """Largest absolute difference between two state dicts of the same model (inf for a NaN)."""
    gaps = [(seen[name].double() - want[name].double().cpu()).abs().nan_to_num(math.inf).max().item()
            for name in want if want[name].numel()]
    return max(gaps, default=0.0)


def time_reference(probe, ref, device: str, *args):
    """probe(ref, *args) in this process, and its CPU and wall time ({"cpu_seconds",
    "wall_seconds"}, as `student.timed` gives them). On CUDA the wall time runs between
    synchronisations, so queued kernels are counted."""
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    sync()
    cpu, wall = time.process_time(), time.perf_counter()
    value = probe(ref, *args)
    sync()
    return value, {"cpu_seconds": time.process_time() - cpu, "wall_seconds": time.perf_counter() - wall}
