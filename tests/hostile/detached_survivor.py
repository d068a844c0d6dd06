"""Leaves a detached process behind that ignores signals, hoping to outlive grading."""
import os
import signal
import time


def mnist_loss(predictions, targets):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
            os.execvp("sleep", ["sleep", "4242"])
        os._exit(0)
    time.sleep(0.2)
    raise NotImplementedError("q01: mnist_loss is not implemented yet")
