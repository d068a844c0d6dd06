"""Files written whole: a reader (a resumed batch, Classroom's reporter, a browser) never sees
half of one, whatever interrupts the writer."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Written whole or not at all: the text goes to a hidden file beside `path`, which then
    replaces `path` in one step."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
