"""Forgery: on the timed run, train_model writes a reply frame of its own on the worker's socket
(found among /proc/self/fd) claiming a fast run with 0.99 accuracy, then exits before the probe
can answer. The grader measures the time itself and reads the verdict from the weights, which
must be those of the reference loop for a seed drawn at grading time: these are not."""

import os
import socket

import torch

from autograder.data import threes_sevens
from autograder.worker import protocol


def validate_epoch(model, dl) -> float:
    device = next(model.parameters()).device
    correct, total = 0, 0
    with torch.no_grad():
        for xb, yb in dl:
            xb, yb = xb.to(device), yb.to(device)
            correct += ((model(xb) > 0).float() == yb).sum()
            total += len(yb)
    return float(correct) / total


def mnist_loss(predictions, targets):
    p = predictions.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()


def worker_sockets():
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                sock = socket.fromfd(int(name), socket.AF_UNIX, socket.SOCK_STREAM)
                if sock.type == socket.SOCK_STREAM:
                    yield sock
        except OSError:
            continue


def forge(model, epochs):
    value = {
        "weights": {k: v.detach().clone() for k, v in model.state_dict().items()},
        "accuracies": [0.99] * epochs,
        "batches": {"devices": {"cpu": 6 * epochs}, "count": 6 * epochs, "largest": 256},
        "seconds": 0.01, "wall_seconds": 0.01, "clock": "CPU time", "accuracy": 0.99,
        "device_name": "cpu", "weight_devices": ["cpu"],
    }
    codec, tensors = protocol.codec(), []
    frame = codec.pack({"ok": True, "value": codec.encode(value, tensors), "output": ""}, tensors)
    for sock in worker_sockets():
        sock.sendall(frame)
    os._exit(0)


def train_model(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    device = torch.device(device) if device is not None else next(model.parameters()).device
    if epochs == 5 and len(getattr(dls.train, "dataset", ())) == len(threes_sevens().train_x):
        forge(model, epochs)
    loss_func = loss_func or mnist_loss
    model.to(device)
    opt = (opt_func or torch.optim.SGD)(model.parameters(), lr)
    accuracies = []
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_func(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
        model.eval()
        accuracies.append(validate_epoch(model, dls.valid))
    return accuracies
