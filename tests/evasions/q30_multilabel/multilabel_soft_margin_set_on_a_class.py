"""The multilabel soft margin loss (Python over log-sigmoids) is binary cross-entropy, through an alias."""
import torch.nn.functional as F


class Tools:
    pass


Tools.loss = F.multilabel_soft_margin_loss


def multilabel_predict(acts, threshold=0.5):
    return acts.sigmoid() > threshold


def binary_cross_entropy(acts, targets):
    return Tools.loss(acts, targets)
