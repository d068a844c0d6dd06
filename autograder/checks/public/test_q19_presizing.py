"""q19 public checks: students may read and run these (`autograder check q19`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close


def output_info(ns, name, images, size, angle, scale, device, dtype):
    import torch

    from autograder.worker import kit

    images = images.to(device=device, dtype=getattr(torch, dtype))
    out = kit.need_tensor(getattr(ns, name)(images, size, angle, scale), f"the result of {name}")
    return kit.tensor_info(out)


def expect_kept(info: dict, call: str, shape: tuple, dtype: str, device: str) -> None:
    expect(info.get("shape") is not None, f"{call} should return a tensor, but returned a {info['type']}")
    expect(tuple(info["shape"]) == shape, f"{call} returned shape {tuple(info['shape'])}, expected {shape}")
    expect(info["dtype"] == dtype, f"{call} returned dtype {info['dtype']}; it should keep the input's {dtype}")
    expect(info["device"] == device, f"{call} returned a tensor on {info['device']}; it should stay on the "
                                     f"input's device, {device}")


@pytest.mark.holds("q19.two_step_kept", "q19.presize_kept")
@pytest.mark.parametrize("name", ["two_step", "presize"])
@pytest.mark.points(1)
def test_output_shape_dtype_and_device(student, name):
    images = torch.rand(2, 3, 48, 48, generator=torch.Generator().manual_seed(0))
    info = student.run(output_info, name, images, 20, 30.0, 1.25, student.device, "float32", uses=(name,),
                       call=f"{name}(images, 20, 30.0, 1.25) with float32 images of shape (2, 3, 48, 48) "
                            f"on {student.device}")
    expect_kept(info, student.last_call, (2, 3, 20, 20), "float32", student.device)


@pytest.mark.holds("q19.torchvision", "q19.angle", "q19.centre")
@pytest.mark.points(1)
def test_presize_at_the_same_size_matches_torchvision_affine(student):
    from torchvision.transforms import InterpolationMode
    from torchvision.transforms.v2 import functional as TF

    images = torch.rand(2, 3, 40, 40, generator=torch.Generator().manual_seed(1))
    got = student.call("presize", images, 40, 30.0, 1.25)
    # torchvision's affine turns clockwise for a positive angle, hence -30; both resample once,
    # bilinearly, with zero padding, so they agree to float32 rounding (measured 4e-6)
    # (tests/alternatives: 3.8e-6 with theta from torch's cos and sin, 3.6e-6 with a hand-made grid)
    want = TF.affine(images, angle=-30.0, translate=[0, 0], scale=1.25, shear=[0.0, 0.0],
                     interpolation=InterpolationMode.BILINEAR)
    expect_close(got, want, student.last_call + " (oracle: torchvision affine with angle=-30.0, scale=1.25)",
                 atol=1e-4)
