"""q13 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q13_learner import SMALL, observe_fit, run_fit
from solutions import q13_learner as ref


@pytest.mark.points(1)
def test_validation_changes_no_weight(student):
    seen, _ = run_fit(student)
    moved = seen["validation_changes"]
    expect(moved, f"{student.last_call} never went through the validation loader dls.valid")
    expect(max(moved) == 0.0, f"during {student.last_call} the weights changed by up to {max(moved):.3g} while "
                              "the validation batches were read; validation must only measure (no backward, "
                              "no step)")


@pytest.mark.points(1)
def test_one_step_per_training_batch(student):
    seen, spec = run_fit(student)
    want = spec["n_epochs"] * seen["train_batches"]
    expect(seen["steps"] == want, f"{student.last_call} called opt.step() {seen['steps']} times; expected one "
                                  f"step per training batch, {spec['n_epochs']} epochs x {seen['train_batches']} "
                                  f"batches = {want}")


@pytest.mark.parametrize("with_metric,model_kind", [(False, "small_net"), (True, "linear")],
                         ids=["small_net_no_metrics", "linear_with_accuracy"])
@pytest.mark.points(1)
def test_recorder_follows_the_reference(student, with_metric, model_kind):
    # 256 training and 128 validation digits in batches of 64: every batch is full, so a mean of
    # batch values and a mean over items agree and only the training itself can differ.
    settings = {"with_metric": with_metric, "model_kind": model_kind}
    seen, _ = run_fit(student, **settings)
    want = observe_fit(ref, **{**SMALL, **settings})
    expect(len(seen["rows"]) == len(want["rows"]) and all(None not in row for row in seen["rows"]),
           f"after {student.last_call}, learn.recorder should hold {len(want['rows'])} rows of numbers; it holds "
           f"{seen['rows']}")
    # Same seed and batches: a correct fit differs from the reference by float rounding (1e-7);
    # a missed zero_grad or a validation pass that trains moves the losses by 1e-2 or more.
    expect_close(torch.tensor(seen["rows"]), torch.tensor(want["rows"]),
                 f"learn.recorder (rows of train_loss, valid_loss{', accuracy' if with_metric else ''}) after "
                 f"{student.last_call}", atol=1e-5)


# bench/calibrate.py, reference over seeds 0-9: final accuracy mean 0.9817, min 0.9786, max
# 0.9833. 0.95 leaves 12 of the 420 validation digits as margin below the worst seed; a fit that
# does not train stays near 0.5.
LINEAR_ACCURACY = 0.95
FULL = {"n_epochs": 5, "lr": 1.0, "with_metric": True, "model_kind": "linear", "n_train": None, "n_valid": None,
        "batch_size": 256}


@pytest.mark.points(1)
def test_linear_model_reaches_calibrated_accuracy(student):
    seen, _ = run_fit(student, **FULL)
    expect(seen["accuracy"] >= LINEAR_ACCURACY,
           f"after {student.last_call} the model gets {seen['accuracy']:.4f} of the validation digits right; "
           f"the reference gets about 0.98, and at least {LINEAR_ACCURACY} is needed")
