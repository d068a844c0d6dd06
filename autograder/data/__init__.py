"""MNIST digits shipped with the package (no download at run time), and readers for the
fastai MNIST_SAMPLE folder. See PROVENANCE.md for where the digits come from."""

from autograder.data.mnist import (ThreesSevens, heldout_threes_sevens, load_digits, read_mnist_sample,
                                   threes_sevens)

__all__ = ["ThreesSevens", "heldout_threes_sevens", "load_digits", "read_mnist_sample", "threes_sevens"]
