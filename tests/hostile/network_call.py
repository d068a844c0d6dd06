"""Connects to a server on the grading machine (the test fills in the port)."""
import socket

PORT = 0  # replaced by the test


def mnist_loss(predictions, targets):
    with socket.create_connection(("127.0.0.1", PORT), timeout=2) as conn:
        conn.sendall(b"hello from the sandbox")
    raise NotImplementedError("q01: mnist_loss is not implemented yet")
