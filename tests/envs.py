"""Fresh virtual environments for tests of install recipes, without the download.

A fresh environment made by this test run's interpreter gets this run's packages as hard links
(a few seconds, no disk space), less this checkout's own editable install: a recipe then runs as
written, and pip finds torch and the rest already there instead of fetching gigabytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

OWN = ("lesson4_autograder", "__editable__")  # this checkout's editable install: the recipe makes its own


def fresh_venv(folder: Path) -> Path:
    """folder made a virtual environment holding this run's packages; skips where hard links cannot be made."""
    venv.create(folder, with_pip=False)
    site = Path(sysconfig.get_paths(vars={"base": str(folder), "platbase": str(folder)})["purelib"])
    ours = Path(sysconfig.get_paths()["purelib"])
    shutil.rmtree(site)
    linked = subprocess.run(["cp", "-al", str(ours), str(site)], capture_output=True, text=True)
    if linked.returncode != 0:
        pytest.skip(f"cannot hard-link this run's packages into a fresh environment: {linked.stderr.strip()}")
    for entry in site.iterdir():
        if entry.name.startswith(OWN):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return folder


def with_broken_torchvision(folder: Path) -> Path:
    """fresh_venv(folder) whose torchvision raises at import, as torch and torchvision that do not
    go together do; the environment's python."""
    python = fresh_venv(folder) / "bin" / "python"
    library = next((folder / "lib").glob("python*/site-packages/torchvision"))
    shutil.rmtree(library)  # hard links: the test run's own torchvision stays whole
    library.mkdir()
    (library / "__init__.py").write_text('raise RuntimeError("operator torchvision::nms does not exist")\n')
    return python


def path_with_python3(tmp: Path) -> dict:
    """The environment of a shell where `python3` is this run's base interpreter, as on a machine
    with only Python installed."""
    bin_dir = tmp / "python-bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "python3"
    shim.write_text(f'#!/bin/sh\nexec "{sys._base_executable}" "$@"\n')
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}


def shell_blocks(markdown: str) -> list[str]:
    """The commands of a Markdown text's ```bash blocks (a line ending in \\ continues on the
    next), comments and blank lines left out."""
    commands, inside, pending = [], False, ""
    for line in markdown.splitlines():
        if line.strip().startswith("```"):
            inside = line.strip() in ("```bash", "```sh") if not inside else False
            continue
        command = (pending + " " + line.split(" #")[0].strip()).strip()
        if not inside or not command or command.startswith("#"):
            continue
        if command.endswith("\\"):
            pending = command[:-1].strip()
            continue
        commands.append(command)
        pending = ""
    return commands
