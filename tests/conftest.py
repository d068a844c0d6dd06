import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"


def run_grade(path: Path, *extra: str, env: dict | None = None, wrap=None) -> dict:
    """The CLI, as users run it, in a fresh process; returns the parsed JSON report. `wrap`
    turns the command into another (the container-host emulation's)."""
    command = [sys.executable, "-m", "autograder", "grade", str(path), "--format", "json", *extra]
    result = subprocess.run(wrap(command) if wrap else command, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, f"grade failed ({result.returncode}):\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def reference_report() -> dict:
    return run_grade(SOLUTIONS)


@pytest.fixture(scope="session")
def stub_report() -> dict:
    return run_grade(EXERCISES)
