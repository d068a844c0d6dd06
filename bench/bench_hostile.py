"""What each attack in tests/hostile/ costs the grader: wall time of grading it as q01 beside an
honest q07, against the honest q01 in the same run.

    .venv/bin/python bench/bench_hostile.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def grade_seconds(q01_source: Path) -> float:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copyfile(ROOT / "solutions" / "q07_zip_pairs.py", Path(folder) / "q07_zip_pairs.py")
        shutil.copyfile(q01_source, Path(folder) / "q01_accuracy_loss.py")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "autograder", "grade", folder, "--items", "q01,q07", "--format",
                        "json"], capture_output=True, check=True)
        return time.perf_counter() - start


def main() -> None:
    honest = grade_seconds(ROOT / "solutions" / "q01_accuracy_loss.py")
    print(f"{'attack':<26}{'seconds':>9}{'extra':>9}")
    print(f"{'(honest q01)':<26}{honest:>9.2f}{0:>9.2f}")
    for attack in sorted((ROOT / "tests" / "hostile").glob("*.py")):
        seconds = grade_seconds(attack)
        print(f"{attack.stem:<26}{seconds:>9.2f}{seconds - honest:>+9.2f}")


if __name__ == "__main__":
    main()
