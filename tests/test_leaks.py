"""What students get must hold no secret: no line of an answer, no hidden check, no rubric, no
compiled file. Scans the student bundle (built here) and the committed release/ folder.

An answer line is a line inside a solution or rubric region of solutions/*.py, or of a RUBRIC.
Every file students get is compared with them, the runtime and the public checks included: the
lesson's code that checks need comes from autograder/worker/lesson.py, which holds no answer
line. Students see some of those lines anyway, and they are no secret: lines that the solution
modules also hold outside their regions (signatures, docstrings, imports: the stubs are made of
them), short lines (`return x`, `pass`, `)`) and VOCABULARY. A line of a hidden check is secret
only where the public side of the repository does not hold it too, since hidden checks share
imports and probes with the public ones. Code matches whole lines, as a copied module or function
would bring them; rubric prose matches anywhere.
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

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "autograder"
HIDDEN = PACKAGE / "checks" / "hidden"
MIN_LENGTH = 12  # shorter lines are too common to be anyone's secret
# Everyday lines of Python and torch that an answer happens to contain and the public checks or
# the runtime need for their own ends: none of them is what an item asks students to find.
VOCABULARY = frozenset({
    "with torch.no_grad():",
    "loss.backward()",
    "return x.grad",
    "root = Path(root)",
    'return "\\n".join(lines)',
    "from torchvision.transforms import InterpolationMode",
    "from torchvision.transforms.v2 import functional as TF",
})


def lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def solution_modules() -> list[Path]:
    return sorted((ROOT / "solutions").glob("q*.py"))


def outside_regions() -> set[str]:
    """The solution modules' lines outside their regions: students see them in the stubs."""
    seen: set[str] = set()
    for path in solution_modules():
        text = path.read_text().splitlines()
        inside = {n for start, end, _, _ in regions(text) for n in range(start, end + 1)}
        seen |= {line.strip() for n, line in enumerate(text) if n not in inside}
    return seen


def public_package_lines() -> set[str]:
    """Every line of the package's public side: what a hidden check may share with it."""
    seen: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if HIDDEN not in path.parents and path.name != "reference.py" and "authoring" not in path.parts:
            seen |= lines(path.read_text())
    return seen


def answer_lines() -> dict[str, str]:
    """Every line of a solution region, a rubric region or a RUBRIC -> where it comes from."""
    found: dict[str, str] = {}
    for path in solution_modules():
        text = path.read_text()
        source = text.splitlines()
        for start, end, _, kind in regions(source):
            for line in source[start + 1:end]:
                found.setdefault(line.strip(), f"solutions/{path.name} ({kind.lower()} region)")
        for node in ast.parse(text).body:  # the rubric's own lines, wherever its region is
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "RUBRIC" for t in node.targets):
                for line in ast.literal_eval(node.value).splitlines():
                    found.setdefault(line.strip(), f"solutions/{path.name} (RUBRIC)")
    return found


@lru_cache(maxsize=1)
def secrets() -> dict[str, str]:
    """secret line -> where it comes from."""
    shown = outside_regions()
    found = {line: where for line, where in answer_lines().items()
             if len(line) >= MIN_LENGTH and line not in shown and line not in VOCABULARY}
    public = public_package_lines() | shown
    for path in sorted(HIDDEN.glob("test_*.py")):
        for line in lines(path.read_text()):
            if len(line) >= MIN_LENGTH and line not in public:
                found.setdefault(line, f"checks/hidden/{path.name}")
    return found


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


def leaks(path: Path) -> list[str]:
    """scan() of what students get, as a zip or an unpacked folder."""
    return scan(files_of_folder(path) if path.is_dir() else files_of_zip(path))


@pytest.fixture(scope="module")
def bundle_zip(tmp_path_factory) -> Path:
    return bundle.build(ROOT, tmp_path_factory.mktemp("bundle") / "lesson4.zip")


@pytest.fixture(scope="module")
def bundled(bundle_zip) -> dict[str, bytes]:
    return files_of_zip(bundle_zip)


def test_there_are_secrets_to_look_for():
    kinds = " ".join(secrets().values())
    assert "solution region" in kinds and "RUBRIC" in kinds and "checks/hidden" in kinds


def test_the_bundle_holds_no_secret(bundle_zip):
    assert leaks(bundle_zip) == []


def test_the_release_holds_no_secret():
    assert files_of_folder(ROOT / "release"), "release/ is empty: run `python -m autograder.authoring release`"
    assert leaks(ROOT / "release") == []


def test_every_word_of_the_vocabulary_is_still_needed(bundled):
    """An entry that no answer holds, or that nothing students get holds, exempts nothing: drop it."""
    held = set().union(*(lines(readable(name, content)) for name, content in bundled.items()))
    answers = answer_lines()
    assert [line for line in sorted(VOCABULARY) if line not in answers or line not in held] == []


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


@pytest.mark.parametrize(("item", "target"), [
    ("q01_accuracy_loss", "autograder/checks/public/test_q12_zero_grad.py"),
    ("q04_sgd_step", "autograder/checks/public/test_q06_sgd_epoch.py"),
    ("q01_accuracy_loss", "autograder/worker/lesson.py"),
])
def test_an_answer_copied_into_a_file_of_the_runtime_is_found(bundle_zip, tmp_path, item, target):
    """Public checks and the lesson's module ship to students like the stubs: a line of an answer
    copied into one of them, inside a probe as the checks write them, is a leak."""
    with zipfile.ZipFile(bundle_zip) as zf:
        zf.extractall(tmp_path)
    planted = one_secret(f"solutions/{item}.py (solution region)")
    path = tmp_path / bundle.TOP / target
    path.write_text(path.read_text() + f"\n\ndef probe(ns, predictions, targets, params, lr):\n    {planted}\n")
    assert f"{bundle.TOP / target}: holds {planted!r} from solutions/{item}.py (solution region)" in leaks(tmp_path)


def test_the_scan_reads_a_real_folder(tmp_path):
    """The same on disk: a copy of a reference module dropped into a copy of release/."""
    shutil.copytree(ROOT / "release", tmp_path / "release")
    shutil.copy(ROOT / "solutions" / "q07_zip_pairs.py", tmp_path / "release" / "q07_zip_pairs.py")
    assert any("q07_zip_pairs.py" in f for f in leaks(tmp_path / "release"))
