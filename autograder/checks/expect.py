"""Assertions whose failure messages speak to the student: what was called, expected, got."""

from __future__ import annotations

from autograder.checks.show import SMALL, show, show_beside
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
    if not torch.allclose(got.detach().double(), expected_t.detach().double(), atol=atol, rtol=rtol, equal_nan=False):
        shown = expected if isinstance(expected, torch.Tensor) else expected_t.float()
        fail(f"{call} {what}\n{mismatch(got, shown, atol, rtol)}")


def mismatch(got, expected, atol: float, rtol: float = 0.0) -> str:
    """The lines of a failure message for two tensors of one shape that are not close: both in
    full when they are small, else side by side around the largest difference; then that
    difference, where it is, and the tolerance."""
    import torch

    got64, exp64 = got.detach().double(), expected.detach().double()
    # Only elements outside the tolerance compete, so that equal infinities (inf - inf is nan) do not.
    far = ~torch.isclose(got64, exp64, atol=atol, rtol=rtol)
    gap = torch.where(far, (got64 - exp64).abs().nan_to_num(float("inf")), -1.0)
    worst = int(gap.argmax())
    mine, theirs = got64.flatten()[worst].item(), exp64.flatten()[worst].item()
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(worst), gap.shape))
    if got.numel() > SMALL:
        lines = show_beside(exp64, got64, index).splitlines()
    else:
        lines = [f"expected: {show(expected)}", f"got:      {show(got)}"]
    where = f"largest difference at [{', '.join(map(str, index))}]: expected {theirs:.6g}, got {mine:.6g}, "
    lines.append(f"{where if index else ''}difference {abs(mine - theirs):.3g} (tolerance {tolerance(atol, rtol)})")
    return "\n".join("  " + line for line in lines)


def expect_equal(got, expected, call: str) -> None:
    """Exact comparison of plain builtins (lists, tuples, strings, numbers)."""
    if type(got) is not type(expected) or got != expected:
        fail(f"{call} returned the wrong result\n  expected: {show(expected)}\n  got:      {show(got)}")


def tolerance(atol: float, rtol: float) -> str:
    parts = [f"absolute {atol:g}"] + ([f"relative {rtol:g}"] if rtol else [])
    return " + ".join(parts)
