"""The zygote: imports torch once, then forks a fresh child for every item.

It never runs student code itself, so every child starts from the same clean state, and a
fork costs milliseconds where a new interpreter with torch costs over a second.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys

import numpy  # noqa: F401  imported here so that children share it
import torch  # noqa: F401

from autograder.worker import child, kit, processes, seccomp  # noqa: F401

# On a host short of memory the kernel kills an item's worker first (child.WORKER_OOM_SCORE), then
# the zygote, and the grader last: a worker that floods memory costs its own item only.
ZYGOTE_OOM_SCORE = 500

# matplotlib is not imported here: MPLBACKEND=Agg in the sandbox's environment picks the
# backend, and the items that plot ask for pyplot through the catalogue's preload.


def serve(control: socket.socket, start_child, hello: dict | None = None, preload=None,
          clean_tmp: bool = False) -> None:
    """Answer requests on a SOCK_SEQPACKET channel: one small JSON document per packet.
    start_child(request) runs in each forked child; the notebook base serves with its own."""
    reply = lambda message: control.send(json.dumps(message).encode())  # noqa: E731
    reply({"ok": True, "pid": os.getpid(), **(hello or {})})
    if preload:
        preload()
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
        if request["op"] == "spawn":
            reply({"ok": True, "pid": spawn(fds[0], request, control, start_child)})
        elif request["op"] == "base":
            reply({"ok": True, "pid": spawn(fds[0], request, control, start_base)})
        elif request["op"] == "kill":
            reply(kill(request["pid"]))
        elif request["op"] == "sweep":
            reply(sweep(set(request["keep"]), clean_tmp))
        elif request["op"] == "exit":
            return


def spawn(fd: int, request: dict, control: socket.socket, start) -> int:
    pid = os.fork()
    if pid == 0:
        control.close()
        try:
            start(socket.socket(fileno=fd), request)
        finally:
            os._exit(1)
    os.close(fd)
    return pid


def start_item(sock: socket.socket, request: dict) -> None:
    child.main(sock, request["workdir"], request["limits"])


def start_base(sock: socket.socket, request: dict) -> None:
    from autograder.worker import notebook

    notebook.main(sock, request["workdir"], request["limits"])


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


def sweep(keep: set[int], clean_tmp: bool) -> dict:
    """Kill every process below us except the children we keep (as a subreaper we inherit every
    orphan, so nothing detached escapes), and leave the next worker an empty /tmp."""
    processes.kill_tree(os.getpid(), keep=keep)
    _reap()
    if clean_tmp:
        _empty_scratch()
    return {"ok": True}


SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")
SANDBOX_ROOT = os.path.dirname(os.environ.get("HOME", "/nonexistent/home"))  # HOME is ROOT/home


def _empty_scratch() -> None:
    """Remove what our user made in /tmp: all of the sandbox's own /tmp at the namespaced
    levels, only the worker's files where /tmp is the host's (separate-user)."""
    import shutil

    me = os.getuid()
    # The sandbox's own folder may itself live in /tmp: never it, nor a folder above it.
    own = SANDBOX_ROOT + "/"
    for folder in SCRATCH:
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


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    # Before anything else: orphans of student code are re-parented to us, no process of our
    # user may read our memory, and no child can open a network socket.
    processes.become_subreaper()
    processes.killed_first_on_oom(ZYGOTE_OOM_SCORE)
    processes.not_dumpable()
    filtered = seccomp.install()
    options = sys.argv[2:]
    modules = options[options.index("--preload") + 1].split(",") if "--preload" in options else []
    serve(socket.socket(fileno=int(sys.argv[1])), start_item, hello={"seccomp": filtered},
          preload=lambda: warm_up(modules), clean_tmp="--clean-tmp" in options)


def warm_up(modules: list[str]) -> None:
    """Slow imports that the items being graded need (the catalogue's `preload`), made once
    here after saying ready, so that they overlap with the grader's own start-up instead of
    costing every child."""
    import importlib

    for name in modules:
        importlib.import_module(name)


if __name__ == "__main__":
    main()
