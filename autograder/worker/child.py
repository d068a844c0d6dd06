"""One item's worker: loads the student's module, then runs probes on request until told to stop.

Forked from the zygote for each item, so whatever a module patches at import (torch, numpy,
builtins) dies with this process and never reaches another item.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import sys
import traceback
import types
from pathlib import Path

from autograder.worker import kit, protocol, tripwire

OUTPUT_TAIL = 2000  # characters of the student's printed output sent back per request
EXCEPTION_TEXT_CHARS = 500  # characters of a student exception's text sent back
WORKER_OOM_SCORE = 1000  # the kernel's first choice when memory runs out (see zygote.py)


def enter(workdir: str, limits: dict, writable: tuple[str, ...] = (), confined: bool = True) -> "_Output":
    """Become a worker: private folder and captured output, and where `confined` (every worker
    of the sandbox) own process group, `writable` the only places it may write besides its
    folder (where Landlock allows) and limits. The portable check (worker/portable.py) runs
    unconfined, on systems that have none of these."""
    if confined:
        _confine(workdir, limits, writable)
    os.chdir(workdir)
    os.environ.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=str(Path(workdir) / ".matplotlib"))
    return _capture_output(Path(workdir) / f".output-{os.getpid()}")


def _confine(workdir: str, limits: dict, writable: tuple[str, ...]) -> None:
    # Imported here: Windows, where the portable check imports this module, lacks what they call.
    import resource

    from autograder.worker import landlock, processes

    os.setsid()  # own process group: the grader kills it with everything it spawned
    processes.killed_first_on_oom(WORKER_OOM_SCORE)
    processes.not_dumpable()
    landlock.restrict(workdir, *writable)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing
    for name, value in limits.items():
        resource.setrlimit(getattr(resource, name), (value, value))


def sealed() -> tuple:
    """The codec, converter and tripwire, made before any student code runs: what it rebinds
    later cannot reach them."""
    return protocol.codec(), kit.plainer(), tripwire.guard()


def main(sock: socket.socket, workdir: str, limits: dict, namespace=None, seal: tuple | None = None,
         writable: tuple[str, ...] = (), confined: bool = True) -> None:
    """Serve one item. A notebook's items arrive with the namespace its cells made (and the seal
    made before they ran); a folder's item imports its module on the `load` request."""
    output = enter(workdir, limits, writable, confined)
    codec, plain, guarded = seal or sealed()
    protocol_error, not_plain, leave = protocol.ProtocolError, protocol.NotPlain, os._exit
    worker = ChildWorker(Path(workdir), namespace)
    while True:
        try:
            request, tensors = codec.receive(sock)
        except protocol_error:
            leave(0)  # the grader went away
        if request["op"] == "stop":
            leave(0)
        if request["op"] == "load":
            reply, value = worker.load(request), None
        else:
            args = codec.decode(request.get("args", []), tensors)
            kwargs = codec.decode(request.get("kwargs", {}), tensors)
            # The guard wraps the whole request, so that rebinding ChildWorker's methods cannot
            # step around it.
            reply, value = guarded(request, args, kwargs, worker.namespace,
                                   lambda: worker.handle(request, args, kwargs, plain))
        out_tensors: list = []
        if reply["ok"] and request["op"] != "load":
            try:
                reply["value"] = codec.encode(value, out_tensors)
            except not_plain as exc:
                reply, out_tensors = {"ok": False, "kind": "grader", "message": f"probe returned {exc}"}, []
        reply["output"] = output.read_new()
        codec.send(sock, reply, out_tensors)


class _Output:
    """Student prints go to a file; each reply carries the tail of what is new."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def read_new(self) -> str:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except OSError:
            return ""
        self.offset += len(data)
        return data[-OUTPUT_TAIL:].decode("utf-8", "replace")


def _capture_output(path: Path) -> _Output:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    return _Output(path)


class ChildWorker:
    """The student's module and the probes sent so far; replies carry raw values that the
    caller encodes."""

    def __init__(self, workdir: Path, namespace=None):
        self.workdir = workdir
        self.preloaded = namespace is not None
        self.namespace = namespace
        self.probes: dict[str, dict] = {}

    def handle(self, request: dict, args: list, kwargs: dict, plain) -> tuple[dict, object]:
        if self.namespace is None:
            return {"ok": False, "kind": "grader", "message": "no module loaded"}, None
        if request["op"] == "call":
            target = self._lookup(request["name"])
            probe = lambda ns, *a, **k: plain(target(*a, **k))  # noqa: E731
        else:
            probe = self._probe(request["source"], request["name"])
        return self.run(probe, args, kwargs)

    def load(self, request: dict) -> dict:
        if self.preloaded:  # a notebook: its cells already ran; written answers are in markdown
            names = vars(self.namespace)
            return {"ok": True, "missing": [n for n in request["names"] if n not in names], "answer": None}
        path = self.workdir / f"{request['module']}.py"
        sys.path.insert(0, str(self.workdir))
        module = types.ModuleType(request["module"])
        module.__file__ = str(path)
        sys.modules[request["module"]] = module
        try:
            exec(compile(path.read_bytes(), str(path), "exec"), module.__dict__)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            return {"ok": False, **describe_error(exc, self.workdir)}
        self.namespace = module
        names = vars(module)
        answer = names.get("ANSWER")
        return {
            "ok": True,
            "missing": [n for n in request["names"] if n not in names],
            "answer": str.__str__(answer)[:20_000] if isinstance(answer, str) else None,
        }

    def _lookup(self, dotted: str):
        value = self.namespace
        for part in dotted.split("."):
            value = getattr(value, part)
        return value

    def _probe(self, source: str, name: str):
        key = hashlib.sha256(source.encode()).hexdigest()
        if key not in self.probes:
            scope: dict = {"__name__": "probe"}
            exec(compile(source, f"<probe {name}>", "exec"), scope)
            self.probes[key] = scope
        return self.probes[key][name]

    def run(self, probe, args, kwargs) -> tuple[dict, object]:
        try:
            value = probe(self.namespace, *args, **kwargs)
        except BaseException as exc:
            return {"ok": False, **describe_error(exc, self.workdir)}, None
        return {"ok": True}, value


def describe_error(exc: BaseException, workdir: Path) -> dict:
    """What went wrong, told from the student's side: the exception and their own line."""
    kind = "error"
    if isinstance(exc, kit.Wrong):
        return {"kind": "wrong", "message": str(exc)}
    if isinstance(exc, NotImplementedError):
        kind = "not_implemented"
    elif isinstance(exc, SystemExit):
        kind = "exit"
    try:
        text = str(exc)
    except BaseException:
        text = ""
    text = text if len(text) <= EXCEPTION_TEXT_CHARS else text[:EXCEPTION_TEXT_CHARS] + "..."
    where = None
    frames = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, SyntaxError) and exc.filename:
        where = {"file": Path(exc.filename).name, "line": exc.lineno, "code": (exc.text or "").strip()}
    for frame in frames:
        if Path(frame.filename).parent == workdir:
            where = {"file": Path(frame.filename).name, "line": frame.lineno,
                     "function": frame.name, "code": (frame.line or "").strip()}
    return {"kind": kind, "type": type(exc).__name__, "message": text, "where": where}
