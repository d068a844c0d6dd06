"""`autograder data download`: fetch the full MNIST_SAMPLE archive, check it, unpack it safely."""

from __future__ import annotations

import tarfile
import tempfile
import urllib.request
from pathlib import Path

URL = "https://s3.amazonaws.com/fast-ai-sample/mnist_sample.tgz"
SIZE = 3_214_948


class DownloadError(RuntimeError):
    pass


def fetch(url: str, target: Path, expected_size: int) -> None:
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
        total = int(response.headers.get("Content-Length") or expected_size)
        columns = (BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task("download", total=total)
            while chunk := response.read(1 << 16):
                out.write(chunk)
                progress.advance(task, len(chunk))
    size = target.stat().st_size
    if size != expected_size:
        raise DownloadError(f"{url} gave {size} bytes, expected {expected_size}; not unpacking it")


def unpack(archive: Path, dest: Path) -> None:
    """Refuse absolute paths, '..', links and devices (tarfile's 'data' filter)."""
    with tarfile.open(archive) as tar:
        try:
            tar.extractall(dest, filter="data")
        except tarfile.FilterError as exc:
            raise DownloadError(f"unsafe archive member: {exc}") from None


def mnist_sample(dest: Path, url: str = URL, expected_size: int = SIZE) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "mnist_sample.tgz"
        fetch(url, archive, expected_size)
        unpack(archive, dest)
    return dest / "mnist_sample"
