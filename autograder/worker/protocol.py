"""Frames exchanged between the grader and its worker processes.

A frame is a fixed header (two lengths), a JSON document and an optional blob of tensors written
with `torch.save`. The receiver loads the blob with `weights_only=True`, so a frame can carry
numbers, strings and tensors but never code or live objects. Both sides import this module.

`codec()` builds the functions as closures over the builtins, json, torch and socket functions
they use, captured when it is called. The worker calls it before any student code runs, so a
submission that later rebinds `json.dumps`, `torch.save`, `isinstance` or this module's own
names cannot change what the worker sends.
"""

from __future__ import annotations

import io
import json
import socket
import struct
from types import SimpleNamespace

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


def codec() -> SimpleNamespace:
    import torch

    dumps, loads, save, load = json.dumps, json.loads, torch.save, torch.load
    tensor_type, detach, to, contiguous = torch.Tensor, torch.Tensor.detach, torch.Tensor.to, torch.Tensor.contiguous
    as_subclass = torch.Tensor.as_subclass
    is_a, kind_of, length, listed, tupled = isinstance, type, len, list, tuple
    sendall, recv, bytes_io = socket.socket.sendall, socket.socket.recv, io.BytesIO
    pack_header, unpack_header, header_size = HEADER.pack, HEADER.unpack, HEADER.size
    opaque, not_plain, error = Opaque, NotPlain, ProtocolError

    def encode(value, tensors: list) -> object:
        """Plain data as JSON-ready data, with tensors moved into `tensors`."""
        kind = kind_of(value)
        if value is None or kind in (bool, int, float, str):
            return value
        if kind is list:
            return [encode(v, tensors) for v in value]
        if kind is tuple:
            return {"__tuple__": [encode(v, tensors) for v in value]}
        if kind is dict:
            return {"__dict__": [[encode(k, tensors), encode(v, tensors)] for k, v in value.items()]}
        if is_a(value, tensor_type):
            # A fresh dense copy: subclasses, views and autograd history stay behind.
            tensors.append(contiguous(to(detach(as_subclass(value, tensor_type)), "cpu", copy=True)))
            return {"__tensor__": length(tensors) - 1}
        if kind is opaque:
            return {"__opaque__": [value.type_name, value.text]}
        raise not_plain(f"{kind.__module__}.{kind.__qualname__} is not plain data")

    def decode(data: object, tensors: list) -> object:
        """Inverse of encode; builds only builtins and tensors."""
        if kind_of(data) is list:
            return [decode(v, tensors) for v in data]
        if kind_of(data) is dict:
            if "__tensor__" in data:
                return tensors[data["__tensor__"]]
            if "__tuple__" in data:
                return tupled(decode(v, tensors) for v in data["__tuple__"])
            if "__dict__" in data:
                return {decode(k, tensors): decode(v, tensors) for k, v in data["__dict__"]}
            if "__opaque__" in data:
                return opaque(*data["__opaque__"])
            raise error(f"unknown tagged value {sorted(data)}")
        return data

    def pack(message: dict, tensors: list) -> bytes:
        body = dumps(message).encode()
        blob = b""
        if tensors:
            buf = bytes_io()
            save(listed(tensors), buf)
            blob = buf.getvalue()
        return pack_header(length(body), length(blob)) + body + blob

    def unpack(body: bytes, blob: bytes) -> tuple[dict, list]:
        try:
            message = loads(body)
        except ValueError as exc:
            raise error(f"malformed frame: {exc}") from None
        tensors = []
        if blob:
            try:
                tensors = load(bytes_io(blob), weights_only=True)
            except Exception as exc:  # anything torch.load refuses is a broken frame
                raise error(f"malformed tensor blob: {exc}") from None
            if kind_of(tensors) is not list or not all(kind_of(t) is tensor_type for t in tensors):
                raise error("tensor blob does not hold a list of tensors")
        if kind_of(message) is not dict:
            raise error("frame is not a JSON object")
        return message, tensors

    def send(sock: socket.socket, message: dict, tensors: list | None = None) -> None:
        sendall(sock, pack(message, tensors or []))

    def read_exactly(sock: socket.socket, n: int) -> bytes:
        chunks = []
        while n:
            chunk = recv(sock, min(n, 1 << 20))
            if not chunk:
                raise error("connection closed")
            chunks.append(chunk)
            n -= length(chunk)
        return b"".join(chunks)

    def receive(sock: socket.socket) -> tuple[dict, list]:
        """Read one frame; the socket's timeout bounds each read."""
        body_len, blob_len = unpack_header(read_exactly(sock, header_size))
        if body_len + blob_len > MAX_FRAME:
            raise error(f"frame of {body_len + blob_len} bytes is over the limit")
        return unpack(read_exactly(sock, body_len), read_exactly(sock, blob_len))

    return SimpleNamespace(encode=encode, decode=decode, pack=pack, unpack=unpack, send=send, receive=receive)


_shared: SimpleNamespace | None = None


def _codec() -> SimpleNamespace:
    """The trusted side's codec, made on first use so that importing this module stays light."""
    global _shared
    if _shared is None:
        _shared = codec()
    return _shared


def encode(value, tensors: list) -> object:
    return _codec().encode(value, tensors)


def decode(data: object, tensors: list) -> object:
    return _codec().decode(data, tensors)


def pack(message: dict, tensors: list) -> bytes:
    return _codec().pack(message, tensors)


def unpack(body: bytes, blob: bytes) -> tuple[dict, list]:
    return _codec().unpack(body, blob)


def send(sock: socket.socket, message: dict, tensors: list | None = None) -> None:
    _codec().send(sock, message, tensors)


def receive(sock: socket.socket) -> tuple[dict, list]:
    return _codec().receive(sock)
