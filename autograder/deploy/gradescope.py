"""`autograder gradescope-package OUT.zip`: the autograder zip that Gradescope runs.

The zip holds setup.sh and run_autograder at its top (Gradescope's contract), and the whole
package in package/: hidden checks and reference solutions included. Gradescope keeps an
autograder's source private, and the sandbox (bubblewrap) keeps it out of the student code's
reach while grading. The zip is reproducible: sorted members, fixed dates and modes.
"""

from __future__ import annotations

import re
import tomllib
import zipfile
from pathlib import Path

import autograder
from autograder.reference import SOLUTIONS

HERE = Path(__file__).parent
DATE = (1980, 1, 1, 0, 0, 0)
SKIPPED = ("__pycache__", ".pyc", ".pyo")


def torch_requirements(pyproject: Path) -> str:
    """torch and torchvision as the package pins them, quoted for the shell."""
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    wanted = [d for d in dependencies if re.match(r"(torch|torchvision)\b", d)]
    return " ".join(f'"{d}"' for d in wanted)


def members(root: Path, policy: Path | None = None) -> dict[str, tuple[bytes, int]]:
    """Zip member name -> (content, mode); a late policy goes beside run_autograder, which applies it."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise FileNotFoundError(f"{pyproject} is missing: build the package from the project's repository")
    setup = (HERE / "setup.sh").read_text().replace("{torch_requirements}", torch_requirements(pyproject))
    files = {
        "setup.sh": (setup.encode(), 0o755),
        "run_autograder": ((HERE / "run_autograder").read_bytes(), 0o755),
        "package/pyproject.toml": (pyproject.read_bytes(), 0o644),
        "package/README.md": ((root / "README.md").read_bytes(), 0o644),
        **({"policy.toml": (policy.read_bytes(), 0o644)} if policy else {}),
    }
    for folder in (Path(autograder.__file__).parent, SOLUTIONS):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not any(s in path.parts or path.name.endswith(s) for s in SKIPPED):
                mode = 0o755 if path.name == "run_autograder" else 0o644
                files[f"package/{path.relative_to(root).as_posix()}"] = (path.read_bytes(), mode)
    return dict(sorted(files.items()))


def build(out: Path, policy: Path | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, (content, mode) in members(SOLUTIONS.parent, policy).items():
            info = zipfile.ZipInfo(name, DATE)
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return out
