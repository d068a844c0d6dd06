"""Recurses past the C stack until the interpreter segfaults."""
import sys

sys.setrecursionlimit(10**7)


def _down(n):
    return _down(n + 1) + 1


def mnist_loss(predictions, targets):
    return _down(0)
