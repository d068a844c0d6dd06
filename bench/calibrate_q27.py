"""Spread of q27's flipped-label check over seeds: how many of the flipped items the reference
top_losses finds with the model the check trains. Run: .venv/bin/python bench/calibrate_q27.py"""

import statistics
import time

from autograder.checks.hidden.test_q27_top_losses import (FLIPS, MIN_FOUND, SUSPECTS, top_losses_probe,
                                                          trained_on_flipped_labels)
from solutions import q27_top_losses as ref

found = []
for seed in range(10):
    start = time.perf_counter()
    state, xs, ys, flipped = trained_on_flipped_labels(seed)
    got = top_losses_probe(ref, xs, ys, SUSPECTS, state=state)
    found.append(len(set(got["indices"].tolist()) & set(flipped.tolist())))
    print(f"seed {seed}: {found[-1]}/{FLIPS} flips in the top {SUSPECTS} ({time.perf_counter() - start:.2f} s)")
print(f"min {min(found)}, max {max(found)}, mean {statistics.mean(found):.1f}; check requires {MIN_FOUND}")
