"""Mistake: reads each label with labels[i].item(), which fails when the labels come as a list of ints."""

import matplotlib.pyplot as plt
import torch
from torch import Tensor


def show_batch(images: Tensor, labels, nrows: int = 1, ncols: int = 3, classes=None):
    fig, axes = plt.subplots(nrows, ncols, figsize=(2 * ncols, 2 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        image = images[i].detach().cpu()
        if image.dim() == 3:
            image = image[0] if image.shape[0] == 1 else image.permute(1, 2, 0)
        label = labels[i].item()
        ax.imshow(image.numpy(), cmap="gray")
        ax.set_title(classes[label] if classes is not None else str(label))
    return fig
