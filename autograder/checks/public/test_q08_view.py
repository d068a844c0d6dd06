"""q08 public checks: students may read and run these (`autograder check q08`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close


def view_facts(ns, name, base, select, *args):
    """Call ns.<name>(source, *args), where source is `base` or a strided slice of it made here
    (a slice would arrive as a copy), and observe whether the result is a view of the source,
    with torch's own methods captured before the student's module was imported."""
    from autograder.worker import kit

    facts = kit.view_facts  # taken before the student's code runs in this request
    source = {"all": base, "every_other": base[::2], "first_784_columns": base[:, :784]}[select]
    return facts(getattr(ns, name)(source, *args), source)


def expect_view(facts: dict, call: str, shape: tuple, values: torch.Tensor) -> None:
    expect(facts["type"] == "torch.Tensor",
           f"{call} returned {facts['type']}, not a torch.Tensor; return the tensor that .view gives")
    expect(facts["shape"] == list(shape), f"{call} returned shape {tuple(facts['shape'])}, expected {tuple(shape)}")
    expect_close(facts["values"], values, call, atol=0.0)
    expect(facts["shares_storage"] and facts["writes_through"],
           f"{call} returned a copy, not a view: the result does not share memory with the input "
           "(writing into the result left the input unchanged). .clone(), .contiguous(), torch.stack "
           "and friends copy; call .view on the input itself")


@pytest.mark.holds("q08.flatten")
@pytest.mark.points(1)
def test_flatten_a_batch(student):
    images = torch.rand(2, 28, 28, generator=torch.Generator().manual_seed(0))
    got = student.call("flatten_images", images)
    expect_close(got, images.reshape(2, 784), student.last_call, atol=0.0)


@pytest.mark.holds("q08.unflatten")
@pytest.mark.points(1)
def test_unflatten_a_batch(student):
    flat = torch.rand(2, 784, generator=torch.Generator().manual_seed(1))
    got = student.call("unflatten_images", flat, 28, 28)
    expect_close(got, flat.reshape(2, 28, 28), student.last_call, atol=0.0)


@pytest.mark.holds("q08.flatten_view")
@pytest.mark.points(1)
def test_flatten_returns_a_view(student):
    images = torch.rand(3, 4, 5, generator=torch.Generator().manual_seed(2))
    facts = student.run(view_facts, "flatten_images", images, "all", uses=("flatten_images",),
                        call="flatten_images(images) on images of shape (3, 4, 5)")
    expect_view(facts, student.last_call, (3, 20), images.reshape(3, 20))
