"""A virtual environment for the grader, made by the Python that runs this: 3.11 or newer, with
PyTorch's CPU-only build where the machine has no GPU, then the package.

The project's tasks.py makes its .venv with it, and the student bundle ships it as install.py
(`python3 install.py`). Standard library only. Old Pythons (2.7 and 3.0 on) parse the whole
file, and the version is checked before anything they lack is imported, so that they print one
line instead of a SyntaxError or minutes of pip searching for versions that do not exist for
them: no f-strings, annotations, walrus or starred displays here (tests/test_install.py reads
the tokens).
"""

from __future__ import print_function  # Python 2.7 parses print(..., flush=True) with it

import re
import sys


def required_python(pyproject):
    with open(str(pyproject)) as handle:
        found = re.search(r'requires-python\s*=\s*">=\s*(\d+)\.(\d+)', handle.read())
    return int(found.group(1)), int(found.group(2))


def version_problem(pyproject, version=sys.version_info):
    """The one line that stops an old Python, or None."""
    need = required_python(pyproject)
    if tuple(version[:2]) >= need:
        return None
    return ("Python {0}.{1} or newer is needed; this is Python {2}.{3} ({4}). Run it with python{0}.{1} or newer"
            .format(need[0], need[1], version[0], version[1], sys.executable))


if __name__ == "__main__":
    # Before the imports below: Python 2.7 has no pathlib or venv, 3.0 to 3.2 no venv.
    import os

    PROBLEM = version_problem(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyproject.toml"))
    if PROBLEM:
        print("install.py: " + PROBLEM)
        sys.exit(2)

import platform
import subprocess
import venv
from pathlib import Path

# PyTorch's CPU wheels: without the CUDA libraries that the default index's Linux build pulls in.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def made_here(folder):
    """Whether the virtual environment in folder was made by this interpreter: one made by
    another Python (an older one tried first, say) is rebuilt rather than reused."""
    try:
        lines = (folder / "pyvenv.cfg").read_text().splitlines()
    except OSError:
        return False
    config = dict((k.strip(), v.strip()) for k, _, v in (line.partition("=") for line in lines))
    return (config.get("home") == str(Path(sys._base_executable).parent)
            and config.get("version") == platform.python_version())


def environment(folder):
    """The environment's python, made (again) when this interpreter did not make it."""
    if folder.exists() and not made_here(folder):
        print("rebuilding " + folder.name + ": another Python made it", flush=True)
        venv.create(folder, clear=True, with_pip=True)
    elif not folder.exists():
        print("creating " + folder.name + " with Python " + platform.python_version(), flush=True)
        venv.create(folder, with_pip=True)
    if sys.platform == "win32":  # where venv puts an environment's programs there
        return folder / "Scripts" / "python.exe"
    return folder / "bin" / "python"


def gpu_present():
    """An NVIDIA GPU that the driver sees, asked as the grader asks (runner/session.py)."""
    gpus = Path("/proc/driver/nvidia/gpus")
    return gpus.is_dir() and any(gpus.iterdir())


def torch_pins(pyproject):
    """torch and torchvision as the package pins them, so that no later pip swaps them."""
    import tomllib

    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    return [d for d in dependencies if re.match(r"(torch|torchvision)\b", d)]


def reachable(url, timeout=15):
    """Whether an index answers at all: where it cannot be reached (no network to it, a closed
    mirror), pip would only spend minutes retrying each package."""
    import urllib.request

    try:
        urllib.request.urlopen(urllib.request.Request(url + "/torch/", method="HEAD"), timeout=timeout).close()
    except (OSError, ValueError):
        return False
    return True


def torch_commands(python, pins, cpu_index):
    """(where from, pip command) to try in turn: PyTorch's CPU index first when it is to be used,
    then the default index (CUDA builds on Linux)."""
    pip = [str(python), "-m", "pip", "install", "-q"]
    default = ("the default index", pip + list(pins))
    return [("PyTorch's CPU index", pip + ["--index-url", CPU_INDEX] + list(pins)), default] if cpu_index else [default]


def has_torch(python):
    check = "import importlib.metadata as m; m.version('torch'); m.version('torchvision')"
    return subprocess.run([str(python), "-c", check], capture_output=True).returncode == 0


def install_torch(python, pins, gpu, run=subprocess.run, can_reach=reachable):
    """The CPU build where there is no GPU, from PyTorch's CPU index, or from the default index
    when that one cannot be reached or fails; where torch came from. RuntimeError when no index
    could supply it."""
    cpu_index = not gpu and can_reach(CPU_INDEX)
    if not gpu and not cpu_index:
        print("PyTorch's CPU index cannot be reached: torch comes from the default index (on Linux its CUDA "
              "build, several GB)", flush=True)
    for where, command in torch_commands(python, pins, cpu_index):
        print("installing " + " and ".join(pins) + " from " + where, flush=True)
        if run(command).returncode == 0:
            return where
        print(where + " failed; trying the next", flush=True)
    raise RuntimeError("torch could not be installed; pip's output above says why")


def install(root, folder, extras):
    """The environment in folder, with the project in root installed in editable mode."""
    python = environment(folder)
    pyproject = root / "pyproject.toml"
    if not has_torch(python):
        install_torch(python, torch_pins(pyproject), gpu_present())
    target = "{0}[{1}]".format(root, ",".join(extras)) if extras else str(root)
    print("installing the package" + (" with " + ", ".join(extras) if extras else "") + " into " + folder.name, flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", target], check=True)


def main(root, args):
    """The student bundle's install.py: `python3 install.py [--notebook]`."""
    if args not in ([], ["--notebook"]):
        print("usage: python3 install.py [--notebook]   (--notebook adds Jupyter)")
        return 2
    try:
        install(root, root / ".venv", ["notebook"] if args else [])
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print("install.py: {0}".format(exc))
        return 1
    print("installed: see README.md for how to work and check")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, sys.argv[1:]))
