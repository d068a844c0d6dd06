"""Alternative: every shape of the batch gathered first; the report assembled from a list of pairs."""

import torch


def summarize(items, get_x, get_y, item_tfms=(), batch_size=4):
    def shape(v):
        return tuple(torch.as_tensor(v).shape)

    def collated(values):
        shapes = [shape(v) for v in values]
        odd = [s for s in shapes if s != shapes[0]]
        if odd:
            return f"Could not collate: shapes {shapes[0]} and {odd[0]} differ"
        return str((len(values),) + shapes[0])

    xs, ys = [], []
    for item in items[:batch_size]:
        x = get_x(item)
        for tfm in item_tfms:
            x = tfm(x)
        xs.append(x)
        ys.append(get_y(item))

    report = [("items", len(items))]
    x = get_x(items[0])
    report.append(("step get_x", shape(x)))
    for tfm in item_tfms:
        x = tfm(x)
        report.append((f"step {getattr(tfm, '__name__', type(tfm).__name__)}", shape(x)))
    report += [("step get_y", shape(get_y(items[0]))), ("batch x", collated(xs)), ("batch y", collated(ys))]
    return "\n".join(f"{key}: {value}" for key, value in report)


ANSWER = """Walk a single item through each step, printing its shape and type, then try forming a batch;
where the output first stops matching what you expect is where the pipeline is broken."""
