"""Alternative: sigmoid(p) > 0.5 exactly where p > 0; correct items counted and divided."""

from torch import Tensor


def batch_accuracy(predictions: Tensor, targets: Tensor) -> Tensor:
    correct = (predictions > 0) == targets.bool()
    return correct.sum() / correct.numel()


ANSWER = """The metric is what people judge the model by (the share right); the loss is what SGD
minimises and must have a useful gradient, which accuracy lacks, so they differ."""
