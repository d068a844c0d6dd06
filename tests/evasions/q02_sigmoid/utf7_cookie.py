# -*- coding: utf-7 -*-
"""Under UTF-7, +AAo- is a new line: editors show a comment where Python runs torch.sigmoid."""
import torch


def sigmoid(x):
    # +AAo-    return torch.sigmoid(x)
    return 1 / (1 - -torch.exp(-x))
