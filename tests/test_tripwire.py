"""The run-time half of the from-scratch rule, each case in a forked process of its own: the
guard's audit hook stays for the life of the process that makes it, as it does in a worker."""

import os
import pickle
import sys
import tempfile
import threading
import types

import pytest
import torch
import torch._dynamo  # noqa: F401  a dispatch mode imports it on first use: once here serves every fork
import torch.nn.functional as F

from autograder.catalogue import item
from autograder.worker.tripwire import RefusedCall, fingerprint, guard
from autograder.worker.tripwire.audit import UNSEEN

pytestmark = pytest.mark.fast

x = torch.randn(5, generator=torch.Generator().manual_seed(0))


def in_a_fork(body):
    """body() in a forked child; what it returns, or the exception it raised, comes back."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        # Earlier tests may have started torch's OpenMP threads in this process, which a fork
        # does not copy: a kernel that enters a parallel region (logsigmoid does, on 24 values) waits on them forever.
        torch.set_num_threads(1)
        try:
            result = ("ok", body())
        except BaseException as exc:  # noqa: BLE001 - the parent shows it
            result = ("raised", repr(exc))
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as data:
        kind, value = pickle.load(data)
    os.waitpid(pid, 0)
    assert kind == "ok", value
    return value


def guarded(fn, item_id="q02", observe=False, namespace=None, module=""):
    """(reply, value) of fn() run as the worker runs a request of the item, in a fork, from a
    folder of its own; `module` is the source of a student's module imported before the call."""

    def body():
        os.chdir(tempfile.mkdtemp())
        run = guard()
        exec(compile(module, os.path.join(os.getcwd(), "student.py"), "exec"), {})

        def handle():
            try:
                return {"ok": True}, fn()
            except BaseException as exc:  # as ChildWorker.run reports it
                return {"ok": False, "kind": "error", "message": repr(exc)}, None

        request = {"op": "call", "refuse": item(item_id).refusals(), "observe": observe}
        return run(request, (x,), {}, namespace or types.ModuleType("student"), handle)

    return in_a_fork(body)


def refused(fn, item_id="q02"):
    reply, _ = guarded(fn, item_id)
    assert not reply["ok"], "nothing tripped"
    return reply["kind"], reply["message"]


@pytest.mark.parametrize("call", [
    lambda: torch.sigmoid(x), lambda: x.sigmoid(), lambda: F.sigmoid(x), lambda: torch.special.expit(x),
    lambda: torch.ops.aten.sigmoid.default(x), lambda: torch.nn.Sigmoid()(x),
    lambda: torch._C._VariableFunctions.sigmoid(x),
    lambda: torch.ops.aten.sigmoid.default.redispatch(torch._C.DispatchKeySet(torch._C.DispatchKey.CPU), x),
], ids=["torch.sigmoid", "method", "F.sigmoid", "special.expit", "aten", "nn.Sigmoid", "VariableFunctions",
        "redispatch"])
def test_every_alias_of_sigmoid_trips(call):
    assert refused(call) == ("refused", "torch.sigmoid")


def dispatch_disabled():
    with torch._C._DisableTorchDispatch():
        return torch.sigmoid(x)


def modes_disabled():
    from torch.utils._python_dispatch import _disable_current_modes

    with _disable_current_modes():
        return torch.sigmoid(x)


@pytest.mark.parametrize("call", [dispatch_disabled, modes_disabled])
def test_switching_python_dispatch_off_does_not_reach_the_kernel(call):
    assert refused(call) == ("refused", "torch.sigmoid")


@pytest.mark.parametrize("call,through", [
    (lambda: F.logsigmoid(x).exp(), "log_sigmoid_forward"),
    (lambda: F.glu(torch.stack([torch.ones_like(x), x], -1), -1), "glu"),
    (lambda: torch.softmax(torch.stack([torch.zeros_like(x), x]), 0)[1], "_softmax"),
    (lambda: torch.exp(-F.softplus(-x)), "softplus"),
], ids=["logsigmoid", "glu", "two_class_softmax", "softplus"])
def test_functions_that_compute_sigmoid_trip_and_are_named(call, through):
    assert refused(call) == ("refused", f"torch.sigmoid (through aten.{through})")


@pytest.mark.parametrize("item_id,call", [
    ("q02", lambda: 1 / (1 + torch.exp(-x))), ("q02", lambda: torch.tanh(x / 2) / 2 + 0.5),
    ("q15", lambda: x.clamp(min=0)), ("q15", lambda: torch.maximum(x, torch.zeros_like(x))),
    ("q15", lambda: x * (x > 0)),
    ("q10", lambda: (x.view(5, 1, 1) * x.view(1, 5, 1)).sum(1)),
    ("q29", lambda: torch.exp(x - torch.logsumexp(x, 0))), ("q28", lambda: x - torch.logsumexp(x, 0)),
], ids=["formula", "tanh", "clamp", "maximum", "mask", "broadcast_and_sum", "softmax_logsumexp",
        "log_softmax_logsumexp"])
def test_honest_formulas_do_not_trip(item_id, call):
    reply, _ = guarded(call, item_id)
    assert reply == {"ok": True}


def caught_and_cleared():
    """Catches the refusal, then clears every list and dict that the traceback's frames show."""
    try:
        torch.sigmoid(x)
    except RefusedCall as exc:
        tb = exc.__traceback__
        while tb is not None:
            for value in tb.tb_frame.f_locals.values():
                if isinstance(value, (list, dict)):
                    value.clear()
            tb = tb.tb_next
    return 1 / (1 + torch.exp(-x))


def test_a_caught_refusal_still_counts():
    assert refused(caught_and_cleared) == ("refused", "torch.sigmoid")


def test_the_traps_are_gone_after_the_call():
    def body():
        run = guard()
        for item_id in ("q02", "q05"):
            run({"refuse": item(item_id).refusals()}, (), {}, types.ModuleType("m"), lambda: ({"ok": True}, None))
        worker = threading.Thread(target=lambda: None)
        worker.start()
        worker.join()
        return torch.sigmoid(torch.zeros(1)).item(), sys.getprofile(), len(list(loader_by_submodule()))

    assert in_a_fork(body) == (0.5, None, 2)


def loader_subclass():
    from torch.utils.data import DataLoader

    return list(type("Mine", (DataLoader,), {})(range(4), batch_size=2))


def loader_by_submodule():
    import torch.utils.data.dataloader

    return list(torch.utils.data.dataloader.DataLoader(range(4), batch_size=2))


def loader_by_import_module():
    import importlib

    return list(importlib.import_module("torch.utils." + "data").DataLoader(range(4)))


@pytest.mark.parametrize("call", [loader_subclass, loader_by_submodule, loader_by_import_module])
def test_any_path_into_torch_utils_data_trips(call):
    assert refused(call, "q05") == ("refused", "torch.utils.data")


rows = torch.randn(4, 6, generator=torch.Generator().manual_seed(1))
labels = torch.tensor([0, 3, 5, 1])
ones = torch.ones(4, 6)


@pytest.mark.parametrize("item_id,call", [
    ("q02", lambda: torch.distributions.Binomial(1, logits=x).log_prob(torch.ones_like(x)).exp()),
    ("q02", lambda: torch.distributions.transforms.SigmoidTransform()(x)),
    ("q28", lambda: torch.distributions.Categorical(logits=rows).logits),
    ("q28", lambda: -torch.distributions.Categorical(logits=rows).log_prob(labels).mean()),
    ("q29", lambda: torch.distributions.Categorical(logits=rows).logits.exp()),
    ("q29", lambda: torch.distributions.transforms.SoftmaxTransform()(rows)),
    ("q30", lambda: -torch.distributions.Binomial(1, logits=rows).log_prob(ones).mean()),
], ids=["q02_binomial", "q02_sigmoid_transform", "q28_categorical_logits", "q28_categorical_log_prob",
        "q29_categorical_logits_exp", "q29_softmax_transform", "q30_binomial_log_prob"])
def test_any_call_into_torch_distributions_trips(item_id, call):
    """torch imports torch.distributions itself: what trips is entering its code during the call."""
    assert refused(call, item_id) == ("refused", "torch.distributions")


@pytest.mark.parametrize("item_id,call,trip", [
    ("q02", lambda: torch.exp(-F.soft_margin_loss(x, torch.ones_like(x), reduction="none")),
     "torch.sigmoid (through aten.soft_margin_loss)"),
    ("q02", lambda: torch.func.vmap(torch.func.grad(
        lambda z: F.binary_cross_entropy_with_logits(z, torch.zeros_like(z))))(x),
     "torch.sigmoid (through aten.binary_cross_entropy_with_logits)"),
    ("q28", lambda: F.kl_div(rows, F.one_hot(labels, 6).float(), reduction="batchmean"),
     "torch.nn.functional.nll_loss (through aten.kl_div)"),
    ("q30", lambda: F.multilabel_soft_margin_loss(rows, ones), "torch.nn.functional.multilabel_soft_margin_loss"),
    ("q30", lambda: F.cross_entropy(torch.stack([torch.zeros_like(rows), rows], -1).view(-1, 2), labels.repeat(6)),
     "torch.nn.functional.binary_cross_entropy_with_logits (through aten.cross_entropy_loss)"),
    ("q30", lambda: torch.func.vmap(F.cross_entropy)(torch.stack([torch.zeros_like(rows), rows], -1), ones.long()),
     "torch.nn.functional.binary_cross_entropy_with_logits (through aten.cross_entropy_loss)"),
], ids=["q02_soft_margin", "q02_grad_of_bce", "q28_kl_div", "q30_multilabel_soft_margin", "q30_two_class_cross_entropy",
        "q30_vmap_cross_entropy"])
def test_losses_that_compute_the_refused_function_trip(item_id, call, trip):
    assert refused(call, item_id) == ("refused", trip)


a = torch.randn(2, 3, generator=torch.Generator().manual_seed(2))
b = torch.randn(3, 4, generator=torch.Generator().manual_seed(3))


def block_system():
    """[[I, -a], [0, I]] x = [[0], [b]] solves to x = [[a @ b], [b]]."""
    block = torch.eye(5)
    block[:2, 2:] = -a
    return block, torch.cat([torch.zeros(2, 4), b])


@pytest.mark.parametrize("call,through", [
    (lambda: torch.linalg.solve_triangular(*block_system(), upper=True)[:2], "linalg_solve_triangular"),
    (lambda: torch.linalg.solve(*block_system())[:2], "_linalg_solve_ex"),
    (lambda: torch.linalg.lu_factor(block_system()[0].T), "linalg_lu_factor_ex"),
    (lambda: torch.linalg.inv(block_system()[0]), "linalg_inv_ex"),
    (lambda: torch.linalg.lstsq(*block_system()).solution[:2], "linalg_lstsq"),
    (lambda: torch.linalg.vecdot(a.unsqueeze(2), b.unsqueeze(0), dim=1), "linalg_vecdot"),
], ids=["solve_triangular", "solve", "lu_factor", "inv", "lstsq", "vecdot"])
def test_linear_algebra_that_multiplies_matrices_trips(call, through):
    assert refused(call, "q10") == ("refused", f"{item('q10').refuses[0].shown} (through aten.{through})")


@pytest.mark.parametrize("item_id,call", [
    ("q02", lambda: torch.func.vmap(lambda z: 1 / (1 + torch.exp(-z)))(x)),
    ("q30", lambda: -(ones * F.logsigmoid(rows) + (1 - ones) * F.logsigmoid(-rows)).mean()),
    ("q29", lambda: __import__("torch.distributions").exp(rows - torch.logsumexp(rows, -1, keepdim=True))),
], ids=["q02_vmap_formula", "q30_logsigmoid_formula", "q29_import_of_distributions"])
def test_honest_code_under_the_new_refusals_does_not_trip(item_id, call):
    reply, _ = guarded(call, item_id)
    assert reply == {"ok": True}, reply


def thread():
    out = []
    worker = threading.Thread(target=lambda: out.append(torch.exp(x)))
    worker.start()
    worker.join()
    return out


def forked():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def program():
    import subprocess

    subprocess.run(["true"])


def collector():
    import gc

    return len(gc.get_objects())


@pytest.mark.parametrize("call,what", [
    (thread, "started a thread (threading)"), (lambda: __import__("_thread").start_new_thread(print, ()),
                                                "started a thread (_thread)"),
    (forked, "started a child process (os.fork)"),
    (program, "started another program (subprocess)"), (collector, "asked the garbage collector"),
    (lambda: sys.setprofile(None), "replaced the interpreter's profile hook"),
], ids=["thread", "_thread", "fork", "subprocess", "gc", "setprofile"])
def test_leaving_the_checks_sight_trips(call, what):
    kind, message = refused(call)
    assert kind == "wrong" and message.startswith(f"it {what}"), message


def test_a_thread_started_at_import_trips():
    reply, _ = guarded(lambda: 0, module="import threading\nthreading.Thread(target=threading.Event().wait).start()")
    assert reply["kind"] == "wrong" and "was running when the call began" in reply["message"]


@pytest.mark.parametrize("module,what", [
    ("import os\nif os.fork() == 0:\n    os._exit(0)\n", "started a child process (os.fork)"),
    ("import ctypes\nctypes.CDLL(None)\n", "loaded a C library (ctypes)"),
], ids=["fork", "ctypes"])
def test_what_the_module_started_when_imported_trips_every_later_call(module, what):
    reply, _ = guarded(lambda: 0, module=module)
    assert reply["kind"] == "wrong" and f"{what} when it was imported" in reply["message"]


def test_what_the_grader_starts_outside_calls_does_not_count():
    def body():
        os.chdir(tempfile.mkdtemp())
        run = guard()
        forked()  # from the grader's own code, outside the student's folder
        __import__("ctypes").CDLL(None)
        return run({"refuse": item("q02").refusals()}, (), {}, types.ModuleType("m"), lambda: ({"ok": True}, 1))

    assert in_a_fork(body) == ({"ok": True}, 1)


# As the student's module: setattr, len, isinstance, re.split and __import__ lie to the tripwire's
# own code (a caller in its files) and serve every other caller as before.
LIES_TO_THE_TRIPWIRE = """
import builtins, re, sys, types


def lying(original, lie):
    def function(*args, **kwargs):
        caller = sys._getframe(1).f_code.co_filename
        return (lie if "worker/tripwire" in caller else original)(*args, **kwargs)
    return function


def fake_import(name, *args, **kwargs):
    if name == "sys":
        return types.SimpleNamespace(audit=lambda *args: None)
    return real_import(name, *args, **kwargs)


real_import = builtins.__import__
builtins.setattr = lying(setattr, lambda *args: None)
builtins.len = lying(len, lambda *args: 0)
builtins.isinstance = lying(isinstance, lambda *args: False)
builtins.__import__ = lying(real_import, fake_import)
re.split = lying(re.split, lambda *args, **kwargs: [])
"""


@pytest.mark.parametrize("item_id,call,trip", [
    ("q02", lambda: torch.sigmoid(x), ("refused", "torch.sigmoid")),
    ("q05", loader_by_submodule, ("refused", "torch.utils.data")),
    ("q02", thread, ("wrong", f"it started a thread (threading), {UNSEEN}")),
    ("q02", lambda: __import__("_thread").start_new_thread(print, ()),
     ("wrong", f"it started a thread (_thread), {UNSEEN}")),
    ("q02", collector, ("wrong", f"it asked the garbage collector for its objects (gc.get_objects), {UNSEEN}")),
], ids=["kernel", "profile", "thread", "_thread", "audit"])
def test_builtins_rebound_at_import_switch_no_trap_off(item_id, call, trip):
    reply, _ = guarded(call, item_id, module=LIES_TO_THE_TRIPWIRE)
    assert (reply.get("kind"), reply.get("message")) == trip, reply


def test_builtins_rebound_at_import_leave_the_record_whole():
    reply, value = guarded(lambda: 1 / (1 + torch.exp(-x)), observe=True, module=LIES_TO_THE_TRIPWIRE)
    assert reply == {"ok": True}, reply
    assert value["record"]["intact"] and value["record"]["unexplained"] == []
    assert value["record"]["results"] == [{"fingerprint": fingerprint(value["value"]), "explained": True}]


def observed(fn, item_id="q02", namespace=None) -> dict:
    reply, value = guarded(fn, item_id, observe=True, namespace=namespace)
    assert reply == {"ok": True}, reply
    return value


def test_an_honest_call_leaves_a_whole_record_that_describes_its_result():
    value = observed(lambda: 1 / (1 + torch.exp(-x)))
    record = value["record"]
    assert record["intact"] and record["unexplained"] == [] and record["operators"] >= 4
    assert record["results"] == [{"fingerprint": fingerprint(value["value"]), "explained": True}]


def test_module_constants_literals_and_loops_are_accounted_for():
    module = types.ModuleType("student")
    module.ZERO = torch.tensor(0.0)

    def loop():
        out = torch.zeros(2, 2)
        for i in range(2):
            for j in range(2):
                out[i, j] = torch.maximum(x[i] * x[j], module.ZERO)
        return out, torch.tensor([v * 2 for v in x.tolist()])

    record = observed(loop, "q15", namespace=module)["record"]
    assert record["unexplained"] == [] and [r["explained"] for r in record["results"]] == [True, True]


def hidden_then_used():
    with torch._C._DisableTorchDispatch():
        e = torch.exp(-x)
    return 1 / (1 + e)


def hidden_result():
    with torch._C._DisableTorchDispatch():
        return torch.exp(x)


def written_behind_torch():
    out = torch.zeros_like(x)
    out.numpy()[:] = 1.0
    return out


def mode_popped():
    torch._C._pop_torch_dispatch_stack(None)
    return torch.exp(x)


def test_work_the_mode_did_not_see_shows_in_the_record():
    assert observed(hidden_then_used)["record"]["unexplained"] == ["add"]
    assert observed(hidden_result)["record"]["results"][0]["explained"] is False
    assert observed(written_behind_torch)["record"]["results"][0]["explained"] is False
    assert observed(mode_popped)["record"]["intact"] is False


def test_a_view_and_the_copy_that_travels_have_one_fingerprint():
    base = torch.arange(12.0).view(3, 4)
    assert fingerprint(base[:, 1::2]) == fingerprint(base[:, 1::2].contiguous().clone())
    assert fingerprint(base[:, 1::2]) != fingerprint(base[:, ::2])
