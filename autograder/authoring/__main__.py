"""Regenerate what is made from solutions/.

    python -m autograder.authoring           # autograder/items.json, exercises/ (stubs),
                                             # source/lesson4/lesson4.ipynb, docs/items.md
    python -m autograder.authoring release   # the same, then release/lesson4/lesson4.ipynb (real nbgrader)
"""

import os
import sys
import tempfile
from pathlib import Path

from autograder.authoring import index
from autograder.reference import SOLUTIONS

ROOT = SOLUTIONS.parent


def main(argv: list[str]) -> int:
    if argv not in ([], ["release"]):
        print(__doc__)
        return 2
    # The catalogue reads the index when it is imported: a changed index is written, then the
    # generator starts again so that everything below sees the items as they are now.
    entries = index.build(SOLUTIONS)
    if index.read() != entries:
        print(f"wrote {index.write(entries, index.INDEX).relative_to(ROOT)}", flush=True)
        os.execv(sys.executable, [sys.executable, "-m", "autograder.authoring", *argv])
    from autograder.authoring import contract, notebook, release, stubs

    written = stubs.generate(SOLUTIONS, ROOT / "exercises")
    written.append(notebook.write(notebook.build(SOLUTIONS), notebook.source_path(ROOT)))
    written.append(contract.write(contract.build(SOLUTIONS), contract.path(ROOT)))
    if argv == ["release"]:
        with tempfile.TemporaryDirectory(prefix="nbgrader-course-") as course:
            written.append(release.release(ROOT, Path(course)))
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


sys.exit(main(sys.argv[1:]))
