"""A student's submission as data, for a worker on another machine (grade-all --scheduler).

The instructor's machine reads each submission once and sends the bytes it read; the worker
writes them into a fresh folder of its own and grades that, so no worker ever opens a path of
the instructor's. Reading goes through directory descriptors (os.fwalk) and opens every file
with O_NOFOLLOW: a link inside a submission stays behind, never followed to what it names, and
on the worker its item is missing. Only what grading reads travels: a notebook or a zip as it
is, a folder's modules and notebooks.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from autograder.submission import SubmissionError

SUFFIXES = (".py", ".ipynb")  # what grading reads in a folder
MAX_BYTES = 256 << 20  # one submission, all its files: held here while it travels


@dataclass(frozen=True)
class Shipped:
    name: str  # the submission's own name (a folder's, a zip's, a notebook's), which grading sees
    files: dict[str, bytes]  # a folder's files by relative POSIX name; a single file's under ""

    def unpack(self, dest: Path) -> Path:
        """Write the submission under dest (a fresh folder); returns what to grade."""
        target = dest / _plain(self.name)
        if "" in self.files:
            target.write_bytes(self.files[""])
            return target
        target.mkdir()
        for name, data in self.files.items():
            parts = PurePosixPath(name).parts
            if PurePosixPath(name).is_absolute() or any(p in ("", ".", "..") for p in parts):
                raise SubmissionError(f"a shipped submission names {name!r}, outside its folder")
            path = target.joinpath(*parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return target


def pack(path: Path) -> Shipped:
    """The submission at path (a folder, a notebook or a zip), never following a link."""
    path = Path(path)
    if path.is_symlink():
        raise SubmissionError(f"{path.name} is a symbolic link: submit the file or folder itself")
    if path.is_dir():
        return Shipped(path.name, _folder(path))
    data = _read(path)
    if data is None:
        raise SubmissionError(f"{path.name} is not a regular file")
    return Shipped(path.name, {"": data})


def _folder(root: Path) -> dict[str, bytes]:
    files, total = {}, 0
    for folder, _, names, dir_fd in os.fwalk(root, follow_symlinks=False):
        for name in sorted(n for n in names if n.lower().endswith(SUFFIXES)):
            data = _read(Path(name), dir_fd)
            if data is None:
                continue  # a link, a FIFO, a device: not the student's code
            total += len(data)
            if total > MAX_BYTES:
                raise SubmissionError(f"{root.name} holds more than {MAX_BYTES >> 20} MB of modules and notebooks")
            files[(Path(folder).relative_to(root) / name).as_posix()] = data
    return files


def _read(path: Path, dir_fd: int | None = None) -> bytes | None:
    """A regular file's bytes, or None for anything else; opened without following a link, and
    only once it is known to be a file (opening a device can act)."""
    try:
        if not stat.S_ISREG(os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise SubmissionError(f"{path.name} cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MAX_BYTES:
            raise SubmissionError(f"{path.name} is larger than {MAX_BYTES >> 20} MB")
        return handle.read(MAX_BYTES + 1)


def _plain(name: str) -> str:
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise SubmissionError(f"a shipped submission is named {name!r}")
    return name
