"""`grade-all --manual`: a bad scores file is refused before anything is graded, with every bad
line named, those that name a student who is not in the class included."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_every_bad_line_is_named_before_anything_is_graded(tmp_path):
    downloads = tmp_path / "downloads"
    for student in ("alice", "bob"):
        shutil.copytree(ROOT / "exercises", downloads / student)
    manual = tmp_path / "scores.csv"
    manual.write_text("student,item,score\n"
                      "alice,q01,2\n"       # out of range
                      "alice,q07,1\n"       # fine
                      "nobody,q01,1\n"      # not in the class
                      "bob,q99,1\n"         # no such item
                      "bob,q08,half\n")     # not a number
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(downloads), "--out",
                           str(tmp_path / "graded"), "--manual", str(manual)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    message = done.stderr.strip()
    assert message.count("\n") == 0, message
    for line, complaint in ((2, "score 2 is outside 0..1"), (4, "'nobody' is not in the class"),
                            (5, "'q99' is not an item with a written answer"), (6, "score 'half' is not a number")):
        assert f"line {line}: {complaint}" in message, message
    assert "line 3" not in message and not (tmp_path / "graded" / "reports").exists()
