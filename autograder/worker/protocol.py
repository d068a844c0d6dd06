"""Frames exchanged between the grader and its worker processes.

A frame is a fixed header (two lengths), a JSON document and an optional blob of tensors written
with `torch.save`. The receiver loads the blob with `weights_only=True`, so a frame can carry
numbers, strings and tensors but never code or live objects. Both sides import this module.
"""

from __future__ import annotations

import io
import json
import socket
import struct

HEADER = struct.Struct("!II")
MAX_FRAME = 512 * 1024 * 1024  # a bound on what a worker may make the grader read


class ProtocolError(Exception):
    """The other side sent something that is not a valid frame, or went away."""


class NotPlain(TypeError):
    """A value that cannot cross the process boundary as plain data."""


class Opaque:
    """Stands for a value of a type that is not plain data: only its type name and repr travel."""

    def __init__(self, type_name: str, text: str):
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.type_name} object: {self.text}>"


def encode(value, tensors: list) -> object:
    """Turn plain data into JSON-ready data, moving tensors into `tensors`."""
    import torch  # imported late so the trusted CLI can start without torch

    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [encode(v, tensors) for v in value]
    if kind is tuple:
        return {"__tuple__": [encode(v, tensors) for v in value]}
    if kind is dict:
        return {"__dict__": [[encode(k, tensors), encode(v, tensors)] for k, v in value.items()]}
    if isinstance(value, torch.Tensor):
        # A fresh dense copy: subclasses, views and autograd history stay behind.
        tensors.append(torch.Tensor.detach(value).to("cpu", copy=True).contiguous())
        return {"__tensor__": len(tensors) - 1}
    if isinstance(value, Opaque):
        return {"__opaque__": [value.type_name, value.text]}
    raise NotPlain(f"{kind.__module__}.{kind.__qualname__} is not plain data")


def decode(data: object, tensors: list) -> object:
    """Inverse of `encode`; builds only builtins and tensors."""
    if isinstance(data, list):
        return [decode(v, tensors) for v in data]
    if isinstance(data, dict):
        if "__tensor__" in data:
            return tensors[data["__tensor__"]]
        if "__tuple__" in data:
            return tuple(decode(v, tensors) for v in data["__tuple__"])
        if "__dict__" in data:
            return {decode(k, tensors): decode(v, tensors) for k, v in data["__dict__"]}
        if "__opaque__" in data:
            return Opaque(*data["__opaque__"])
        raise ProtocolError(f"unknown tagged value {sorted(data)}")
    return data


def pack(message: dict, tensors: list) -> bytes:
    body = json.dumps(message).encode()
    blob = b""
    if tensors:
        import torch

        buf = io.BytesIO()
        torch.save(tensors, buf)
        blob = buf.getvalue()
    return HEADER.pack(len(body), len(blob)) + body + blob


def unpack(body: bytes, blob: bytes) -> tuple[dict, list]:
    try:
        message = json.loads(body)
    except ValueError as exc:
        raise ProtocolError(f"malformed frame: {exc}") from None
    tensors = []
    if blob:
        import torch

        try:
            tensors = torch.load(io.BytesIO(blob), weights_only=True)
        except Exception as exc:  # anything torch.load refuses is a broken frame
            raise ProtocolError(f"malformed tensor blob: {exc}") from None
        if not isinstance(tensors, list) or not all(type(t) is torch.Tensor for t in tensors):
            raise ProtocolError("tensor blob does not hold a list of tensors")
    if not isinstance(message, dict):
        raise ProtocolError("frame is not a JSON object")
    return message, tensors


def send(sock: socket.socket, message: dict, tensors: list | None = None) -> None:
    sock.sendall(pack(message, tensors or []))


def _read_exactly(sock: socket.socket, n: int) -> bytes:
    chunks = []
    while n:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise ProtocolError("connection closed")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket) -> tuple[dict, list]:
    """Read one frame; the socket's timeout bounds each read."""
    body_len, blob_len = HEADER.unpack(_read_exactly(sock, HEADER.size))
    if body_len + blob_len > MAX_FRAME:
        raise ProtocolError(f"frame of {body_len + blob_len} bytes is over the limit")
    return unpack(_read_exactly(sock, body_len), _read_exactly(sock, blob_len))
