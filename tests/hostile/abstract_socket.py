"""Serves on an abstract unix socket from a detached process (abstract names have no
permissions: any process on the host could connect), and says in its error what worked."""
import os
import socket
import time

NAME = b"\0autograder-hostile-helper"


def serve() -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(NAME)
    server.listen()
    while True:
        conn, _ = server.accept()
        conn.sendall(b"served")
        conn.close()


def mnist_loss(predictions, targets):
    worked = []
    try:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        worked.append("socket")
        probe.close()
        pair = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        pair[0].bind(NAME + b"-dgram")
        worked.append("bound a socketpair")
    except OSError:
        pass
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            try:
                serve()
            finally:
                os._exit(0)
        os._exit(0)
    time.sleep(0.3)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(NAME)
            worked.append(conn.recv(16).decode())
    except OSError as error:
        worked.append(f"refused ({error.strerror})")
    raise NotImplementedError("q01: abstract socket: " + ", ".join(worked))
