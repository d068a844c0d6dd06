"""Kills the process it was forked from (the zygote, which keeps orphans inside the sandbox),
leaves a detached process behind, and answers correctly only once the zygote is dead: a grader
that quietly starts a fresh sandbox would give it the item's points."""
import os
import signal
import time

import torch


def mnist_loss(predictions, targets):
    zygote = os.getppid()
    try:
        os.kill(zygote, signal.SIGKILL)
    except OSError as error:
        raise NotImplementedError(f"q01: the zygote could not be killed ({error})") from None
    time.sleep(0.3)
    if os.path.exists(f"/proc/{zygote}") and os.getppid() == zygote:
        raise NotImplementedError("q01: the zygote outlived SIGKILL")
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "4242"])
        os._exit(0)
    p = predictions.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()
