"""Only plain data crosses the process boundary, and nothing in a frame can run code."""

import io
import pickle

import pytest
import torch

from autograder.worker import protocol

pytestmark = pytest.mark.fast


def roundtrip(value):
    tensors = []
    data = protocol.encode(value, tensors)
    message, loaded = protocol.unpack(*_split(protocol.pack({"value": data}, tensors)))
    return protocol.decode(message["value"], loaded)


def _split(frame: bytes):
    body_len, blob_len = protocol.HEADER.unpack(frame[:protocol.HEADER.size])
    body = frame[protocol.HEADER.size:protocol.HEADER.size + body_len]
    return body, frame[protocol.HEADER.size + body_len:]


def test_plain_values_survive_the_trip():
    value = {"a": [1, 2.5, None, True], "b": ("x", torch.arange(3.0)), 3: {"nested": []}}
    back = roundtrip(value)
    assert back["a"] == [1, 2.5, None, True] and back[3] == {"nested": []}
    assert back["b"][0] == "x" and torch.equal(back["b"][1], torch.arange(3.0))


def test_tensors_come_back_detached_dense_and_on_the_cpu():
    leaf = torch.ones(4, requires_grad=True)
    back = roundtrip(leaf * 2)
    assert type(back) is torch.Tensor and not back.requires_grad and back.grad_fn is None


def test_objects_are_refused():
    with pytest.raises(protocol.NotPlain):
        protocol.encode(object(), [])


def test_a_pickled_object_in_the_blob_is_rejected():
    class Evil:
        def __reduce__(self):
            return (print, ("owned",))

    blob = pickle.dumps([Evil()])
    with pytest.raises(protocol.ProtocolError):
        protocol.unpack(b"{}", blob)


def test_a_blob_of_something_else_than_tensors_is_rejected():
    buf = io.BytesIO()
    torch.save({"not": "a list"}, buf)
    with pytest.raises(protocol.ProtocolError):
        protocol.unpack(b"{}", buf.getvalue())
