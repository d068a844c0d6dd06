import torch.nn.functional as F


def normalise(x):
    return F.log_softmax(x, dim=-1)
