"""A virtual environment for the grader, made by the Python that runs this: 3.11 or newer, with
PyTorch's CPU-only build where the machine has no GPU, then the package.

The project's tasks.py makes its .venv with it, and the student bundle ships it as install.py
(`python3 install.py`). Standard library only, and old Pythons parse it, so that they get a
one-line message instead of minutes of pip searching for versions that do not exist for them.
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
import venv
from pathlib import Path

# PyTorch's CPU wheels: without the CUDA libraries that the default index's Linux build pulls in.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def required_python(pyproject: Path) -> tuple:
    found = re.search(r'requires-python\s*=\s*">=\s*(\d+)\.(\d+)', pyproject.read_text())
    return int(found.group(1)), int(found.group(2))


def version_problem(pyproject: Path, version=sys.version_info) -> str | None:
    need = required_python(pyproject)
    if tuple(version[:2]) >= need:
        return None
    return (f"Python {need[0]}.{need[1]} or newer is needed; this is Python {version[0]}.{version[1]} "
            f"({sys.executable}). Run it with python{need[0]}.{need[1]} or newer")


def made_here(folder: Path) -> bool:
    """Whether the virtual environment in folder was made by this interpreter: one made by
    another Python (an older one tried first, say) is rebuilt rather than reused."""
    try:
        lines = (folder / "pyvenv.cfg").read_text().splitlines()
    except OSError:
        return False
    config = dict((k.strip(), v.strip()) for k, _, v in (line.partition("=") for line in lines))
    return (config.get("home") == str(Path(sys._base_executable).parent)
            and config.get("version") == platform.python_version())


def environment(folder: Path) -> Path:
    """The environment's python, made (again) when this interpreter did not make it."""
    if folder.exists() and not made_here(folder):
        print(f"rebuilding {folder.name}: another Python made it", flush=True)
        venv.create(folder, clear=True, with_pip=True)
    elif not folder.exists():
        print(f"creating {folder.name} with Python {platform.python_version()}", flush=True)
        venv.create(folder, with_pip=True)
    return folder / "bin" / "python"


def gpu_present() -> bool:
    """An NVIDIA GPU that the driver sees, asked as the grader asks (runner/session.py)."""
    gpus = Path("/proc/driver/nvidia/gpus")
    return gpus.is_dir() and any(gpus.iterdir())


def torch_pins(pyproject: Path) -> list[str]:
    """torch and torchvision as the package pins them, so that no later pip swaps them."""
    import tomllib

    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    return [d for d in dependencies if re.match(r"(torch|torchvision)\b", d)]


def reachable(url: str, timeout: float = 15) -> bool:
    """Whether an index answers at all: where it cannot be reached (no network to it, a closed
    mirror), pip would only spend minutes retrying each package."""
    import urllib.request

    try:
        urllib.request.urlopen(urllib.request.Request(f"{url}/torch/", method="HEAD"), timeout=timeout).close()
    except (OSError, ValueError):
        return False
    return True


def torch_commands(python: Path, pins: list[str], cpu_index: bool) -> list[tuple[str, list[str]]]:
    """(where from, pip command) to try in turn: PyTorch's CPU index first when it is to be used,
    then the default index (CUDA builds on Linux)."""
    pip = [str(python), "-m", "pip", "install", "-q"]
    default = ("the default index", [*pip, *pins])
    return [("PyTorch's CPU index", [*pip, "--index-url", CPU_INDEX, *pins]), default] if cpu_index else [default]


def has_torch(python: Path) -> bool:
    check = "import importlib.metadata as m; m.version('torch'); m.version('torchvision')"
    return subprocess.run([str(python), "-c", check], capture_output=True).returncode == 0


def install_torch(python: Path, pins: list[str], gpu: bool, run=subprocess.run, can_reach=reachable) -> str:
    """The CPU build where there is no GPU, from PyTorch's CPU index, or from the default index
    when that one cannot be reached or fails; where torch came from. RuntimeError when no index
    could supply it."""
    cpu_index = not gpu and can_reach(CPU_INDEX)
    if not gpu and not cpu_index:
        print("PyTorch's CPU index cannot be reached: torch comes from the default index (on Linux its CUDA "
              "build, several GB)", flush=True)
    for where, command in torch_commands(python, pins, cpu_index):
        print(f"installing {' and '.join(pins)} from {where}", flush=True)
        if run(command).returncode == 0:
            return where
        print(f"{where} failed; trying the next", flush=True)
    raise RuntimeError("torch could not be installed; pip's output above says why")


def install(root: Path, folder: Path, extras: list[str]) -> None:
    """The environment in folder, with the project in root installed in editable mode."""
    python = environment(folder)
    pyproject = root / "pyproject.toml"
    if not has_torch(python):
        install_torch(python, torch_pins(pyproject), gpu_present())
    target = f"{root}[{','.join(extras)}]" if extras else str(root)
    print(f"installing the package{' with ' + ', '.join(extras) if extras else ''} into {folder.name}", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", target], check=True)


def main(root: Path, args: list[str]) -> int:
    """The student bundle's install.py: `python3 install.py [--notebook]`."""
    if args not in ([], ["--notebook"]):
        print("usage: python3 install.py [--notebook]   (--notebook adds Jupyter)")
        return 2
    problem = version_problem(root / "pyproject.toml")
    if problem:
        print(f"install.py: {problem}")
        return 2
    try:
        install(root, root / ".venv", ["notebook"] if args else [])
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"install.py: {exc}")
        return 1
    print("installed: see README.md for how to work and check")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, sys.argv[1:]))
