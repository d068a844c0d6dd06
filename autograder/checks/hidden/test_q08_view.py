"""q08 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect_close
from autograder.checks.public.test_q08_view import expect_view, view_facts
from solutions import q08_view as ref


@pytest.mark.holds("q08.flatten", "q08.flatten_sizes")
@pytest.mark.points(1)
def test_flatten_any_batch_size(student):
    gen = torch.Generator().manual_seed(3)
    for shape in ((1, 28, 28), (3, 5, 7), (64, 28, 28)):
        images = torch.rand(shape, generator=gen)
        got = student.call("flatten_images", images)
        expect_close(got, ref.flatten_images(images), student.last_call, atol=0.0)


@pytest.mark.holds("q08.unflatten", "q08.unflatten_sizes")
@pytest.mark.points(1)
def test_unflatten_any_batch_size(student):
    gen = torch.Generator().manual_seed(4)
    for n, height, width in ((1, 28, 28), (3, 5, 7), (64, 4, 6)):
        flat = torch.rand(n, height * width, generator=gen)
        got = student.call("unflatten_images", flat, height, width)
        expect_close(got, ref.unflatten_images(flat, height, width), student.last_call, atol=0.0)


@pytest.mark.holds("q08.flatten_view")
@pytest.mark.points(1)
def test_flatten_views_a_strided_batch(student):
    # Every other image of a batch is not contiguous, yet its pixels can still be read as rows
    # without a copy; .contiguous() or .clone() before .view would copy here.
    base = torch.rand(6, 28, 28, generator=torch.Generator().manual_seed(5))
    facts = student.run(view_facts, "flatten_images", base, "every_other", uses=("flatten_images",),
                        call="flatten_images(images[::2]) on every other image of a (6, 28, 28) batch")
    expect_view(facts, student.last_call, (3, 784), base[::2].reshape(3, 784))


@pytest.mark.holds("q08.unflatten_view")
@pytest.mark.parametrize("select", ["all", "first_784_columns"], ids=["contiguous", "column_slice"])
@pytest.mark.points(1)
def test_unflatten_returns_a_view(student, select):
    base = torch.rand(4, 784 if select == "all" else 800, generator=torch.Generator().manual_seed(6))
    call = ("unflatten_images(flat, 28, 28) on flat of shape (4, 784)" if select == "all" else
            "unflatten_images(flat[:, :784], 28, 28), the first 784 columns of a (4, 800) tensor")
    facts = student.run(view_facts, "unflatten_images", base, select, 28, 28, call=call,
                        uses=("unflatten_images",))
    expect_view(facts, student.last_call, (4, 28, 28), base[:, :784].reshape(4, 28, 28))
