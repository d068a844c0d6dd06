"""What the worker runs with at every isolation level: the Python that starts it, the part of
the package staged for it, the folders of its libraries and its scrubbed environment. The
sandbox starts the zygote with them, and the isolation ladder its probe of each level."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
# Only these parts of the package travel into the sandbox: no checks, no solutions.
STAGED = ("worker", "data")

PYTHON = [sys.executable, "-S"]  # how the sandbox starts Python: see scrubbed_env's PYTHONPATH


def scrubbed_env(home: Path, runtime: Path) -> dict:
    """Nothing from the grader's environment reaches student code except what Python needs."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        # With `python -S` (PYTHON above) the environment's packages are named here, and no .pth
        # file runs: an editable install's finder would otherwise look into the grader's tree.
        "PYTHONPATH": os.pathsep.join([str(runtime), *map(str, library_dirs())]),
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".matplotlib"),
    }
    for name in ("CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if name in os.environ:
            env[name] = os.environ[name]
    # One intra-op thread: the grader runs beside the worker (and grade-all runs several), and
    # oversubscribed OpenMP threads made small training runs up to 10x slower at random.
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


# What the worker imports besides the standard library; their folders are the sandbox's
# PYTHONPATH, wherever they are installed (a venv, a .pth-added folder, a wheel's target).
WORKER_LIBRARIES = ("torch", "numpy", "torchvision", "matplotlib", "PIL", "pyseccomp")


@functools.cache
def library_dirs() -> list[Path]:
    """The folders holding the worker's libraries, found without importing them."""
    dirs = []
    for name in WORKER_LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            origin = Path(spec.origin)
            dirs.append(origin.parent.parent if origin.name == "__init__.py" else origin.parent)
    return list(dict.fromkeys(dirs))


def stage_runtime(root: Path) -> Path:
    runtime = root / "runtime"
    (runtime / "autograder").mkdir(parents=True)
    (runtime / "autograder" / "__init__.py").write_text("")
    for part in STAGED:
        # The held-out digits score trained models on the trusted side: their labels stay out.
        shutil.copytree(PACKAGE / part, runtime / "autograder" / part,
                        ignore=shutil.ignore_patterns("__pycache__", "heldout*"))
    # A notebook's first cell imports check(); inside the sandbox the grader runs the checks itself.
    (runtime / "autograder" / "notebook.py").write_text(
        "def check(*items, **options):\n    return True\n")
    return runtime
