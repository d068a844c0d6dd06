"""What students get must hold no secret: no reference body, no hidden check, no rubric, no
compiled file. Scans the student bundle (built here) and the committed release/ folder.

A secret line is one that appears only on the instructor's side: a line inside a solution region
of solutions/*.py, a line of a hidden check module, a line of a RUBRIC. Lines that the public side
of the repository also holds (stubs, public checks, the runtime, the parts of solutions/ outside
the regions) are no secret, and neither are short lines (`return x`, `pass`, `)`). Code matches
whole lines, as a copied module or function would bring them; rubric prose matches anywhere.
"""

from __future__ import annotations

import ast
import shutil
import zipfile
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import bundle
from autograder.authoring.stubs import regions

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "autograder"
HIDDEN = PACKAGE / "checks" / "hidden"
MIN_LENGTH = 12  # shorter lines are too common to be anyone's secret


def lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def public_lines() -> set[str]:
    """Every line the repository shows students anyway."""
    seen: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if HIDDEN not in path.parents and path.name != "reference.py" and "authoring" not in path.parts:
            seen |= lines(path.read_text())
    for path in (ROOT / "exercises").glob("q*.py"):
        seen |= lines(path.read_text())
    for path in (ROOT / "solutions").glob("q*.py"):
        text = path.read_text().splitlines()
        inside = {n for start, end, _, _ in regions(text) for n in range(start, end + 1)}
        seen |= {line.strip() for n, line in enumerate(text) if n not in inside}
    return seen


@lru_cache(maxsize=1)
def secrets() -> dict[str, str]:
    """secret line -> where it comes from."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "solutions").glob("q*.py")):
        text = path.read_text()
        source = text.splitlines()
        for start, end, _, kind in regions(source):
            for line in source[start + 1:end]:
                found.setdefault(line.strip(), f"solutions/{path.name} ({kind.lower()} region)")
        for node in ast.parse(text).body:  # the rubric's own lines, wherever its region is
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "RUBRIC" for t in node.targets):
                for line in ast.literal_eval(node.value).splitlines():
                    found.setdefault(line.strip(), f"solutions/{path.name} (RUBRIC)")
    for path in sorted(HIDDEN.glob("test_*.py")):
        for line in path.read_text().splitlines():
            found.setdefault(line.strip(), f"checks/hidden/{path.name}")
    public = public_lines()
    return {line: where for line, where in found.items() if len(line) >= MIN_LENGTH and line not in public}


def readable(name: str, content: bytes) -> str:
    """A file's text; a notebook's cell sources and outputs, as a student sees them."""
    text = content.decode("utf-8", errors="replace")
    if name.endswith(".ipynb"):
        nb = nbformat.reads(text, as_version=4)
        parts = [cell.source for cell in nb.cells]
        parts += [str(o.get("text", "")) + str(o.get("data", "")) for c in nb.cells for o in c.get("outputs", [])]
        text += "\n" + "\n".join(parts)
    return text


def scan(files: dict[str, bytes]) -> list[str]:
    """Every secret found in the files (name -> content), one line of explanation each."""
    findings = []
    for name, content in sorted(files.items()):
        parts = Path(name).parts
        if "__pycache__" in parts or name.endswith((".pyc", ".pyo")):
            findings.append(f"{name}: compiled file")
        if "hidden" in parts and "checks" in parts:
            findings.append(f"{name}: a hidden check module")
        text = readable(name, content)
        held = lines(text)
        for line, where in secrets().items():
            # Code is compared line by line (a public line may contain a secret one, as
            # `ns.opt.zero_grad()` contains `opt.zero_grad()`); rubric prose wherever it appears.
            if line in held or ("RUBRIC" in where and line in text):
                findings.append(f"{name}: holds {line!r} from {where}")
    return findings


def files_of_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def files_of_folder(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> dict[str, bytes]:
    return files_of_zip(bundle.build(ROOT, tmp_path_factory.mktemp("bundle") / "lesson4.zip"))


def test_there_are_secrets_to_look_for():
    kinds = " ".join(secrets().values())
    assert "solution region" in kinds and "RUBRIC" in kinds and "checks/hidden" in kinds


def test_the_bundle_holds_no_secret(bundled):
    assert scan(bundled) == []


def test_the_release_holds_no_secret():
    files = files_of_folder(ROOT / "release")
    assert files, "release/ is empty: run `python -m autograder.authoring release`"
    assert scan(files) == []


def one_secret(where: str) -> str:
    return next(line for line, origin in secrets().items() if where in origin)


@pytest.mark.parametrize("plant", ["reference", "rubric", "hidden_line", "hidden_file", "compiled", "notebook"])
def test_the_scan_catches_a_planted_secret(bundled, plant):
    """The scan is worth something only if it can fail: plant one secret in a copy and find it."""
    files = dict(bundled)
    stub = next(name for name in files if name.endswith("exercises/q07_zip_pairs.py"))
    if plant == "reference":
        files[stub] += ("\n" + one_secret("solution region") + "\n").encode()
    elif plant == "rubric":
        files[stub] += ("\n# " + one_secret("RUBRIC") + "\n").encode()
    elif plant == "hidden_line":
        files[stub] += ("\n" + one_secret("checks/hidden") + "\n").encode()
    elif plant == "hidden_file":
        files["lesson4/autograder/checks/hidden/test_q99.py"] = b"x = 1\n"
    elif plant == "compiled":
        files["lesson4/autograder/__pycache__/cli.cpython-311.pyc"] = b"\x00"
    else:  # a reference body inside a notebook cell, where the JSON escapes its quotes
        name = next(n for n in files if n.endswith(".ipynb"))
        nb = nbformat.reads(files[name].decode(), as_version=4)
        nb.cells[-1].source += "\n" + one_secret("solution region")
        files[name] = nbformat.writes(nb).encode()
    assert scan(files), f"the planted {plant} went unnoticed"


def test_the_scan_reads_a_real_folder(tmp_path):
    """The same on disk: a copy of a reference module dropped into a copy of release/."""
    shutil.copytree(ROOT / "release", tmp_path / "release")
    shutil.copy(ROOT / "solutions" / "q07_zip_pairs.py", tmp_path / "release" / "q07_zip_pairs.py")
    assert any("q07_zip_pairs.py" in f for f in scan(files_of_folder(tmp_path / "release")))
