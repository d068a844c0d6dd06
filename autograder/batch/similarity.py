"""`grade-all --similarity`: how much of each student's code for an item is found in another's.

copydetect fingerprints each student's item module (or the code cells of their notebook that
define the item's names) by winnowing k-grams of its tokens, with names and strings made
generic, so that renaming variables or rewording comments changes nothing. The released stub
is boilerplate: its docstrings and given code never count. A pair's similarity is the larger of
the two shares (of A's code found in B, of B's in A). It is evidence for a person to look at,
never a change to anyone's score.
"""

from __future__ import annotations

import io
import re
from itertools import combinations
from pathlib import Path

from autograder import catalogue
from autograder.batch.discover import Entry
from autograder.report.similarity_page import FLAGGED, SHOWN

# Items are small: a few lines that most solutions share (`if ax is None: ...`) would be a large
# share of them. A pair is listed only when it shares this many of copydetect's filtered tokens.
MIN_TOKENS = 100
MAX_SOURCE = 256 << 10  # characters of one student's item considered; more is not hand-written work
DEFINES = re.compile(r"^(?:async\s+)?(?:def|class)\s+(\w+)|^(\w+)\s*=", re.MULTILINE)


def sources(path: Path) -> dict[str, str]:
    """Item id -> the student's code for it: the item's module, or the notebook's code cells
    that define the item's names. Whatever cannot be read gives nothing."""
    from autograder.submission import SubmissionError, read

    found: dict[str, str] = {}
    try:
        work = read(path)
    except (SubmissionError, OSError):
        return {}
    if work.runs_cells:
        for cell in work.cells:
            if item_id := item_of_cell(cell["source"]):
                found[item_id] = found.get(item_id, "") + cell["source"] + "\n"
    else:
        for item in catalogue.ITEMS:
            if (source := work.module(item.module)) is not None:
                found[item.id] = source.decode("utf-8", errors="replace")
    return {item_id: text[:MAX_SOURCE] for item_id, text in found.items()}


def item_of_cell(source: str) -> str | None:
    defined = {a or b for a, b in DEFINES.findall(source)}
    return next((item.id for item in catalogue.ITEMS if defined & set(item.names)), None)


def stub(item: catalogue.Item) -> str:
    """The released stub, made from the reference as the release makes it."""
    from autograder.authoring.stubs import make_stub
    from autograder.reference import SOLUTIONS

    return make_stub((SOLUTIONS / f"{item.module}.py").read_text(), item.id)


def without_docstrings(source: str) -> str:
    import ast

    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree)


def fingerprint(name: str, text: str, boilerplate=None, window: int | None = None):
    from copydetect import CodeFingerprint, defaults

    window = window or defaults.GUARANTEE_THRESHOLD - defaults.NOISE_THRESHOLD + 1
    return CodeFingerprint(f"{name}.py", defaults.NOISE_THRESHOLD, window, boilerplate, fp=io.StringIO(text))


def compare_item(item: catalogue.Item, codes: dict[str, str]) -> list[dict]:
    """Every pair of students over SHOWN, most similar first."""
    from copydetect import compare_files

    import numpy as np

    # As copydetect's own detector does: every k-gram of the stub, not only the winnowed ones;
    # and of the stub without its docstrings, which students often delete.
    given = stub(item)
    boilerplate = np.unique(np.array([h for text in (given, without_docstrings(given))
                                      for h in fingerprint("stub", text, window=1).hashes]))
    prints = {student: fingerprint(student, text, boilerplate) for student, text in codes.items()}
    pairs = []
    for a, b in combinations(sorted(prints), 2):
        overlap, (share_a, share_b), (slices_a, slices_b) = compare_files(prints[a], prints[b])
        similarity = float(max(share_a, share_b))
        if similarity < SHOWN or overlap < MIN_TOKENS:
            continue
        pairs.append({"item": item.id, "a": a, "b": b, "similarity": round(similarity, 3),
                      "share_a": round(float(share_a), 3), "share_b": round(float(share_b), 3),
                      "tokens": int(overlap), "flagged": similarity >= FLAGGED,
                      "code_a": segments(prints[a].raw_code, slices_a),
                      "code_b": segments(prints[b].raw_code, slices_b)})
    return sorted(pairs, key=lambda p: (-p["similarity"], p["a"], p["b"]))


def segments(code: str, slices) -> list[tuple[str, bool]]:
    """The code cut into (text, shared) runs, for the page to escape and mark."""
    out, at = [], 0
    for start, end in zip(*slices):
        start, end = int(start), int(end)
        out += [(code[at:start], False), (code[start:end], True)]
        at = end
    return [(text, shared) for text, shared in out + [(code[at:], False)] if text]


def compare_class(entries: list[Entry], items: list[str] | None) -> dict[str, list[dict]]:
    """Item id -> its pairs over SHOWN, for the items asked for (every item by default)."""
    by_item: dict[str, dict[str, str]] = {}
    for entry in entries:
        if entry.path is not None:
            for item_id, text in sources(entry.path).items():
                by_item.setdefault(item_id, {})[entry.student] = text
    wanted = [i for i in catalogue.ITEMS if (items is None or i.id in items) and len(by_item.get(i.id, {})) > 1]
    return {item.id: compare_item(item, by_item[item.id]) for item in wanted}


def write_report(entries: list[Entry], path: Path, items: list[str] | None) -> dict[str, list[dict]]:
    """similarity.html; returns the pairs without their code, for the summary."""
    from autograder.files import write_atomic
    from autograder.report import similarity_page

    pairs = compare_class(entries, items)
    write_atomic(path, similarity_page.render(pairs, len(entries)))
    return {item_id: [{k: v for k, v in p.items() if not k.startswith("code_")} for p in found]
            for item_id, found in pairs.items()}
