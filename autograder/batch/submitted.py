"""When a student submitted, from what the download itself says, in this order:

1. nbgrader's `timestamp.txt` (written by `nbgrader submit`; a time without a zone is UTC, as
   nbgrader reads it);
2. Gradescope's `submission_metadata.json` (`created_at`);
3. for Canvas's flat downloads, the files' time, with the `LATE` marker of their names saying
   whether Canvas counted them late (batch.discover keeps a class zip's member times, read as UTC);
4. else the newest modification time of the submitted files.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from autograder.late import created_at, utc

KEPT = (".py", ".ipynb", ".zip")


def when(origin: tuple[Path, ...], canvas: bool = False) -> tuple[datetime | None, str]:
    """(time, where it came from) for the downloaded files or folder of one student."""
    for path in origin:
        if path.is_dir():
            for finder in (nbgrader_timestamp, gradescope_created_at):
                found = finder(path)
                if found:
                    return found
    newest = newest_mtime(origin)
    if newest is None:
        return None, "nothing submitted"
    return newest, "the Canvas files' time" if canvas else "the files' modification time"


def nbgrader_timestamp(folder: Path) -> tuple[datetime, str] | None:
    stamps = sorted(folder.rglob("timestamp.txt"))
    if len(stamps) != 1:
        return None
    moment = parse_nbgrader(stamps[0].read_text(errors="replace").strip())
    return (moment, "nbgrader's timestamp.txt") if moment else None


def parse_nbgrader(text: str) -> datetime | None:
    """nbgrader writes `%Y-%m-%d %H:%M:%S.%f %Z`, the zone a name (UTC by default) or an offset."""
    import dateutil.parser
    import dateutil.tz

    parts = text.split(" ")
    try:
        if len(parts) == 3:
            zone = dateutil.tz.tzoffset(None, offset_seconds(parts[2])) if parts[2][:1] in "+-" \
                else dateutil.tz.gettz(parts[2])
            return utc(dateutil.parser.parse(" ".join(parts[:2])).replace(tzinfo=zone))
        return utc(dateutil.parser.parse(text))
    except (ValueError, OverflowError):
        return None


def offset_seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    return sign * (int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60)


def gradescope_created_at(folder: Path) -> tuple[datetime, str] | None:
    path = folder / "submission_metadata.json"
    if not path.is_file():
        return None
    try:
        moment = created_at(json.loads(path.read_text()))
    except (OSError, ValueError):
        return None
    return (moment, "Gradescope's submission_metadata.json") if moment else None


def newest_mtime(origin: tuple[Path, ...]) -> datetime | None:
    files = [p for path in origin for p in ([path] if path.is_file() else path.rglob("*"))
             if p.is_file() and p.suffix.lower() in KEPT and ".ipynb_checkpoints" not in p.parts]
    if not files:
        return None
    return datetime.fromtimestamp(max(p.stat().st_mtime for p in files), tz=timezone.utc)
