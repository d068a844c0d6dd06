"""Instruments that probes use inside the worker.

Probes are small functions written next to the checks and sent to the worker as source. They
may import this module; everything here is generic, never an exercise's solution.
"""

from __future__ import annotations

import torch

from autograder.worker.protocol import Opaque

MAX_ITEMS = 100_000  # longest list a student result may return


class Wrong(Exception):
    """Raised by a probe when the student's code returned something unusable; the message is
    shown to the student as it is."""


def need_tensor(value, what: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise Wrong(f"{what} should be a tensor, but it is {describe_type(value)}: {safe_repr(value, 80)}")
    return value


def plainer():
    """A `plain` function closed over the builtins it uses, captured now (before student code
    can rebind them)."""
    tensor_type, opaque = torch.Tensor, Opaque
    is_a, kind_of, length, float_repr = isinstance, type, len, float.__repr__
    describe, show = describe_type, safe_repr

    def plain(value, depth: int = 0):
        """A student's value as plain data; anything else becomes an Opaque with its type and repr."""
        if value is None or kind_of(value) in (bool, int, float, str):
            return value
        if is_a(value, tensor_type):
            return value
        # Subclasses of the number types convert through the base type, never their own methods.
        if is_a(value, bool):
            return bool(int.__int__(value))
        if is_a(value, int):
            return int.__int__(value)
        if is_a(value, float):
            return float(float_repr(value))
        if is_a(value, str):
            return str.__str__(value)
        if kind_of(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
            return plain(value.item(), depth)  # numpy scalars, as students often return them
        # torch's named tuples (x.topk(k), x.max(dim)) travel as plain tuples.
        named = is_a(value, tuple) and kind_of(value).__module__ == "torch.return_types"
        if depth < 20 and (kind_of(value) in (list, tuple) or named) and length(value) <= MAX_ITEMS:
            items = [plain(v, depth + 1) for v in value]
            return items if kind_of(value) is list else tuple(items)
        if depth < 20 and kind_of(value) is dict and length(value) <= MAX_ITEMS:
            return {plain(k, depth + 1): plain(v, depth + 1) for k, v in value.items()}
        return opaque(describe(value), show(value))

    return plain


def describe_type(value) -> str:
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"


def safe_repr(value, limit: int = 200) -> str:
    try:
        text = repr(value)
    except BaseException as exc:  # a student's __repr__ may raise anything
        text = f"<repr failed: {type(exc).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def loss_and_gradient(loss_fn, inputs: torch.Tensor, targets, argument: str) -> tuple:
    """loss_fn(inputs, targets) and its gradient with respect to a fresh copy of inputs;
    `argument` names the inputs in the message when the loss is cut off from them."""
    inputs = inputs.clone().requires_grad_(True)
    loss = need_tensor(loss_fn(inputs, targets), "the loss")
    if loss.grad_fn is None:
        raise Wrong(f"the loss has no gradient: was it computed from `{argument}` with torch operations?")
    loss.backward()
    return loss.detach(), inputs.grad


def tensor_info(t) -> dict:
    """Facts about a tensor that do not survive the trip as data."""
    if not isinstance(t, torch.Tensor):
        return {"type": describe_type(t)}
    return {
        "type": describe_type(t),
        "dtype": str(t.dtype).removeprefix("torch."),
        "shape": list(t.shape),
        "device": t.device.type,
        "requires_grad": bool(t.requires_grad),
        "has_grad_fn": t.grad_fn is not None,
        "is_leaf": bool(t.is_leaf),
    }


def viewer():
    """A `view_facts(result, source)` closed over torch.Tensor's own methods, captured now: what
    a result is, for exercises that must return a view, read the same way however the student's
    code rebinds torch.Tensor's methods later, and never through a subclass's overrides."""
    tensor_type, kind_of, listed, truth, describe = torch.Tensor, type, list, bool, describe_type
    storage, address, size = torch.Tensor.untyped_storage, torch.UntypedStorage.data_ptr, torch.Tensor.size
    detach, clone, fill, equal, every, item = (torch.Tensor.detach, torch.Tensor.clone, torch.Tensor.fill_,
                                               torch.Tensor.eq, torch.Tensor.all, torch.Tensor.item)
    no_grad = torch.no_grad

    def view_facts(result, source: torch.Tensor) -> dict:
        """Its exact type; for a plain tensor its shape, a copy of its values, whether it shares
        the source's memory and whether writing into it changes the source (the probe made the
        source, so the source is a plain tensor)."""
        if kind_of(result) is not tensor_type:
            return {"type": describe(result)}
        facts = {"type": "torch.Tensor", "shape": listed(size(result)), "values": clone(detach(result)),
                 "shares_storage": address(storage(result)) == address(storage(source))}
        try:
            with no_grad():
                fill(result, -7.0)
            facts["writes_through"] = truth(item(every(equal(source, -7.0))))
        except RuntimeError:  # a result that cannot be written into
            facts["writes_through"] = False
        return facts

    return view_facts


# Matplotlib's 10-point text is 14 px high at this resolution, 11 px once the feedback page fits
# a default-sized figure in its 500 px.
FIGURE_DPI = 100


def png(figure) -> torch.Tensor:
    """A matplotlib figure as PNG bytes in a uint8 tensor, so it can travel as plain data."""
    import io

    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=FIGURE_DPI)
    return torch.frombuffer(bytearray(buf.getvalue()), dtype=torch.uint8).clone()


plain = plainer()
view_facts = viewer()
