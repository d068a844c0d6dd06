"""q24 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, fail
from autograder.checks.show import show
from autograder.checks.public.test_q24_degradation import digit
from solutions import q24_degradation as ref

SQUARES = {"28px_at_30_degrees": (28, 30.0), "101px_at_minus_100_degrees": (101, -100.0)}


@pytest.mark.holds("q24.empty", "q24.direction")
@pytest.mark.parametrize("case", SQUARES)
@pytest.mark.points(1)
def test_empty_fraction_matches_reference(student, case):
    size, angle = SQUARES[case]
    got = student.call("empty_fraction", size, angle)
    # tests/alternatives: within 1.8e-9 (0.01 is the contract's margin)
    expect_close(got, ref.empty_fraction(size, angle), student.last_call, atol=0.01)


def rgb_digits():
    """Three digits stacked as the channels of one image, in a batch of two: (2, 3, 28, 28)."""
    return torch.stack([torch.cat([digit(i), digit(i + 1), digit(i + 2)]) for i in (3, 6)])


IMAGES = {"one_digit_1_trip": (lambda: digit(1), 1), "rgb_batch_6_trips": (rgb_digits, 6)}


@pytest.mark.holds("q24.round_trip", "q24.chained", "q24.shapes", "q24.error")
@pytest.mark.parametrize("case", IMAGES)
@pytest.mark.points(1)
def test_repeated_error_matches_reference(student, case):
    make, n = IMAGES[case]
    image = make()
    got = student.call("repeated_interpolation_error", image, n)
    # tests/alternatives: exact with torchvision's v1 rotate, 8.9e-8 with affine_grid + grid_sample
    expect_close(got, ref.repeated_interpolation_error(image, n), student.last_call, atol=0.01)


@pytest.mark.holds("q24.round_trip", "q24.error")
@pytest.mark.points(1)
def test_repeated_error_matches_torchvision_round_trips(student):
    from torchvision.transforms import InterpolationMode
    from torchvision.transforms.v2 import functional as TF

    image = digit(2)
    got = student.call("repeated_interpolation_error", image, 3)
    out = image
    for _ in range(3):
        for angle in (ref.ROUND_TRIP_ANGLE, -ref.ROUND_TRIP_ANGLE):
            out = TF.rotate(out, angle, interpolation=InterpolationMode.BILINEAR)
    # bilinear resampling done another way (affine_grid + grid_sample) agrees to float32 rounding
    # (measured: 3.7e-8 for tests/alternatives/q24_degradation/grid_sample_rotation.py, v1 rotate exact)
    expect_close(got, (out - image).abs().mean().item(),
                 student.last_call + f" (oracle: torchvision rotate by {ref.ROUND_TRIP_ANGLE:g} and back, 3 times)",
                 atol=1e-4)


def image_after_round_trips(ns, image, n):
    """The caller's image as repeated_interpolation_error(image, n) left it."""
    from autograder.worker import kit

    mine = image.clone()
    kit.plain(ns.repeated_interpolation_error(mine, n))
    return mine


@pytest.mark.holds("q24.image_unchanged")
@pytest.mark.points(1)
def test_repeated_error_leaves_the_image_unchanged(student):
    # Costs two round trips on one digit. Catches an error measured in place (image.sub_(result)), which
    # gives the right number but leaves the caller's image overwritten.
    image = digit(4)
    after = student.run(image_after_round_trips, image, 2,
                        call="repeated_interpolation_error(image, 2) on a (1, 28, 28) digit")
    if after.shape != image.shape:
        fail(f"{student.last_call} changed the shape of the image it was given to {tuple(after.shape)}; work on "
             "copies and leave `image` as it was")
    expect(torch.equal(after, image), lambda: f"{student.last_call} changed the image it was given (largest change "
                                              f"{(after - image).abs().max().item():.3g}); work on copies and leave "
                                              "`image` as it was")


@pytest.mark.holds("q24.empty_float", "q24.error")
@pytest.mark.points(1)
def test_both_return_python_floats(student):
    # Costs one empty_fraction on 28 x 28 pixels and one round trip. Catches a result left as a 0-d tensor
    # (a mean without .item()), which prints and compares like a number but is not the float the docstring asks for.
    for name, args in (("empty_fraction", (28, 30.0)), ("repeated_interpolation_error", (digit(1), 1))):
        got = student.call(name, *args)
        expect(type(got) is float, f"{student.last_call} returned {show(got)}; return a Python float "
                                   "(float(...) or .item())")
