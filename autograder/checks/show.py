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


def _round(values):
    if isinstance(values, list):
        return [_round(v) for v in values]
    return float(f"{values:.4g}")


def show_call(name: str, args: tuple, kwargs: dict) -> str:
    parts = [show(a) for a in args] + [f"{k}={show(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"
