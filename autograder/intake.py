"""A submission read once, as data. Every route (a folder, a notebook, a zip, a class's download,
nbgrader's `submitted/`, Gradescope's `submission/`, a Classroom 50 checkout) reads a student's
files here: their bytes by relative name, and why each name that was not read was not. Nothing
of the student's is opened again afterwards, so what is graded is what was read.

Only regular files are read. Each is opened without following a link (O_NOFOLLOW) and its type
checked on the open descriptor, and folders are walked through their own descriptors the same
way, so nothing can be swapped in between a check and a read. A symbolic link, device, FIFO or
socket is never followed nor copied: it is reported by name, and costs only the item it stands
for. The limits below bound what the grading process holds and how long it looks, whatever a
submission holds (docs/security.md, "What the grader reads from a submission").
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterator

from autograder.exits import ExitError

# One item module: hand-written ones are a few KB (the largest reference is 5 KB), and each is
# copied into every item's folder in the sandbox.
MAX_MODULE = 1 << 20
# One notebook: a few MB with its outputs and plots; room for a student who printed far too much.
MAX_NOTEBOOK = 64 << 20
# Every file read from one submission together: what the grading process holds of it.
MAX_TOTAL = 64 << 20
# Files and folders listed in one submission (zip members included): a submission is tens of
# files, a student's whole checkout a few hundred; more is a planted tree, and refused.
MAX_ENTRIES = 2000
# Folders below the submission's root that are looked into: modules sit at most a few down.
MAX_DEPTH = 16
# Characters of a name relative to the root, folders included: honest ones are under 100.
MAX_NAME = 255
# A zip member compressed better than this (and over 1 MB) is a zip bomb: source code and
# notebooks compress 3-10:1.
MAX_RATIO = 200
RATIO_FROM = 1 << 20

# Never looked into: caches, macOS's resource forks, hidden folders (.git, .ipynb_checkpoints).
SKIPPED = ("__pycache__", "__MACOSX")
VENV_MARK = "pyvenv.cfg"  # a virtual environment's modules are installed packages, not the student's
# Where files can be opened beneath a folder's descriptor (Linux, macOS) folders are walked through
# their descriptors. Windows has no such calls, no O_NOFOLLOW and no other flag below but binary
# reads, and only `check` runs there, on the student's own files (grading refuses Windows:
# runner/facilities.py): its folders are walked by path, and what is a link when looked at just
# before opening is refused the same way.
BY_DESCRIPTOR = os.open in os.supports_dir_fd and os.scandir in os.supports_fd
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
FILE_FLAGS = os.O_RDONLY | NOFOLLOW | getattr(os, "O_BINARY", 0) | sum(
    getattr(os, flag, 0) for flag in ("O_NONBLOCK", "O_CLOEXEC", "O_NOCTTY"))
FOLDER_FLAGS = os.O_RDONLY | NOFOLLOW | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


class SubmissionError(ExitError):
    """The submission cannot be read at all; the message is one line for the user."""


@dataclass(frozen=True)
class Limits:
    sizes: dict[str, int]  # how the names read end (".py"), each with the most bytes such a file may hold
    total: int = MAX_TOTAL
    entries: int = MAX_ENTRIES
    depth: int = MAX_DEPTH
    name: int = MAX_NAME

    def size(self, name: str) -> int | None:
        """The most bytes of `name` read, or None where such a file is never read."""
        lower = name.lower()
        return next((size for ending, size in self.sizes.items() if lower.endswith(ending)), None)


SUBMISSION = Limits(sizes={".py": MAX_MODULE, ".ipynb": MAX_NOTEBOOK})


@dataclass
class Files:
    """A submission as data: each file read, by relative name ("exercises/q07_zip_pairs.py"),
    and why each other file that would have been read was not (a link, a device, too large)."""

    data: dict[str, bytes] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def names(self) -> list[str]:
        return sorted({*self.data, *self.problems})


def read(path: Path, warnings: list[str]) -> Files:
    """What a submission holds: a folder, a zip, or one notebook, named by `path`, which is not
    followed either when it is a link."""
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        raise SubmissionError(f"{path} does not exist") from None
    if stat.S_ISLNK(mode):
        raise SubmissionError(f"{path} {unreadable(mode, path.name)}")
    reader = Reader(SUBMISSION, warnings)
    if stat.S_ISDIR(mode):
        reader.folder_at(path)
    elif path.suffix.lower() == ".zip":
        with open_file(path) as archive:
            reader.zip(archive, path.name)
    elif path.suffix.lower() == ".ipynb":
        reader.files.data[path.name] = read_file(path)
    else:
        raise SubmissionError(f"{path} is neither a folder of item modules, a notebook, nor a .zip of them")
    return reader.files


def unpack(archive: Path, dest: Path, warnings: list[str], keep: tuple[str, ...],
           max_members: int, max_total: int) -> Path:
    """The members of a whole class's zip whose names end in `keep` (a student's zip up to a
    submission's whole size), written under `dest`: under a submission's rules for each member,
    with more of them allowed, one member in memory at a time."""
    limits = Limits(sizes={ending: SUBMISSION.size(ending) or MAX_TOTAL for ending in keep},
                    total=max_total, entries=max_members)
    reader = Reader(limits, warnings)
    with open_file(archive) as stream:
        for name, data in reader.zip_members(stream, archive.name):
            target = dest.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return dest


def read_file(path: Path) -> bytes:
    """One file of a submission, under the same rules (a notebook handed in alone, Canvas's flat
    downloads regrouped per student)."""
    reader = Reader(SUBMISSION, [])
    reader.file_at(path)
    if path.name in reader.files.problems:
        raise SubmissionError(reader.files.problems[path.name])
    return reader.files.data[path.name]


def open_folder(path: Path, flags: int = FOLDER_FLAGS) -> int | str:
    """A folder whose entries are read: its descriptor, or on Windows its path (BY_DESCRIPTOR)."""
    return os.open(path, flags) if BY_DESCRIPTOR else os.fspath(path)


def folder_beneath(folder: int | str, entry: str) -> int | str:
    """`entry` of `folder` (open_folder's) as open_folder gives it, never through a link."""
    if BY_DESCRIPTOR:
        return os.open(entry, FOLDER_FLAGS, dir_fd=folder)
    path = _no_link(folder, entry)
    if not stat.S_ISDIR(os.lstat(path).st_mode):
        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), path)
    return path


def file_beneath(folder: int | str, entry: str) -> int:
    """The descriptor of file `entry` of `folder` (open_folder's), never opened through a link."""
    if BY_DESCRIPTOR:
        return os.open(entry, FILE_FLAGS, dir_fd=folder)
    return os.open(_no_link(folder, entry), FILE_FLAGS)


def _no_link(folder: str, entry: str) -> str:
    """The path of `entry`, which is no link (nor a Windows junction) as it is looked at now."""
    path = os.path.join(folder, entry)
    found = os.lstat(path)
    if stat.S_ISLNK(found.st_mode) or getattr(found, "st_reparse_tag", 0):
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)
    return path


def lstat_beneath(folder: int | str, entry: str) -> os.stat_result:
    return os.lstat(entry, dir_fd=folder) if BY_DESCRIPTOR else os.lstat(os.path.join(folder, entry))


def close(folder: int | str) -> None:
    """Done with open_folder's folder."""
    if BY_DESCRIPTOR:
        os.close(folder)


class Reader:
    """One reading of a submission (or a class's zip): what was read, and the limits' counts."""

    def __init__(self, limits: Limits, warnings: list[str]):
        self.limits = limits
        self.warnings = warnings
        self.files = Files()
        self.entries = 0
        self.total = 0

    def folder_at(self, path: Path) -> None:
        try:
            fd = open_folder(path)
        except OSError as exc:
            raise SubmissionError(f"{path} cannot be read: {exc.strerror}") from None
        try:
            self.folder(fd, "", 0)
        finally:
            close(fd)

    def folder(self, fd: int, prefix: str, depth: int) -> None:
        entries = []
        with os.scandir(fd) as listing:
            for entry in listing:
                if not (entry.name.startswith(".") or entry.name in SKIPPED):
                    self.count(prefix)
                    entries.append(entry)
        for entry in sorted(entries, key=lambda e: e.name):
            name, mode = prefix + entry.name, entry.stat(follow_symlinks=False).st_mode
            if not stat.S_ISDIR(mode) and self.limits.size(name) is None:
                if stat.S_ISLNK(mode):  # a folder's link, say, whose modules would seem missing
                    self.warnings.append(f"skipped {shown(name)}: it {unreadable(mode, name)}")
                continue  # never read, so never a problem
            if why := self.refused_name(name):
                self.skip(name, why)
            elif not stat.S_ISDIR(mode):
                self.file(fd, entry.name, name, mode)
            elif depth + 1 > self.limits.depth:
                self.warnings.append(f"skipped {shown(name)}: folders more than {self.limits.depth} deep are not read")
            else:
                self.subfolder(fd, entry.name, name, depth + 1)

    def subfolder(self, parent: int, entry: str, name: str, depth: int) -> None:
        try:
            fd = folder_beneath(parent, entry)
        except OSError:  # replaced by a link (ENOTDIR, ELOOP) or gone since it was listed
            self.skip(name, "it could not be read as a folder")
            return
        try:
            with os.scandir(fd) as listing:
                if any(e.name == VENV_MARK for e in listing):
                    return
            self.folder(fd, name + "/", depth)
        finally:
            close(fd)

    def file_at(self, path: Path) -> None:
        """The root itself is one file: read as the folder above it would read it."""
        parent = open_folder(path.parent, FOLDER_FLAGS & ~NOFOLLOW)  # the user's own path up to here
        try:
            self.file(parent, path.name, path.name, lstat_beneath(parent, path.name).st_mode)
        finally:
            close(parent)

    def file(self, parent: int, entry: str, name: str, mode: int) -> None:
        if not stat.S_ISREG(mode):  # never opened: opening a device or a FIFO can act
            self.problem(name, unreadable(mode, name))
            return
        try:
            fd = file_beneath(parent, entry)
        except OSError as exc:
            link = exc.errno == errno.ELOOP
            self.problem(name, unreadable(stat.S_IFLNK, name) if link else f"could not be read ({exc.strerror})")
            return
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                self.problem(name, unreadable(opened.st_mode, name))
            elif self.fits(name, opened.st_size):
                data = read_at_most(fd, self.limits.size(name) + 1)
                if self.fits(name, len(data)):
                    self.keep(name, data)
        finally:
            os.close(fd)

    def fits(self, name: str, size: int) -> bool:
        """Within the file's limit (else a problem of its name) and the total (else refused)."""
        limit = self.limits.size(name)
        if size > limit:
            self.problem(name, f"is {megabytes(size)}; at most {megabytes(limit)} is read")
            return False
        if self.total + size > self.limits.total:
            raise SubmissionError(f"the submission holds more than {megabytes(self.limits.total)} of "
                                  f"{', '.join(self.limits.sizes)} files; hand in only your own work")
        return True

    def keep(self, name: str, data: bytes) -> None:
        self.total += len(data)
        self.files.data[name] = data

    def count(self, where: str) -> None:
        self.entries += 1
        if self.entries > self.limits.entries:
            raise SubmissionError(f"the submission holds more than {self.limits.entries} files and folders"
                                  f"{f' (in {shown(where)})' if where else ''}; hand in only your own work")

    def refused_name(self, name: str) -> str | None:
        if odd := odd_name(name):
            return f"its name {odd}"
        if len(name) > self.limits.name:
            return f"its name is over {self.limits.name} characters"
        return None

    def problem(self, name: str, why: str) -> None:
        """A file that was not read: said in the terminal, and the reason its item is missing."""
        self.files.problems[name] = f"{shown(name)} {why}"
        self.warnings.append(self.files.problems[name])

    def skip(self, name: str, why: str) -> None:
        """A name that is not read at all, said in the terminal (a file's is a problem too)."""
        if self.limits.size(name) is not None:
            self.problem(name, f"was not read: {why}")
        else:
            self.warnings.append(f"skipped {shown(name)}: {why}")

    def zip(self, archive, label: str) -> None:
        for name, data in self.zip_members(archive, label):
            if name in self.files.data:
                self.warnings.append(f"{shown(name)} is in {label} twice: the last one is read")
                self.total -= len(self.files.data[name])
            self.keep(name, data)

    def zip_members(self, archive, label: str) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of each member kept, after every header was checked: a zip bomb is
        refused before anything is read, and no member yields more than its header declares."""
        try:
            with zipfile.ZipFile(archive) as zf:
                kept = self.zip_headers(zf.infolist(), label)
                for member in kept:
                    with zf.open(member) as stream:
                        data = stream.read(member.file_size + 1)
                    if len(data) != member.file_size:
                        raise SubmissionError(f"{label}: {shown(member.filename)} does not hold what its header says")
                    yield PurePosixPath(member.filename).as_posix(), data
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
            # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
            raise SubmissionError(f"{label} is not a readable zip file") from None

    def zip_headers(self, members: list[zipfile.ZipInfo], label: str) -> list[zipfile.ZipInfo]:
        if len(members) > self.limits.entries:
            raise SubmissionError(f"{label} holds {len(members)} files; at most {self.limits.entries} are accepted")
        total = sum(m.file_size for m in members)
        if total > self.limits.total:
            raise SubmissionError(f"{label} would unpack to {total >> 20} MB; at most {self.limits.total >> 20} MB")
        kept = []
        for member in members:
            name = member.filename
            parts = PurePosixPath(name).parts
            if member.is_dir() or self.limits.size(name) is None:
                continue
            if name.startswith("/") or ".." in parts or "\\" in name:
                self.warnings.append(f"skipped {shown(name)}: it points outside the submission")
                continue
            if any(p.startswith(".") or p in SKIPPED for p in parts):
                continue  # as a folder's are (SKIPPED)
            if member.compress_size and member.file_size / member.compress_size > MAX_RATIO \
                    and member.file_size > RATIO_FROM:
                raise SubmissionError(f"{shown(name)} is compressed {member.file_size // member.compress_size}:1; "
                                      "this looks like a zip bomb and is refused")
            mode = member.external_attr >> 16  # the Unix mode, where the zip was made on Unix
            if why := self.refused_name(name):
                self.skip(name, why)
            elif len(parts) - 1 > self.limits.depth:
                self.skip(name, f"folders more than {self.limits.depth} deep are not read")
            elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                self.problem(name, unreadable(mode, name))
            elif self.fits(name, member.file_size):
                kept.append(member)
        return kept


def read_at_most(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, min(limit - size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


@contextmanager
def open_file(path: Path) -> Iterator[BinaryIO]:
    """A regular file opened without following a link, as a binary stream."""
    try:
        fd = os.open(path, FILE_FLAGS)
    except OSError as exc:
        raise SubmissionError(f"{path} {unreadable(stat.S_IFLNK, path.name)}" if exc.errno == errno.ELOOP
                              else f"{path} cannot be read: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise SubmissionError(f"{path} {unreadable(mode, path.name)}")
    with os.fdopen(fd, "rb") as stream:
        yield stream


KINDS = {stat.S_IFLNK: "a symbolic link", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
         stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def unreadable(mode: int, name: str) -> str:
    """Why a name that is not a regular file is not read, and what to do instead."""
    kind = KINDS.get(stat.S_IFMT(mode), "not a regular file")
    what = "the file" if PurePosixPath(name).suffix else "the folder"
    return f"is {kind}: submit {what} itself"


def odd_name(name: str) -> str | None:
    """Why a name cannot be shown or used as given: bytes that are not UTF-8 (which arrive from
    the file system as surrogates), control characters such as newlines."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "is not UTF-8"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "holds control characters"
    return None


def shown(name: str) -> str:
    """A name as it can be printed on one line: other bytes and control characters escaped."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def megabytes(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB" if size >= 1 << 20 else f"{size >> 10} KB"
