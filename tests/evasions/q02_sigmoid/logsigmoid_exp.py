"""exp(logsigmoid(x)) is sigmoid under another name."""
import torch.nn.functional as F


def sigmoid(x):
    return F.logsigmoid(x).exp()
