"""The bundled digits, the MNIST_SAMPLE folder reader, and the downloader (served locally)."""

import functools
import http.server
import importlib.util
import io
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from torchvision.io import encode_png, write_file

from autograder.authoring.bundle import runtime_files
from autograder.data import heldout_threes_sevens, load_digits, mnist, read_mnist_sample, threes_sevens
from autograder.data import download
from autograder.runner.runtime import stage_runtime

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[1]


def test_bundle_holds_the_labelled_digits_that_are_not_held_out():
    images, labels = load_digits()
    assert images.shape == (9_600, 28, 28) and images.dtype == torch.uint8
    assert torch.bincount(labels).tolist() == [1001, 1127, 991, 832, 980, 863, 1014, 870, 944, 978]
    assert images.float().mean() > 20  # real strokes, not blank images


def test_held_out_digits_are_200_threes_and_200_sevens_absent_from_the_bundle():
    x, y = heldout_threes_sevens()
    assert x.shape == (400, 784) and y.shape == (400, 1) and 0 <= x.min() and x.max() <= 1
    assert y.sum().item() == 200 and set(y.flatten().tolist()) == {0.0, 1.0}
    images, _ = load_digits()
    bundled = {bytes(image.numpy()) for image in images}
    held = {bytes((row * 255).round().to(torch.uint8).numpy()) for row in x.reshape(-1, 28, 28)}
    assert len(held) == 400 and not held & bundled


def test_split_script_rebuilds_both_files_from_the_full_bundle(tmp_path, monkeypatch):
    """The source bundle is the split's two halves merged back, each class in source order (the
    held-out digits were each class's last); splitting it again gives byte-identical files."""
    spec = importlib.util.spec_from_file_location("split_heldout", ROOT / "scripts" / "split_heldout.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with np.load(mnist.BUNDLE) as kept, np.load(mnist.HELDOUT) as held:
        images = np.concatenate([kept["images"], held["images"]])
        labels = np.concatenate([kept["labels"], held["labels"]])
    order = np.argsort(labels, kind="stable")
    monkeypatch.setattr(script, "BUNDLE", tmp_path / "mnist_digits.npz")
    monkeypatch.setattr(script, "HELDOUT", tmp_path / "heldout_digits.npz")
    script.write(script.BUNDLE, images[order], labels[order])
    assert script.main() == 0
    assert (tmp_path / "mnist_digits.npz").read_bytes() == mnist.BUNDLE.read_bytes()
    assert (tmp_path / "heldout_digits.npz").read_bytes() == mnist.HELDOUT.read_bytes()
    assert script.main() == 1  # already split: it refuses to hold out 400 more


def test_held_out_digits_stay_out_of_the_sandbox(tmp_path, monkeypatch):
    data = stage_runtime(tmp_path) / "autograder" / "data"
    assert (data / "mnist_digits.npz").is_file() and not list(data.glob("heldout*"))
    monkeypatch.setattr(mnist, "HELDOUT", data / "heldout_digits.npz")
    with pytest.raises(FileNotFoundError, match="only on the grading side"):
        heldout_threes_sevens()


def test_held_out_digits_stay_out_of_the_student_bundle():
    assert not [p for p in runtime_files(ROOT / "autograder") if p.name.startswith("heldout")]


def test_threes_sevens_split_is_fixed_and_labels_threes_as_one():
    a, b = threes_sevens(), threes_sevens()
    assert torch.equal(a.train_x, b.train_x) and torch.equal(a.valid_y, b.valid_y)
    assert a.train_x.shape[1] == 784 and len(a.train_x) + len(a.valid_x) == 832 + 870
    assert 0 <= a.train_x.min() and a.train_x.max() <= 1
    images, labels = load_digits()
    first_three = images[labels == 3].reshape(-1, 784).float() / 255
    threes = torch.cat([a.train_x[a.train_y[:, 0] == 1], a.valid_x[a.valid_y[:, 0] == 1]])
    assert len(threes) == 832 and any(torch.equal(first_three[0], t) for t in threes)


def make_sample_tree(root, per_class=3, csv_label_for_three="0"):
    images, labels = load_digits()
    rows = ["name,label"]
    for split in ("train", "valid"):
        for digit in (3, 7):
            folder = root / split / str(digit)
            folder.mkdir(parents=True)
            for i, image in enumerate(images[labels == digit][:per_class]):
                write_file(str(folder / f"{i}.png"), encode_png(image.unsqueeze(0)))
                label = csv_label_for_three if digit == 3 else "1"
                rows.append(f"{split}/{digit}/{i}.png,{label}")
    (root / "labels.csv").write_text("\n".join(rows) + "\n")


def test_reader_reads_a_sample_tree(tmp_path):
    make_sample_tree(tmp_path)
    data = read_mnist_sample(tmp_path)
    assert data.train_x.shape == (6, 784) and data.valid_y.flatten().tolist() == [1, 1, 1, 0, 0, 0]
    images, labels = load_digits()
    assert torch.equal(data.train_x[0], images[labels == 3][0].reshape(784).float() / 255)


def test_reader_refuses_labels_that_disagree_with_folders(tmp_path):
    make_sample_tree(tmp_path, csv_label_for_three="1")
    with pytest.raises(ValueError, match="labels.csv"):
        read_mnist_sample(tmp_path)


def make_archive(path, tree_root):
    with tarfile.open(path, "w:gz") as tar:
        tar.add(tree_root, arcname="mnist_sample")
    return path.stat().st_size


def test_download_from_a_file_url_checks_size_and_unpacks(tmp_path):
    make_sample_tree(tmp_path / "src")
    size = make_archive(tmp_path / "sample.tgz", tmp_path / "src")
    folder = download.mnist_sample(tmp_path / "out", url=(tmp_path / "sample.tgz").as_uri(), expected_size=size)
    assert read_mnist_sample(folder).train_x.shape == (6, 784)


def test_download_refuses_an_archive_of_the_wrong_size(tmp_path):
    make_sample_tree(tmp_path / "src")
    size = make_archive(tmp_path / "sample.tgz", tmp_path / "src")
    with pytest.raises(download.DownloadError, match="expected"):
        download.mnist_sample(tmp_path / "out", url=(tmp_path / "sample.tgz").as_uri(), expected_size=size + 1)
    assert not (tmp_path / "out" / "mnist_sample").exists()


def test_download_refuses_path_traversal(tmp_path):
    evil = tmp_path / "evil.tgz"
    with tarfile.open(evil, "w:gz") as tar:
        data = b"gotcha"
        info = tarfile.TarInfo("../escaped.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(download.DownloadError, match="unsafe"):
        download.mnist_sample(tmp_path / "out", url=evil.as_uri(), expected_size=evil.stat().st_size)
    assert not (tmp_path / "escaped.txt").exists()


def test_download_over_http_from_loopback(tmp_path):
    make_sample_tree(tmp_path / "src")
    (tmp_path / "serve").mkdir()
    size = make_archive(tmp_path / "serve" / "sample.tgz", tmp_path / "src")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "serve"))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/sample.tgz"
        folder = download.mnist_sample(tmp_path / "out", url=url, expected_size=size)
    finally:
        server.shutdown()
    assert len(list(folder.rglob("*.png"))) == 12
