"""The run-time half of the from-scratch rule: any alias of a refused operator trips."""

import pytest
import torch
import torch.nn.functional as F

from autograder.catalogue import DATA_LOADER, SIGMOID
from autograder.worker.tripwire import RefusedCall, refusing


def tripped_by(fn, refusal, namespace=None):
    record = []
    try:
        with refusing({op: refusal.shown for op in refusal.operators}, list(refusal.attributes),
                      namespace if namespace is not None else {}, record):
            fn()
    except RefusedCall:
        pass
    return record


x = torch.randn(5)


@pytest.mark.parametrize("call", [
    lambda: torch.sigmoid(x), lambda: x.sigmoid(), lambda: F.sigmoid(x), lambda: torch.special.expit(x),
    lambda: torch.ops.aten.sigmoid(x), lambda: torch.nn.Sigmoid()(x),
], ids=["torch.sigmoid", "method", "F.sigmoid", "special.expit", "aten", "nn.Sigmoid"])
def test_every_alias_of_sigmoid_trips(call):
    assert tripped_by(call, SIGMOID) == ["torch.sigmoid"]


def test_the_formula_written_out_does_not_trip():
    assert tripped_by(lambda: 1 / (1 + torch.exp(-x)), SIGMOID) == []


def test_a_caught_refusal_is_still_recorded():
    def sneaky():
        try:
            torch.sigmoid(x)
        except BaseException:
            pass

    assert tripped_by(sneaky, SIGMOID) == ["torch.sigmoid"]


def test_attribute_traps_reach_aliases_in_the_students_module_and_are_undone():
    from torch.utils.data import DataLoader

    namespace = {"DataLoader": DataLoader}
    assert tripped_by(lambda: namespace["DataLoader"]([1, 2]), DATA_LOADER, namespace) == [
        "torch.utils.data.DataLoader"]
    assert namespace["DataLoader"] is DataLoader and torch.utils.data.DataLoader is DataLoader
