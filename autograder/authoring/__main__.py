"""Regenerate what is made from solutions/, and check an item end to end.

    python -m autograder.authoring             # autograder/items.json, exercises/ (stubs),
                                               # source/lesson4/lesson4.ipynb, docs/items.md
    python -m autograder.authoring release     # the same, then release/lesson4/lesson4.ipynb (real nbgrader)
    python -m autograder.authoring verify qNN  # the same as without release, then grades qNN's reference,
                                               # stub and mistakes and rebuilds its signatures
    python -m autograder.authoring signatures  # autograder/report/signatures.json from every mistake
                                               # in tests/mistakes/ (a few minutes)
"""

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from autograder.authoring import index
from autograder.reference import SOLUTIONS

ROOT = SOLUTIONS.parent
EXERCISES = ROOT / "exercises"


def regenerate(nbgrader: bool) -> list[Path]:
    """Writes the stubs, the source notebook and the contract (and with nbgrader, the release
    notebook); returns the paths written."""
    from autograder.authoring import contract, notebook, release, stubs

    written = stubs.generate(SOLUTIONS, EXERCISES)
    written.append(notebook.write(notebook.build(SOLUTIONS), notebook.source_path(ROOT)))
    written.append(contract.write(contract.build(SOLUTIONS), contract.path(ROOT)))
    if nbgrader:
        with tempfile.TemporaryDirectory(prefix="nbgrader-course-") as course:
            written.append(release.release(ROOT, Path(course)))
    return written


def summary(paths: list[Path]) -> str:
    """The paths, a folder that holds several of them named once."""
    count = Counter(path.parent for path in paths)
    return ", ".join(dict.fromkeys(f"{path.parent.relative_to(ROOT)}/ ({count[path.parent]} files)"
                                   if count[path.parent] > 1 else str(path.relative_to(ROOT)) for path in paths))


def main(argv: list[str]) -> int:
    if argv == ["signatures"]:
        from autograder.authoring import signatures

        return signatures.main()
    verifying = argv[:1] == ["verify"] and len(argv) == 2
    if argv not in ([], ["release"]) and not verifying:
        print(__doc__)
        return 2
    # The catalogue reads the index when it is imported: a changed index is written, then the
    # generator starts again so that everything below sees the items as they are now.
    entries = index.build(SOLUTIONS)
    if index.read() != entries:
        print(f"wrote {index.write(entries, index.INDEX).relative_to(ROOT)}", flush=True)
        os.execv(sys.executable, [sys.executable, "-P", "-m", "autograder.authoring", *argv])
    written = regenerate(nbgrader=argv == ["release"])
    if verifying:
        from autograder.authoring import verify

        print(f"regenerate: wrote {summary(written)}", flush=True)
        return verify.verify(argv[1], EXERCISES)
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


sys.exit(main(sys.argv[1:]))
