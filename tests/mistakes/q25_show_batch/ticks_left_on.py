"""Mistake: hides only the empty panels' axes, so every image is framed by ticks and pixel numbers."""

import matplotlib.pyplot as plt
import torch
from torch import Tensor


def show_batch(images: Tensor, labels, nrows: int = 1, ncols: int = 3, classes=None):
    fig, axes = plt.subplots(nrows, ncols, figsize=(2 * ncols, 2 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(images):
            ax.axis("off")
            continue
        image = images[i].detach().cpu()
        if image.dim() == 3:
            image = image[0] if image.shape[0] == 1 else image.permute(1, 2, 0)
        label = int(labels[i])
        ax.imshow(image.numpy(), cmap="gray")
        ax.set_title(classes[label] if classes is not None else str(label))
    return fig
