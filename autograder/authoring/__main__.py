"""Regenerate the student material from solutions/.

    python -m autograder.authoring           # exercises/ (stubs) and source/lesson4/lesson4.ipynb
    python -m autograder.authoring release   # the same, then release/lesson4/lesson4.ipynb (real nbgrader)
"""

import sys
import tempfile
from pathlib import Path

from autograder.authoring import notebook, release, stubs
from autograder.reference import SOLUTIONS

ROOT = SOLUTIONS.parent


def main(argv: list[str]) -> int:
    if argv not in ([], ["release"]):
        print(__doc__)
        return 2
    written = stubs.generate(SOLUTIONS, ROOT / "exercises")
    written.append(notebook.write(notebook.build(SOLUTIONS), notebook.source_path(ROOT)))
    if argv == ["release"]:
        with tempfile.TemporaryDirectory(prefix="nbgrader-course-") as course:
            written.append(release.release(ROOT, Path(course)))
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


sys.exit(main(sys.argv[1:]))
