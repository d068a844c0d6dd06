"""Mistake: calls the library softmax that the exercise asks to write."""

import torch


def softmax(x, dim=-1):
    return x.softmax(dim=dim)
