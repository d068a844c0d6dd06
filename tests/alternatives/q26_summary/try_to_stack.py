"""Alternative: the batch stacked inside try/except; on failure the first differing shape is named."""

import torch


def shape_of(value):
    return tuple(torch.as_tensor(value).shape)


def batch_line(values):
    tensors = [torch.as_tensor(v) for v in values]
    try:
        return str(shape_of(torch.stack(tensors)))
    except RuntimeError:
        first = shape_of(tensors[0])
        other = next(shape_of(t) for t in tensors if shape_of(t) != first)
        return f"Could not collate: shapes {first} and {other} differ"


def summarize(items, get_x, get_y, item_tfms=(), batch_size=4):
    def x_of(item):
        x = get_x(item)
        for tfm in item_tfms:
            x = tfm(x)
        return x

    lines = [f"items: {len(items)}"]
    x = get_x(items[0])
    lines.append(f"step get_x: {shape_of(x)}")
    for tfm in item_tfms:
        x = tfm(x)
        name = tfm.__name__ if hasattr(tfm, "__name__") else tfm.__class__.__name__
        lines.append(f"step {name}: {shape_of(x)}")
    lines.append(f"step get_y: {shape_of(get_y(items[0]))}")
    chosen = list(items)[:batch_size]
    lines.append(f"batch x: {batch_line([x_of(item) for item in chosen])}")
    lines.append(f"batch y: {batch_line([get_y(item) for item in chosen])}")
    return "\n".join(lines)


ANSWER = """Follow one item through the pipeline and print what each step returns (type and shape), then
try to collate a few items; the first step that surprises you is the bug, and a batch that will
not stack points to items of different sizes."""
