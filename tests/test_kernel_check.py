"""check() in a real Jupyter kernel keeps one sandbox for the kernel's lifetime: a later check
sees the cells run since the last one (and only those are sent to it), and when the kernel ends,
or is killed, no process of the sandbox is left."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from jupyter_core.utils import run_sync

from conftest import ROOT, SOLUTIONS
from kernels import kernel_path, notebook_kernel

pytestmark = pytest.mark.slow

SANDBOX = """import json
from autograder import notebook
from autograder.worker import processes
print(json.dumps({"zygote": notebook._kept.sandbox.process.pid,
                  "all": processes.tree(notebook._kept.sandbox.process.pid)}))"""
WRONG = "def pair_up(xs, ys):\n    return []"


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


@pytest.fixture
def kernel():
    """A kernel of this environment, and a function that runs one cell in it: (outputs' text, error)."""
    os.environ["JUPYTER_PATH"] = kernel_path()
    client, run = notebook_kernel()
    with client.setup_kernel(cwd=str(ROOT)):
        yield run, client


def test_one_sandbox_for_the_kernel_and_nothing_left_when_it_ends(kernel):
    run, client = kernel
    run("from autograder.notebook import check")
    run((SOLUTIONS / "q07_zip_pairs.py").read_text())
    out, error = run('check("q07")')
    assert error is None and "pass q07" in out and "new sandbox" in out, out
    first = json.loads(run(SANDBOX)[0])

    run(WRONG)
    out, error = run('check("q07")')
    assert error and "FAIL q07" in out and "new sandbox" not in out, out  # the changed cell is seen
    run((SOLUTIONS / "q07_zip_pairs.py").read_text())
    out, error = run('check("q07")')
    assert error is None and "pass q07" in out, out
    again = json.loads(run(SANDBOX)[0])
    assert again["zygote"] == first["zygote"]  # the same sandbox all along
    # Each cell went to the sandbox once, whatever the number of checks after it.
    sent = json.loads(run("print(json.dumps([c['index'] for c in notebook._kept.submission.cells]))")[0])
    assert sent == sorted(set(sent)) and len(sent) >= 5, sent

    assert alive(again["zygote"])  # (the snapshot may hold a swept worker on its way out)
    run_sync(client.km.shutdown_kernel)(now=False)  # as Jupyter shuts a kernel down: it exits itself
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in again["all"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in again["all"] if alive(pid)], "the sandbox outlived the kernel"


def test_a_killed_kernel_leaves_no_sandbox_behind(kernel):
    run, client = kernel
    run("from autograder.notebook import check")
    run((SOLUTIONS / "q07_zip_pairs.py").read_text())
    run('check("q07")')
    sandbox = json.loads(run(SANDBOX)[0])
    os.kill(client.km.provisioner.process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in sandbox["all"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in sandbox["all"] if alive(pid)], "the sandbox outlived a killed kernel"
