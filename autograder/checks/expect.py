"""Assertions whose failure messages speak to the student: what was called, expected, got."""

from __future__ import annotations

from autograder.checks.show import show
from autograder.runner.failures import StudentFailure


def fail(message: str):
    raise StudentFailure(message)


def expect(condition: bool, message) -> None:
    """message may be a function, called only on failure, when building it reads student data
    that is only well-formed when the check passes."""
    if not condition:
        fail(message() if callable(message) else message)


def expect_tensor(got, call: str, shape: tuple | None = None):
    """got must be a real tensor, of the given shape when one is given."""
    import torch

    if not isinstance(got, torch.Tensor):
        fail(f"{call} should return a tensor, but returned {show(got)}")
    if shape is not None and tuple(got.shape) != tuple(shape):
        fail(f"{call} returned a tensor of shape {tuple(got.shape)}, expected shape {tuple(shape)}")
    return got


def expect_close(got, expected, call: str, atol: float = 1e-6, rtol: float = 0.0,
                 what: str = "returned the wrong values") -> None:
    """Tensor (or number) comparison, both sides plain data computed or decoded by the grader.
    `what` words the failure ("left the wrong weights", "gave the wrong gradient")."""
    import torch

    expected_t = expected if isinstance(expected, torch.Tensor) else torch.as_tensor(expected, dtype=torch.float64)
    if isinstance(got, (int, float)) and not isinstance(got, bool) and expected_t.dim() == 0:
        got = torch.tensor(float(got))
    numbers = isinstance(got, (list, tuple)) and all(type(v) in (int, float) for v in got)
    if numbers and expected_t.dim() == 1:
        got = torch.tensor([float(v) for v in got])
    got = expect_tensor(got, call, tuple(expected_t.shape))
    got64, exp64 = got.detach().double(), expected_t.detach().double()
    if not torch.allclose(got64, exp64, atol=atol, rtol=rtol, equal_nan=False):
        gap = (got64 - exp64).abs().nan_to_num(float("inf"))
        worst = gap.argmax().item() if gap.numel() else 0
        mine, theirs = got64.flatten()[worst].item(), exp64.flatten()[worst].item()
        if expected_t.numel() > 1:
            index = ", ".join(str(int(i)) for i in torch.unravel_index(torch.tensor(worst), gap.shape))
            detail = f"largest difference at [{index}]: expected {theirs:.6g}, got {mine:.6g}"
        else:
            detail = f"difference {abs(mine - theirs):.3g}"
        shown = show(expected if isinstance(expected, torch.Tensor) else expected_t.float()), show(got)
        if shown[0] == shown[1]:  # tensors too large to show read the same: show where they part
            shown = tuple(f"{text}, {around(t, worst)}" for text, t in zip(shown, (exp64, got64)))
        fail(f"{call} {what}\n"
             f"  expected: {shown[0]}\n"
             f"  got:      {shown[1]}\n"
             f"  {detail} (tolerance {tolerance(atol, rtol)})")


def around(t, flat: int, width: int = 2) -> str:
    """The values of a tensor next to one element (given by its flat index), along its last dimension."""
    import torch

    index = [int(i) for i in torch.unravel_index(torch.tensor(flat), t.shape)]
    row = t[tuple(index[:-1])]
    start, end = max(0, index[-1] - width), min(row.numel(), index[-1] + width + 1)
    where = ", ".join([*map(str, index[:-1]), f"{start}:{end}"])
    return f"[{where}] = {[float(f'{v:.4g}') for v in row[start:end].tolist()]}"


def expect_equal(got, expected, call: str) -> None:
    """Exact comparison of plain builtins (lists, tuples, strings, numbers)."""
    if type(got) is not type(expected) or got != expected:
        fail(f"{call} returned the wrong result\n  expected: {show(expected)}\n  got:      {show(got)}")


def tolerance(atol: float, rtol: float) -> str:
    parts = [f"absolute {atol:g}"] + ([f"relative {rtol:g}"] if rtol else [])
    return " + ".join(parts)
