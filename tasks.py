#!/usr/bin/env python3
"""Two commands for a fresh clone; each sets up what it needs (a .venv beside this file).

    python3 tasks.py demo          # grade the reference solutions and the blank stubs, print both tables
    python3 tasks.py test          # run the project's own tests: the full suite (CI's)
    python3 tasks.py test --fast   # the developer's loop: the fast tier only (a few minutes)

Other arguments go to pytest (`python3 tasks.py test --fast tests/test_cli.py -x`).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from autograder import install

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed"


def install_debian(packages: dict[str, str]) -> None:
    """System tools from Debian's archive, when we may install them (root with apt-get).
    packages maps a package to the command it provides; what is already there is skipped."""
    import os
    import shutil

    missing = [name for name, command in packages.items() if not shutil.which(command)]
    if not missing or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    print(f"installing {' '.join(missing)} (apt-get)", flush=True)
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
    if subprocess.run(install, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
        subprocess.run(install, stdout=subprocess.DEVNULL)
    for name in missing:
        if not shutil.which(packages[name]):
            print(f"{name} could not be installed; see README.md for what that changes")


def setup(for_tests: bool) -> None:
    """Create .venv (again, when another Python made it) and install the package with its test
    extras, once per pyproject change; README.md says what the install costs. bubblewrap
    isolates student code (docs/security.md); the tests also open the HTML feedback in a real
    Chromium."""
    install_debian({"bubblewrap": "bwrap", **({"chromium": "chromium"} if for_tests else {})})
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if install.made_here(VENV) and STAMP.exists() and STAMP.read_text() == wanted:
        return
    install.install(ROOT, VENV, ["test"])
    STAMP.write_text(wanted)


def demo() -> int:
    for folder in ("solutions", "exercises"):
        print(f"\n== autograder grade {folder}", flush=True)
        code = subprocess.run([PYTHON, "-P", "-m", "autograder", "grade", str(ROOT / folder)]).returncode
        if code:
            return code
    return 0


def test(args: list[str]) -> int:
    """The tiers are pytest markers (pyproject.toml): --fast selects the fast one."""
    tier = ["-m", "fast"] if "--fast" in args else []
    return subprocess.run([PYTHON, "-m", "pytest", *tier, *(a for a in args if a != "--fast")], cwd=ROOT).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test"):
        print(__doc__)
        return 2
    problem = install.version_problem(ROOT / "pyproject.toml")
    if problem:
        print(f"tasks.py: {problem}")
        return 2
    setup(for_tests=sys.argv[1] == "test")
    return demo() if sys.argv[1] == "demo" else test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
