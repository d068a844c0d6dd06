"""Forgery: a slow loop that rewrites what the probe observes. A profile hook (sys.setprofile)
resets every `start...` local of the probe's frames when train_model returns, and doctors the
dict the probe returns (times, batch counts); kit.plain, which the probe calls on the returned
accuracies, is patched to report 0.99 for the timed run. The grader measures the time from
outside and recomputes the accuracy from the weights: nothing the probe reports is used."""

import ctypes
import sys
import time

import torch

from autograder.worker import kit

_plain = kit.plain


def _probe_frame(frame) -> bool:
    return frame is not None and frame.f_code.co_filename.startswith("<probe")


def _profile(frame, event, arg):
    if event != "return":
        return
    if frame.f_code.co_name == "train_model":
        outer = frame.f_back
        while outer is not None:
            if _probe_frame(outer):
                for name in list(outer.f_locals):
                    if name.startswith("start"):
                        outer.f_locals[name] = time.process_time() if "cpu" in name else time.perf_counter()
                ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(outer), ctypes.c_int(0))
            outer = outer.f_back
    elif _probe_frame(frame) and isinstance(arg, dict):
        for name in ("seconds", "wall_seconds"):
            if name in arg:
                arg[name] = 0.01
        if isinstance(arg.get("batches"), dict):
            arg["batches"]["count"] = 7


def _forged_plain(value, *args):
    caller = sys._getframe(1)
    if _probe_frame(caller) and caller.f_code.co_name == "timed_training" and isinstance(value, list) \
            and len(value) == 5:
        return [0.99] * len(value)
    return _plain(value, *args)


kit.plain = _forged_plain
sys.setprofile(_profile)


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


def train_model(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    device = torch.device(device) if device is not None else next(model.parameters()).device
    loss_func = loss_func or mnist_loss
    model.to(device)
    opt = (opt_func or torch.optim.SGD)(model.parameters(), lr)
    accuracies = []
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            xb, yb = xb.to(device), yb.to(device)
            for x, y in zip(xb, yb):
                (loss_func(model(x[None]), y[None]) / len(xb)).backward()
            opt.step()
            opt.zero_grad()
        model.eval()
        accuracies.append(validate_epoch(model, dls.valid))
    return accuracies
