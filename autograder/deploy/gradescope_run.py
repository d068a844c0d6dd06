"""Run the Gradescope autograder as Gradescope does, on this machine: `run_autograder` in a tree
laid out like Gradescope's (`source/`, `submission/`, `results/`), as `otter run` does for
Otter's.

    autograder gradescope-run autograder.zip SUBMISSION    # the packaged grader, on one submission
    python -I -m autograder.deploy.gradescope_run SOURCE   # setup.sh's last step: the image grades

The second form is how an image proves it grades before any student meets it: the installed
package grades its own reference at full marks and the stubs made from it at zero, through
`run_autograder`, or the image build fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from autograder.reference import SOLUTIONS

SECONDS = 1800  # for every item of one submission on a slow machine


def run(source: Path, files: dict[str, bytes], python: str = sys.executable, package: Path | None = None,
        ) -> tuple[int, dict | None, str]:
    """run_autograder of `source` (an unzipped autograder) on a submission of `files` (name ->
    bytes), with `python`, importing the grader from `package` where given (else the installed
    one): its exit status, the results it wrote (None: none, as when the grader failed) and what
    it said."""
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        root = Path(tmp) / "autograder"
        shutil.copytree(source, root / "source")
        (root / "submission").mkdir()
        (root / "results").mkdir()
        for name, data in files.items():
            (root / "submission" / name).write_bytes(data)
        # The sandbox's user must pass through the tree to the submission, as in Gradescope's.
        os.chmod(tmp, 0o755)
        env = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_ROOT", "AUTOGRADER_PYTHON")}
        env.update(AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=python)
        if package is not None:
            env["PYTHONPATH"] = str(package)
        done = subprocess.run(["bash", str(root / "source" / "run_autograder")], capture_output=True, text=True,
                              env=env, timeout=SECONDS)
        written = root / "results" / "results.json"
        results = json.loads(written.read_text()) if written.is_file() else None
    return done.returncode, results, done.stdout + done.stderr


def run_zip(package_zip: Path, submission: Path) -> tuple[int, dict | None, str]:
    """An autograder zip (gradescope-package) on a submission (a folder, a notebook or a zip), with
    this Python and the zip's own package."""
    files = ({p.name: p.read_bytes() for p in submission.iterdir() if p.is_file()} if submission.is_dir()
             else {submission.name: submission.read_bytes()})
    with tempfile.TemporaryDirectory(prefix="autograder-zip-") as tmp:
        source = Path(tmp) / "source"
        with zipfile.ZipFile(package_zip) as archive:
            archive.extractall(source)
        return run(source, files, package=source / "package")


def self_test(source: Path) -> list[str]:
    """What is wrong with the installed grader run from `source` (setup.sh's folder): the
    reference must score full marks and the stubs zero."""
    from autograder.authoring.stubs import make_stub

    reference = {p.name: p.read_bytes() for p in sorted(SOLUTIONS.glob("q[0-9][0-9]_*.py"))}
    stubs = {name: make_stub(data.decode(), name[:3]).encode() for name, data in reference.items()}
    problems = []
    for name, files, full in (("the reference", reference, True), ("the stubs", stubs, False)):
        code, results, said = run(source, files)
        if results is None or code != 0:
            problems.append(f"{name}: the autograder failed (exit {code}): {said.strip().splitlines()[-1:]}")
            continue
        top = sum(test.get("max_score", 0) for test in results["tests"] if "written" not in test.get("tags", []))
        got = sum(test["score"] for test in results["tests"] if "written" not in test.get("tags", []))
        if (got != top or top == 0) if full else got != 0:
            problems.append(f"{name} scored {got:g} of {top:g}")
        print(f"{name}: {got:g} of {top:g}")
    return problems


def main(argv: list[str]) -> int:
    problems = self_test(Path(argv[0]))
    for problem in problems:
        print(f"the autograder does not grade as it must: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
