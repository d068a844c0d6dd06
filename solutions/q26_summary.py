"""q26 Debugging a pipeline: Debug a data pipeline by walking one item through it.

When a pipeline of "get the input, get the label, transform the input, batch" fails, the error
comes from deep inside the batching code and says little about which step is to blame. Write
`summarize`, which reports what every step makes of one item and whether a batch can be put
together, then say in ANSWER how you would find the fault in a pipeline that does not work.
"""

from collections.abc import Callable, Sequence

import torch


def summarize(items: Sequence, get_x: Callable, get_y: Callable, item_tfms: Sequence[Callable] = (),
              batch_size: int = 4) -> str:
    """A report, one fact per line, of what the pipeline does to the first item and to a batch.

    The input of an item is `x = get_x(item)`, then each of `item_tfms` in turn (`x = tfm(x)`);
    its label is `y = get_y(item)` (the transforms apply to x only). [q26.pipeline] A value's
    shape is `tuple(torch.as_tensor(value).shape)`, written as Python writes a tuple:
    `(1, 28, 28)`, `(4,)`, and `()` for a plain number. [q26.shape] The batch is made of the
    first `batch_size` items (all of them when there are fewer): [q26.batch_items] their x values
    are stacked into one tensor, and so are their y values; [q26.stack] when the shapes within x
    (or within y) differ, the line says so instead of raising. [q26.no_raise]

    The report has exactly these lines, in this order, joined with "\\n": [q26.lines]
        items: <number of items>
        step get_x: <shape of x for the first item>
        step <name>: <shape of x after that transform>     (one line per transform, in order;
                                                           the name is the transform's __name__,
                                                           or its class name when it has none)
                                                           [q26.step_names]
        step get_y: <shape of y for the first item>
        batch x: <shape of the stacked x>
        batch y: <shape of the stacked y>
    and a batch line whose values do not stack reads
        batch x: Could not collate: shapes <first item's shape> and <first differing shape> differ
        [q26.collate_line]

    Args:
        items: the items (file names, indices, ...); at least one.
        get_x, get_y: functions from an item to its input and to its label (tensors or numbers).
        item_tfms: functions applied to x one after the other.
        batch_size: how many items the batch takes.

    Returns:
        The report, a str. [q26.str]

    Example:
        >>> images = [torch.zeros(28, 28)] * 2 + [torch.zeros(32, 32)]
        >>> print(summarize([0, 1, 2], images.__getitem__, lambda i: 3, [lambda x: x[None]]))
        items: 3
        step get_x: (28, 28)
        step <lambda>: (1, 28, 28)
        step get_y: ()
        batch x: Could not collate: shapes (1, 28, 28) and (1, 32, 32) differ
        batch y: (3,)
    """
    ### BEGIN SOLUTION
    def shape(value) -> tuple:
        return tuple(torch.as_tensor(value).shape)

    def pipeline(item):
        x = get_x(item)
        for tfm in item_tfms:
            x = tfm(x)
        return x

    def collate(values) -> str:
        shapes = [shape(v) for v in values]
        for other in shapes:
            if other != shapes[0]:
                return f"Could not collate: shapes {shapes[0]} and {other} differ"
        return str(shape(torch.stack([torch.as_tensor(v) for v in values])))

    lines = [f"items: {len(items)}"]
    x = get_x(items[0])
    lines.append(f"step get_x: {shape(x)}")
    for tfm in item_tfms:
        x = tfm(x)
        lines.append(f"step {getattr(tfm, '__name__', type(tfm).__name__)}: {shape(x)}")
    lines.append(f"step get_y: {shape(get_y(items[0]))}")
    batch = items[:batch_size]
    lines.append(f"batch x: {collate([pipeline(item) for item in batch])}")
    lines.append(f"batch y: {collate([get_y(item) for item in batch])}")
    return "\n".join(lines)
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Take the pipeline apart and run it on one item, one step at a time: look at what getting
the input and the label gives (type, shape, value), then at what each transform makes of the
input, then try to stack a few items into a batch. The first step whose output is not what you
expect is the fault; a batch that will not stack usually means the items differ in size, so a
resize or crop is missing before batching. Once a batch forms, show it with its labels to check
that the images and labels really match."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: inspect the pipeline step by step on a single item (and a small batch), reading
the output of each step, e.g. with a summary, and display a batch to confirm inputs and labels."""
### END RUBRIC
