"""The zygote: imports torch once, then forks a fresh child for every item.

It never runs student code itself, so every child starts from the same clean state, and a
fork costs milliseconds where a new interpreter with torch costs over a second. Where the grader
is root (separate-user, unprivileged-user) the zygote runs as the sandbox's keeper uid, with no
capability but those it needs to change uid and to kill its children, and every child it forks
becomes the sandbox's worker uid, with none, before it does anything else: student code can
then neither signal the zygote nor trace it, and the zygote stays the subreaper that keeps every
orphan in its tree.

    python -S -m autograder.worker FD [--user UID:GID] [--writable DIR:DIR...] [--scratch DIR:DIR...]
                                      [--preload MOD,MOD...]
    python -S -m autograder.worker --probe FOLDER [--user UID:GID] -- SECRET...

The second form is the isolation ladder's probe (runner/isolation.py): the same imports, and a
child forked and confined exactly as an item's worker is, which says whether it can reach the
libraries and its folder but none of the secrets.
"""

from __future__ import annotations

import signal
import socket
import sys

import numpy  # noqa: F401  imported here so that children share it
import torch  # noqa: F401

from autograder.worker import child, forkserver, kit, notebook, processes, seccomp  # noqa: F401

# On a host short of memory the kernel kills an item's worker first (child.WORKER_OOM_SCORE), then
# the zygote, and the grader last: a worker that floods memory costs its own item only.
ZYGOTE_OOM_SCORE = 500
# What a worker may import besides torch and numpy, which the probe imports too.
LIBRARIES = ("torchvision", "matplotlib.pyplot", "PIL")

# matplotlib is not imported here: MPLBACKEND=Agg in the sandbox's environment picks the
# backend, and the items that plot ask for pyplot through the catalogue's preload.


def main() -> None:
    args = sys.argv[1:]
    first, rest = (args[:2], args[2:]) if args[0] == "--probe" else (args[:1], args[1:])
    flags = rest[:rest.index("--")] if "--" in rest else rest
    options = dict(zip(flags[::2], flags[1::2]))
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    # As the init of a PID namespace (bubblewrap, unprivileged-user) a signal that has no handler
    # cannot reach us from inside it: Python's own handler for SIGINT would let a worker stop us.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Before anything else: orphans of student code are re-parented to us, no process of our
    # user may read our memory, and no child can open a socket.
    processes.become_subreaper()
    processes.killed_first_on_oom(ZYGOTE_OOM_SCORE)
    processes.not_dumpable()
    filtered = seccomp.install()
    drop = None
    if "--user" in options:
        uid, gid = map(int, options["--user"].split(":"))
        drop = lambda: processes.become(uid, gid)  # noqa: E731
    if first[0] == "--probe":
        sys.exit(probe(first[1], rest[rest.index("--") + 1:], drop))
    modules = options["--preload"].split(",") if "--preload" in options else []
    scratch = tuple(options["--scratch"].split(":")) if "--scratch" in options else ()
    # Where a worker may write besides its own folder (the sandbox's private /tmp, say).
    writable = tuple(options["--writable"].split(":")) if "--writable" in options else ()
    from autograder.worker import landlock

    def start_item(sock: socket.socket, request: dict) -> None:
        child.main(sock, request["workdir"], request["limits"], writable=writable)

    def start_base(sock: socket.socket, request: dict) -> None:
        notebook.main(sock, request["workdir"], request["limits"], writable)

    forkserver.serve(socket.socket(fileno=int(first[0])), {"spawn": start_item, "base": start_base},
                     hello={"seccomp": filtered, "landlock": landlock.abi()}, preload=lambda: warm_up(modules),
                     scratch=scratch, drop=drop)


def warm_up(modules: list[str]) -> None:
    """Slow imports that the items being graded need (the catalogue's `preload`), made once
    here before saying ready, so that they overlap with the grader's own start-up instead of
    costing every child."""
    import importlib

    for name in modules:
        importlib.import_module(name)


def probe(folder: str, secrets: list[str], drop) -> int:
    """Import what a worker may import, then fork a child confined to `folder` as a worker is to
    its own, which prints "ok" if it reaches the libraries and its folder but no secret, or else
    why not."""
    import os

    from autograder.worker import landlock

    warm_up(list(LIBRARIES))
    pid = os.fork()
    if pid == 0:
        try:
            if drop:
                drop()
            os.chdir(folder)
            landlock.restrict(folder)
            print(_probe_reach(secrets), flush=True)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _probe_reach(secrets: list[str]) -> str:
    import os

    for path in [*sys.path[1:], os.getcwd()]:
        try:
            os.stat(path)
        except FileNotFoundError:
            continue  # sys.path names places that need not exist (pythonNN.zip)
        except OSError:
            return f"the worker cannot see {path}"
        if not os.access(path, os.R_OK):
            return f"the worker cannot see {path}"
    try:
        with open("probe", "w") as written:
            written.write("ok")
        os.unlink("probe")
    except OSError as error:
        return f"the worker cannot write in its own folder ({error.strerror})"
    for path in secrets:
        try:
            # A secret covered by an empty folder (the namespaced levels' masks) is out of reach.
            found = os.listdir(path) if os.path.isdir(path) else open(path, "rb").close() is None
        except OSError:
            continue
        if found:
            return f"the worker could read {path}"
    return "ok"


if __name__ == "__main__":
    main()
