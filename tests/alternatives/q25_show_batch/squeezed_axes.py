"""Alternative: plt.subplots with its default squeezing, the axes made a flat array by numpy."""

import numpy as np
from matplotlib import pyplot as plt


def show_batch(images, labels, nrows=1, ncols=3, classes=None):
    fig, axes = plt.subplots(nrows, ncols)
    for i, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.set_axis_off()
        if i < len(images):
            image = images[i].detach().cpu()
            if image.dim() == 3 and image.shape[0] == 3:
                image = image.permute(1, 2, 0)
            ax.imshow(image.squeeze().numpy(), cmap="Greys_r")
            name = int(labels[i])
            ax.set_title(f"{classes[name] if classes else name}")
    return fig


ANSWER = """Showing a batch with its labels is how you check the data pipeline: right labels, sensible
crops and augmentations, no silent mistakes before training."""
