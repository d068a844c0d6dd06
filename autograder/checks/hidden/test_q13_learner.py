"""q13 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks import training
from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q13_learner import SMALL, fit_call, observe_fit, run_fit
from autograder.worker import lesson
from solutions import q13_learner as ref


@pytest.mark.holds("q13.valid_only_measures")
@pytest.mark.points(1)
def test_validation_changes_no_weight(student):
    seen, _ = run_fit(student)
    moved = seen["validation_changes"]
    expect(moved, f"{student.last_call} never went through the validation loader dls.valid")
    expect(max(moved) == 0.0, f"during {student.last_call} the weights changed by up to {max(moved):.3g} while "
                              "the validation batches were read; validation must only measure (no backward, "
                              "no step)")


@pytest.mark.holds("q13.training")
@pytest.mark.points(1)
def test_one_step_per_training_batch(student):
    seen, spec = run_fit(student)
    want = spec["n_epochs"] * seen["train_batches"]
    expect(seen["steps"] == want, f"{student.last_call} called opt.step() {seen['steps']} times; expected one "
                                  f"step per training batch, {spec['n_epochs']} epochs x {seen['train_batches']} "
                                  f"batches = {want}")


@pytest.mark.parametrize("with_metric,model_kind", [(False, "small_net"), (True, "linear")],
                         ids=["small_net_no_metrics", "linear_with_accuracy"])
@pytest.mark.holds("q13.train_loss", "q13.metrics", "q13.training", "q13.valid_only_measures")
@pytest.mark.points(1)
def test_recorder_follows_the_reference(student, with_metric, model_kind):
    # 256 training and 128 validation digits in batches of 64: every batch is full, so a mean of
    # batch values and a mean over items agree and only the training itself can differ.
    settings = {"with_metric": with_metric, "widths": training.ARCHITECTURES[model_kind]}
    seen, _ = run_fit(student, **settings)
    want = observe_fit(ref, **{**SMALL, **settings})
    expect_follows(student, seen, want, settings["widths"])
    expect(len(seen["rows"]) == len(want["rows"]) and all(None not in row for row in seen["rows"]),
           f"after {student.last_call}, learn.recorder should hold {len(want['rows'])} rows of numbers; it holds "
           f"{seen['rows']}")
    # Same seed and batches: a correct fit differs from the reference by float rounding (1e-7);
    # a missed zero_grad or a validation pass that trains moves the losses by 1e-2 or more.
    # (measured: validation on the joined batches 6e-8, zero_grad before the forward pass exact)
    expect_close(torch.tensor(seen["rows"]), torch.tensor(want["rows"]),
                 f"learn.recorder (rows of train_loss, valid_loss{', accuracy' if with_metric else ''}) after "
                 f"{student.last_call}", atol=1e-5)


def expect_follows(student, seen: dict, want: dict, widths) -> None:
    """The weights fit left are those of the reference fit with the same seed and batches."""
    weights = training.check_weights(seen["weights"], lesson.model(widths), student.last_call)
    gap = training.weight_gap(weights, want["weights"])
    expect(gap <= training.WEIGHT_TOLERANCE,
           f"after {student.last_call} the weights differ by up to {gap:.3g} from those the reference fit leaves with "
           f"the same seed and batches (tolerance {training.WEIGHT_TOLERANCE:g}); look for a missing zero_grad, "
           "steps that are not one per training batch, or a validation pass that trains")


# bench/calibrate.py, reference over seeds 0-29, accuracy of the trained weights on the 400
# held-out digits: mean 0.9604, min 0.9550, max 0.9625 (0.97 on the validation digits). 0.9
# leaves 22 held-out digits as margin below the worst seed; a fit that does not train stays near
# 0.5.
LINEAR_ACCURACY = 0.9
FULL = {"n_epochs": 5, "lr": 1.0, "with_metric": True, "widths": training.ARCHITECTURES["linear"], "n_train": None,
        "n_valid": None, "batch_size": 256}


@pytest.mark.holds("q13.training", "q13.metrics")
@pytest.mark.points(1)
def test_linear_model_reaches_calibrated_accuracy(student):
    seen, _ = run_fit(student, **FULL)
    expect_follows(student, seen, observe_fit(ref, **{**SMALL, **FULL}), FULL["widths"])
    model = training.trained(FULL["widths"], seen["weights"], student.last_call)
    rows = seen["rows"]
    reported, measured = rows[-1][-1] if rows and rows[-1] else None, training.accuracy(model, "valid")
    expect(reported is not None and abs(reported - measured) <= training.one_digit(),
           lambda: f"after {student.last_call} the last row of learn.recorder gives the accuracy {reported}, but the "
                   f"trained model gets {measured:.4f} of the validation digits right")
    accuracy = training.accuracy(model, "heldout")
    expect(accuracy >= LINEAR_ACCURACY,
           f"after {student.last_call} the model gets {accuracy:.4f} of the {len(training.digits('heldout')[1])} "
           f"held-out digits right; the reference gets about 0.96, and at least {LINEAR_ACCURACY} is needed")


@pytest.mark.holds("q13.valid_weighted")
@pytest.mark.points(1)
def test_validation_weighs_batches_by_their_size(student):
    # Costs one small fit (3 epochs, 256 digits), read against the reference's. Catches valid_loss and
    # metrics taken as the mean of the batch means, which the full batches of the check above cannot tell
    # from a mean over items: here the 128 validation digits come in batches of 48, 48 and 32.
    settings = {"valid_batch_size": 48}
    seen, _ = run_fit(student, **settings)
    want = observe_fit(ref, **{**SMALL, **settings})
    expect(len(seen["rows"]) == len(want["rows"]) and all(None not in row for row in seen["rows"]),
           f"after {student.last_call}, learn.recorder should hold {len(want['rows'])} rows of numbers; it holds "
           f"{seen['rows']}")
    # The same training as the reference's (one batch size for training): only the validation's averaging
    # can move valid_loss and the accuracy, by about 1e-3 for a mean of batch means (measured: the
    # concatenated validation of tests/alternatives 1.5e-8 off, the weighted sums exact).
    expect_close(torch.tensor(seen["rows"]), torch.tensor(want["rows"]),
                 f"learn.recorder after {student.last_call} with the 128 validation digits in batches of 48, 48 and "
                 "32 (each batch's loss and accuracy should count by its size)", atol=1e-5)


@pytest.mark.holds("q13.recorder", "q13.opt_func")
@pytest.mark.points(1)
def test_a_second_fit_appends_rows_with_a_new_optimiser(student):
    # Costs two small fits (1 then 2 epochs, 256 digits). Catches a fit that starts learn.recorder afresh, so a
    # second fit loses the first one's rows, and an optimiser made on the first fit and kept, which trains the
    # second fit with the first fit's lr.
    spec = {**SMALL, "n_epochs": 1, "lr": 0.5, "second_fit": (2, 0.25)}
    call = (fit_call(1, 0.5, True, spec["widths"], spec["n_train"], spec["batch_size"])
            + ", then learn.fit(2, lr=0.25) on the same Learner")
    seen = student.run(observe_fit, **spec, timeout=30, call=call)
    expect(seen["started_empty"], f"before the first fit, learn.recorder should be an empty list ({call})")
    rows = seen["rows"]
    expect(len(rows) == 3, f"after {call}, learn.recorder should hold 3 rows, one per epoch of both fits, "
                           f"appended; it holds {len(rows)}")
    lrs = [opt_call["lr"] for opt_call in seen["opt_calls"]]
    expect(lrs == [0.5, 0.25], f"{call} called opt_func with lr {lrs}; each fit should make its optimiser once, "
                               "with its own lr: expected [0.5, 0.25]")
