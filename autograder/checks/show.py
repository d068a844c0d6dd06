"""Compact, student-readable text for values in failure messages."""

from __future__ import annotations

from autograder.worker.protocol import Opaque

SMALL = 12  # tensors with at most this many elements are shown in full


def show(value) -> str:
    import torch

    if isinstance(value, torch.Tensor):
        return show_tensor(value)
    if isinstance(value, Opaque):
        return f"a {value.type_name} object ({value.text})"
    if isinstance(value, float):
        text = f"{value:.6g}"
        # 30.0 must not read as the int 30 in a call shown to the student.
        return text if any(c in text for c in ".eni") else text + ".0"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show(v) for v in value[:8]) + (", ..." if len(value) > 8 else "")
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def show_tensor(t) -> str:
    dtype = "" if t.dtype.is_floating_point and t.dtype.itemsize == 4 else f", dtype={str(t.dtype)[6:]}"
    if t.numel() <= SMALL:
        values = t.tolist()
        if t.dtype.is_floating_point:
            values = _round(values)
        return f"tensor({values}{dtype})"
    return f"tensor of shape {tuple(t.shape)}{dtype}"


ROWS = 5  # rows (elements, of a 1-D tensor) of a large tensor shown around the worst element
COLUMNS = 9  # columns at most
# Characters a row of expected beside got may take, so that the text report's message column
# holds it unwrapped: as many columns around the worst element's are shown as fit.
LINE = 68
MARK = "*"


def show_beside(expected, got, worst: tuple[int, ...]) -> str:
    """Two large tensors of one shape, expected beside got, around the element at index `worst`:
    the rows next to its row (of its 2-D slice, for more dimensions) and the columns next to its
    column, each with its index, the element marked. A 1-D tensor is shown as a column."""
    shape = f"a tensor of shape {tuple(got.shape)}"
    axis = max(0, got.dim() - 2)  # of the rows shown
    rows = _window(worst[axis], got.shape[axis], ROWS)
    if got.dim() == 1:
        _, lines = _beside(expected[:, None], got[:, None], (worst[0], 0), rows, indexed=False)
        what = f"{_span('element', rows)} of the result, {shape}"
    else:
        lead = worst[:-2]
        cols, lines = _beside(expected[lead], got[lead], worst[-2:], rows, indexed=True)
        of = f"the result's slice [{', '.join(map(str, lead))}, :, :] ({shape})" if lead else f"the result, {shape}"
        what = f"{_span('row', rows)}, {_span('column', cols)} of {of}"
    return "\n".join([f"{what}; {MARK} marks the largest difference:", *lines])


def _beside(expected, got, worst: tuple[int, int], rows: range, indexed: bool) -> tuple[range, list[str]]:
    """The columns shown, and the lines of two 2-D tensors side by side at `rows`: a heading of
    column indices when `indexed`, then each row under its index."""
    near = _window(worst[1], got.shape[1], COLUMNS)
    width = max([len(_number(t[r, c].item())) for t in (expected, got) for r in rows for c in near]
                + [len(str(c)) for c in near if indexed])
    label = max(len(f"[{r}]") for r in rows) + 2
    cols = _window(worst[1], got.shape[1], (LINE - label - 3) // (2 * (width + 2)))
    side = max(len("expected"), (width + 2) * len(cols))

    def row(t, r):
        return "".join(f" {_number(t[r, c].item()):>{width}}{MARK if (r, c) == tuple(worst) else ' '}" for c in cols)

    lines = [" " * label + "expected".center(side) + " | " + "got".center(side)]
    if indexed:
        heading = "".join(f" {c:>{width}} " for c in cols).rjust(side)
        lines.append(" " * label + heading + " | " + heading)
    lines += [f"[{r}]".rjust(label) + row(expected, r).rjust(side) + " | " + row(got, r).rjust(side) for r in rows]
    return cols, [line.rstrip() for line in lines]


def _span(name: str, indices: range) -> str:
    return f"{name} {indices[0]}" if len(indices) == 1 else f"{name}s {indices[0]} to {indices[-1]}"


def _window(at: int, size: int, count: int) -> range:
    """`count` indices (an odd number, so that `at` is in the middle, and at least one) around
    `at` in range(size), shifted inward at the edges; all of them where count reaches size."""
    count = max(1, count - (count % 2 == 0)) if count < size else size
    start = max(0, min(at - count // 2, size - count))
    return range(start, start + count)


def _number(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _round(values):
    if isinstance(values, list):
        return [_round(v) for v in values]
    return float(f"{values:.4g}")


def show_call(name: str, args: tuple, kwargs: dict) -> str:
    parts = [show(a) for a in args] + [f"{k}={show(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"
