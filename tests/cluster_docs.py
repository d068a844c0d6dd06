"""The blocks of docs/cluster.md that tests run or check as written: each fenced block follows
a comment naming it, `<!-- block: NAME -->`."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "cluster.md"


def block(name: str) -> str:
    found = re.search(rf"<!-- block: {re.escape(name)} -->\s*```[a-z]*\n(.*?)\n```", DOC.read_text(), re.DOTALL)
    assert found, f"docs/cluster.md has no block named {name}"
    return found.group(1)


def make_certificates(folder: Path) -> dict:
    """The certificates docs/cluster.md's commands make, run as written in `folder`:
    {"ca": PATH, "scheduler": (CERT, KEY), "worker": ..., "client": ...}."""
    import subprocess

    made = subprocess.run(["bash", "-euo", "pipefail", "-c", block("certificates")], cwd=folder,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    return {"ca": folder / "ca.pem", **{who: (folder / f"{who}.pem", folder / f"{who}.key")
                                        for who in ("scheduler", "worker", "client")}}
