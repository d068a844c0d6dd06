"""A student's submission as data, for a worker on another machine (grade-all --scheduler).

The instructor's machine reads each submission once, with the reader every grading uses
(autograder.intake: no link followed, every limit applied), and sends the bytes it read; the
worker writes them into a fresh folder of its own and grades that, so no worker ever opens a
path of the instructor's and each grades exactly the bytes read here. A file the reader refused
(a link, a device, one over its size) does not travel: on the worker its item is missing, where
a local grading names why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from autograder import intake
from autograder.intake import SubmissionError


@dataclass(frozen=True)
class Shipped:
    name: str  # the submission's own name: a folder's, a zip's without .zip, or the notebook's
    files: dict[str, bytes]  # relative POSIX name -> contents, as intake read them
    notebook: bool = False  # a notebook handed in alone: its one file is the submission

    def unpack(self, dest: Path) -> Path:
        """Write the submission under dest (a fresh folder); returns what to grade."""
        root = dest / _plain(self.name)
        if not self.notebook:
            root.mkdir()  # an empty folder is graded too: every module missing
        for name, data in self.files.items():
            parts = PurePosixPath(name).parts
            if PurePosixPath(name).is_absolute() or not parts or any(p in (".", "..") for p in parts):
                raise SubmissionError(f"a shipped submission names {name!r}, outside its folder")
            path = (dest if self.notebook else root).joinpath(*parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return root


def pack(path: Path) -> Shipped:
    """The submission at path (a folder, a notebook or a zip), read as a local grading reads it."""
    path = Path(path)
    files = intake.read(path, [])  # a grading's warnings are no part of its report
    single = not path.is_dir()
    if single and path.suffix.lower() == ".ipynb":
        return Shipped(path.name, files.data, notebook=True)
    return Shipped(path.stem if single else path.name, files.data)  # a zip travels as the folder it holds


def _plain(name: str) -> str:
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise SubmissionError(f"a shipped submission is named {name!r}")
    return name
