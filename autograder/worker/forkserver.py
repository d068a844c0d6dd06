"""The fork server that both the zygote and a notebook's base run: it forks a worker from its
own state for each request, kills workers, and sweeps up what finished ones left behind.

It knows neither what a worker runs nor what it is forked from: each server names its own
starters, so the modules that serve import this one and never each other.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
from collections.abc import Callable

from autograder.worker import processes

Start = Callable[[socket.socket, dict], None]


def serve(control: socket.socket, starters: dict[str, Start], hello: dict | None = None, preload=None,
          scratch: tuple[str, ...] = (), answers: dict[str, Callable[[dict], dict]] | None = None,
          drop: Callable[[], None] | None = None) -> None:
    """Answer requests on a SOCK_SEQPACKET channel: one small JSON document per packet.
    starters[op](sock, request) runs in the child forked for a request of that op (after
    `drop()`, which makes it the sandbox's worker uid where the server is its keeper);
    answers[op](request) runs here, and its result is the reply. The first reply says the
    server is ready, once `preload()` is done, or why it cannot be: a library that does not
    import is the grader's environment's fault, never a student's."""
    reply = lambda message: control.send(json.dumps(message).encode())  # noqa: E731
    if preload:
        try:
            preload()
        except Exception as exc:
            reply({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            return
    reply({"ok": True, "pid": os.getpid(), **(hello or {})})
    # What exists now is shared with every child: out of the collector's sight, a child's
    # collections do not write to (and so copy) the parent's pages.
    gc.collect()
    gc.freeze()
    while True:
        try:
            packet, fds, _, _ = socket.recv_fds(control, 1 << 16, 1)
        except OSError:
            return
        if not packet:
            return  # the grader closed the channel
        request = json.loads(packet)
        if request["op"] in starters:
            reply({"ok": True, "pid": spawn(fds[0], request, control, starters[request["op"]], drop)})
        elif request["op"] == "kill":
            reply(kill(request["pid"]))
        elif request["op"] == "sweep":
            reply(sweep(set(request["keep"]), scratch, drop))
        elif request["op"] in (answers or {}):
            reply(answers[request["op"]](request))
        elif request["op"] == "exit":
            return


def spawn(fd: int, request: dict, control: socket.socket, start: Start, drop=None) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            if drop:
                drop()
            control.close()
            start(socket.socket(fileno=fd), request)
        finally:
            os._exit(1)
    os.close(fd)
    return pid


def as_sandbox(work: Callable[[], None], drop=None) -> None:
    """Run `work` as the sandbox's worker uid: here where we are that uid already, else in a
    child that becomes it first, so that it can neither harm a process nor remove a file that is
    not the workers', however their processes race it."""
    if drop is None:
        work()
        return
    pid = os.fork()
    if pid == 0:
        try:
            drop()
            work()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def kill(pid: int) -> dict:
    """Kill a child and its process group, and say how it ended."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return {"ok": True, "status": None}
    if os.WIFSIGNALED(status):
        return {"ok": True, "signal": os.WTERMSIG(status)}
    return {"ok": True, "status": os.WEXITSTATUS(status)}


def sweep(keep: set[int], scratch: tuple[str, ...], drop=None) -> dict:
    """Kill every process below us except the children we keep (as a subreaper we inherit every
    orphan, so nothing detached escapes), and remove what the sandbox's uid made in the
    `scratch` folders, so that the next worker finds nothing an earlier one left."""
    zygote = os.getpid()

    def clear() -> None:
        processes.kill_tree(zygote, keep=keep | {os.getpid()})
        _empty_scratch(scratch)

    as_sandbox(clear, drop)
    _reap()
    return {"ok": True}


SANDBOX_ROOT = os.path.dirname(os.environ.get("HOME", "/nonexistent/home"))  # HOME is ROOT/home


def _empty_scratch(scratch: tuple[str, ...]) -> None:
    """Remove what our user made in the scratch folders: all of the sandbox's own /tmp at the
    namespaced levels, only the sandbox uid's files where they are the host's (separate-user)."""
    import shutil

    me = os.getuid()
    # The sandbox's own folder may itself live in /tmp: never it, nor a folder above it.
    own = SANDBOX_ROOT + "/"
    for folder in scratch:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != me or own.startswith(entry.path + "/"):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
