"""q26 public checks: students may read and run these (`autograder check q26`).

Reports are read line by line as the docstring lays them out; spaces are not significant.
"""

import re

import pytest

from autograder.checks.expect import fail
from autograder.checks.show import show


def digit_summary(ns, n_items, tfms, y="label", big=(), batch_size=4):
    """summarize() on the first n_items bundled digits; items are their indices, get_x gives the
    uint8 (28, 28) image (padded to (32, 32) for the items in `big`), and the transforms are
    picked by name from the small set below."""
    import torch.nn.functional as F

    from autograder.data import load_digits
    from autograder.worker import kit

    images, labels = load_digits()

    class CenterCrop:
        def __init__(self, size):
            self.size = size

        def __call__(self, x):
            top, left = (x.shape[-2] - self.size) // 2, (x.shape[-1] - self.size) // 2
            return x[..., top:top + self.size, left:left + self.size]

    def to_float(x):
        return x.float() / 255

    def add_channel(x):
        return x[None]

    def flatten(x):
        return x.reshape(-1)

    library = {"to_float": to_float, "add_channel": add_channel, "flatten": flatten, "crop_24": CenterCrop(24)}
    get_ys = {
        "label": lambda i: int(labels[i]),
        "one_hot": lambda i: F.one_hot(labels[i], 10).float(),
        "label_list": lambda i: labels[i].repeat(1 + i % 2),  # one or two labels per item
    }

    def get_x(i):
        return F.pad(images[i], (2, 2, 2, 2)) if i in big else images[i]

    report = ns.summarize(list(range(n_items)), get_x, get_ys[y], [library[t] for t in tfms], batch_size=batch_size)
    return kit.plain(report)


def written(n_items, tfms, y="label", big=(), batch_size=4):
    """The call, as the student would read it."""
    sizes = f", items {list(big)} padded to 32x32" if big else ""
    shown = ", ".join("CenterCrop(24)" if t == "crop_24" else t for t in tfms)
    return (f"summarize(items, get_x, get_y, item_tfms=[{shown}], batch_size={batch_size}) "
            f"on {n_items} digits with get_y={y}{sizes}")


def bare(text):
    return re.sub(r"\s+", "", text)


def parse(report, call):
    """{"items": str, "steps": [(name, shape)], "batch x": str, "batch y": str}, spaces removed."""
    if not isinstance(report, str):
        fail(f"{call} should return the report as a str, but returned {show(report)}")
    found = {"items": None, "steps": [], "batch x": None, "batch y": None}
    for line in report.splitlines():
        line = line.strip()
        if m := re.fullmatch(r"items\s*:\s*(.*)", line):
            found["items"] = bare(m.group(1))
        elif m := re.fullmatch(r"step\s+(\S+)\s*:\s*(.*)", line):
            found["steps"].append((m.group(1), bare(m.group(2))))
        elif m := re.fullmatch(r"batch\s+([xy])\s*:\s*(.*)", line):
            found[f"batch {m.group(1)}"] = m.group(2)
    return found


def quoted(report):
    return "\n    " + "\n    ".join(report.splitlines()) if report.strip() else " (empty)"


def expect_line(found, key, expected, report, call):
    """The line `key` must say `expected` (compared without spaces)."""
    got = found[key]
    if got is None:
        fail(f"{call} returned a report without a '{key}: ...' line; the report was:{quoted(report)}")
    if bare(got) != bare(expected):
        fail(f"{call}: the '{key}' line is wrong\n  expected: {key}: {expected}\n  got:      {key}: {got}"
             f"\n  the report was:{quoted(report)}")


def expect_steps(found, expected, report, call):
    steps = [f"{name}: {shape}" for name, shape in found["steps"]]
    want = [f"{name}: {bare(shape)}" for name, shape in expected]
    if steps != want:
        fail(f"{call}: the step lines are wrong\n  expected: {want}\n  got:      {steps}"
             f"\n  the report was:{quoted(report)}")


def expect_collate_failure(found, key, shapes, report, call):
    """The line `key` must say 'Could not collate' and name both shapes."""
    got = found[key]
    if got is None:
        fail(f"{call} returned a report without a '{key}: ...' line; the report was:{quoted(report)}")
    if "couldnotcollate" not in bare(got).lower() or not all(bare(s) in bare(got) for s in shapes):
        fail(f"{call}: the items' shapes differ, so the '{key}' line should say 'Could not collate' and name "
             f"both shapes {' and '.join(shapes)}\n  got: {key}: {got}\n  the report was:{quoted(report)}")


@pytest.mark.holds("q26.lines", "q26.pipeline", "q26.shape", "q26.str")
@pytest.mark.points(1)
def test_item_count_and_steps(student):
    args = (10, ["to_float", "add_channel"])
    report = student.run(digit_summary, *args, call=written(*args))
    found = parse(report, student.last_call)
    expect_line(found, "items", "10", report, student.last_call)
    # a digit is (28, 28) uint8; to_float keeps the shape, add_channel puts a 1 in front; the label is an int
    expect_steps(found, [("get_x", "(28, 28)"), ("to_float", "(28, 28)"), ("add_channel", "(1, 28, 28)"),
                         ("get_y", "()")], report, student.last_call)


@pytest.mark.holds("q26.stack", "q26.batch_items", "q26.shape")
@pytest.mark.points(1)
def test_batch_shapes(student):
    args = (10, ["to_float", "add_channel"])
    report = student.run(digit_summary, *args, call=written(*args))
    found = parse(report, student.last_call)
    # four items of (1, 28, 28) stack to (4, 1, 28, 28); four int labels to (4,)
    expect_line(found, "batch x", "(4, 1, 28, 28)", report, student.last_call)
    expect_line(found, "batch y", "(4,)", report, student.last_call)


@pytest.mark.holds("q26.no_raise", "q26.collate_line")
@pytest.mark.points(1)
def test_mixed_sizes_are_reported(student):
    args = (6, ["add_channel"])
    report = student.run(digit_summary, *args, big=[2], call=written(*args, big=[2]))
    found = parse(report, student.last_call)
    expect_collate_failure(found, "batch x", ["(1, 28, 28)", "(1, 32, 32)"], report, student.last_call)
    expect_line(found, "batch y", "(4,)", report, student.last_call)
