"""The tripwire's run-time code reads no global and no builtin name, any of which a submission may
have rebound by then: each function it calls comes from the namespace captured before student
code ran (autograder/worker/tripwire/captured.py), or is a local of its own or of a function
around it.

The tripwire's module-level functions build it, at import or in guard(), before any student code
runs; what they define to be called later (functions, methods, lambdas, generators) is run-time
code: the audit hook, the traps, the guarded call, the recorder."""

import symtable

import pytest

from autograder.worker.tripwire.captured import SAFE
from conftest import ROOT

pytestmark = pytest.mark.fast

TRIPWIRE = ROOT / "autograder" / "worker" / "tripwire"
MODULES = sorted(TRIPWIRE.glob("*.py"))


def run_time_names(source: str) -> dict[str, set[str]]:
    """For each run-time function, by its dotted place in the module, the global and builtin names
    it reads."""
    found = {}

    def visit(table, place: str, run_time: bool) -> None:
        for child in table.get_children():
            name = f"{place}.{child.get_name()}" if place else child.get_name()
            # A list, set or dict comprehension runs where it is written; a class body runs when the
            # class is made; a function, a lambda or a generator runs when it is called.
            later = run_time or (child.get_type() == "function" and table.get_type() != "module"
                                 and child.get_name() not in ("listcomp", "setcomp", "dictcomp"))
            if later and child.get_type() == "function":
                found[name] = {s.get_name() for s in child.get_symbols() if s.is_referenced() and s.is_global()}
            visit(child, name, later)

    visit(symtable.symtable(source, "tripwire", "exec"), "", False)
    return found


@pytest.mark.parametrize("path", MODULES, ids=[path.stem for path in MODULES])
def test_run_time_code_reads_only_what_was_captured(path):
    uncaptured = {function: names for function, names in run_time_names(path.read_text()).items() if names}
    assert uncaptured == {}, f"{path.name}: read through the captured namespace instead: {uncaptured}"


def test_the_hook_the_traps_the_guarded_call_and_the_recorder_are_read():
    read = {f"{path.stem}:{function}" for path in MODULES for function in run_time_names(path.read_text())}
    assert {"audit:audit_hook.hook", "audit:audit_hook.report", "kernels:kernel_traps.trap_for.trap",
            "kernels:kernel_traps.arm", "threads:thread_traps.arm", "threads:calling.template",
            "profiling:profile_refusals.profiler.profile", "recorder:recorder.Recorder.__torch_dispatch__",
            "recorder:fingerprinter.fingerprint", "recorder:walker.tensors_in", "__init__:guard.guarded"} <= read


def test_a_builtin_called_in_the_hook_is_found():
    source = (TRIPWIRE / "audit.py").read_text().replace("        if quiet:\n", "        if quiet or len(args) < 0:\n")
    assert run_time_names(source)["audit_hook.hook"] == {"len"}


def test_the_captured_functions_cannot_be_rebound():
    for rebind in (lambda: setattr(SAFE, "len", lambda value: 0), lambda: delattr(SAFE, "len")):
        with pytest.raises(AttributeError):
            rebind()
    assert SAFE.len is len and not hasattr(SAFE, "__dict__")
