"""The zygote: imports torch once, then forks a fresh child for every item.

It never runs student code itself, so every child starts from the same clean state, and a
fork costs milliseconds where a new interpreter with torch costs over a second.
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

# matplotlib is not imported here: MPLBACKEND=Agg in the sandbox's environment picks the
# backend, and the items that plot ask for pyplot through the catalogue's preload.


def start_item(sock: socket.socket, request: dict) -> None:
    child.main(sock, request["workdir"], request["limits"])


def start_base(sock: socket.socket, request: dict) -> None:
    notebook.main(sock, request["workdir"], request["limits"])


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
    forkserver.serve(socket.socket(fileno=int(sys.argv[1])), {"spawn": start_item, "base": start_base},
                     hello={"seccomp": filtered}, preload=lambda: warm_up(modules),
                     clean_tmp="--clean-tmp" in options)


def warm_up(modules: list[str]) -> None:
    """Slow imports that the items being graded need (the catalogue's `preload`), made once
    here after saying ready, so that they overlap with the grader's own start-up instead of
    costing every child."""
    import importlib

    for name in modules:
        importlib.import_module(name)


if __name__ == "__main__":
    main()
