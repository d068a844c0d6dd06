"""The `student` fixture's object: the only way a check reaches student code.

`call` runs one of the student's functions in the item's worker and returns its result as
plain data. `run` sends a probe (a self-contained function written next to the check) to the
worker, where it is called with the student's module as first argument; probes return
observations, never verdicts. Everything returned has been rebuilt from plain data.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

from autograder.catalogue import Item
from autograder.checks.show import show_call
from autograder.checks.static import Use, refused_uses
from autograder.runner.failures import NOT_IMPLEMENTED, StudentFailure
from autograder.runner.session import CALL_TIMEOUT, ItemWorker


class Student:
    def __init__(self, worker: ItemWorker, submission, device: str):
        self.worker = worker
        self.submission = submission  # read, never run, by the static checks
        self.item: Item = worker.item
        self.device = device
        self.notes: list[str] = []  # shown in the report even when the check passes
        self.last_call = ""  # the latest call, as the student would write it, for messages
        self.artifacts: dict[str, object] = {}  # figures and series for the feedback report

    def call(self, name: str, *args, timeout: float = CALL_TIMEOUT, **kwargs):
        """name(*args, **kwargs) in the worker; the result comes back as plain data."""
        self.worker.check_defined(name)
        self.last_call = show_call(name, args, kwargs)
        return self.worker.request({"op": "call", "name": name}, args, kwargs, timeout, self.last_call)

    def value(self, name: str):
        """A module-level value of the student's (a constant such as BEAR_TABLE) as plain data;
        None, the stub's placeholder, means not implemented."""
        got = self.run(_read_value, name, call=name, uses=(name,))
        if got is None:
            raise StudentFailure(f"{self.item.id}: {name} {NOT_IMPLEMENTED} (it is still None)")
        return got

    def run(self, probe, *args, call: str, uses: tuple[str, ...] = (), timeout: float = CALL_TIMEOUT, **kwargs):
        """probe(module, *args, **kwargs) in the worker; `call` says what it does, for messages
        ("sgd_step([w, b], lr=0.1)"). The student's names it needs are those it reads from the
        module (`module.sgd_step`), or `uses` when it looks them up otherwise."""
        return self._probe(probe, args, kwargs, call, uses, timeout, None)

    def timed(self, probe, *args, call: str, uses: tuple[str, ...] = (), timeout: float = CALL_TIMEOUT, **kwargs):
        """As `run`, and what the call cost, measured by the grading process from outside the
        worker: (value, {"cpu_seconds": every process of the sandbox, children and threads
        included; "wall_seconds": around the call}). No figure the worker reports enters it."""
        measured: dict = {}
        return self._probe(probe, args, kwargs, call, uses, timeout, measured), measured

    def _probe(self, probe, args, kwargs, call: str, uses: tuple[str, ...], timeout: float, measured: dict | None):
        source = textwrap.dedent(inspect.getsource(probe))
        needed = uses or names_read(source, self.item.names)
        if not needed:
            raise TypeError(f"the probe {probe.__name__} reads none of {self.item.id}'s names from the module; "
                            "name them with uses=")
        for name in needed:
            self.worker.check_defined(name)
        self.last_call = call
        return self.worker.request({"op": "run", "source": source, "name": probe.__name__},
                                   args, kwargs, timeout, call, measured=measured)

    def observe(self, name: str, *args, timeout: float = CALL_TIMEOUT, **kwargs) -> dict:
        """As `call`, with the tripwire's record of the torch operations the call ran:
        {"value": the result, "record": what the worker saw} (worker/tripwire/recorder.py)."""
        self.worker.check_defined(name)
        self.last_call = show_call(name, args, kwargs)
        return self.worker.request({"op": "call", "name": name, "observe": True}, args, kwargs, timeout,
                                   self.last_call)

    def refused_calls(self) -> list[Use]:
        """What the item refuses, used by its from-scratch functions or by what they reach, in
        the item's module or in the submission's other modules. A module is read as bytes,
        which Python decodes by their coding cookie, as it does when it runs them."""
        source = self.submission.source(self.item)
        if source is None:
            raise StudentFailure(f"{self.item.module}.py is missing from the submission")
        return refused_uses(source, self.item.scratch, self.item.refuses, self.submission.module)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def keep_figure(self, name: str, png, reference_png=None) -> None:
        """Keep a figure for the feedback report: the uint8 PNG tensor that kit.png made from the
        student's code, and the reference's when the check drew it too."""
        figure = {"student": _base64(png)}
        if reference_png is not None:
            figure["reference"] = _base64(reference_png)
        self.artifacts[f"figure:{name}"] = figure

    def keep_data(self, name: str, value) -> None:
        """Keep plain data for the feedback report (a training curve, timings)."""
        self.artifacts[name] = value


def names_read(source: str, names: tuple[str, ...]) -> list[str]:
    """The student's names a probe reads from the module, its first parameter (`ns.pair_up`)."""
    probe = ast.parse(source).body[0]
    module = probe.args.args[0].arg
    read = {node.attr for node in ast.walk(probe) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == module}
    return [name for name in names if name in read]


def _base64(png) -> str:
    import base64

    return base64.b64encode(bytes(png.tolist())).decode()


def _read_value(ns, name):
    from autograder.worker import kit

    return kit.plain(getattr(ns, name))
